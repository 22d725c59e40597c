package io.coverclaims.pool.domain.pool;

import static java.math.BigInteger.ZERO;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.AmountOutOfRange;
import io.coverclaims.platform.money.Money;
import io.coverclaims.pool.domain.pool.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.pool.PoolCommand.Source;
import io.coverclaims.pool.domain.pool.PoolEvent.PositionAmount;
import io.coverclaims.pool.domain.pool.PoolEvent.TrancheAmount;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import io.coverclaims.pool.domain.pool.PoolState.Position;
import io.coverclaims.pool.domain.pool.PoolState.Withdrawal;
import io.coverclaims.pool.domain.pool.PoolState.WithdrawalStatus;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The pool's books over thousands of random operation sequences against the decider, checked after every event against
 * {@link Books}, a reference ledger kept by hand in this test from the commands and the rules as the README states them
 * (pro rata floors and ceilings, caps, cooldowns), in BigInteger:
 * <ul>
 *   <li>deposits + premiums = capital + withdrawals + payouts + fees, in the reference and in the pool, line by line
 *       equal; capital is the sum of the positions, which are the reference's, none negative;</li>
 *   <li>a repeated deposit (same deposit id) and a repeated premium (same policy) change nothing;</li>
 *   <li>a withdrawal completes no earlier than max(tranche end, request + cooldown), and after every withdrawal event
 *       the stake not being withdrawn still carries every product's active cover; only its provider may complete or
 *       cancel it (another provider asking is refused {@code NOT_WITHDRAWAL_OWNER} and changes nothing);</li>
 *   <li>a reservation never takes a product beyond its capacity; pending withdrawals never exceed capital;</li>
 *   <li>amounts range over uint256: 6-decimal sizes, 18-decimal sizes (up to 10^24) and values near 2^256; a deposit or
 *       premium that would take the money in (deposits + premiums) beyond 2^256 - 1 is refused
 *       {@code AMOUNT_OUT_OF_RANGE} naming {@code amount}, exactly when the reference says so, and changes nothing;
 *       capacity is capped at 2^256 - 1;</li>
 *   <li>replaying the events rebuilds the same state.</li>
 * </ul>
 */
class PoolLedgerPropertyTest {

    static final int TRIES = 3_000;
    static final String POOL = "pool-prop";
    static final List<String> PROVIDERS =
            List.of("0x" + "a".repeat(40), "0x" + "b".repeat(40), "0x" + "c".repeat(40), "0x" + "d".repeat(40));
    static final List<String> PRODUCTS = List.of("prod-a", "prod-b", "prod-not-underwritten");
    static final long COOLDOWN_MS = Duration.ofDays(7).toMillis();
    static final AtomicLong SEQUENCES = new AtomicLong();
    static final AtomicLong OPERATIONS = new AtomicLong();
    static final AtomicLong EVENTS = new AtomicLong();
    static final AtomicLong REPEATS = new AtomicLong();
    static final AtomicLong COMPLETED_WITHDRAWALS = new AtomicLong();
    static final AtomicLong OUT_OF_RANGE = new AtomicLong();
    static final AtomicLong STRANGERS_REFUSED = new AtomicLong();
    static final BigInteger MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    static final BigInteger TEN_TO_24 = BigInteger.TEN.pow(24);

    enum Kind {
        DEPOSIT,
        DEPOSIT_AGAIN,
        REQUEST_WITHDRAWAL,
        COMPLETE_WITHDRAWAL,
        CANCEL_WITHDRAWAL,
        RESERVE,
        RELEASE,
        PREMIUM,
        PAYOUT,
        CONFIRM_PAYOUT,
        RELEASE_PAYOUT,
        SET_WEIGHTS
    }

    /** One random step; the interpreter turns its numbers into a command that fits the state. */
    record Op(Kind kind, int who, BigInteger amount, int pick, long advanceMs) {}

    @Provide
    Arbitrary<List<Op>> sequences() {
        // 6-decimal sizes as before, 18-decimal sizes (1 wei .. a million tokens), and now and then an amount near
        // 2^256
        Arbitrary<BigInteger> amounts = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(1, 1_000).map(BigInteger::valueOf)),
                Tuple.of(3, Arbitraries.longs().between(1, 10_000_000_000L).map(BigInteger::valueOf)),
                Tuple.of(1, Arbitraries.of(1L, 2L, 3L, 7L, 999_999L).map(BigInteger::valueOf)),
                Tuple.of(3, Arbitraries.bigIntegers().between(BigInteger.ONE, TEN_TO_24)),
                Tuple.of(1, Arbitraries.bigIntegers().between(MAX.subtract(TEN_TO_24), MAX)));
        Arbitrary<Op> op = Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.integers().between(0, 3),
                        amounts,
                        Arbitraries.integers().between(0, 1_000),
                        Arbitraries.longs().between(0, Duration.ofDays(60).toMillis()))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = TRIES)
    void the_ledger_is_conserved_and_agrees_with_a_reference_ledger_after_every_event(
            @ForAll("sequences") List<Op> ops,
            @ForAll @IntRange(min = 1, max = 60_000) int ratioBps,
            @ForAll @IntRange(min = 0, max = 10_000) int weightA,
            @ForAll @IntRange(min = 0, max = 10_000) int weightB,
            @ForAll @IntRange(min = 1, max = 91) int trancheDays) {
        Decider<PoolCommand, PoolEvent, PoolState> decider = PoolDecider.DECIDER;
        Books books = new Books(ratioBps, Duration.ofDays(trancheDays).toMillis());
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        List<PoolEvent> history = new ArrayList<>();
        PoolState state = decider.initialState();
        state = apply(
                decider,
                state,
                new PoolCommand.CreatePool(
                        POOL,
                        "prop",
                        PROVIDERS.get(0),
                        "USDC",
                        null,
                        ratioBps,
                        List.of(new ProductWeight("prod-a", weightA), new ProductWeight("prod-b", weightB)),
                        Duration.ofDays(trancheDays).toMillis(),
                        COOLDOWN_MS,
                        now),
                books,
                history);
        int ids = 0;
        for (Op op : ops) {
            now = now.plusMillis(op.advanceMs());
            assertThat(state).isInstanceOf(Pool.class);
            PoolCommand command = command(op, (Pool) state, now, ids++);
            if (command != null) {
                OPERATIONS.incrementAndGet();
                state = apply(decider, state, command, books, history);
            }
        }
        assertThat(decider.replay(history)).isEqualTo(state);
        SEQUENCES.incrementAndGet();
    }

    private static PoolState apply(
            Decider<PoolCommand, PoolEvent, PoolState> decider,
            PoolState state,
            PoolCommand command,
            Books books,
            List<PoolEvent> history) {
        Decision<PoolEvent> decision = decider.decide(command, state);
        Statistics.label("outcome")
                .collect(
                        command.getClass().getSimpleName(),
                        switch (decision) {
                            case Decision.Rejected<PoolEvent> r ->
                                "rejected " + r.rejection().code();
                            case Decision.Accepted<PoolEvent> a when a.events().isEmpty() -> "nothing to do";
                            case Decision.Accepted<PoolEvent> a ->
                                a.events().getFirst().getClass().getSimpleName();
                        });
        if (books.repeats(command)) {
            REPEATS.incrementAndGet();
            assertThat(decision)
                    .as("a repeated deposit or premium changes nothing: %s", command)
                    .isEqualTo(Decision.<PoolEvent>nothingToDo());
        } else if (books.overflows(command)) {
            OUT_OF_RANGE.incrementAndGet();
            assertThat(decision)
                    .as("money in beyond 2^256 - 1 is refused naming the amount: %s", command)
                    .isInstanceOfSatisfying(Decision.Rejected.class, r -> {
                        assertThat(r.rejection().code()).isEqualTo(AmountOutOfRange.CODE);
                        assertThat(r.rejection().field()).isEqualTo("amount");
                    });
        }
        if (asksAsStranger(command, state)) {
            STRANGERS_REFUSED.incrementAndGet();
            assertThat(decision)
                    .as("only a withdrawal's provider may complete or cancel it: %s", command)
                    .isInstanceOfSatisfying(
                            Decision.Rejected.class,
                            r -> assertThat(r.rejection().code()).isEqualTo("NOT_WITHDRAWAL_OWNER"));
        }
        if (decision instanceof Decision.Rejected<PoolEvent> r
                && r.rejection().code().equals(AmountOutOfRange.CODE)) {
            assertThat(books.overflows(command))
                    .as("refused out of range only when the reference overflows: %s", command)
                    .isTrue();
        }
        if (!(decision instanceof Decision.Accepted<PoolEvent> accepted)) {
            return state;
        }
        for (PoolEvent event : accepted.events()) {
            state = decider.evolve(state, event);
            history.add(event);
            EVENTS.incrementAndGet();
            books.apply(command, event);
            assertThat(state).isInstanceOf(Pool.class);
            check((Pool) state, books, event);
        }
        return state;
    }

    /** A completion or cancellation of a known withdrawal asked by someone other than its provider. */
    private static boolean asksAsStranger(PoolCommand command, PoolState state) {
        String[] ask = switch (command) {
            case PoolCommand.CompleteWithdrawal c -> new String[] {c.withdrawalId(), c.actor()};
            case PoolCommand.CancelWithdrawal c -> new String[] {c.withdrawalId(), c.actor()};
            default -> null;
        };
        return ask != null
                && state instanceof Pool pool
                && pool.withdrawals().containsKey(ask[0])
                && !pool.withdrawals().get(ask[0]).provider().equals(ask[1]);
    }

    /** The pool after an event: its own invariants, and agreement with the reference ledger. */
    private static void check(Pool s, Books books, PoolEvent event) {
        PoolState.Ledger l = s.ledger();
        assertThat(books.deposits.add(books.premiums))
                .as("reference conservation after %s", event)
                .isEqualTo(books.capital()
                        .add(books.withdrawals)
                        .add(books.payouts)
                        .add(books.fees));
        assertThat(l.deposits().value().add(l.premiums().value()))
                .as("conservation after %s", event)
                .isEqualTo(s.capital()
                        .value()
                        .add(l.withdrawals().value())
                        .add(l.payouts().value())
                        .add(l.fees().value()));
        assertThat(List.of(
                        l.deposits().value(),
                        l.premiums().value(),
                        l.withdrawals().value(),
                        l.payouts().value(),
                        l.fees().value()))
                .as("ledger lines after %s", event)
                .isEqualTo(books.lines());
        assertThat(s.stakes().values().stream().map(Money::value).reduce(ZERO, BigInteger::add))
                .as("capital = sum of positions")
                .isEqualTo(s.capital().value());
        assertThat(s.stakes()).as("positions after %s", event).isEqualTo(books.positions());
        assertThat(s.stakes().values())
                .allSatisfy(stake -> assertThat(stake.isPositive()).isTrue());
        assertThat(l.fees().value()).isNotNegative();
        assertThat(s.pendingWithdrawals()).isBetween(Money.ZERO, s.capital());
        if (event instanceof PoolEvent.CapacityReserved reserved) {
            assertThat(s.activeCover(reserved.productId()))
                    .as("never sells beyond capacity")
                    .isLessThanOrEqualTo(s.productCapacity(reserved.productId()));
            assertThat(reserved.availableAfter().value()).isNotNegative();
        }
        if (event instanceof PoolEvent.PayoutReserved payout) {
            assertThat(payout.reservedAmount())
                    .isLessThanOrEqualTo(payout.requestedAmount())
                    .isLessThanOrEqualTo(payout.availableCapital());
            assertThat(payout.retained().value())
                    .isNotNegative()
                    .isLessThan(BigInteger.valueOf(
                            Math.max(1, payout.positionCharges().size())));
        }
        if (event instanceof PoolEvent.WithdrawalRequested || event instanceof PoolEvent.CapitalWithdrawn) {
            books.assertStakeNotWithdrawnCarriesActiveCover(event);
        }
    }

    /**
     * The reference ledger: positions, ledger lines, pending withdrawals and reservations kept by hand, each event
     * checked against what the rules say it must be before it is booked (from this ledger's own numbers, not the event's).
     */
    static final class Books {
        record Pos(String provider, int tranche) {}

        record Pending(Pos pos, BigInteger amount, Instant cooldownEndsAt) {}

        record Charged(Map<Pos, BigInteger> charges, BigInteger reserved, BigInteger retained) {}

        final int ratioBps;
        final long trancheMs;
        final Map<String, Integer> weights = new HashMap<>();
        final Map<Pos, BigInteger> stakes = new HashMap<>();
        final Set<String> depositIds = new HashSet<>();
        final Set<String> premiumPolicies = new HashSet<>();
        final Map<String, Pending> pending = new HashMap<>();
        final Map<String, PoolCommand.ReserveCapacity> reservations = new HashMap<>();
        final Map<String, Charged> payoutCharges = new HashMap<>();
        BigInteger deposits = ZERO, premiums = ZERO, withdrawals = ZERO, payouts = ZERO, fees = ZERO;

        Books(int ratioBps, long trancheMs) {
            this.ratioBps = ratioBps;
            this.trancheMs = trancheMs;
        }

        boolean repeats(PoolCommand command) {
            return command instanceof PoolCommand.DepositCapital d && depositIds.contains(d.depositId())
                    || command instanceof PoolCommand.RecordPremium p && premiumPolicies.contains(p.policyId());
        }

        /** A new deposit or premium that would take the money in (deposits + premiums) beyond 2^256 - 1. */
        boolean overflows(PoolCommand command) {
            BigInteger in = switch (command) {
                case PoolCommand.DepositCapital d when !repeats(d) -> big(d.amount());
                case PoolCommand.RecordPremium p when !repeats(p) -> big(p.amount());
                default -> null;
            };
            return in != null && deposits.add(premiums).add(in).compareTo(MAX) > 0;
        }

        void apply(PoolCommand command, PoolEvent event) {
            switch (event) {
                case PoolEvent.PoolCreated e -> e.products().forEach(p -> weights.put(p.productId(), p.weightBps()));
                case PoolEvent.ProductWeightsSet e -> {
                    weights.clear();
                    e.products().forEach(p -> weights.put(p.productId(), p.weightBps()));
                }
                case PoolEvent.CapitalDeposited e -> {
                    var c = (PoolCommand.DepositCapital) command;
                    int current = Math.toIntExact(Math.floorDiv(c.at().toEpochMilli(), trancheMs));
                    assertThat(e.trancheId()).isEqualTo(c.trancheId() == null ? current : c.trancheId());
                    assertThat(e.amount()).isEqualTo(c.amount());
                    book(new Pos(e.provider(), e.trancheId()), big(e.amount()));
                    deposits = deposits.add(big(e.amount()));
                    depositIds.add(e.depositId());
                    assertThat(big(e.totalStake())).isEqualTo(capital());
                }
                case PoolEvent.PremiumRecorded e -> {
                    // floor(premium x stake / capital) each; the pool keeps the rest, the whole premium when it has no
                    // stake
                    BigInteger capital = capital();
                    Map<Pos, BigInteger> shares = new HashMap<>();
                    stakes.forEach((pos, stake) -> {
                        BigInteger share = capital.signum() == 0
                                ? ZERO
                                : big(e.amount()).multiply(stake).divide(capital);
                        if (share.signum() > 0) {
                            shares.put(pos, share);
                        }
                    });
                    BigInteger retained = big(e.amount()).subtract(sum(shares));
                    assertThat(byPosition(e.positionAllocations()))
                            .as("premium credits")
                            .isEqualTo(shares);
                    assertThat(byTranche(e.allocations())).isEqualTo(byTranche(shares));
                    assertThat(big(e.retained()))
                            .isEqualTo(retained)
                            .isLessThanOrEqualTo(
                                    capital.signum() == 0
                                            ? big(e.amount())
                                            : BigInteger.valueOf(Math.max(0, stakes.size() - 1)));
                    shares.forEach(this::book);
                    premiums = premiums.add(big(e.amount()));
                    fees = fees.add(retained);
                    premiumPolicies.add(e.policyId());
                }
                case PoolEvent.PayoutReserved e -> {
                    // min(request, capital), charged ceil(reserved x stake / capital) to each position
                    BigInteger capital = capital();
                    BigInteger reserved = big(e.requestedAmount()).min(capital);
                    Map<Pos, BigInteger> charges = new HashMap<>();
                    stakes.forEach((pos, stake) -> {
                        BigInteger[] qr = reserved.multiply(stake).divideAndRemainder(capital);
                        BigInteger charge = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
                        if (charge.signum() > 0) {
                            charges.put(pos, charge);
                        }
                    });
                    BigInteger retained = sum(charges).subtract(reserved);
                    assertThat(big(e.reservedAmount())).isEqualTo(reserved);
                    assertThat(byPosition(e.positionCharges()))
                            .as("loss charges")
                            .isEqualTo(charges);
                    assertThat(big(e.retained())).isEqualTo(retained);
                    charges.forEach((pos, charge) -> book(pos, charge.negate()));
                    assertThat(big(e.totalStakeAfter())).isEqualTo(capital());
                    payouts = payouts.add(reserved);
                    fees = fees.add(retained);
                    payoutCharges.put(e.payoutId(), new Charged(charges, reserved, retained));
                }
                case PoolEvent.PayoutReleased e -> {
                    Charged charged = payoutCharges.remove(e.payoutId());
                    charged.charges().forEach(this::book);
                    payouts = payouts.subtract(charged.reserved());
                    fees = fees.subtract(charged.retained());
                }
                case PoolEvent.WithdrawalRequested e -> {
                    Instant trancheEnds = Instant.ofEpochMilli((e.trancheId() + 1L) * trancheMs);
                    Instant afterCooldown = command.at().plusMillis(COOLDOWN_MS);
                    Instant cooldownEndsAt = afterCooldown.isAfter(trancheEnds) ? afterCooldown : trancheEnds;
                    assertThat(e.cooldownEndsAt())
                            .as("cooldownEndsAt = max(tranche end, request + cooldown)")
                            .isEqualTo(cooldownEndsAt);
                    pending.put(
                            e.withdrawalId(),
                            new Pending(new Pos(e.provider(), e.trancheId()), big(e.amount()), cooldownEndsAt));
                }
                case PoolEvent.WithdrawalCancelled e -> pending.remove(e.withdrawalId());
                case PoolEvent.CapitalWithdrawn e -> {
                    Pending request = pending.remove(e.withdrawalId());
                    assertThat(command.at())
                            .as("withdrawal %s completed no earlier than its cooldown end", e.withdrawalId())
                            .isAfterOrEqualTo(request.cooldownEndsAt());
                    BigInteger withdrawn = request.amount().min(stakes.getOrDefault(request.pos(), ZERO));
                    assertThat(big(e.withdrawnAmount())).isEqualTo(withdrawn);
                    book(request.pos(), withdrawn.negate());
                    withdrawals = withdrawals.add(withdrawn);
                    COMPLETED_WITHDRAWALS.incrementAndGet();
                }
                case PoolEvent.CapacityReserved e -> {
                    BigInteger capacity = capacity(e.productId());
                    BigInteger after = cover(e.productId()).add(big(e.amount()));
                    assertThat(big(e.productCapacity())).isEqualTo(capacity);
                    assertThat(after)
                            .as("a reservation never takes %s beyond its capacity", e.productId())
                            .isLessThanOrEqualTo(capacity);
                    assertThat(big(e.availableAfter())).isEqualTo(capacity.subtract(after));
                    assertThat(capacity).as("capacity is capped at 2^256 - 1").isLessThanOrEqualTo(MAX);
                    reservations.put(e.reservationId(), (PoolCommand.ReserveCapacity) command);
                }
                case PoolEvent.CapacityReleased e -> reservations.remove(e.reservationId());
                case PoolEvent.CapacityReservationDeclined e -> {}
                case PoolEvent.PayoutReservationDeclined e ->
                    assertThat(capital()).isZero();
                case PoolEvent.PayoutDisbursed e -> assertThat(payoutCharges).containsKey(e.payoutId());
            }
            stakes.values()
                    .forEach(stake ->
                            assertThat(stake).as("no position is negative").isNotNegative());
        }

        /** After a withdrawal: capital less pending withdrawals still gives every product at least its active cover. */
        void assertStakeNotWithdrawnCarriesActiveCover(PoolEvent event) {
            reservations.values().stream()
                    .map(PoolCommand.ReserveCapacity::productId)
                    .distinct()
                    .forEach(product -> assertThat(capacity(product))
                            .as("after %s, stake backing %s's cover", event, product)
                            .isGreaterThanOrEqualTo(cover(product)));
        }

        BigInteger capital() {
            return sum(stakes);
        }

        /** Capital less what is being withdrawn (a position's pending amount at most its stake). */
        BigInteger eligible() {
            Map<Pos, BigInteger> out = new HashMap<>();
            pending.values().forEach(p -> out.merge(p.pos(), p.amount(), BigInteger::add));
            BigInteger leaving = out.entrySet().stream()
                    .map(e -> e.getValue().min(stakes.getOrDefault(e.getKey(), ZERO)))
                    .reduce(ZERO, BigInteger::add);
            return capital().subtract(leaving);
        }

        /** floor(eligible x ratio x weight / 10^8), capped at 2^256 - 1 (no cover is larger). */
        BigInteger capacity(String product) {
            return eligible()
                    .multiply(BigInteger.valueOf(ratioBps))
                    .multiply(BigInteger.valueOf(weights.getOrDefault(product, 0)))
                    .divide(BigInteger.valueOf(100_000_000L))
                    .min(MAX);
        }

        BigInteger cover(String product) {
            return reservations.values().stream()
                    .filter(r -> r.productId().equals(product))
                    .map(r -> big(r.amount()))
                    .reduce(ZERO, BigInteger::add);
        }

        List<BigInteger> lines() {
            return List.of(deposits, premiums, withdrawals, payouts, fees);
        }

        /** The positions as the pool keys them, zeros left out. */
        Map<Position, Money> positions() {
            Map<Position, Money> positions = new TreeMap<>();
            stakes.forEach((pos, stake) -> {
                if (stake.signum() != 0) {
                    positions.put(new Position(pos.provider(), pos.tranche()), Money.of(stake));
                }
            });
            return positions;
        }

        private void book(Pos pos, BigInteger change) {
            stakes.merge(pos, change, BigInteger::add);
            stakes.remove(pos, ZERO);
        }

        private static BigInteger sum(Map<?, BigInteger> amounts) {
            return amounts.values().stream().reduce(ZERO, BigInteger::add);
        }

        private static Map<Pos, BigInteger> byPosition(List<PositionAmount> amounts) {
            Map<Pos, BigInteger> map = new HashMap<>();
            amounts.forEach(a -> map.merge(new Pos(a.provider(), a.trancheId()), big(a.amount()), BigInteger::add));
            return map;
        }

        private static Map<Integer, BigInteger> byTranche(Map<Pos, BigInteger> amounts) {
            Map<Integer, BigInteger> map = new HashMap<>();
            amounts.forEach((pos, amount) -> map.merge(pos.tranche(), amount, BigInteger::add));
            return map;
        }

        private static Map<Integer, BigInteger> byTranche(List<TrancheAmount> amounts) {
            Map<Integer, BigInteger> map = new HashMap<>();
            amounts.forEach(a -> map.merge(a.trancheId(), big(a.amount()), BigInteger::add));
            return map;
        }

        private static BigInteger big(Money value) {
            return value.value();
        }
    }

    /** A command that makes sense for the state (mostly), or null when there is nothing to pick from. */
    private static PoolCommand command(Op op, Pool s, Instant now, int seq) {
        String provider = PROVIDERS.get(op.who());
        return switch (op.kind()) {
            case DEPOSIT ->
                new PoolCommand.DepositCapital(
                        POOL,
                        "d" + seq,
                        provider,
                        Money.of(op.amount()),
                        op.pick() % 3 == 0 ? null : s.params().currentTranche(now) + op.pick() % 10,
                        Source.API,
                        null,
                        null,
                        now);
            case DEPOSIT_AGAIN ->
                s.depositIds().isEmpty()
                        ? null
                        : new PoolCommand.DepositCapital(
                                POOL,
                                s.depositIds().stream()
                                        .sorted()
                                        .toList()
                                        .get(op.pick() % s.depositIds().size()),
                                provider,
                                Money.of(op.amount()),
                                null,
                                Source.CHAIN,
                                "0xtx",
                                1,
                                now);
            case REQUEST_WITHDRAWAL -> {
                if (s.stakes().isEmpty()) {
                    yield null;
                }
                Position position = s.stakes().keySet().stream()
                        .toList()
                        .get(op.pick() % s.stakes().size());
                Money amount = op.pick() % 4 == 0
                        ? Money.of(op.amount())
                        : s.stakeOf(position)
                                .mulDivFloor(op.pick() % 100 + 1, 100)
                                .max(Money.of(1));
                yield new PoolCommand.RequestWithdrawal(
                        POOL, "w" + seq, position.provider(), position.trancheId(), amount, null, now);
            }
            case COMPLETE_WITHDRAWAL, CANCEL_WITHDRAWAL -> {
                List<Withdrawal> pending = s.withdrawals().values().stream()
                        .filter(w -> w.status() == WithdrawalStatus.PENDING)
                        .sorted(Comparator.comparing(Withdrawal::withdrawalId))
                        .toList();
                if (pending.isEmpty()) {
                    yield null;
                }
                Withdrawal withdrawal = pending.get(op.pick() % pending.size());
                String id = withdrawal.withdrawalId();
                // mostly its provider; now and then another provider, who must be refused and change nothing
                String actor = op.advanceMs() % 8 == 0
                        ? PROVIDERS.get((PROVIDERS.indexOf(withdrawal.provider()) + 1) % PROVIDERS.size())
                        : withdrawal.provider();
                yield op.kind() == Kind.COMPLETE_WITHDRAWAL
                        ? new PoolCommand.CompleteWithdrawal(POOL, id, actor, now)
                        : new PoolCommand.CancelWithdrawal(POOL, id, actor, now);
            }
            case RESERVE ->
                new PoolCommand.ReserveCapacity(
                        POOL,
                        "r" + seq,
                        "pol" + seq,
                        PRODUCTS.get(op.pick() % 3),
                        op.pick() % 2 == 0
                                ? Money.of(op.amount())
                                : s.availableCapacity(PRODUCTS.get(op.pick() % 3))
                                        .max(Money.of(1)),
                        now,
                        now.plus(Duration.ofDays(30)),
                        now);
            case RELEASE -> {
                if (s.reservations().isEmpty()) {
                    yield null;
                }
                String id = s.reservations().keySet().stream()
                        .sorted()
                        .toList()
                        .get(op.pick() % s.reservations().size());
                yield new PoolCommand.ReleaseCapacity(POOL, id, "pol", "POLICY_EXPIRED", now);
            }
            case PREMIUM ->
                new PoolCommand.RecordPremium(
                        POOL,
                        "pol" + (op.pick() % 50),
                        op.pick() % 10 == 0
                                ? Money.of(op.amount())
                                : Money.of(op.amount()
                                        .mod(BigInteger.valueOf(100_000))
                                        .add(BigInteger.ONE)),
                        null,
                        now);
            case PAYOUT ->
                new PoolCommand.ReservePayout(
                        POOL,
                        "pay" + seq,
                        "clm" + seq,
                        "pol",
                        PROVIDERS.get(0),
                        op.pick() % 5 == 0
                                ? Money.of(op.amount())
                                : Money.of(op.amount()
                                        .mod(BigInteger.valueOf(10_000))
                                        .max(BigInteger.ONE)),
                        null,
                        now);
            case CONFIRM_PAYOUT, RELEASE_PAYOUT -> {
                if (s.payouts().isEmpty()) {
                    yield null;
                }
                PoolState.Payout payout = s.payouts().values().stream()
                        .sorted(Comparator.comparing(PoolState.Payout::payoutId))
                        .toList()
                        .get(op.pick() % s.payouts().size());
                yield op.kind() == Kind.CONFIRM_PAYOUT
                        ? new PoolCommand.ConfirmPayout(
                                POOL, payout.payoutId(), payout.claimId(), payout.reservedAmount(), "b", "0xtx", now)
                        : new PoolCommand.ReleasePayout(
                                POOL, payout.payoutId(), payout.claimId(), "CLAIM_REVERSED", now);
            }
            case SET_WEIGHTS ->
                new PoolCommand.SetProductWeights(
                        POOL,
                        List.of(
                                new ProductWeight("prod-a", op.pick() * 10 % 10_001),
                                new ProductWeight(
                                        "prod-b",
                                        op.amount()
                                                .mod(BigInteger.valueOf(10_001))
                                                .intValueExact())),
                        now);
        };
    }

    @AfterContainer
    static void report() {
        System.out.printf(
                "pool ledger property: %d sequences, %d operations, %d events checked against the reference ledger; "
                        + "%d repeated deposits or premiums, %d completed withdrawals, %d refused AMOUNT_OUT_OF_RANGE, "
                        + "%d completions or cancellations by another provider refused NOT_WITHDRAWAL_OWNER%n",
                SEQUENCES.get(),
                OPERATIONS.get(),
                EVENTS.get(),
                REPEATS.get(),
                COMPLETED_WITHDRAWALS.get(),
                OUT_OF_RANGE.get(),
                STRANGERS_REFUSED.get());
    }
}
