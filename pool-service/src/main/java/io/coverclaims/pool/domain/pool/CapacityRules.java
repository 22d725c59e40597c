package io.coverclaims.pool.domain.pool;

import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import io.coverclaims.pool.domain.pool.PoolCommand.ReleaseCapacity;
import io.coverclaims.pool.domain.pool.PoolCommand.ReserveCapacity;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import io.coverclaims.pool.domain.pool.PoolState.Reservation;

/**
 * Capacity: {@code floor(eligibleStake x capacityRatio x weight)} less the product's active cover. A reservation is
 * answered with an event either way (reserved or declined with a reason), so the purchase saga always gets an answer;
 * a reservation id is reserved at most once, and releasing an unknown or released one does nothing.
 */
final class CapacityRules {

    private CapacityRules() {}

    static Decision<PoolEvent> reserve(ReserveCapacity c, Pool pool) {
        if (pool.reservations().containsKey(c.reservationId())) {
            return Decision.nothingToDo();
        }
        if (!c.amount().isPositive()
                || c.coverEndsAt() == null
                || c.coverStartsAt() == null
                || !c.coverEndsAt().isAfter(c.coverStartsAt())) {
            return Decision.accept(declined(c, pool, "INVALID_COVER"));
        }
        if (pool.params().weightOf(c.productId()) == 0) {
            return Decision.accept(declined(c, pool, "PRODUCT_NOT_UNDERWRITTEN"));
        }
        if (pool.capital().isZero() || pool.eligibleStake().isZero()) {
            return Decision.accept(declined(c, pool, "CAPITAL_EXHAUSTED"));
        }
        Money available = pool.availableCapacity(c.productId());
        if (c.amount().isGreaterThan(available)) {
            return Decision.accept(declined(c, pool, "INSUFFICIENT_CAPACITY"));
        }
        return Decision.accept(new PoolEvent.CapacityReserved(
                c.poolId(),
                c.reservationId(),
                c.policyId(),
                c.productId(),
                c.amount(),
                c.coverEndsAt(),
                pool.eligibleStake(),
                pool.params().capacityRatioBps(),
                pool.params().weightOf(c.productId()),
                pool.productCapacity(c.productId()),
                available.minus(c.amount())));
    }

    /** A reservation for a pool that does not exist is declined (not rejected), so the policy can be declined. */
    static Decision<PoolEvent> declineWithoutPool(ReserveCapacity c) {
        return Decision.accept(new PoolEvent.CapacityReservationDeclined(
                c.poolId(),
                c.reservationId(),
                c.policyId(),
                c.productId(),
                c.amount(),
                "POOL_NOT_FOUND",
                Money.ZERO,
                0,
                0,
                Money.ZERO));
    }

    private static PoolEvent declined(ReserveCapacity c, Pool pool, String reason) {
        return new PoolEvent.CapacityReservationDeclined(
                c.poolId(),
                c.reservationId(),
                c.policyId(),
                c.productId(),
                c.amount(),
                reason,
                pool.eligibleStake(),
                pool.params().capacityRatioBps(),
                pool.params().weightOf(c.productId()),
                pool.availableCapacity(c.productId()));
    }

    static Decision<PoolEvent> release(ReleaseCapacity c, Pool pool) {
        Reservation reservation = pool.reservations().get(c.reservationId());
        if (reservation == null) {
            return Decision.nothingToDo();
        }
        return Decision.accept(new PoolEvent.CapacityReleased(
                c.poolId(), c.reservationId(), reservation.policyId(), reservation.amount(), c.reason()));
    }
}
