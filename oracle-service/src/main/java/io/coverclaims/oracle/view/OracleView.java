package io.coverclaims.oracle.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ViewEntry;
import io.coverclaims.platform.view.ViewTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The oracle as its readers see it, folded from oracle.events by the kernel's {@link ReadModel}: each feed with its
 * rule, its current quorum value and status, its sources and what the last evaluation said of each; each feed's
 * history of observations, exclusions and evaluations; the parametric triggers and their firings; the incidents and
 * their reports. Eventually consistent (a read right after a write may not see it yet); rebuilt from the topic when
 * its state is wiped. Nothing here reads a clock: a source is STALE when the last evaluation said so.
 *
 * <p>Prices are integers in 1e-8 of the quote currency ({@code priceE8}, 1.0 = 100000000), each also given as a
 * decimal string with eight decimals ({@code price}, e.g. "0.97000000").
 */
@ApplicationScoped
public class OracleView {

    public static final String ORACLE_EVENTS = "oracle.events";

    /** RELIABLE: the last evaluation reached a quorum; UNRELIABLE: it did not; NO_VALUE: none yet. */
    public static final String RELIABLE = "RELIABLE";

    public static final String UNRELIABLE = "UNRELIABLE";
    public static final String NO_VALUE = "NO_VALUE";

    /** A source's status as of the last evaluation. */
    public static final String FRESH = "FRESH";

    public static final String STALE = "STALE";
    public static final String EXCLUDED = "EXCLUDED";
    public static final String NO_OBSERVATION = "NO_OBSERVATION";

    /** A trigger's state. */
    public static final String IDLE = "IDLE";

    public static final String ARMED = "ARMED";
    public static final String FIRED = "FIRED";
    public static final String RETIRED = "RETIRED";

    // ------------------------------------------------------------------------------------------------ records

    /** k of n: fresh, agreeing sources needed; how far from the median a price may be; how old it may be. */
    public record Rule(int quorum, int maxDeviationPpm, long maxStalenessMs, int sourceCount) {}

    /** One source left out of an evaluation, and why. */
    public record Exclusion(String sourceId, String reason, String detail, long priceE8, String price) {}

    /** The last evaluation of a feed: a quorum price (QUORUM) or too few agreeing sources (UNRELIABLE). */
    public record Evaluation(
            String outcome, Instant evaluatedAt, String eventId, List<String> sourceIds, List<Exclusion> exclusions) {}

    /** The feed's value: what the last PriceQuorumReached said. */
    public record CurrentValue(
            long priceE8,
            String price,
            Instant observedAt,
            Instant evaluatedAt,
            List<String> sourceIds,
            String eventId) {}

    /** A source's latest accepted observation (PriceObserved). */
    public record Observation(
            long priceE8,
            String price,
            Instant observedAt,
            String roundId,
            String reporter,
            Instant recordedAt,
            String eventId) {}

    /** A source's latest observation that was recorded but does not count (ObservationExcluded). */
    public record ExcludedObservation(
            long priceE8,
            String price,
            Instant observedAt,
            String roundId,
            String reason,
            String detail,
            Instant recordedAt,
            String eventId) {}

    /**
     * A source of a feed. {@code status}: FRESH (counted by the last evaluation, or observed and not excluded), STALE,
     * EXCLUDED ({@code statusReason}: OUT_OF_BOUNDS, ROUND_REGRESSED, DEVIATION, DISABLED), NO_OBSERVATION.
     */
    public record Source(
            String sourceId,
            String name,
            String kind,
            String signer,
            String aggregator,
            long heartbeatMs,
            int decimals,
            long minPriceE8,
            long maxPriceE8,
            boolean enabled,
            String disabledReason,
            Instant registeredAt,
            Observation latest,
            ExcludedObservation lastExcluded,
            String status,
            String statusReason,
            String statusDetail) {

        Source with(Consumer<SourceChange> change) {
            SourceChange copy = new SourceChange(this);
            change.accept(copy);
            return copy.build();
        }
    }

    /** A mutable copy of a {@link Source}, for the projector's changes. */
    static final class SourceChange {
        String sourceId;
        String name;
        String kind;
        String signer;
        String aggregator;
        long heartbeatMs;
        int decimals;
        long minPriceE8;
        long maxPriceE8;
        boolean enabled;
        String disabledReason;
        Instant registeredAt;
        Observation latest;
        ExcludedObservation lastExcluded;
        String status;
        String statusReason;
        String statusDetail;

        SourceChange(Source v) {
            sourceId = v.sourceId();
            name = v.name();
            kind = v.kind();
            signer = v.signer();
            aggregator = v.aggregator();
            heartbeatMs = v.heartbeatMs();
            decimals = v.decimals();
            minPriceE8 = v.minPriceE8();
            maxPriceE8 = v.maxPriceE8();
            enabled = v.enabled();
            disabledReason = v.disabledReason();
            registeredAt = v.registeredAt();
            latest = v.latest();
            lastExcluded = v.lastExcluded();
            status = v.status();
            statusReason = v.statusReason();
            statusDetail = v.statusDetail();
        }

        Source build() {
            return new Source(
                    sourceId,
                    name,
                    kind,
                    signer,
                    aggregator,
                    heartbeatMs,
                    decimals,
                    minPriceE8,
                    maxPriceE8,
                    enabled,
                    disabledReason,
                    registeredAt,
                    latest,
                    lastExcluded,
                    status,
                    statusReason,
                    statusDetail);
        }
    }

    /** A feed: its definition and rule, its status and value, its sources (in registration order). */
    public record Feed(
            String feedId,
            String kind,
            String description,
            Rule rule,
            String status,
            CurrentValue value,
            Evaluation lastEvaluation,
            List<Source> sources,
            Instant definedAt,
            String definedBy,
            long historySize) {

        Feed with(Rule rule, String status, CurrentValue value, Evaluation evaluation, List<Source> sources) {
            return new Feed(
                    feedId,
                    kind,
                    description,
                    rule,
                    status,
                    value,
                    evaluation,
                    sources,
                    definedAt,
                    definedBy,
                    historySize);
        }

        Feed withHistorySize(long size) {
            return new Feed(
                    feedId,
                    kind,
                    description,
                    rule,
                    status,
                    value,
                    lastEvaluation,
                    sources,
                    definedAt,
                    definedBy,
                    size);
        }

        public Optional<Source> source(String sourceId) {
            return sources.stream().filter(s -> s.sourceId().equals(sourceId)).findFirst();
        }
    }

    /** A feed at a glance: its status and current value. */
    public record FeedSummary(
            String feedId,
            String kind,
            String description,
            String status,
            Long priceE8,
            String price,
            Instant evaluatedAt,
            int quorum,
            int sourceCount) {}

    /**
     * One entry of a feed's history, newest first when listed: PriceObserved, ObservationExcluded,
     * PriceQuorumReached or FeedUnreliable, numbered from 1 in the order the feed recorded them ({@code seq}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntry(
            long seq,
            String type,
            String eventId,
            Instant at,
            String sourceId,
            Long priceE8,
            String price,
            Instant observedAt,
            String roundId,
            String reporter,
            String reason,
            String detail,
            Instant evaluatedAt,
            List<String> sourceIds,
            List<Exclusion> exclusions) {}

    /** A page of a feed's history: newest first; {@code nextBefore} asks for the page after it (null: no more). */
    public record HistoryPage(String feedId, long total, List<HistoryEntry> entries, Long nextBefore) {}

    /** One firing of a trigger (TriggerFired). */
    public record Firing(
            String incidentId,
            String oracleIncidentId,
            Instant armedAt,
            Instant firedAt,
            long lowestPriceE8,
            String lowestPrice,
            long depegPriceE8,
            String depegPrice,
            int payoutPpm,
            String basedOnEventId,
            String eventId) {}

    /**
     * A parametric trigger: its definition, its state (IDLE, ARMED, FIRED, RETIRED), while armed when and at what
     * price it armed, when it fires and the lowest quorum price since, and its firings.
     */
    public record Trigger(
            String triggerId,
            String productId,
            String feedId,
            String kind,
            long thresholdPriceE8,
            String thresholdPrice,
            long recoveryPriceE8,
            String recoveryPrice,
            long windowMs,
            long minDepegPriceE8,
            int payoutPpm,
            String state,
            Instant definedAt,
            Instant armedAt,
            Long armedPriceE8,
            Instant firesAt,
            Long lowestPriceE8,
            String lowestPrice,
            Instant disarmedAt,
            Long disarmedPriceE8,
            Instant retiredAt,
            String retiredReason,
            List<Firing> firings) {

        Trigger with(Consumer<TriggerChange> change) {
            TriggerChange copy = new TriggerChange(this);
            change.accept(copy);
            return copy.build();
        }
    }

    /** A mutable copy of a {@link Trigger}, for the projector's changes. */
    static final class TriggerChange {
        String triggerId;
        String productId;
        String feedId;
        String kind;
        long thresholdPriceE8;
        String thresholdPrice;
        long recoveryPriceE8;
        String recoveryPrice;
        long windowMs;
        long minDepegPriceE8;
        int payoutPpm;
        String state;
        Instant definedAt;
        Instant armedAt;
        Long armedPriceE8;
        Instant firesAt;
        Long lowestPriceE8;
        String lowestPrice;
        Instant disarmedAt;
        Long disarmedPriceE8;
        Instant retiredAt;
        String retiredReason;
        List<Firing> firings;

        TriggerChange(Trigger v) {
            triggerId = v.triggerId();
            productId = v.productId();
            feedId = v.feedId();
            kind = v.kind();
            thresholdPriceE8 = v.thresholdPriceE8();
            thresholdPrice = v.thresholdPrice();
            recoveryPriceE8 = v.recoveryPriceE8();
            recoveryPrice = v.recoveryPrice();
            windowMs = v.windowMs();
            minDepegPriceE8 = v.minDepegPriceE8();
            payoutPpm = v.payoutPpm();
            state = v.state();
            definedAt = v.definedAt();
            armedAt = v.armedAt();
            armedPriceE8 = v.armedPriceE8();
            firesAt = v.firesAt();
            lowestPriceE8 = v.lowestPriceE8();
            lowestPrice = v.lowestPrice();
            disarmedAt = v.disarmedAt();
            disarmedPriceE8 = v.disarmedPriceE8();
            retiredAt = v.retiredAt();
            retiredReason = v.retiredReason();
            firings = v.firings();
        }

        Trigger build() {
            return new Trigger(
                    triggerId,
                    productId,
                    feedId,
                    kind,
                    thresholdPriceE8,
                    thresholdPrice,
                    recoveryPriceE8,
                    recoveryPrice,
                    windowMs,
                    minDepegPriceE8,
                    payoutPpm,
                    state,
                    definedAt,
                    armedAt,
                    armedPriceE8,
                    firesAt,
                    lowestPriceE8,
                    lowestPrice,
                    disarmedAt,
                    disarmedPriceE8,
                    retiredAt,
                    retiredReason,
                    firings);
        }
    }

    /** One source's report of an incident (IncidentReported). */
    public record Report(
            String sourceId,
            String reporter,
            Instant incidentAt,
            String summary,
            String evidence,
            String productId,
            String affectedContract,
            Instant reportedAt,
            String eventId) {}

    /** How an incident was confirmed: QUORUM (k reporting sources) or OPERATOR (by whom), and on what evidence. */
    public record Confirmation(
            String how,
            String confirmedBy,
            Instant confirmedAt,
            List<String> sourceIds,
            int quorum,
            int sourceCount,
            String summary,
            List<String> evidence,
            String eventId) {}

    /** An incident of a feed: its reports, and its confirmation once confirmed (null before). */
    public record Incident(
            String feedId,
            String incidentId,
            String productId,
            String affectedContract,
            Instant incidentAt,
            String summary,
            List<Report> reports,
            boolean confirmed,
            Confirmation confirmation) {}

    // ------------------------------------------------------------------------------------------------ tables

    static final ViewTable<Feed> FEEDS = ViewTable.of("feed", Feed.class);
    /** {@code <feed id>/<seq, 19 digits>} → the entry: a feed's history in the order it was recorded. */
    static final ViewTable<HistoryEntry> HISTORY = ViewTable.of("feed-history", HistoryEntry.class);

    static final ViewTable<Trigger> TRIGGERS = ViewTable.of("trigger", Trigger.class);
    /** {@code <feed id>/<trigger id>} → the trigger id: the triggers bound to a feed. */
    static final ViewTable<String> TRIGGERS_OF_FEED = ViewTable.of("feed-trigger", String.class);
    /** {@code <feed id>/<incident id>} → the incident. */
    static final ViewTable<Incident> INCIDENTS = ViewTable.of("incident", Incident.class);

    /** The key of a feed's {@code seq}-th history entry: its entries sort in the order they were recorded. */
    static String historyKey(String feedId, long seq) {
        return feedId + "/" + String.format("%019d", seq);
    }

    private final ReadModel model;

    public OracleView() {
        this(readModel(ORACLE_EVENTS));
    }

    public OracleView(ReadModel model) {
        this.model = model;
    }

    public static ReadModel readModel(String topic) {
        return ReadModel.named("oracle-view")
                .from(topic)
                .tables(FEEDS, HISTORY, TRIGGERS, TRIGGERS_OF_FEED, INCIDENTS)
                .projector(OracleProjection::project)
                .build();
    }

    @Produces
    @Singleton
    ReadModel oracleViewModel() {
        return model;
    }

    /** A price in 1e-8 as a decimal string with eight decimals: 97000000 → "0.97000000". */
    public static String price(long priceE8) {
        return BigDecimal.valueOf(priceE8, 8).toPlainString();
    }

    // ------------------------------------------------------------------------------------------- queries

    public boolean ready() {
        return model.ready();
    }

    public Optional<Feed> feed(String feedId) {
        return model.get(FEEDS, feedId);
    }

    public List<Feed> feeds() {
        return model.all(FEEDS).stream().map(ViewEntry::value).toList();
    }

    public List<FeedSummary> summaries() {
        return feeds().stream()
                .map(f -> new FeedSummary(
                        f.feedId(),
                        f.kind(),
                        f.description(),
                        f.status(),
                        f.value() == null ? null : f.value().priceE8(),
                        f.value() == null ? null : f.value().price(),
                        f.value() == null ? null : f.value().evaluatedAt(),
                        f.rule().quorum(),
                        f.rule().sourceCount()))
                .toList();
    }

    /**
     * The feed's history, newest first: at most {@code limit} entries recorded before entry {@code before} (null: the
     * newest). Empty when the feed is unknown.
     */
    public Optional<HistoryPage> history(String feedId, int limit, Long before) {
        return feed(feedId).map(feed -> {
            long end = before == null ? feed.historySize() + 1 : Math.min(before, feed.historySize() + 1);
            long start = Math.max(1, end - limit);
            List<HistoryEntry> entries = end <= 1
                    ? List.of()
                    : new ArrayList<>(model.range(HISTORY, historyKey(feedId, start), historyKey(feedId, end)).stream()
                            .map(ViewEntry::value)
                            .toList());
            List<HistoryEntry> newestFirst = new ArrayList<>(entries);
            Collections.reverse(newestFirst);
            return new HistoryPage(feedId, feed.historySize(), List.copyOf(newestFirst), start > 1 ? start : null);
        });
    }

    public Optional<Trigger> trigger(String triggerId) {
        return model.get(TRIGGERS, triggerId);
    }

    public List<Trigger> triggers() {
        return model.all(TRIGGERS).stream().map(ViewEntry::value).toList();
    }

    public Optional<Incident> incident(String feedId, String incidentId) {
        return model.get(INCIDENTS, feedId + "/" + incidentId);
    }

    /** Every incident, by feed and incident id; only those of {@code feedId} when given. */
    public List<Incident> incidents(String feedId) {
        return (feedId == null ? model.all(INCIDENTS) : model.prefix(INCIDENTS, feedId + "/"))
                .stream().map(ViewEntry::value).toList();
    }
}
