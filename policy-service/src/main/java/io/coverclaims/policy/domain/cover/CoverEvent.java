package io.coverclaims.policy.domain.cover;

import java.time.Instant;

/**
 * What happened to a quote and the policy bought on it. Each record is the wire record of the same name in
 * policy.avdl, field for field; {@code at} is the event's occurredAt. Every input of a decision is recorded, so a
 * replay never recomputes a price or reads a clock.
 */
public sealed interface CoverEvent {

    Instant at();

    /** Every input and result of the price; the period bounds are 0 in quotes issued before they were recorded. */
    record QuoteIssued(
            String quoteId,
            String productId,
            String holder,
            String poolId,
            String asset,
            long coverAmount,
            int periodDays,
            long utilisationPpm,
            int floorRateBps,
            int ceilingRateBps,
            int minAnnualRateBps,
            long annualRatePpm,
            long premium,
            Instant expiresAt,
            int minPeriodDays,
            int maxPeriodDays,
            Instant at)
            implements CoverEvent {}

    /** In purchases recorded before the field existed, the reservation deadline is {@code RESERVATION_TIMEOUT} after {@code at}. */
    record PolicyRequested(
            String policyId,
            String quoteId,
            String productId,
            String poolId,
            String holder,
            String asset,
            long coverAmount,
            long premium,
            long annualRatePpm,
            Instant startAt,
            Instant endAt,
            String premiumPaymentRef,
            Instant reservationDeadline,
            Instant at)
            implements CoverEvent {}

    record PolicyActivated(
            String policyId,
            String productId,
            String poolId,
            String holder,
            String asset,
            String reservationId,
            long coverAmount,
            long premium,
            Instant startAt,
            Instant endAt,
            Instant at)
            implements CoverEvent {}

    record PolicyDeclined(
            String policyId,
            String poolId,
            String holder,
            String reasonCode,
            String reason,
            Long availableCapacity,
            long premiumRefund,
            Instant at)
            implements CoverEvent {}

    /**
     * Also the compensation of a reservation that arrives after the purchase was declined or cancelled: then it
     * names that reservation, refunds nothing more, and leaves the policy declined or cancelled as it was.
     */
    record PolicyCancelled(
            String policyId,
            String poolId,
            String holder,
            String reservationId,
            String reason,
            long unusedPeriodPpm,
            long premiumRefund,
            Instant at)
            implements CoverEvent {}

    record PolicyExpired(String policyId, String poolId, String reservationId, Instant endAt, Instant at)
            implements CoverEvent {}

    record CoverReduced(String policyId, String claimId, long amount, long remainingCover, Instant at)
            implements CoverEvent {}
}
