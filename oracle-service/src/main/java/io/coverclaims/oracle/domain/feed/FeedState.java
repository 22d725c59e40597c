package io.coverclaims.oracle.domain.feed;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A feed as its events made it: {@link NoFeed} before its definition, then a {@link Feed} with its rule, its sources
 * (each with its latest accepted observation), its triggers (each in its {@link TriggerPhase}), its incidents (each
 * in its {@link IncidentPhase}) and the outcome of its last quorum evaluation ({@link QuorumStatus}). Immutable.
 */
public sealed interface FeedState {

    FeedState INITIAL = new NoFeed();

    record NoFeed() implements FeedState {}

    /** The definition the feed was created with: a DefineFeed equal to it is a retry. */
    record Definition(
            String feedId, FeedKind kind, String description, int quorum, int maxDeviationPpm, long maxStalenessMs) {}

    /** The quorum rule in force (the definition's, until SetFeedQuorum changes it). */
    record QuorumRule(int quorum, int maxDeviationPpm, long maxStalenessMs) {}

    /** What a source was registered with (addresses canonical): a RegisterFeedSource equal to it is a retry. */
    record Registration(
            String name,
            SourceKind kind,
            String signer,
            String aggregator,
            long heartbeatMs,
            int decimals,
            long minPriceE8,
            long maxPriceE8) {

        /** The address whose deliveries are this source's: the signer, or the aggregator contract. */
        public String reporter() {
            return kind == SourceKind.CHAINLINK_AGGREGATOR ? aggregator : signer;
        }
    }

    /** An observation accepted as its source's latest. */
    record Observation(long priceE8, Instant observedAt, String roundId) {}

    /** A source; {@code latest} is null until its first accepted observation. */
    record Source(String sourceId, Registration registration, boolean enabled, Observation latest) {

        Source withLatest(Observation observation) {
            return new Source(sourceId, registration, enabled, observation);
        }

        Source disabled() {
            return new Source(sourceId, registration, false, latest);
        }

        /** The age beyond which its observation is stale: its heartbeat, or the feed's maxStalenessMs when 0. */
        public long heartbeatMs(QuorumRule rule) {
            return registration.heartbeatMs() > 0 ? registration.heartbeatMs() : rule.maxStalenessMs();
        }
    }

    /** What a trigger was defined with: a DefineParametricTrigger equal to it is a retry. */
    record TriggerSpec(
            String triggerId,
            String productId,
            TriggerKind kind,
            long thresholdPriceE8,
            long recoveryPriceE8,
            long windowMs,
            long minDepegPriceE8,
            int payoutPpm) {}

    /** A trigger's phases. A FIRED DEPEG trigger is idle again once the price recovers; a retired one never moves. */
    sealed interface TriggerPhase {}

    record Idle() implements TriggerPhase {}

    /** Armed at {@code armedAt}; fires at or after {@code firesAt}; the lowest quorum price seen while armed. */
    record Armed(Instant armedAt, Instant firesAt, long lowestPriceE8) implements TriggerPhase {
        Armed seen(long priceE8) {
            return new Armed(armedAt, firesAt, Math.min(lowestPriceE8, priceE8));
        }
    }

    record Fired(Instant firedAt, String incidentId) implements TriggerPhase {}

    record Retired(String reason) implements TriggerPhase {}

    /** A trigger; {@code firings} counts its firings (the n of its next incident id is firings + 1). */
    record Trigger(TriggerSpec spec, TriggerPhase phase, int firings) {

        Trigger withPhase(TriggerPhase next) {
            return new Trigger(spec, next, firings);
        }

        Trigger fired(Instant firedAt, String incidentId) {
            return new Trigger(spec, new Fired(firedAt, incidentId), firings + 1);
        }

        public boolean retired() {
            return phase instanceof Retired;
        }
    }

    /** One accepted incident report. */
    record Report(
            String sourceId,
            String productId,
            String affectedContract,
            Instant incidentAt,
            String summary,
            String evidence) {}

    /** An incident's phases: reported until k sources (or an operator) confirm it. */
    sealed interface IncidentPhase {}

    record Unconfirmed() implements IncidentPhase {}

    record Confirmed(IncidentConfirmation confirmation, String confirmedBy) implements IncidentPhase {}

    /** An incident of an INCIDENT feed, with its reports in the order they came. */
    record Incident(String incidentId, List<Report> reports, IncidentPhase phase) {
        public Incident {
            reports = List.copyOf(reports);
        }

        public boolean confirmed() {
            return phase instanceof Confirmed;
        }

        public boolean reportedBy(String sourceId) {
            return reports.stream().anyMatch(r -> r.sourceId().equals(sourceId));
        }
    }

    /**
     * The outcome of the feed's last quorum evaluation: none yet, a quorum price, or unreliable (FeedUnreliable is
     * recorded only on the transition into it).
     */
    sealed interface QuorumStatus {}

    record NoValue() implements QuorumStatus {}

    record Reliable(long priceE8, Instant observedAt, Instant evaluatedAt) implements QuorumStatus {}

    record Unreliable(Instant since) implements QuorumStatus {}

    record Feed(
            Definition definition,
            QuorumRule rule,
            SortedMap<String, Source> sources,
            SortedMap<String, Trigger> triggers,
            SortedMap<String, Incident> incidents,
            QuorumStatus status)
            implements FeedState {

        public Feed {
            sources = Collections.unmodifiableSortedMap(new TreeMap<>(sources));
            triggers = Collections.unmodifiableSortedMap(new TreeMap<>(triggers));
            incidents = Collections.unmodifiableSortedMap(new TreeMap<>(incidents));
        }

        static Feed defined(Definition definition) {
            return new Feed(
                    definition,
                    new QuorumRule(definition.quorum(), definition.maxDeviationPpm(), definition.maxStalenessMs()),
                    new TreeMap<>(),
                    new TreeMap<>(),
                    new TreeMap<>(),
                    new NoValue());
        }

        public String feedId() {
            return definition.feedId();
        }

        public FeedKind kind() {
            return definition.kind();
        }

        /** n: the enabled sources. */
        public int sourceCount() {
            return (int) sources.values().stream().filter(Source::enabled).count();
        }

        Feed withRule(QuorumRule next) {
            return new Feed(definition, next, sources, triggers, incidents, status);
        }

        Feed with(Source source) {
            SortedMap<String, Source> next = new TreeMap<>(sources);
            next.put(source.sourceId(), source);
            return new Feed(definition, rule, next, triggers, incidents, status);
        }

        Feed with(Trigger trigger) {
            SortedMap<String, Trigger> next = new TreeMap<>(triggers);
            next.put(trigger.spec().triggerId(), trigger);
            return new Feed(definition, rule, sources, next, incidents, status);
        }

        Feed withTriggers(SortedMap<String, Trigger> next) {
            return new Feed(definition, rule, sources, next, incidents, status);
        }

        Feed with(Incident incident) {
            SortedMap<String, Incident> next = new TreeMap<>(incidents);
            next.put(incident.incidentId(), incident);
            return new Feed(definition, rule, sources, triggers, next, status);
        }

        Feed withStatus(QuorumStatus next) {
            return new Feed(definition, rule, sources, triggers, incidents, next);
        }
    }
}
