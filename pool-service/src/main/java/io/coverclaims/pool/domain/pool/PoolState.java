package io.coverclaims.pool.domain.pool;

import io.coverclaims.platform.money.Money;
import io.coverclaims.pool.domain.pool.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.pool.PoolEvent.PositionAmount;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

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
            SortedMap<Position, Money> stakes,
            Map<String, Withdrawal> withdrawals,
            Map<String, Reservation> reservations,
            Set<String> depositIds,
            Set<String> premiumPolicies,
            Map<String, Payout> payouts,
            Ledger ledger,
            Money capital)
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
                    Money.ZERO);
        }

        // -------------------------------------------------------------- with…

        public Pool withParams(Params next) {
            return new Pool(
                    next, stakes, withdrawals, reservations, depositIds, premiumPolicies, payouts, ledger, capital);
        }

        /** Adds each amount to its position's stake (premium credits, deposits, returned charges). */
        public Pool withStakesCredited(List<PositionAmount> credits) {
            return withStakesChangedBy(credits, Money::plus);
        }

        /** Takes each amount from its position's stake (withdrawals, loss charges); a position reaching zero is removed. */
        public Pool withStakesDebited(List<PositionAmount> debits) {
            return withStakesChangedBy(debits, Money::minus);
        }

        private Pool withStakesChangedBy(List<PositionAmount> changes, BinaryOperator<Money> change) {
            SortedMap<Position, Money> next = new TreeMap<>(stakes);
            for (PositionAmount amount : changes) {
                Position position = new Position(amount.provider(), amount.trancheId());
                Money value = change.apply(next.getOrDefault(position, Money.ZERO), amount.amount());
                if (value.isZero()) {
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
        public Pool withBooks(Ledger nextLedger, Money nextCapital) {
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

        public Money stakeOf(Position position) {
            return stakes.getOrDefault(position, Money.ZERO);
        }

        /** Pending withdrawal amount of a position, at most its stake (a loss may have burned part of it). */
        public Money pendingOf(Position position) {
            BigInteger pending = withdrawals.values().stream()
                    .filter(w -> w.status() == WithdrawalStatus.PENDING
                            && w.position().equals(position))
                    .map(w -> w.amount().value())
                    .reduce(BigInteger.ZERO, BigInteger::add);
            return Money.of(pending.min(stakeOf(position).value()));
        }

        public Money pendingWithdrawals() {
            return withdrawals.values().stream()
                    .filter(w -> w.status() == WithdrawalStatus.PENDING)
                    .map(Withdrawal::position)
                    .distinct()
                    .map(this::pendingOf)
                    .reduce(Money.ZERO, Money::plus);
        }

        /** Stake that backs cover: capital less what providers asked to withdraw. */
        public Money eligibleStake() {
            return capital.minusOrZero(pendingWithdrawals());
        }

        /** Cover reserved on a product: never more than its capacity when reserved, so within range. */
        public Money activeCover(String productId) {
            return reservations.values().stream()
                    .filter(r -> r.productId().equals(productId))
                    .map(Reservation::amount)
                    .reduce(Money.ZERO, Money::plus);
        }

        public Money activeCover() {
            return reservations.values().stream().map(Reservation::amount).reduce(Money.ZERO, Money::plus);
        }

        /** floor(base x ratio x weight): rounded down, in the pool's favour (it sells less, never more). */
        public Money productCapacity(Money base, String productId) {
            return PoolMath.capacity(base, params.capacityRatioBps(), params.weightOf(productId));
        }

        public Money productCapacity(String productId) {
            return productCapacity(eligibleStake(), productId);
        }

        /** floor(eligible stake x ratio): what every product together could sell at full weight. */
        public Money totalCapacity() {
            return PoolMath.capacity(eligibleStake(), params.capacityRatioBps(), (int) PoolMath.BPS);
        }

        public Money availableCapacity(String productId) {
            return productCapacity(productId).minusOrZero(activeCover(productId));
        }

        /**
         * The least eligible stake whose capacity still covers every product's active cover; {@link PoolMath#UNREACHABLE}
         * when no amount does.
         */
        public BigInteger requiredBase() {
            BigInteger required = BigInteger.ZERO;
            Map<String, Money> cover = new TreeMap<>();
            reservations.values().forEach(r -> cover.merge(r.productId(), r.amount(), Money::plus));
            for (Map.Entry<String, Money> entry : cover.entrySet()) {
                required = required.max(
                        PoolMath.baseFor(entry.getValue(), params.capacityRatioBps(), params.weightOf(entry.getKey())));
            }
            return required;
        }

        /** Whether the stake not on its way out still carries every product's active cover. */
        public boolean backsActiveCover() {
            return eligibleStake().value().compareTo(requiredBase()) >= 0;
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
            Money amount,
            Instant cooldownEndsAt,
            WithdrawalStatus status,
            Money withdrawnAmount) {
        public Position position() {
            return new Position(provider, trancheId);
        }

        public Withdrawal completed(Money withdrawn) {
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
                    Money.ZERO);
        }
    }

    record Reservation(String reservationId, String policyId, String productId, Money amount, Instant coverEndsAt) {}

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
            Money reservedAmount,
            List<PositionAmount> charges,
            Money retained,
            PayoutStatus status) {
        public Payout withStatus(PayoutStatus next) {
            return new Payout(payoutId, claimId, recipient, reservedAmount, charges, retained, next);
        }
    }

    /**
     * The pool's books, cumulative: money in (deposits, premiums) equals money held (capital) plus money out
     * (withdrawals, payouts) plus what the pool kept (fees: rounding it retained).
     */
    record Ledger(Money deposits, Money premiums, Money withdrawals, Money payouts, Money fees) {
        public static final Ledger ZERO = new Ledger(Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO);

        public boolean conserves(Money capital) {
            return deposits.value()
                    .add(premiums.value())
                    .equals(capital.value()
                            .add(withdrawals.value())
                            .add(payouts.value())
                            .add(fees.value()));
        }

        /**
         * Money in so far (deposits + premiums) plus {@code amount} stays within 2^256 - 1. Every line of the books, and
         * the capital, is at most the money in, so a pool that keeps to this never leaves the range.
         */
        public boolean admits(Money amount) {
            return deposits.value().add(premiums.value()).add(amount.value()).compareTo(Money.MAX_VALUE) <= 0;
        }

        public Ledger withDeposit(Money amount) {
            return new Ledger(deposits.plus(amount), premiums, withdrawals, payouts, fees);
        }

        public Ledger withPremium(Money amount, Money retained) {
            return new Ledger(deposits, premiums.plus(amount), withdrawals, payouts, fees.plus(retained));
        }

        public Ledger withWithdrawal(Money amount) {
            return new Ledger(deposits, premiums, withdrawals.plus(amount), payouts, fees);
        }

        /** A payout charged to the stakes, with what rounding overcharged (kept as fees). */
        public Ledger withPayoutReserved(Money reserved, Money retained) {
            return new Ledger(deposits, premiums, withdrawals, payouts.plus(reserved), fees.plus(retained));
        }

        /** A reserved payout given back, the rounding it retained with it. */
        public Ledger withPayoutReleased(Money reserved, Money retained) {
            return new Ledger(deposits, premiums, withdrawals, payouts.minus(reserved), fees.minus(retained));
        }
    }
}
