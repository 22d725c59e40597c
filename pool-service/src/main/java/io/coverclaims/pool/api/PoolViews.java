package io.coverclaims.pool.api;

import io.coverclaims.pool.domain.pool.PoolMath;
import io.coverclaims.pool.domain.pool.PoolState.Ledger;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import io.coverclaims.pool.domain.pool.PoolState.Position;
import io.coverclaims.pool.domain.pool.PoolState.Withdrawal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the pool API answers, rendered from a live pool. Money is integer minor units of the pool's asset; ratios are bps, fractions ppm. */
public final class PoolViews {

    private PoolViews() {}

    public record ProductCapacityView(
            String productId, int weightBps, long capacity, long activeCover, long available, long utilisationPpm) {}

    public record LedgerView(
            long deposits, long premiums, long withdrawals, long payouts, long fees, boolean conserved) {}

    public record PoolView(
            String poolId,
            String name,
            String manager,
            String asset,
            int assetDecimals,
            int capacityRatioBps,
            long trancheDurationMs,
            long withdrawalCooldownMs,
            long capital,
            long pendingWithdrawals,
            long eligibleStake,
            long activeCover,
            long totalCapacity,
            long utilisationPpm,
            boolean acceptingCover,
            List<ProductCapacityView> products,
            LedgerView ledger,
            int positions,
            long version) {}

    public record PositionView(
            int trancheId, Instant trancheEndsAt, long stake, long pendingWithdrawal, boolean unlocked) {}

    public record WithdrawalView(
            String poolId,
            String withdrawalId,
            String provider,
            String recipient,
            int trancheId,
            long amount,
            Instant cooldownEndsAt,
            String status,
            long withdrawnAmount) {}

    public record ProviderView(
            String poolId,
            String provider,
            long stake,
            List<PositionView> positions,
            List<WithdrawalView> withdrawals) {}

    static PoolView pool(Pool s, long version) {
        List<ProductCapacityView> products = new ArrayList<>();
        for (Map.Entry<String, Integer> weight : s.params().weights().entrySet()) {
            String productId = weight.getKey();
            long capacity = s.productCapacity(productId);
            long active = s.activeCover(productId);
            products.add(new ProductCapacityView(
                    productId,
                    weight.getValue(),
                    capacity,
                    active,
                    s.availableCapacity(productId),
                    ppm(active, capacity)));
        }
        long totalCapacity = BigInteger.valueOf(s.eligibleStake())
                .multiply(BigInteger.valueOf(s.params().capacityRatioBps()))
                .divide(BigInteger.valueOf(PoolMath.BPS))
                .longValue();
        Ledger l = s.ledger();
        return new PoolView(
                s.params().poolId(),
                s.params().name(),
                s.params().manager(),
                s.params().asset(),
                s.params().assetDecimals(),
                s.params().capacityRatioBps(),
                s.params().trancheDurationMs(),
                s.params().withdrawalCooldownMs(),
                s.capital(),
                s.pendingWithdrawals(),
                s.eligibleStake(),
                s.activeCover(),
                totalCapacity,
                ppm(s.activeCover(), totalCapacity),
                s.eligibleStake() > 0,
                products,
                new LedgerView(
                        l.deposits(), l.premiums(), l.withdrawals(), l.payouts(), l.fees(), l.conserves(s.capital())),
                s.stakes().size(),
                version);
    }

    static ProviderView provider(Pool s, String provider, Instant now) {
        List<PositionView> positions = new ArrayList<>();
        long stake = 0;
        for (Map.Entry<Position, Long> entry : s.stakes().entrySet()) {
            if (entry.getKey().provider().equals(provider)) {
                Instant endsAt = s.params().trancheEndsAt(entry.getKey().trancheId());
                positions.add(new PositionView(
                        entry.getKey().trancheId(),
                        endsAt,
                        entry.getValue(),
                        s.pendingOf(entry.getKey()),
                        !now.isBefore(endsAt)));
                stake += entry.getValue();
            }
        }
        List<WithdrawalView> withdrawals =
                s.withdrawalsOf(provider).stream().map(w -> withdrawal(s, w)).toList();
        return new ProviderView(s.params().poolId(), provider, stake, positions, withdrawals);
    }

    static WithdrawalView withdrawal(Pool s, Withdrawal w) {
        return new WithdrawalView(
                s.params().poolId(),
                w.withdrawalId(),
                w.provider(),
                w.recipient(),
                w.trancheId(),
                w.amount(),
                w.cooldownEndsAt(),
                w.status().name(),
                w.withdrawnAmount());
    }

    private static long ppm(long part, long whole) {
        return whole <= 0
                ? (part > 0 ? PoolMath.PPM : 0)
                : BigInteger.valueOf(part)
                        .multiply(BigInteger.valueOf(PoolMath.PPM))
                        .divide(BigInteger.valueOf(whole))
                        .longValue();
    }
}
