package io.coverclaims.policy.domain.cover;

import io.coverclaims.platform.money.Money;
import java.time.Instant;

/**
 * What can be asked of a quote and the policy bought on it. Each record is the wire record of the same name in
 * policy.avdl, field for field; {@code at} is the command's issuedAt, {@code actor} its metadata's actor.
 */
public sealed interface CoverCommand {

    /** When the command was issued (at the edge): the decider's only clock. */
    Instant at();

    /**
     * Pricing inputs (product snapshot, utilisation, validity) are read at the edge; null ones mean the edge could
     * not supply them.
     */
    record RequestQuote(
            String quoteId,
            String productId,
            String holder,
            Money coverAmount,
            int periodDays,
            String poolId,
            Long utilisationPpm,
            String asset,
            Integer floorRateBps,
            Integer ceilingRateBps,
            Integer minAnnualRateBps,
            Integer minPeriodDays,
            Integer maxPeriodDays,
            Long validityMs,
            Instant at)
            implements CoverCommand {}

    /** {@code startAt} null starts cover at the purchase. */
    record BuyCover(
            String policyId, String quoteId, String holder, Instant startAt, String premiumPaymentRef, Instant at)
            implements CoverCommand {}

    /** The pool reserved capacity (from the purchase saga). */
    record ActivatePolicy(String policyId, String poolId, String reservationId, Money reservedAmount, Instant at)
            implements CoverCommand {}

    /** The pool refused (from the purchase saga), or it did not answer in time (from the scheduler). */
    record DeclinePolicy(String policyId, String reasonCode, String reason, Money availableCapacity, Instant at)
            implements CoverCommand {}

    /** {@code actor} is who asks: the holder's address, or an operator ({@code operator…}). */
    record CancelPolicy(String policyId, String reason, String actor, Instant at) implements CoverCommand {}

    /** From the scheduler, at the end of cover. */
    record ExpirePolicy(String policyId, Instant at) implements CoverCommand {}

    /** From claim-service's settlement (via its process manager): a settled claim uses up part of the cover. */
    record ReduceCover(String policyId, String claimId, Money amount, Instant at) implements CoverCommand {}
}
