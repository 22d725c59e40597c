package io.coverclaims.oracle.domain.feed;

import java.time.Instant;
import java.util.List;

/**
 * What happened to a feed. Every value a decision depended on (the rule, the figures, the evaluation time) is
 * recorded, so a replay never needs today's parameters or clock. Each record mirrors the event of the same name in
 * oracle.avdl, component for field; a nullable union is a nullable component.
 */
public sealed interface FeedEvent {

    String feedId();

    record FeedDefined(
            String feedId, FeedKind kind, String description, int quorum, int maxDeviationPpm, long maxStalenessMs)
            implements FeedEvent {}

    /** {@code sourceCount}: the enabled sources after this one. Addresses in canonical (lower-case) form. */
    record FeedSourceRegistered(
            String feedId,
            String sourceId,
            String name,
            String signer,
            int sourceCount,
            SourceKind sourceKind,
            String aggregator,
            long heartbeatMs,
            int decimals,
            long minPriceE8,
            long maxPriceE8)
            implements FeedEvent {}

    /** {@code sourceCount}: the enabled sources after it. */
    record FeedSourceDisabled(String feedId, String sourceId, String reason, int sourceCount) implements FeedEvent {}

    /** The observation became its source's latest. */
    record PriceObserved(
            String feedId,
            String sourceId,
            long priceE8,
            Instant observedAt,
            String roundId,
            String rawAnswer,
            String reporter)
            implements FeedEvent {}

    /**
     * k of the fresh, agreeing sources: {@code priceE8} their median, {@code observedAt} the oldest of their
     * observations, {@code sourceIds} sorted; the rule applied and the sources left out.
     */
    record PriceQuorumReached(
            String feedId,
            long priceE8,
            Instant observedAt,
            List<String> sourceIds,
            int quorum,
            int sourceCount,
            int maxDeviationPpm,
            long maxStalenessMs,
            Instant evaluatedAt,
            List<SourceExclusion> exclusions)
            implements FeedEvent {}

    record IncidentReported(
            String feedId,
            String sourceId,
            String incidentId,
            String productId,
            String affectedContract,
            Instant incidentAt,
            String summary,
            String evidence,
            String reporter)
            implements FeedEvent {}

    /** {@code evidence}: that of every report counted, in report order (and the operator's, last). */
    record IncidentConfirmed(
            String feedId,
            String incidentId,
            String productId,
            String affectedContract,
            Instant incidentAt,
            List<String> sourceIds,
            int quorum,
            int sourceCount,
            IncidentConfirmation confirmation,
            String confirmedBy,
            String summary,
            List<String> evidence)
            implements FeedEvent {}

    record ParametricTriggerDefined(
            String triggerId,
            String productId,
            String feedId,
            long thresholdPriceE8,
            long recoveryPriceE8,
            long windowMs,
            TriggerKind kind,
            long minDepegPriceE8,
            int payoutPpm)
            implements FeedEvent {}

    /** A quorum price at or below the threshold at {@code observedAt}: fires at {@code firesAt} unless it recovers. */
    record TriggerArmed(
            String triggerId,
            String productId,
            String feedId,
            long priceE8,
            Instant observedAt,
            long thresholdPriceE8,
            long windowMs,
            Instant firesAt)
            implements FeedEvent {}

    /** A quorum price at or above the recovery price: the trigger is idle again. */
    record TriggerDisarmed(String triggerId, long priceE8, Instant observedAt, long recoveryPriceE8, String feedId)
            implements FeedEvent {}

    /**
     * The trigger fired: {@code incidentId} is {@code inc-<trigger>-<n>} for its n-th firing. DEPEG: depegPriceE8 =
     * max(quorum price, minDepegPriceE8), payoutPpm = floor((1e8 - depegPriceE8) / 100). EXPLOIT: the trigger's
     * payoutPpm, the oracle incident confirmed. {@code basedOnEventId} is "": the decider does not know the ids the
     * kernel gives its events (the PriceQuorumReached or IncidentConfirmed it rests on is the event just before it in
     * the same decision, on the same topic and key).
     */
    record TriggerFired(
            String triggerId,
            String productId,
            String feedId,
            String incidentId,
            Instant armedAt,
            Instant firedAt,
            long lowestPriceE8,
            long thresholdPriceE8,
            long recoveryPriceE8,
            long windowMs,
            TriggerKind kind,
            long depegPriceE8,
            int payoutPpm,
            String oracleIncidentId,
            String basedOnEventId)
            implements FeedEvent {}

    record ParametricTriggerRetired(String triggerId, String reason, String feedId) implements FeedEvent {}

    record FeedQuorumChanged(String feedId, int quorum, int maxDeviationPpm, long maxStalenessMs, int sourceCount)
            implements FeedEvent {}

    /** Recorded, but not its source's latest: stale on arrival, out of bounds, or a regressed round. */
    record ObservationExcluded(
            String feedId,
            String sourceId,
            long priceE8,
            Instant observedAt,
            String roundId,
            ExclusionReason reason,
            String detail,
            String reporter)
            implements FeedEvent {}

    /** Fewer than k fresh, agreeing sources: no trigger arms, fires or recovers until a quorum is back. */
    record FeedUnreliable(
            String feedId,
            List<String> sourceIds,
            int quorum,
            int sourceCount,
            Instant evaluatedAt,
            List<SourceExclusion> exclusions)
            implements FeedEvent {}
}
