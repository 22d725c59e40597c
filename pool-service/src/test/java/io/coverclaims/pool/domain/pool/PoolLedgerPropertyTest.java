package io.coverclaims.pool.domain;

import io.coverclaims.platform.decider.Decision;
import io.coverclaims.pool.domain.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.PoolCommand.Source;
import io.coverclaims.pool.domain.PoolState.Position;
import io.coverclaims.pool.domain.PoolState.Withdrawal;
import io.coverclaims.pool.domain.PoolState.WithdrawalStatus;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's books over thousands of random operation sequences against the decider: after every event,
 * deposits + premiums = capital + withdrawals + payouts + fees, capital is the sum of the positions, no position is
 * negative, and a reservation never takes a product beyond its capacity. Replaying the events rebuilds the same state.
 */
class PoolLedgerPropertyTest {

    static final int TRIES = 3_000;
    static final String POOL = "pool-prop";
    static final List<String> PROVIDERS = List.of("0x" + "a".repeat(40), "0x" + "b".repeat(40), "0x" + "c".repeat(40), "0x" + "d".repeat(40));
    static final List<String> PRODUCTS = List.of("prod-a", "prod-b", "prod-not-underwritten");
    static final AtomicLong SEQUENCES = new AtomicLong();
    static final AtomicLong OPERATIONS = new AtomicLong();
    static final AtomicLong EVENTS = new AtomicLong();

    enum Kind { DEPOSIT, DEPOSIT_AGAIN, REQUEST_WITHDRAWAL, COMPLETE_WITHDRAWAL, CANCEL_WITHDRAWAL, RESERVE, RELEASE, PREMIUM,
        PAYOUT, CONFIRM_PAYOUT, RELEASE_PAYOUT, SET_WEIGHTS }

    /** One random step; the interpreter turns its numbers into a command that fits the state. */
    record Op(Kind kind, int who, long amount, int pick, long advanceMs) {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<Long> amounts = Arbitraries.oneOf(Arbitraries.longs().between(1, 1_000), Arbitraries.longs().between(1, 10_000_000_000L),
                Arbitraries.of(1L, 2L, 3L, 7L, 999_999L));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 3), amounts,
                Arbitraries.integers().between(0, 1_000), Arbitraries.longs().between(0, Duration.ofDays(60).toMillis())).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = TRIES)
    void the_ledger_is_conserved_after_every_event(@ForAll("sequences") List<Op> ops,
                                                     @ForAll @IntRange(min = 1, max = 60_000) int ratioBps,
                                                     @ForAll @IntRange(min = 0, max = 10_000) int weightA,
                                                     @ForAll @IntRange(min = 0, max = 10_000) int weightB,
                                                     @ForAll @IntRange(min = 1, max = 91) int trancheDays) {
        PoolDecider decider = PoolDecider.INSTANCE;
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        List<PoolEvent> history = new ArrayList<>();
        PoolState state = apply(decider, decider.initialState(), decider.decide(new PoolCommand.CreatePool(POOL, "prop", PROVIDERS.get(0),
                "USDC", null, ratioBps, List.of(new ProductWeight("prod-a", weightA), new ProductWeight("prod-b", weightB)),
                Duration.ofDays(trancheDays).toMillis(), Duration.ofDays(7).toMillis(), now), decider.initialState()), history);
        int ids = 0;
        for (Op op : ops) {
            now = now.plusMillis(op.advanceMs());
            PoolCommand command = command(op, state, now, ids++);
            if (command == null) {
                continue;
            }
            OPERATIONS.incrementAndGet();
            Decision<PoolEvent> decision = decider.decide(command, state);
            Statistics.label("outcome").collect(op.kind(), switch (decision) {
                case Decision.Rejected<PoolEvent> r -> "rejected " + r.rejection().code();
                case Decision.Accepted<PoolEvent> a when a.events().isEmpty() -> "nothing to do";
                case Decision.Accepted<PoolEvent> a -> a.events().getFirst().getClass().getSimpleName();
            });
            state = apply(decider, state, decision, history);
        }
        assertThat(decider.replay(history)).isEqualTo(state);
        SEQUENCES.incrementAndGet();
    }

    private static PoolState apply(PoolDecider decider, PoolState state, Decision<PoolEvent> decision, List<PoolEvent> history) {
        if (!(decision instanceof Decision.Accepted<PoolEvent> accepted)) {
            return state;
        }
        for (PoolEvent event : accepted.events()) {
            state = decider.evolve(state, event);
            history.add(event);
            EVENTS.incrementAndGet();
            check(state, event);
        }
        return state;
    }

    private static void check(PoolState s, PoolEvent event) {
        PoolState.Ledger l = s.ledger();
        assertThat(l.deposits() + l.premiums()).as("conservation after %s", event)
                .isEqualTo(s.capital() + l.withdrawals() + l.payouts() + l.fees());
        assertThat(s.stakes().values().stream().mapToLong(Long::longValue).sum()).as("capital = sum of positions").isEqualTo(s.capital());
        assertThat(s.stakes().values()).allSatisfy(stake -> assertThat(stake).isPositive());
        assertThat(l.fees()).isNotNegative();
        assertThat(s.pendingWithdrawals()).isBetween(0L, s.capital());
        if (event instanceof PoolEvent.CapacityReserved reserved) {
            assertThat(s.activeCover(reserved.productId())).as("never sells beyond capacity")
                    .isLessThanOrEqualTo(s.productCapacity(reserved.productId()));
            assertThat(reserved.availableAfter()).isNotNegative();
        }
        if (event instanceof PoolEvent.PremiumRecorded premium) {
            // floors leave less than one unit per position; with no stake at all the pool keeps the whole premium
            assertThat(premium.retained()).isEqualTo(s.stakes().isEmpty() ? premium.amount()
                    : premium.retained()).isBetween(0L, s.stakes().isEmpty() ? premium.amount() : s.stakes().size() - 1L);
        }
        if (event instanceof PoolEvent.PayoutReserved payout) {
            assertThat(payout.reservedAmount()).isLessThanOrEqualTo(payout.requestedAmount()).isLessThanOrEqualTo(payout.availableCapital());
            assertThat(payout.retained()).isNotNegative().isLessThan(Math.max(1, payout.positionCharges().size()));
        }
    }

    /** A command that makes sense for the state (mostly), or null when there is nothing to pick from. */
    private static PoolCommand command(Op op, PoolState s, Instant now, int seq) {
        String provider = PROVIDERS.get(op.who());
        return switch (op.kind()) {
            case DEPOSIT -> new PoolCommand.DepositCapital(POOL, "d" + seq, provider, op.amount(),
                    op.pick() % 3 == 0 ? null : s.params().currentTranche(now) + op.pick() % 10, Source.API, null, null, now);
            case DEPOSIT_AGAIN -> s.depositIds().isEmpty() ? null : new PoolCommand.DepositCapital(POOL,
                    s.depositIds().stream().sorted().toList().get(op.pick() % s.depositIds().size()), provider, op.amount(), null,
                    Source.CHAIN, "0xtx", 1, now);
            case REQUEST_WITHDRAWAL -> {
                if (s.stakes().isEmpty()) {
                    yield null;
                }
                Position position = s.stakes().keySet().stream().toList().get(op.pick() % s.stakes().size());
                long amount = op.pick() % 4 == 0 ? op.amount() : Math.max(1, s.stakeOf(position) * (op.pick() % 100 + 1) / 100);
                yield new PoolCommand.RequestWithdrawal(POOL, "w" + seq, position.provider(), position.trancheId(), amount, null, now);
            }
            case COMPLETE_WITHDRAWAL, CANCEL_WITHDRAWAL -> {
                List<Withdrawal> pending = s.withdrawals().values().stream().filter(w -> w.status() == WithdrawalStatus.PENDING)
                        .sorted(java.util.Comparator.comparing(Withdrawal::withdrawalId)).toList();
                if (pending.isEmpty()) {
                    yield null;
                }
                String id = pending.get(op.pick() % pending.size()).withdrawalId();
                yield op.kind() == Kind.COMPLETE_WITHDRAWAL ? new PoolCommand.CompleteWithdrawal(POOL, id, now)
                        : new PoolCommand.CancelWithdrawal(POOL, id, now);
            }
            case RESERVE -> new PoolCommand.ReserveCapacity(POOL, "r" + seq, "pol" + seq, PRODUCTS.get(op.pick() % 3),
                    op.pick() % 2 == 0 ? op.amount() : Math.max(1, s.availableCapacity(PRODUCTS.get(op.pick() % 3))),
                    now, now.plus(Duration.ofDays(30)), now);
            case RELEASE -> {
                if (s.reservations().isEmpty()) {
                    yield null;
                }
                String id = s.reservations().keySet().stream().sorted().toList().get(op.pick() % s.reservations().size());
                yield new PoolCommand.ReleaseCapacity(POOL, id, "pol", "POLICY_EXPIRED", now);
            }
            case PREMIUM -> new PoolCommand.RecordPremium(POOL, "pol" + (op.pick() % 50), op.amount() % 100_000 + 1, null, now);
            case PAYOUT -> new PoolCommand.ReservePayout(POOL, "pay" + seq, "clm" + seq, "pol", PROVIDERS.get(0),
                    op.pick() % 5 == 0 ? op.amount() : Math.max(1, op.amount() % 10_000), null, now);
            case CONFIRM_PAYOUT, RELEASE_PAYOUT -> {
                if (s.payouts().isEmpty()) {
                    yield null;
                }
                PoolState.Payout payout = s.payouts().values().stream().sorted(java.util.Comparator.comparing(PoolState.Payout::payoutId))
                        .toList().get(op.pick() % s.payouts().size());
                yield op.kind() == Kind.CONFIRM_PAYOUT
                        ? new PoolCommand.ConfirmPayout(POOL, payout.payoutId(), payout.claimId(), payout.reservedAmount(), "b", "0xtx", now)
                        : new PoolCommand.ReleasePayout(POOL, payout.payoutId(), payout.claimId(), "CLAIM_REVERSED", now);
            }
            case SET_WEIGHTS -> new PoolCommand.SetProductWeights(POOL, List.of(new ProductWeight("prod-a", op.pick() * 10 % 10_001),
                    new ProductWeight("prod-b", (int) (op.amount() % 10_001))), now);
        };
    }

    @AfterContainer
    static void report() {
        System.out.printf("pool ledger property: %d sequences, %d operations, %d events checked%n",
                SEQUENCES.get(), OPERATIONS.get(), EVENTS.get());
    }
}
