package io.coverclaims.oracle.domain.feed;

import java.time.Instant;

/**
 * What a feed is asked to do. Each record mirrors the command of the same name in oracle.avdl, component for field (a
 * nullable union is a nullable component); {@code at} is the command's issued-at (read once at the edge, or the
 * deadline itself for the scheduler's commands: the decider never reads a clock) and {@code actor} the metadata's
 * actor. The aggregate is the feed ({@code feedId}); a trigger lives in its feed.
 */
public sealed interface FeedCommand {

    /** The feed the command is about (the aggregate's id; "" on trigger commands written before the field). */
    String feedId();

    Instant at();

    /** Operator: defines a feed and its quorum rule. */
    record DefineFeed(
            String feedId,
            FeedKind kind,
            String description,
            int quorum,
            int maxDeviationPpm,
            long maxStalenessMs,
            Instant at)
            implements FeedCommand {}

    /** Operator: adds a source. {@code heartbeatMs} 0 means the feed's maxStalenessMs. */
    record RegisterFeedSource(
            String feedId,
            String sourceId,
            String name,
            String signer,
            SourceKind sourceKind,
            String aggregator,
            long heartbeatMs,
            int decimals,
            long minPriceE8,
            long maxPriceE8,
            Instant at)
            implements FeedCommand {}

    /** Operator: stops counting a source. */
    record DisableFeedSource(String feedId, String sourceId, String reason, Instant at) implements FeedCommand {}

    /**
     * A source reports a price, already converted to 1e-8 ({@code rawAnswer}: the native answer). {@code reporter}
     * is who delivered it: the address the edge recovered from the signature, or the aggregator chain-bridge read.
     * The edge verifies {@code signature}; the decider checks the reporter is the source's.
     */
    record RecordPriceObservation(
            String feedId,
            String sourceId,
            long priceE8,
            Instant observedAt,
            String roundId,
            String signature,
            String rawAnswer,
            String reporter,
            Instant at)
            implements FeedCommand {}

    /** A source reports an incident (exploit, hack, halt) of an INCIDENT feed. */
    record RecordIncidentReport(
            String feedId,
            String sourceId,
            String incidentId,
            String productId,
            String affectedContract,
            Instant incidentAt,
            String summary,
            String evidence,
            String reporter,
            Instant at)
            implements FeedCommand {}

    /** Operator: a DEPEG trigger on a PRICE feed, or an EXPLOIT trigger on an INCIDENT feed. */
    record DefineParametricTrigger(
            String triggerId,
            String productId,
            String feedId,
            long thresholdPriceE8,
            long recoveryPriceE8,
            long windowMs,
            TriggerKind kind,
            long minDepegPriceE8,
            int payoutPpm,
            Instant at)
            implements FeedCommand {}

    /**
     * Scheduler, at an armed trigger's firesAt ({@code at} = the deadline). The decider re-evaluates the quorum from
     * the observations it holds: {@code priceE8}, {@code observedAt} and {@code quorumEventId} are not trusted (a
     * process manager's view of an earlier evaluation), only recorded on the command.
     */
    record EvaluateTrigger(
            String triggerId, Long priceE8, Instant observedAt, String quorumEventId, String feedId, Instant at)
            implements FeedCommand {}

    /** Operator: stops evaluating a trigger. */
    record RetireTrigger(String triggerId, String reason, String feedId, Instant at) implements FeedCommand {}

    /** Operator: changes the quorum rule; k must stay a majority of the enabled sources. */
    record SetFeedQuorum(String feedId, int quorum, int maxDeviationPpm, long maxStalenessMs, Instant at)
            implements FeedCommand {}

    /** Operator (role): confirms an exploit incident without waiting for k reporters; {@code actor} confirms it. */
    record ConfirmIncident(
            String feedId,
            String incidentId,
            String productId,
            String affectedContract,
            Instant incidentAt,
            String summary,
            String evidence,
            String actor,
            Instant at)
            implements FeedCommand {}
}
