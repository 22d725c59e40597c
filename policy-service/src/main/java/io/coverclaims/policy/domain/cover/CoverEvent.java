package io.coverclaims.policy.domain.cover;

import io.coverclaims.platform.money.Money;
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
            Money coverAmount,
            int periodDays,
            long utilisationPpm,
            int floorRateBps,
            int ceilingRateBps,
            int minAnnualRateBps,
            long annualRatePpm,
            Money premium,
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
            Money coverAmount,
            Money premium,
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
            Money coverAmount,
            Money premium,
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
            Money availableCapacity,
            Money premiumRefund,
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
            Money premiumRefund,
            Instant at)
            implements CoverEvent {}

    record PolicyExpired(String policyId, String poolId, String reservationId, Instant endAt, Instant at)
            implements CoverEvent {}

    record CoverReduced(String policyId, String claimId, Money amount, Money remainingCover, Instant at)
            implements CoverEvent {}
}
