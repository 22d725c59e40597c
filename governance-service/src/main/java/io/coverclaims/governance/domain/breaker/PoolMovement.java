package io.coverclaims.governance.domain.breaker;

import java.math.BigInteger;
import java.time.Instant;

/**
 * What the payout breaker learns from a pool's events (pool.events), at the event's time: the capital the pool
 * recorded, and the payouts it reserved or released. The saga maps the wire events to these; nothing else of a pool
 * matters to the rule.
 */
public sealed interface PoolMovement {

    Instant at();

    /**
     * The pool recorded its capital (totalStake): CapitalDeposited, CapitalWithdrawn, SolvencyAssessed.
     */
    record CapitalRecorded(BigInteger totalStake, Instant at) implements PoolMovement {}

    /** A premium was credited to the providers (PremiumRecorded): the capital grows by amount - retained. */
    record PremiumCredited(BigInteger credited, Instant at) implements PoolMovement {}

    /**
     * A payout was reserved and charged to the stakes (PayoutReserved): {@code reserved} is what will leave the pool,
     * {@code charged} what the stakes were charged (reserved plus the rounding the pool keeps), and
     * {@code totalStakeAfter} the capital it left.
     */
    record PayoutReserved(
            String payoutId, BigInteger reserved, BigInteger charged, BigInteger totalStakeAfter, Instant at)
            implements PoolMovement {}

    /** A reserved payout was given back to the stakes (PayoutReleased): {@code returned} is the sum of its returns. */
    record PayoutReleased(String payoutId, BigInteger returned, Instant at) implements PoolMovement {}
}
