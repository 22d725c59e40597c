package io.coverclaims.governance.domain.breaker;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the payout breaker keeps of one pool: its capital now (as pool-service's events leave it), the payouts
 * reserved within the trailing window, and whether the current breach has tripped already.
 *
 * @param capital the pool's capital: the totalStake last recorded, plus premiums and released payouts since
 * @param capitalRecordedAt when {@code capital} last changed; empty before the pool recorded any
 * @param payouts the payouts still in the window, oldest first
 * @param tripped whether the breaker tripped for the breach still going on (one trip per breach)
 */
public record PoolPayouts(
        String poolId, BigInteger capital, Optional<Instant> capitalRecordedAt, List<Payout> payouts, boolean tripped) {

    public PoolPayouts {
        payouts = List.copyOf(payouts);
    }

    /** A payout counted by the breaker: {@code reserved} leaves the pool, {@code charged} was taken from the stakes. */
    public record Payout(String payoutId, Instant at, BigInteger reserved, BigInteger charged) {}

    public static PoolPayouts none(String poolId) {
        return new PoolPayouts(poolId, BigInteger.ZERO, Optional.empty(), List.of(), false);
    }

    PoolPayouts withCapital(BigInteger capital, Instant at) {
        return new PoolPayouts(poolId, capital, Optional.of(at), payouts, tripped);
    }

    PoolPayouts withPayouts(List<Payout> payouts) {
        return new PoolPayouts(poolId, capital, capitalRecordedAt, payouts, tripped);
    }

    PoolPayouts withTripped(boolean tripped) {
        return new PoolPayouts(poolId, capital, capitalRecordedAt, payouts, tripped);
    }
}
