package io.coverclaims.pool.domain.pool;

import io.coverclaims.pool.domain.pool.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.pool.PoolEvent.PositionAmount;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pool as its events made it, in one of two phases: {@link NoPool} before its {@code PoolCreated}, then a live
 * {@link Pool}. Immutable: {@link PoolDecider#evolve} returns a new state.
 */
public sealed interface PoolState {

    PoolState INITIAL = new NoPool();

    /** No pool under this id yet: only creation is decided (and capacity requests are declined, so sagas get an answer). */
    record NoPool() implements PoolState {}

    /**
     * A created pool. Collections are sorted or keyed maps, unmodifiable; stakes are sorted so that pro rata allocations
     * walk positions in one deterministic order.
     *
     * @param stakes          stake of each provider position (provider, tranche); a position at zero is removed
     * @param withdrawals     every withdrawal ever requested, by id, with its status
     * @param reservations    active capacity reservations, by reservation id
     * @param depositIds      deposits already counted (API idempotency key, or "txHash:logIndex" on-chain)
     * @param premiumPolicies policies whose premium was credited
     * @param payouts         reserved payouts, by payout id
     * @param capital         the sum of the stakes
     */
    record Pool(
            Params params,
            SortedMap<Position, Long> stakes,
            Map<String, Withdrawal> withdrawals,
            Map<String, Reservation> reservations,
            Set<String> depositIds,
            Set<String> premiumPolicies,
            Map<String, Payout> payouts,
            Ledger ledger,
            long capital)
            implements PoolState {

        /** A pool just created: no capital, no cover, empty books. */
        public static Pool of(Params params) {
            return new Pool(
                    params,
                    Collections.emptySortedMap(),
                    Map.of(),
                    Map.of(),
                    Set.of(),
                    Set.of(),
                    Map.of(),
                    Ledger.ZERO,
                    0);
        }

        // -------------------------------------------------------------- with…

        public Pool withParams(Params next) {
            return new Pool(
                    next, stakes, withdrawals, reservations, depositIds, premiumPolicies, payouts, ledger, capital);
        }

        /** Adds each change to its position's stake; a position reaching zero is removed, none may go negative. */
        public Pool withStakesChangedBy(List<PositionAmount> changes) {
            SortedMap<Position, Long> next = new TreeMap<>(stakes);
            for (PositionAmount change : changes) {
                Position position = new Position(change.provider(), change.trancheId());
                long value = Math.addExact(next.getOrDefault(position, 0L), change.amount());
                if (value < 0) {
                    throw new IllegalStateException("stake of " + position + " would be negative: " + value);
                }
                if (value == 0) {
                    next.remove(position);
                } else {
                    next.put(position, value);
                }
            }
            return new Pool(
                    params,
                    Collections.unmodifiableSortedMap(next),
                    withdrawals,
                    reservations,
                    depositIds,
                    premiumPolicies,
                    payouts,
                    ledger,
                    capital);
        }

        public Pool withWithdrawal(Withdrawal withdrawal) {
            return new Pool(
                    params,
                    stakes,
                    put(withdrawals, withdrawal.withdrawalId(), withdrawal),
                    reservations,
                    depositIds,
                    premiumPolicies,
                    payouts,
                    ledger,
                    capital);
        }

        public Pool withReservation(Reservation reservation) {
            return new Pool(
                    params,
                    stakes,
                    withdrawals,
                    put(reservations, reservation.reservationId(), reservation),
                    depositIds,
                    premiumPolicies,
                    payouts,
                    ledger,
                    capital);
        }

        public Pool withoutReservation(String reservationId) {
            Map<String, Reservation> next = new HashMap<>(reservations);
            next.remove(reservationId);
            return new Pool(
                    params,
                    stakes,
                    withdrawals,
                    Collections.unmodifiableMap(next),
                    depositIds,
                    premiumPolicies,
                    payouts,
                    ledger,
                    capital);
        }

        public Pool withDepositId(String depositId) {
            return new Pool(
                    params,
                    stakes,
                    withdrawals,
                    reservations,
                    add(depositIds, depositId),
                    premiumPolicies,
                    payouts,
                    ledger,
                    capital);
        }

        public Pool withPremiumPolicy(String policyId) {
            return new Pool(
                    params,
                    stakes,
                    withdrawals,
                    reservations,
                    depositIds,
                    add(premiumPolicies, policyId),
                    payouts,
                    ledger,
                    capital);
        }

        public Pool withPayout(Payout payout) {
            return new Pool(
                    params,
                    stakes,
                    withdrawals,
                    reservations,
                    depositIds,
                    premiumPolicies,
                    put(payouts, payout.payoutId(), payout),
                    ledger,
                    capital);
        }

        /** The books after an event: the ledger's lines and the capital they balance against. */
        public Pool withBooks(Ledger nextLedger, long nextCapital) {
            return new Pool(
                    params,
                    stakes,
                    withdrawals,
                    reservations,
                    depositIds,
                    premiumPolicies,
                    payouts,
                    nextLedger,
                    nextCapital);
        }

        // -------------------------------------------------------------- what the rules ask

        public long stakeOf(Position position) {
            return stakes.getOrDefault(position, 0L);
        }

        /** Pending withdrawal amount of a position, at most its stake (a loss may have burned part of it). */
        public long pendingOf(Position position) {
            long pending = withdrawals.values().stream()
                    .filter(w -> w.status() == WithdrawalStatus.PENDING
                            && w.position().equals(position))
                    .mapToLong(Withdrawal::amount)
                    .sum();
            return Math.min(pending, stakeOf(position));
        }

        public long pendingWithdrawals() {
            return withdrawals.values().stream()
                    .filter(w -> w.status() == WithdrawalStatus.PENDING)
                    .map(Withdrawal::position)
                    .distinct()
                    .mapToLong(this::pendingOf)
                    .sum();
        }

        /** Stake that backs cover: capital less what providers asked to withdraw. */
        public long eligibleStake() {
            return Math.max(0, capital - pendingWithdrawals());
        }

        public long activeCover(String productId) {
            return reservations.values().stream()
                    .filter(r -> r.productId().equals(productId))
                    .mapToLong(Reservation::amount)
                    .sum();
        }

        public long activeCover() {
            return reservations.values().stream().mapToLong(Reservation::amount).sum();
        }

        /** floor(base x ratio x weight): rounded down, in the pool's favour (it sells less, never more). */
        public long productCapacity(long base, String productId) {
            return PoolMath.mulDivFloor(
                    base, (long) params.capacityRatioBps() * params.weightOf(productId), PoolMath.BPS * PoolMath.BPS);
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
                long needed = factor == 0
                        ? Long.MAX_VALUE
                        : PoolMath.mulDivCeil(entry.getValue(), PoolMath.BPS * PoolMath.BPS, factor);
                required = Math.max(required, needed);
            }
            return required;
        }

        public List<Withdrawal> withdrawalsOf(String provider) {
            return withdrawals.values().stream()
                    .filter(w -> w.provider().equals(provider))
                    .toList();
        }

        private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
            Map<String, V> next = new HashMap<>(map);
            next.put(key, value);
            return Collections.unmodifiableMap(next);
        }

        private static Set<String> add(Set<String> set, String value) {
            Set<String> next = new HashSet<>(set);
            next.add(value);
            return Collections.unmodifiableSet(next);
        }
    }

    /** The parameters a pool was created with, as its events recorded them. */
    record Params(
            String poolId,
            String name,
            String manager,
            String asset,
            int assetDecimals,
            int capacityRatioBps,
            SortedMap<String, Integer> weights,
            long trancheDurationMs,
            long withdrawalCooldownMs) {

        public static Params of(PoolEvent.PoolCreated e) {
            return new Params(
                    e.poolId(),
                    e.name(),
                    e.manager(),
                    e.asset(),
                    e.assetDecimals(),
                    e.capacityRatioBps(),
                    weights(e.products()),
                    e.trancheDurationMs(),
                    e.withdrawalCooldownMs());
        }

        public Params withWeights(List<ProductWeight> products) {
            return new Params(
                    poolId,
                    name,
                    manager,
                    asset,
                    assetDecimals,
                    capacityRatioBps,
                    weights(products),
                    trancheDurationMs,
                    withdrawalCooldownMs);
        }

        public int weightOf(String productId) {
            return weights.getOrDefault(productId, 0);
        }

        public int currentTranche(Instant at) {
            return Math.toIntExact(Math.floorDiv(at.toEpochMilli(), trancheDurationMs));
        }

        public Instant trancheEndsAt(int trancheId) {
            return Instant.ofEpochMilli((trancheId + 1L) * trancheDurationMs);
        }

        public static SortedMap<String, Integer> weights(List<ProductWeight> products) {
            SortedMap<String, Integer> weights = new TreeMap<>();
            products.forEach(p -> weights.put(p.productId(), p.weightBps()));
            return Collections.unmodifiableSortedMap(weights);
        }
    }

    record Position(String provider, int trancheId) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            int byProvider = provider.compareTo(other.provider);
            return byProvider != 0 ? byProvider : Integer.compare(trancheId, other.trancheId);
        }
    }

    enum WithdrawalStatus {
        PENDING,
        COMPLETED,
        CANCELLED
    }

    record Withdrawal(
            String withdrawalId,
            String provider,
            String recipient,
            int trancheId,
            long amount,
            Instant cooldownEndsAt,
            WithdrawalStatus status,
            long withdrawnAmount) {
        public Position position() {
            return new Position(provider, trancheId);
        }

        public Withdrawal completed(long withdrawn) {
            return new Withdrawal(
                    withdrawalId,
                    provider,
                    recipient,
                    trancheId,
                    amount,
                    cooldownEndsAt,
                    WithdrawalStatus.COMPLETED,
                    withdrawn);
        }

        public Withdrawal cancelled() {
            return new Withdrawal(
                    withdrawalId,
                    provider,
                    recipient,
                    trancheId,
                    amount,
                    cooldownEndsAt,
                    WithdrawalStatus.CANCELLED,
                    0);
        }
    }

    record Reservation(String reservationId, String policyId, String productId, long amount, Instant coverEndsAt) {}

    enum PayoutStatus {
        RESERVED,
        DISBURSED,
        RELEASED
    }

    /** A reserved payout with the charges it made, so a release gives back exactly what was taken. */
    record Payout(
            String payoutId,
            String claimId,
            String recipient,
            long reservedAmount,
            List<PositionAmount> charges,
            long retained,
            PayoutStatus status) {
        public Payout withStatus(PayoutStatus next) {
            return new Payout(payoutId, claimId, recipient, reservedAmount, charges, retained, next);
        }
    }

    /**
     * The pool's books, cumulative: money in (deposits, premiums) equals money held (capital) plus money out
     * (withdrawals, payouts) plus what the pool kept (fees: rounding it retained).
     */
    record Ledger(long deposits, long premiums, long withdrawals, long payouts, long fees) {
        public static final Ledger ZERO = new Ledger(0, 0, 0, 0, 0);

        public boolean conserves(long capital) {
            return deposits + premiums == capital + withdrawals + payouts + fees;
        }

        public Ledger withDeposit(long amount) {
            return new Ledger(deposits + amount, premiums, withdrawals, payouts, fees);
        }

        public Ledger withPremium(long amount, long retained) {
            return new Ledger(deposits, premiums + amount, withdrawals, payouts, fees + retained);
        }

        public Ledger withWithdrawal(long amount) {
            return new Ledger(deposits, premiums, withdrawals + amount, payouts, fees);
        }

        /** A payout charged to the stakes, with what rounding overcharged (kept as fees). */
        public Ledger withPayoutReserved(long reserved, long retained) {
            return new Ledger(deposits, premiums, withdrawals, payouts + reserved, fees + retained);
        }

        /** A reserved payout given back, the rounding it retained with it. */
        public Ledger withPayoutReleased(long reserved, long retained) {
            return new Ledger(deposits, premiums, withdrawals, payouts - reserved, fees - retained);
        }
    }
}
