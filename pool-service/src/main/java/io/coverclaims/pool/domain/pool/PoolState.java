package io.coverclaims.pool.domain;

import io.coverclaims.pool.domain.PoolCommand.ProductWeight;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pool as its events made it. Immutable: {@link PoolDecider#evolve} returns a new state. Collections are sorted
 * maps so that pro rata allocations walk positions in one deterministic order.
 *
 * @param params       null until the pool is created
 * @param stakes       stake of each provider position (provider, tranche); a position at zero is removed
 * @param withdrawals  every withdrawal ever requested, by id, with its status
 * @param reservations active capacity reservations, by reservation id
 * @param depositIds   deposits already counted (API idempotency key, or "txHash:logIndex" on-chain)
 * @param premiumPolicies policies whose premium was credited
 * @param payouts      reserved payouts, by payout id
 */
public record PoolState(Params params, SortedMap<Position, Long> stakes, Map<String, Withdrawal> withdrawals,
                        Map<String, Reservation> reservations, Set<String> depositIds, Set<String> premiumPolicies,
                        Map<String, Payout> payouts, Ledger ledger, long capital) {

    public static final long BPS = 10_000L;
    public static final long PPM = 1_000_000L;

    public static final PoolState NONE = new PoolState(null, Collections.emptySortedMap(), Map.of(), Map.of(), Set.of(),
            Set.of(), Map.of(), Ledger.ZERO, 0);

    public record Params(String poolId, String name, String manager, String asset, int assetDecimals,
                         int capacityRatioBps, SortedMap<String, Integer> weights, long trancheDurationMs,
                         long withdrawalCooldownMs) {

        public int weightOf(String productId) {
            return weights.getOrDefault(productId, 0);
        }

        public int currentTranche(Instant at) {
            return Math.toIntExact(Math.floorDiv(at.toEpochMilli(), trancheDurationMs));
        }

        public Instant trancheEndsAt(int trancheId) {
            return Instant.ofEpochMilli((trancheId + 1L) * trancheDurationMs);
        }
    }

    public record Position(String provider, int trancheId) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            int byProvider = provider.compareTo(other.provider);
            return byProvider != 0 ? byProvider : Integer.compare(trancheId, other.trancheId);
        }
    }

    public enum WithdrawalStatus { PENDING, COMPLETED, CANCELLED }

    public record Withdrawal(String withdrawalId, String provider, String recipient, int trancheId, long amount,
                             Instant cooldownEndsAt, WithdrawalStatus status, long withdrawnAmount) {
        public Position position() {
            return new Position(provider, trancheId);
        }
    }

    public record Reservation(String reservationId, String policyId, String productId, long amount, Instant coverEndsAt) {
    }

    public enum PayoutStatus { RESERVED, DISBURSED, RELEASED }

    /** A reserved payout with the charges it made, so a release gives back exactly what was taken. */
    public record Payout(String payoutId, String claimId, String recipient, long reservedAmount,
                         List<PoolEvent.PositionAmount> charges, long retained, PayoutStatus status) {
        public Payout withStatus(PayoutStatus next) {
            return new Payout(payoutId, claimId, recipient, reservedAmount, charges, retained, next);
        }
    }

    /**
     * The pool's books, cumulative: money in (deposits, premiums) equals money held (capital) plus money out
     * (withdrawals, payouts) plus what the pool kept (fees: rounding it retained).
     */
    public record Ledger(long deposits, long premiums, long withdrawals, long payouts, long fees) {
        public static final Ledger ZERO = new Ledger(0, 0, 0, 0, 0);

        public boolean conserves(long capital) {
            return deposits + premiums == capital + withdrawals + payouts + fees;
        }
    }

    public boolean exists() {
        return params != null;
    }

    public long stakeOf(Position position) {
        return stakes.getOrDefault(position, 0L);
    }

    /** Pending withdrawal amount of a position, at most its stake (a loss may have burned part of it). */
    public long pendingOf(Position position) {
        long pending = withdrawals.values().stream()
                .filter(w -> w.status() == WithdrawalStatus.PENDING && w.position().equals(position))
                .mapToLong(Withdrawal::amount).sum();
        return Math.min(pending, stakeOf(position));
    }

    public long pendingWithdrawals() {
        return withdrawals.values().stream().filter(w -> w.status() == WithdrawalStatus.PENDING)
                .map(Withdrawal::position).distinct().mapToLong(this::pendingOf).sum();
    }

    /** Stake that backs cover: capital less what providers asked to withdraw. */
    public long eligibleStake() {
        return Math.max(0, capital - pendingWithdrawals());
    }

    public long activeCover(String productId) {
        return reservations.values().stream().filter(r -> r.productId().equals(productId))
                .mapToLong(Reservation::amount).sum();
    }

    public long activeCover() {
        return reservations.values().stream().mapToLong(Reservation::amount).sum();
    }

    /** floor(base x ratio x weight): rounded down, in the pool's favour (it sells less, never more). */
    public long productCapacity(long base, String productId) {
        return mulDivFloor(base, (long) params.capacityRatioBps() * params.weightOf(productId), BPS * BPS);
    }

    public long productCapacity(String productId) {
        return productCapacity(eligibleStake(), productId);
    }

    public long availableCapacity(String productId) {
        return Math.max(0, productCapacity(productId) - activeCover(productId));
    }

    /** The least eligible stake whose capacity still covers every product's active cover. */
    public long requiredBase() {
        long required = 0;
        Map<String, Long> cover = new TreeMap<>();
        reservations.values().forEach(r -> cover.merge(r.productId(), r.amount(), Long::sum));
        for (Map.Entry<String, Long> entry : cover.entrySet()) {
            long factor = (long) params.capacityRatioBps() * params.weightOf(entry.getKey());
            long needed = factor == 0 ? Long.MAX_VALUE : mulDivCeil(entry.getValue(), BPS * BPS, factor);
            required = Math.max(required, needed);
        }
        return required;
    }

    public List<Withdrawal> withdrawalsOf(String provider) {
        return withdrawals.values().stream().filter(w -> w.provider().equals(provider)).toList();
    }

    static long mulDivFloor(long a, long b, long c) {
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
    }

    static long mulDivCeil(long a, long b, long c) {
        return new java.math.BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
                .divide(new java.math.BigDecimal(c), 0, RoundingMode.CEILING).longValueExact();
    }

    static SortedMap<String, Integer> weights(List<ProductWeight> products) {
        SortedMap<String, Integer> weights = new TreeMap<>();
        products.forEach(p -> weights.put(p.productId(), p.weightBps()));
        return Collections.unmodifiableSortedMap(weights);
    }
}
