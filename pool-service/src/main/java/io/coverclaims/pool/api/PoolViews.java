package io.coverclaims.pool.api;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.pool.domain.pool.PoolMath;
import io.coverclaims.pool.domain.pool.PoolState.Ledger;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import io.coverclaims.pool.domain.pool.PoolState.Position;
import io.coverclaims.pool.domain.pool.PoolState.Withdrawal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * What the pool API answers, rendered from a live pool. Amounts are {@link Money} (exact integer minor units of the
 * pool's asset, JSON decimal strings); ratios are bps, fractions ppm.
 */
public final class PoolViews {

    private PoolViews() {}

    public record ProductCapacityView(
            String productId, int weightBps, Money capacity, Money activeCover, Money available, long utilisationPpm) {}

    public record LedgerView(
            Money deposits, Money premiums, Money withdrawals, Money payouts, Money fees, boolean conserved) {}

    public record PoolView(
            String poolId,
            String name,
            String manager,
            String asset,
            int assetDecimals,
            int capacityRatioBps,
            long trancheDurationMs,
            long withdrawalCooldownMs,
            Money capital,
            Money pendingWithdrawals,
            Money eligibleStake,
            Money activeCover,
            Money totalCapacity,
            long utilisationPpm,
            boolean acceptingCover,
            List<ProductCapacityView> products,
            LedgerView ledger,
            int positions,
            long version) {}

    public record PositionView(
            int trancheId, Instant trancheEndsAt, Money stake, Money pendingWithdrawal, boolean unlocked) {}

    public record WithdrawalView(
            String poolId,
            String withdrawalId,
            String provider,
            String recipient,
            int trancheId,
            Money amount,
            Instant cooldownEndsAt,
            String status,
            Money withdrawnAmount) {}

    public record ProviderView(
            String poolId,
            String provider,
            Money stake,
            List<PositionView> positions,
            List<WithdrawalView> withdrawals) {}

    /**
     * Every pool among {@code aggregates} (by id) rendered, in id order; one whose state cannot be rendered is handed to
     * {@code cannotRender} and left out, so one bad aggregate never keeps the others from being answered.
     */
    static List<PoolView> renderable(
            Map<String, Aggregate> aggregates, BiConsumer<String, RuntimeException> cannotRender) {
        List<PoolView> views = new ArrayList<>();
        for (Map.Entry<String, Aggregate> entry : new TreeMap<>(aggregates).entrySet()) {
            if (entry.getValue().state() instanceof Pool pool) {
                try {
                    views.add(pool(pool, entry.getValue().version()));
                } catch (RuntimeException e) {
                    cannotRender.accept(entry.getKey(), e);
                }
            }
        }
        return views;
    }

    static PoolView pool(Pool s, long version) {
        List<ProductCapacityView> products = new ArrayList<>();
        for (Map.Entry<String, Integer> weight : s.params().weights().entrySet()) {
            String productId = weight.getKey();
            Money capacity = s.productCapacity(productId);
            Money active = s.activeCover(productId);
            products.add(new ProductCapacityView(
                    productId,
                    weight.getValue(),
                    capacity,
                    active,
                    s.availableCapacity(productId),
                    ppm(active, capacity)));
        }
        Money totalCapacity = s.totalCapacity();
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
                s.eligibleStake().isPositive(),
                products,
                new LedgerView(
                        l.deposits(), l.premiums(), l.withdrawals(), l.payouts(), l.fees(), l.conserves(s.capital())),
                s.stakes().size(),
                version);
    }

    static ProviderView provider(Pool s, String provider, Instant now) {
        List<PositionView> positions = new ArrayList<>();
        Money stake = Money.ZERO;
        for (Map.Entry<Position, Money> entry : s.stakes().entrySet()) {
            if (entry.getKey().provider().equals(provider)) {
                Instant endsAt = s.params().trancheEndsAt(entry.getKey().trancheId());
                positions.add(new PositionView(
                        entry.getKey().trancheId(),
                        endsAt,
                        entry.getValue(),
                        s.pendingOf(entry.getKey()),
                        !now.isBefore(endsAt)));
                stake = stake.plus(entry.getValue());
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

    private static long ppm(Money part, Money whole) {
        return PoolMath.ppm(part, whole);
    }
}
