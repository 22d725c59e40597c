package io.coverclaims.pool.domain.pool;

import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.AmountOutOfRange;
import io.coverclaims.platform.money.Money;
import io.coverclaims.pool.domain.pool.PoolCommand.ConfirmPayout;
import io.coverclaims.pool.domain.pool.PoolCommand.RecordPremium;
import io.coverclaims.pool.domain.pool.PoolCommand.ReleasePayout;
import io.coverclaims.pool.domain.pool.PoolCommand.ReservePayout;
import io.coverclaims.pool.domain.pool.PoolEvent.PositionAmount;
import io.coverclaims.pool.domain.pool.PoolEvent.TrancheAmount;
import io.coverclaims.pool.domain.pool.PoolState.Payout;
import io.coverclaims.pool.domain.pool.PoolState.PayoutStatus;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import io.coverclaims.pool.domain.pool.PoolState.Position;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Premiums and losses, pro rata to each provider position's stake and rounded in the pool's favour: a premium credit
 * is {@code floor(premium x stake / capital)}, a loss charge {@code ceil(loss x stake / capital)}; what rounding leaves
 * over is recorded ({@code retained}) and kept by the pool. A premium is credited once per policy; a payout is capped at
 * the capital, released back to exactly the positions it was charged to, or disbursed once for its exact amount.
 */
final class PremiumAndPayoutRules {

    private PremiumAndPayoutRules() {}

    static Decision<PoolEvent> recordPremium(RecordPremium c, Pool pool) {
        if (pool.premiumPolicies().contains(c.policyId())) {
            return Decision.nothingToDo();
        }
        if (!c.amount().isPositive()) {
            return Decision.reject("INVALID_AMOUNT", "premium must be positive", "amount");
        }
        if (!pool.ledger().admits(c.amount())) {
            return Decision.reject(
                    AmountOutOfRange.CODE,
                    "a premium of " + c.amount() + " would take the pool's books (deposits "
                            + pool.ledger().deposits() + " + premiums "
                            + pool.ledger().premiums() + ") beyond 2^256 - 1",
                    "amount");
        }
        List<PositionAmount> positions = new ArrayList<>();
        Money allocated = Money.ZERO;
        if (pool.capital().isPositive()) {
            for (Map.Entry<Position, Money> stake : pool.stakes().entrySet()) {
                Money share = c.amount().mulDivFloor(stake.getValue(), pool.capital());
                if (share.isPositive()) {
                    positions.add(new PositionAmount(
                            stake.getKey().provider(), stake.getKey().trancheId(), share));
                    allocated = allocated.plus(share);
                }
            }
        }
        return Decision.accept(new PoolEvent.PremiumRecorded(
                c.poolId(),
                c.policyId(),
                c.amount(),
                c.paymentRef(),
                byTranche(positions),
                List.copyOf(positions),
                c.amount().minus(allocated)));
    }

    static Decision<PoolEvent> reservePayout(ReservePayout c, Pool pool) {
        if (pool.payouts().containsKey(c.payoutId())) {
            return Decision.nothingToDo();
        }
        if (!c.amount().isPositive()) {
            return Decision.reject("INVALID_AMOUNT", "payout must be positive", "amount");
        }
        if (!Ids.isCanonicalAddress(c.recipient())) {
            return Decision.reject("INVALID_ADDRESS", "recipient must be 0x and 40 hex digits", "recipient");
        }
        if (pool.capital().isZero()) {
            return Decision.accept(new PoolEvent.PayoutReservationDeclined(
                    c.poolId(), c.payoutId(), c.claimId(), c.amount(), "CAPITAL_EXHAUSTED"));
        }
        Money reserved = c.amount().min(pool.capital());
        List<PositionAmount> positions = new ArrayList<>();
        Money charged = Money.ZERO;
        for (Map.Entry<Position, Money> stake : pool.stakes().entrySet()) {
            Money charge = reserved.mulDivCeil(stake.getValue(), pool.capital());
            if (charge.isPositive()) {
                positions.add(new PositionAmount(
                        stake.getKey().provider(), stake.getKey().trancheId(), charge));
                charged = charged.plus(charge);
            }
        }
        return Decision.accept(new PoolEvent.PayoutReserved(
                c.poolId(),
                c.payoutId(),
                c.claimId(),
                c.policyId(),
                c.recipient(),
                c.incidentId(),
                c.amount(),
                reserved,
                reserved.mulDivFloor(
                                BigInteger.valueOf(PoolMath.PPM), c.amount().value())
                        .value()
                        .longValueExact(),
                pool.capital(),
                byTranche(positions),
                pool.capital().minus(charged),
                List.copyOf(positions),
                charged.minus(reserved)));
    }

    /** Compensation: gives a reserved, unpaid payout back to exactly the positions it was charged to. */
    static Decision<PoolEvent> releasePayout(ReleasePayout c, Pool pool) {
        return whileReserved(
                pool,
                c.payoutId(),
                PayoutStatus.RELEASED,
                Decision.reject("PAYOUT_ALREADY_DISBURSED", "payout " + c.payoutId() + " left the pool", "payoutId"),
                payout -> Decision.accept(new PoolEvent.PayoutReleased(
                        c.poolId(),
                        c.payoutId(),
                        payout.claimId(),
                        payout.reservedAmount(),
                        byTranche(payout.charges()),
                        c.reason())));
    }

    static Decision<PoolEvent> confirmPayout(ConfirmPayout c, Pool pool) {
        return whileReserved(
                pool,
                c.payoutId(),
                PayoutStatus.DISBURSED,
                Decision.reject("PAYOUT_RELEASED", "payout " + c.payoutId() + " was released", "payoutId"),
                payout -> !c.amount().equals(payout.reservedAmount())
                        ? Decision.reject(
                                "AMOUNT_MISMATCH",
                                "payout " + c.payoutId() + " reserved " + payout.reservedAmount(),
                                "amount")
                        : Decision.accept(new PoolEvent.PayoutDisbursed(
                                c.poolId(), c.payoutId(), c.claimId(), c.amount(), c.batchId(), c.txHash())));
    }

    /**
     * Decides on a reserved payout with {@code decide}. A payout that does not exist is rejected, one already
     * {@code done} needs nothing (the command is a retry), one that ended the other way gets {@code endedOtherwise}.
     */
    private static Decision<PoolEvent> whileReserved(
            Pool pool,
            String payoutId,
            PayoutStatus done,
            Decision<PoolEvent> endedOtherwise,
            Function<Payout, Decision<PoolEvent>> decide) {
        Payout payout = pool.payouts().get(payoutId);
        if (payout == null) {
            return Decision.reject("PAYOUT_NOT_FOUND", "no reserved payout " + payoutId, "payoutId");
        }
        if (payout.status() == done) {
            return Decision.nothingToDo();
        }
        return payout.status() == PayoutStatus.RESERVED ? decide.apply(payout) : endedOtherwise;
    }

    private static List<TrancheAmount> byTranche(List<PositionAmount> positions) {
        SortedMap<Integer, Money> sums = new TreeMap<>();
        positions.forEach(p -> sums.merge(p.trancheId(), p.amount(), Money::plus));
        return sums.entrySet().stream()
                .map(e -> new TrancheAmount(e.getKey(), e.getValue()))
                .toList();
    }
}
