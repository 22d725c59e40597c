package io.coverclaims.oracle.domain.feed;

import io.coverclaims.oracle.domain.feed.FeedCommand.ConfirmIncident;
import io.coverclaims.oracle.domain.feed.FeedCommand.DefineFeed;
import io.coverclaims.oracle.domain.feed.FeedCommand.DefineParametricTrigger;
import io.coverclaims.oracle.domain.feed.FeedCommand.DisableFeedSource;
import io.coverclaims.oracle.domain.feed.FeedCommand.EvaluateTrigger;
import io.coverclaims.oracle.domain.feed.FeedCommand.RecordIncidentReport;
import io.coverclaims.oracle.domain.feed.FeedCommand.RecordPriceObservation;
import io.coverclaims.oracle.domain.feed.FeedCommand.RegisterFeedSource;
import io.coverclaims.oracle.domain.feed.FeedCommand.RetireTrigger;
import io.coverclaims.oracle.domain.feed.FeedCommand.SetFeedQuorum;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedDefined;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedQuorumChanged;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedSourceDisabled;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedSourceRegistered;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedUnreliable;
import io.coverclaims.oracle.domain.feed.FeedEvent.IncidentConfirmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.IncidentReported;
import io.coverclaims.oracle.domain.feed.FeedEvent.ObservationExcluded;
import io.coverclaims.oracle.domain.feed.FeedEvent.ParametricTriggerDefined;
import io.coverclaims.oracle.domain.feed.FeedEvent.ParametricTriggerRetired;
import io.coverclaims.oracle.domain.feed.FeedEvent.PriceObserved;
import io.coverclaims.oracle.domain.feed.FeedEvent.PriceQuorumReached;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerArmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerDisarmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerFired;
import io.coverclaims.oracle.domain.feed.FeedState.Armed;
import io.coverclaims.oracle.domain.feed.FeedState.Confirmed;
import io.coverclaims.oracle.domain.feed.FeedState.Definition;
import io.coverclaims.oracle.domain.feed.FeedState.Feed;
import io.coverclaims.oracle.domain.feed.FeedState.Idle;
import io.coverclaims.oracle.domain.feed.FeedState.Incident;
import io.coverclaims.oracle.domain.feed.FeedState.NoFeed;
import io.coverclaims.oracle.domain.feed.FeedState.Observation;
import io.coverclaims.oracle.domain.feed.FeedState.QuorumRule;
import io.coverclaims.oracle.domain.feed.FeedState.Registration;
import io.coverclaims.oracle.domain.feed.FeedState.Reliable;
import io.coverclaims.oracle.domain.feed.FeedState.Report;
import io.coverclaims.oracle.domain.feed.FeedState.Retired;
import io.coverclaims.oracle.domain.feed.FeedState.Source;
import io.coverclaims.oracle.domain.feed.FeedState.Trigger;
import io.coverclaims.oracle.domain.feed.FeedState.TriggerSpec;
import io.coverclaims.oracle.domain.feed.FeedState.Unconfirmed;
import io.coverclaims.oracle.domain.feed.FeedState.Unreliable;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A feed (aggregate "feed", id = the feed id, e.g. {@code USDC-USD} or {@code incidents-ethereum}): which rule group
 * decides each command, and how each event changes the feed. One aggregate holds the feed's rule, its sources with
 * their latest observations, its triggers and its incidents, so a quorum evaluation and the trigger decisions it
 * leads to are one atomic decision. Pure: the time of every decision is the command's {@code at}.
 *
 * <p>Rule groups: {@link QuorumRules} (definition, quorum rule, the k-of-n evaluation), {@link SourceRules}
 * (sources, price observations on arrival), {@link TriggerRules} (parametric triggers: arming, recovery, firing),
 * {@link IncidentRules} (incident reports and confirmation).
 */
public final class FeedDecider {

    public static final Decider<FeedCommand, FeedEvent, FeedState> DECIDER =
            Decider.of(FeedState.INITIAL, FeedDecider::decide, FeedDecider::evolve);

    private FeedDecider() {}

    // ------------------------------------------------------------------ decide

    public static Decision<FeedEvent> decide(FeedCommand command, FeedState state) {
        return switch (command) {
            case DefineFeed c -> QuorumRules.define(c, state);
            case SetFeedQuorum c -> onFeed(state, c.feedId(), feed -> QuorumRules.setQuorum(c, feed));
            case RegisterFeedSource c -> onFeed(state, c.feedId(), feed -> SourceRules.register(c, feed));
            case DisableFeedSource c -> onFeed(state, c.feedId(), feed -> SourceRules.disable(c, feed));
            case RecordPriceObservation c -> onFeed(state, c.feedId(), feed -> SourceRules.observe(c, feed));
            case RecordIncidentReport c -> onFeed(state, c.feedId(), feed -> IncidentRules.report(c, feed));
            case ConfirmIncident c -> onFeed(state, c.feedId(), feed -> IncidentRules.confirm(c, feed));
            case DefineParametricTrigger c -> TriggerRules.define(c, state);
            case EvaluateTrigger c -> onFeed(state, c.feedId(), feed -> TriggerRules.evaluate(c, feed));
            case RetireTrigger c -> onFeed(state, c.feedId(), feed -> TriggerRules.retire(c, feed));
        };
    }

    /** Decides a command about a defined feed; before its definition it is {@code FEED_NOT_FOUND}. */
    static Decision<FeedEvent> onFeed(FeedState state, String feedId, Function<Feed, Decision<FeedEvent>> rule) {
        if (state instanceof Feed feed) {
            return rule.apply(feed);
        }
        return Decision.reject("FEED_NOT_FOUND", "no feed " + feedId + " is defined", "feedId");
    }

    // ------------------------------------------------------------------ evolve

    public static FeedState evolve(FeedState state, FeedEvent event) {
        return switch (state) {
            case NoFeed none -> {
                if (event instanceof FeedDefined e) {
                    yield Feed.defined(new Definition(
                            e.feedId(),
                            e.kind(),
                            e.description(),
                            e.quorum(),
                            e.maxDeviationPpm(),
                            e.maxStalenessMs()));
                }
                throw new IllegalStateException(
                        event.getClass().getSimpleName() + " of " + event.feedId() + " before the feed was defined");
            }
            case Feed feed -> apply(feed, event);
        };
    }

    static Feed apply(Feed feed, FeedEvent event) {
        return switch (event) {
            case FeedDefined e -> throw new IllegalStateException("feed " + e.feedId() + " defined twice");
            case FeedSourceRegistered e ->
                feed.with(new Source(
                        e.sourceId(),
                        new Registration(
                                e.name(),
                                e.sourceKind(),
                                e.signer(),
                                e.aggregator(),
                                e.heartbeatMs(),
                                e.decimals(),
                                e.minPriceE8(),
                                e.maxPriceE8()),
                        true,
                        null));
            case FeedSourceDisabled e -> feed.with(source(feed, e.sourceId()).disabled());
            case PriceObserved e ->
                feed.with(source(feed, e.sourceId())
                        .withLatest(new Observation(e.priceE8(), e.observedAt(), e.roundId())));
            case ObservationExcluded e -> feed; // recorded, never the source's latest
            case PriceQuorumReached e -> {
                // every armed trigger has seen this quorum price: the lowest one is what a firing reports
                SortedMap<String, Trigger> triggers = new TreeMap<>(feed.triggers());
                triggers.replaceAll(
                        (id, t) -> t.phase() instanceof Armed armed ? t.withPhase(armed.seen(e.priceE8())) : t);
                yield feed.withTriggers(triggers)
                        .withStatus(new Reliable(e.priceE8(), e.observedAt(), e.evaluatedAt()));
            }
            case FeedUnreliable e -> feed.withStatus(new Unreliable(e.evaluatedAt()));
            case FeedQuorumChanged e ->
                feed.withRule(new QuorumRule(e.quorum(), e.maxDeviationPpm(), e.maxStalenessMs()));
            case IncidentReported e -> {
                Incident incident = feed.incidents().get(e.incidentId());
                List<Report> reports = new ArrayList<>(incident == null ? List.of() : incident.reports());
                reports.add(new Report(
                        e.sourceId(), e.productId(), e.affectedContract(), e.incidentAt(), e.summary(), e.evidence()));
                yield feed.with(
                        new Incident(e.incidentId(), reports, incident == null ? new Unconfirmed() : incident.phase()));
            }
            case IncidentConfirmed e -> {
                Incident incident = feed.incidents().get(e.incidentId());
                yield feed.with(new Incident(
                        e.incidentId(),
                        incident == null ? List.of() : incident.reports(),
                        new Confirmed(e.confirmation(), e.confirmedBy())));
            }
            case ParametricTriggerDefined e ->
                feed.with(new Trigger(
                        new TriggerSpec(
                                e.triggerId(),
                                e.productId(),
                                e.kind(),
                                e.thresholdPriceE8(),
                                e.recoveryPriceE8(),
                                e.windowMs(),
                                e.minDepegPriceE8(),
                                e.payoutPpm()),
                        new Idle(),
                        0));
            case TriggerArmed e ->
                feed.with(trigger(feed, e.triggerId()).withPhase(new Armed(e.observedAt(), e.firesAt(), e.priceE8())));
            case TriggerDisarmed e -> feed.with(trigger(feed, e.triggerId()).withPhase(new Idle()));
            case TriggerFired e -> feed.with(trigger(feed, e.triggerId()).fired(e.firedAt(), e.incidentId()));
            case ParametricTriggerRetired e ->
                feed.with(trigger(feed, e.triggerId()).withPhase(new Retired(e.reason())));
        };
    }

    /** The feed after {@code events}: the rules look at what they have decided so far. */
    static Feed applyAll(Feed feed, List<FeedEvent> events) {
        Feed next = feed;
        for (FeedEvent event : events) {
            next = apply(next, event);
        }
        return next;
    }

    private static Source source(Feed feed, String sourceId) {
        Source source = feed.sources().get(sourceId);
        if (source == null) {
            throw new IllegalStateException("unknown source " + sourceId + " of " + feed.feedId());
        }
        return source;
    }

    private static Trigger trigger(Feed feed, String triggerId) {
        Trigger trigger = feed.triggers().get(triggerId);
        if (trigger == null) {
            throw new IllegalStateException("unknown trigger " + triggerId + " of " + feed.feedId());
        }
        return trigger;
    }
}
