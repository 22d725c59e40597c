package io.coverclaims.pool.domain.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.DeciderFixture;
import io.coverclaims.pool.domain.pool.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.pool.PoolCommand.Source;
import io.coverclaims.pool.domain.pool.PoolEvent.CapacityReservationDeclined;
import io.coverclaims.pool.domain.pool.PoolEvent.CapacityReserved;
import io.coverclaims.pool.domain.pool.PoolEvent.CapitalDeposited;
import io.coverclaims.pool.domain.pool.PoolEvent.PayoutReserved;
import io.coverclaims.pool.domain.pool.PoolEvent.PositionAmount;
import io.coverclaims.pool.domain.pool.PoolEvent.PremiumRecorded;
import io.coverclaims.pool.domain.pool.PoolEvent.WithdrawalRequested;
import io.coverclaims.pool.domain.pool.PoolState.Ledger;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The pool's rules, one test per rule, given/when/then against the decider. */
class PoolDeciderTest {

    static final String POOL = "pool-1";
    static final String MANAGER = "0x" + "m".repeat(0) + "1".repeat(40);
    static final String ALICE = "0x" + "a".repeat(40);
    static final String BOB = "0x" + "b".repeat(40);
    static final String CAROL = "0x" + "c".repeat(40);
    static final long DAY = Duration.ofDays(1).toMillis();
    static final long TRANCHE = 91 * DAY;
    static final long COOLDOWN = 7 * DAY;
    /** The start of a tranche, so that "the current tranche" is unambiguous. */
    static final Instant T0 = Instant.ofEpochMilli(230 * TRANCHE);

    static final int CURRENT = 230;

    static final List<ProductWeight> WEIGHTS =
            List.of(new ProductWeight("prod-aave", 5_000), new ProductWeight("prod-usdc-depeg", 10_000));

    final DeciderFixture<PoolCommand, PoolEvent, PoolState> fixture = DeciderFixture.of(PoolDecider.DECIDER);

    static PoolEvent created() {
        return new PoolEvent.PoolCreated(POOL, "Blue chip", MANAGER, "USDC", 6, 20_000, WEIGHTS, TRANCHE, COOLDOWN);
    }

    static PoolEvent deposited(String id, String provider, long amount, int tranche, long totalAfter) {
        return deposited(id, provider, Money.of(amount), tranche, Money.of(totalAfter));
    }

    static PoolEvent deposited(String id, String provider, Money amount, int tranche, Money totalAfter) {
        return new CapitalDeposited(
                POOL,
                id,
                provider,
                amount,
                tranche,
                Instant.ofEpochMilli((tranche + 1L) * TRANCHE),
                TRANCHE,
                Source.API,
                null,
                null,
                totalAfter);
    }

    static PoolEvent reserved(String id, String product, long amount) {
        return new CapacityReserved(
                POOL,
                id,
                "pol-" + id,
                product,
                Money.of(amount),
                T0.plusMillis(30 * DAY),
                Money.ZERO,
                20_000,
                5_000,
                Money.ZERO,
                Money.ZERO);
    }

    static PoolCommand deposit(String id, String provider, long amount) {
        return new PoolCommand.DepositCapital(POOL, id, provider, Money.of(amount), null, Source.API, null, null, T0);
    }

    static PoolCommand reserve(String id, String product, long amount) {
        return new PoolCommand.ReserveCapacity(
                POOL, id, "pol-" + id, product, Money.of(amount), T0, T0.plusMillis(30 * DAY), T0);
    }

    static PoolCommand requestWithdrawal(String id, String provider, int tranche, long amount, Instant at) {
        return new PoolCommand.RequestWithdrawal(POOL, id, provider, tranche, Money.of(amount), null, at);
    }

    static PoolEvent withdrawalRequested(String id, String provider, int tranche, long amount, Instant cooldownEndsAt) {
        return new WithdrawalRequested(
                POOL,
                id,
                provider,
                provider,
                tranche,
                Money.of(amount),
                Instant.ofEpochMilli((tranche + 1L) * TRANCHE),
                COOLDOWN,
                cooldownEndsAt);
    }

    /** The pool created, then ALICE's deposit "d1" of {@code stake} into the current tranche, then {@code more}. */
    static List<PoolEvent> aliceStaked(long stake, PoolEvent... more) {
        List<PoolEvent> history = new ArrayList<>(List.of(created(), deposited("d1", ALICE, stake, CURRENT, stake)));
        history.addAll(List.of(more));
        return history;
    }

    static PoolCommand createPool(
            String name,
            String manager,
            int capacityRatioBps,
            List<ProductWeight> products,
            Long trancheDurationMs,
            Long withdrawalCooldownMs) {
        return new PoolCommand.CreatePool(
                POOL,
                name,
                manager,
                "USDC",
                null,
                capacityRatioBps,
                products,
                trancheDurationMs,
                withdrawalCooldownMs,
                T0);
    }

    /** Payout "pay1" of claim "clm1" on policy "pol1", reserved in full. */
    static PoolEvent payoutReserved(
            String recipient,
            long amount,
            long availableCapital,
            List<PoolEvent.TrancheAmount> charges,
            long totalStakeAfter,
            List<PositionAmount> positionCharges,
            long retained) {
        return new PayoutReserved(
                POOL,
                "pay1",
                "clm1",
                "pol1",
                recipient,
                null,
                Money.of(amount),
                Money.of(amount),
                1_000_000,
                Money.of(availableCapital),
                charges,
                Money.of(totalStakeAfter),
                positionCharges,
                Money.of(retained));
    }

    /** Payout "pay1" of {@code amount} to {@code recipient} out of {@code availableCapital}, charged to ALICE alone. */
    static PoolEvent chargedToAlice(String recipient, long amount, long availableCapital) {
        return payoutReserved(
                recipient,
                amount,
                availableCapital,
                List.of(),
                availableCapital - amount,
                List.of(new PositionAmount(ALICE, CURRENT, Money.of(amount))),
                0);
    }

    /** A loss of 100 to CAROL on stakes ALICE 100 : BOB 200, charged pro rata rounded up (34 and 67), 1 retained. */
    static PoolEvent lossOf100ChargedToAliceAndBob() {
        return payoutReserved(
                CAROL,
                100,
                300,
                List.of(new PoolEvent.TrancheAmount(CURRENT, Money.of(101))),
                199,
                List.of(
                        new PositionAmount(ALICE, CURRENT, Money.of(34)),
                        new PositionAmount(BOB, CURRENT, Money.of(67))),
                1);
    }

    /** CAROL's payout "pay1" of claim "clm1" on policy "pol1", {@code amount}, at T0. */
    static PoolCommand reservePayout(long amount) {
        return new PoolCommand.ReservePayout(POOL, "pay1", "clm1", "pol1", CAROL, Money.of(amount), null, T0);
    }

    /** The reservation was declined for {@code reasonCode}. */
    static Consumer<List<PoolEvent>> declinedFor(String reasonCode) {
        return events -> assertThat(((CapacityReservationDeclined) events.getFirst()).reasonCode())
                .isEqualTo(reasonCode);
    }

    /** The pool's capital and one line of its ledger after the events, and the ledger balancing against the capital. */
    static Consumer<PoolState> balancedBooks(long capital, Function<Ledger, Money> line, long amount) {
        return pool(s -> {
            assertThat(s.capital()).isEqualTo(Money.of(capital));
            assertThat(line.apply(s.ledger())).isEqualTo(Money.of(amount));
            assertThat(s.ledger().conserves(s.capital())).isTrue();
        });
    }

    /** The assertions on the live pool the events left (fails when there is none). */
    static Consumer<PoolState> pool(Consumer<Pool> assertions) {
        return state -> {
            assertThat(state).isInstanceOf(Pool.class);
            assertions.accept((Pool) state);
        };
    }

    @Nested
    class Creating {
        @Test
        void a_pool_is_created_with_the_default_tranche_length_cooldown_and_six_decimals_when_none_is_given() {
            fixture.given()
                    .when(createPool("Blue chip", MANAGER, 20_000, WEIGHTS, null, null))
                    .thenEvents(created());
        }

        @Test
        void a_pool_cannot_be_created_twice() {
            fixture.given(created())
                    .when(createPool("Again", MANAGER, 20_000, List.of(), null, null))
                    .thenRejected("POOL_ALREADY_EXISTS", "poolId");
        }

        @Test
        void a_weight_above_one_hundred_percent_is_refused() {
            fixture.given()
                    .when(createPool("x", MANAGER, 20_000, List.of(new ProductWeight("prod-aave", 10_001)), null, null))
                    .thenRejected("INVALID_WEIGHT", "products");
        }

        @Test
        void a_product_listed_twice_is_refused() {
            fixture.given()
                    .when(createPool(
                            "x",
                            MANAGER,
                            20_000,
                            List.of(new ProductWeight("p", 1), new ProductWeight("p", 2)),
                            null,
                            null))
                    .thenRejected("DUPLICATE_PRODUCT", "products");
        }

        @Test
        void a_capacity_ratio_of_zero_is_refused() {
            fixture.given()
                    .when(createPool("x", MANAGER, 0, List.of(), null, null))
                    .thenRejected("INVALID_CAPACITY_RATIO", "capacityRatioBps");
        }

        @Test
        void a_tranche_shorter_than_a_second_is_refused() {
            fixture.given()
                    .when(createPool("x", MANAGER, 20_000, List.of(), 999L, null))
                    .thenRejected("INVALID_TRANCHE_DURATION", "trancheDurationMs");
        }

        @Test
        void a_negative_cooldown_is_refused() {
            fixture.given()
                    .when(createPool("x", MANAGER, 20_000, List.of(), null, -1L))
                    .thenRejected("INVALID_COOLDOWN", "withdrawalCooldownMs");
        }

        @Test
        void a_manager_that_is_not_an_address_is_refused() {
            fixture.given()
                    .when(createPool("x", "0x12", 20_000, List.of(), null, null))
                    .thenRejected("INVALID_ADDRESS", "manager");
        }

        @Test
        void commands_to_a_pool_that_does_not_exist_are_refused_as_not_found() {
            fixture.given().when(deposit("d1", ALICE, 100)).thenRejected("POOL_NOT_FOUND", "poolId");
        }
    }

    @Nested
    class Weights {
        @Test
        void product_weights_are_replaced() {
            fixture.given(created())
                    .when(new PoolCommand.SetProductWeights(POOL, List.of(new ProductWeight("prod-new", 2_500)), T0))
                    .thenEvents(new PoolEvent.ProductWeightsSet(POOL, List.of(new ProductWeight("prod-new", 2_500))))
                    .thenState(pool(
                            s -> assertThat(s.params().weightOf("prod-aave")).isZero()));
        }

        @Test
        void a_weight_cannot_drop_below_what_the_products_active_cover_needs() {
            // capacity of prod-aave at 1_000 stake: 1_000 x 2.0 x 50% = 1_000, all reserved
            fixture.given(aliceStaked(1_000, reserved("r1", "prod-aave", 1_000)))
                    .when(new PoolCommand.SetProductWeights(POOL, List.of(new ProductWeight("prod-aave", 4_999)), T0))
                    .thenRejected("ACTIVE_COVER_EXCEEDS_CAPACITY", "products");
        }
    }

    @Nested
    class Deposits {
        @Test
        void a_deposit_locks_into_the_current_tranche_which_ends_at_its_boundary() {
            fixture.given(created())
                    .when(deposit("d1", ALICE, 1_000_000))
                    .thenEvents(deposited("d1", ALICE, 1_000_000, CURRENT, 1_000_000))
                    .thenState(pool(s -> assertThat(s.capital()).isEqualTo(Money.of(1_000_000))));
        }

        @Test
        void a_deposit_may_lock_into_a_later_tranche() {
            fixture.given(created())
                    .when(new PoolCommand.DepositCapital(
                            POOL, "d1", ALICE, Money.of(50), CURRENT + 3, Source.API, null, null, T0))
                    .thenEventsSatisfy(events -> assertThat(((CapitalDeposited) events.getFirst()).trancheId())
                            .isEqualTo(CURRENT + 3));
        }

        @Test
        void a_deposit_into_an_ended_tranche_is_refused() {
            fixture.given(created())
                    .when(new PoolCommand.DepositCapital(
                            POOL, "d1", ALICE, Money.of(50), CURRENT - 1, Source.API, null, null, T0))
                    .thenRejected("TRANCHE_NOT_OPEN", "trancheId");
        }

        @Test
        void a_deposit_beyond_eight_tranches_ahead_is_refused() {
            fixture.given(created())
                    .when(new PoolCommand.DepositCapital(
                            POOL, "d1", ALICE, Money.of(50), CURRENT + 9, Source.API, null, null, T0))
                    .thenRejected("TRANCHE_NOT_OPEN", "trancheId");
        }

        @Test
        void a_deposit_already_counted_is_not_counted_twice() {
            fixture.given(created(), deposited("0xabc:3", ALICE, 500, CURRENT, 500))
                    .when(new PoolCommand.DepositCapital(
                            POOL, "0xabc:3", ALICE, Money.of(500), null, Source.CHAIN, "0xabc", 3, T0.plusSeconds(60)))
                    .thenNoEvents();
        }

        @Test
        void an_on_chain_deposit_ends_as_the_same_event_with_its_transaction() {
            fixture.given(created())
                    .when(new PoolCommand.DepositCapital(
                            POOL, "0xabc:3", ALICE, Money.of(500), null, Source.CHAIN, "0xabc", 3, T0))
                    .thenEvents(new CapitalDeposited(
                            POOL,
                            "0xabc:3",
                            ALICE,
                            Money.of(500),
                            CURRENT,
                            Instant.ofEpochMilli((CURRENT + 1L) * TRANCHE),
                            TRANCHE,
                            Source.CHAIN,
                            "0xabc",
                            3,
                            Money.of(500)));
        }

        @Test
        void a_deposit_of_zero_is_refused() {
            fixture.given(created()).when(deposit("d1", ALICE, 0)).thenRejected("INVALID_AMOUNT", "amount");
        }

        @Test
        void a_provider_that_is_not_an_address_is_refused() {
            fixture.given(created()).when(deposit("d1", "alice", 10)).thenRejected("INVALID_ADDRESS", "provider");
        }
    }

    @Nested
    class Withdrawals {
        final Instant requestAt = T0.plusMillis(90 * DAY);

        @Test
        void a_request_records_when_the_funds_may_leave_the_later_of_tranche_end_and_cooldown() {
            // requested 1 day before the tranche ends: the 7-day cooldown ends later than the tranche
            fixture.given(aliceStaked(1_000))
                    .when(requestWithdrawal("w1", ALICE, CURRENT, 400, requestAt))
                    .thenEvents(withdrawalRequested("w1", ALICE, CURRENT, 400, requestAt.plusMillis(COOLDOWN)));
        }

        @Test
        void a_request_long_before_the_tranche_ends_waits_for_the_tranche_end() {
            fixture.given(aliceStaked(1_000))
                    .when(requestWithdrawal("w1", ALICE, CURRENT, 400, T0))
                    .thenEvents(withdrawalRequested(
                            "w1", ALICE, CURRENT, 400, Instant.ofEpochMilli((CURRENT + 1L) * TRANCHE)));
        }

        @Test
        void stake_in_a_tranche_that_has_not_ended_stays_locked_even_after_the_cooldown() {
            Instant trancheEnds = Instant.ofEpochMilli((CURRENT + 1L) * TRANCHE);
            fixture.given(aliceStaked(1_000, withdrawalRequested("w1", ALICE, CURRENT, 400, trancheEnds)))
                    .when(new PoolCommand.CompleteWithdrawal(POOL, "w1", ALICE, T0.plusMillis(COOLDOWN + DAY)))
                    .thenRejected("COOLDOWN_NOT_OVER", "withdrawalId");
        }

        @Test
        void completing_before_the_cooldown_ends_is_refused_using_the_command_time() {
            Instant ends = requestAt.plusMillis(COOLDOWN);
            fixture.given(aliceStaked(1_000, withdrawalRequested("w1", ALICE, CURRENT, 400, ends)))
                    .when(new PoolCommand.CompleteWithdrawal(POOL, "w1", ALICE, ends.minusMillis(1)))
                    .thenRejected("COOLDOWN_NOT_OVER", "withdrawalId");
        }

        @Test
        void completing_at_the_cooldown_end_pays_the_stake_out() {
            Instant ends = requestAt.plusMillis(COOLDOWN);
            fixture.given(aliceStaked(1_000, withdrawalRequested("w1", ALICE, CURRENT, 400, ends)))
                    .when(new PoolCommand.CompleteWithdrawal(POOL, "w1", ALICE, ends))
                    .thenEvents(new PoolEvent.CapitalWithdrawn(
                            POOL, "w1", ALICE, ALICE, "USDC", CURRENT, Money.of(400), Money.of(400), Money.of(600)))
                    .thenState(balancedBooks(600, Ledger::withdrawals, 400));
        }

        @Test
        void a_withdrawal_cannot_take_more_than_the_positions_stake_not_already_being_withdrawn() {
            fixture.given(aliceStaked(
                            1_000, withdrawalRequested("w1", ALICE, CURRENT, 700, requestAt.plusMillis(COOLDOWN))))
                    .when(requestWithdrawal("w2", ALICE, CURRENT, 301, requestAt))
                    .thenRejected("INSUFFICIENT_STAKE", "amount");
        }

        @Test
        void a_withdrawal_from_a_tranche_without_stake_is_refused() {
            fixture.given(aliceStaked(1_000))
                    .when(requestWithdrawal("w1", BOB, CURRENT, 1, requestAt))
                    .thenRejected("POSITION_NOT_FOUND", "trancheId");
        }

        @Test
        void a_withdrawal_may_not_take_stake_that_backs_active_cover() {
            // 1_000 stake x 2.0 x 50% = 1_000 capacity on prod-aave; 600 active needs 600 of stake
            fixture.given(aliceStaked(1_000, reserved("r1", "prod-aave", 600)))
                    .when(requestWithdrawal("w1", ALICE, CURRENT, 401, requestAt))
                    .thenRejected("CAPITAL_BACKS_ACTIVE_COVER", "amount");
            fixture.given(aliceStaked(1_000, reserved("r1", "prod-aave", 600)))
                    .when(requestWithdrawal("w1", ALICE, CURRENT, 400, requestAt))
                    .thenEventsSatisfy(events -> assertThat(events).hasSize(1));
        }

        @Test
        void stake_being_withdrawn_no_longer_backs_new_cover() {
            fixture.given(aliceStaked(
                            1_000, withdrawalRequested("w1", ALICE, CURRENT, 400, requestAt.plusMillis(COOLDOWN))))
                    .when(reserve("r1", "prod-aave", 601))
                    .thenEventsSatisfy(declinedFor("INSUFFICIENT_CAPACITY"));
        }

        @Test
        void a_loss_after_the_request_reduces_what_is_withdrawn() {
            Instant ends = requestAt.plusMillis(COOLDOWN);
            fixture.given(aliceStaked(
                            1_000,
                            withdrawalRequested("w1", ALICE, CURRENT, 1_000, ends),
                            chargedToAlice(BOB, 300, 1_000)))
                    .when(new PoolCommand.CompleteWithdrawal(POOL, "w1", ALICE, ends))
                    .thenEvents(new PoolEvent.CapitalWithdrawn(
                            POOL, "w1", ALICE, ALICE, "USDC", CURRENT, Money.of(1_000), Money.of(700), Money.of(0)));
        }

        @Test
        void a_cancelled_withdrawal_cannot_be_completed() {
            Instant ends = requestAt.plusMillis(COOLDOWN);
            fixture.given(aliceStaked(
                            1_000,
                            withdrawalRequested("w1", ALICE, CURRENT, 400, ends),
                            new PoolEvent.WithdrawalCancelled(POOL, "w1", ALICE, CURRENT, Money.of(400))))
                    .when(new PoolCommand.CompleteWithdrawal(POOL, "w1", ALICE, ends))
                    .thenRejected("WITHDRAWAL_NOT_PENDING", "withdrawalId");
        }

        @Test
        void only_its_provider_may_complete_a_withdrawal() {
            Instant ends = requestAt.plusMillis(COOLDOWN);
            fixture.given(aliceStaked(1_000, withdrawalRequested("w1", ALICE, CURRENT, 400, ends)))
                    .when(new PoolCommand.CompleteWithdrawal(POOL, "w1", BOB, ends))
                    .thenRejected("NOT_WITHDRAWAL_OWNER", "withdrawalId");
        }

        @Test
        void only_its_provider_may_cancel_a_withdrawal() {
            Instant ends = requestAt.plusMillis(COOLDOWN);
            fixture.given(aliceStaked(1_000, withdrawalRequested("w1", ALICE, CURRENT, 400, ends)))
                    .when(new PoolCommand.CancelWithdrawal(POOL, "w1", BOB, requestAt))
                    .thenRejected("NOT_WITHDRAWAL_OWNER", "withdrawalId");
        }

        @Test
        void its_provider_may_cancel_a_pending_withdrawal_and_the_stake_stays_locked() {
            Instant ends = requestAt.plusMillis(COOLDOWN);
            fixture.given(aliceStaked(1_000, withdrawalRequested("w1", ALICE, CURRENT, 400, ends)))
                    .when(new PoolCommand.CancelWithdrawal(POOL, "w1", ALICE, requestAt))
                    .thenEvents(new PoolEvent.WithdrawalCancelled(POOL, "w1", ALICE, CURRENT, Money.of(400)))
                    .thenState(pool(s -> assertThat(s.capital()).isEqualTo(Money.of(1_000))));
        }

        @Test
        void an_operator_may_not_complete_or_cancel_a_providers_withdrawal_either() {
            Instant ends = requestAt.plusMillis(COOLDOWN);
            fixture.given(aliceStaked(1_000, withdrawalRequested("w1", ALICE, CURRENT, 400, ends)))
                    .when(new PoolCommand.CompleteWithdrawal(POOL, "w1", "operator:test-operator", ends))
                    .thenRejected("NOT_WITHDRAWAL_OWNER", "withdrawalId");
            fixture.given(aliceStaked(1_000, withdrawalRequested("w1", ALICE, CURRENT, 400, ends)))
                    .when(new PoolCommand.CancelWithdrawal(POOL, "w1", "operator:test-operator", ends))
                    .thenRejected("NOT_WITHDRAWAL_OWNER", "withdrawalId");
        }

        @Test
        void a_stranger_is_refused_even_when_the_withdrawal_has_already_ended() {
            Instant ends = requestAt.plusMillis(COOLDOWN);
            List<PoolEvent> cancelled = aliceStaked(
                    1_000,
                    withdrawalRequested("w1", ALICE, CURRENT, 400, ends),
                    new PoolEvent.WithdrawalCancelled(POOL, "w1", ALICE, CURRENT, Money.of(400)));
            fixture.given(cancelled)
                    .when(new PoolCommand.CancelWithdrawal(POOL, "w1", BOB, ends))
                    .thenRejected("NOT_WITHDRAWAL_OWNER", "withdrawalId");
            fixture.given(cancelled)
                    .when(new PoolCommand.CancelWithdrawal(POOL, "w1", ALICE, ends))
                    .thenNoEvents();
        }

        @Test
        void an_unknown_withdrawal_is_not_found() {
            fixture.given(created())
                    .when(new PoolCommand.CompleteWithdrawal(POOL, "nope", ALICE, T0))
                    .thenRejected("WITHDRAWAL_NOT_FOUND", "withdrawalId");
        }
    }

    @Nested
    class Capacity {
        @Test
        void capacity_is_capital_times_capacity_ratio_times_product_weight_less_active_cover() {
            // 1_000_000 x 2.0 x 50% = 1_000_000; 250_000 already active
            fixture.given(aliceStaked(1_000_000, reserved("r0", "prod-aave", 250_000)))
                    .when(reserve("r1", "prod-aave", 100_000))
                    .thenEvents(new CapacityReserved(
                            POOL,
                            "r1",
                            "pol-r1",
                            "prod-aave",
                            Money.of(100_000),
                            T0.plusMillis(30 * DAY),
                            Money.of(1_000_000),
                            20_000,
                            5_000,
                            Money.of(1_000_000),
                            Money.of(650_000)));
        }

        @Test
        void the_last_unit_of_capacity_can_be_sold_and_not_one_more() {
            fixture.given(aliceStaked(1_000, reserved("r0", "prod-aave", 999)))
                    .when(reserve("r1", "prod-aave", 1))
                    .thenEventsSatisfy(events -> assertThat(((CapacityReserved) events.getFirst()).availableAfter())
                            .isEqualTo(Money.ZERO));
            fixture.given(aliceStaked(1_000, reserved("r0", "prod-aave", 1_000)))
                    .when(reserve("r1", "prod-aave", 1))
                    .thenEvents(new CapacityReservationDeclined(
                            POOL,
                            "r1",
                            "pol-r1",
                            "prod-aave",
                            Money.of(1),
                            "INSUFFICIENT_CAPACITY",
                            Money.of(1_000),
                            20_000,
                            5_000,
                            Money.ZERO));
        }

        @Test
        void capacity_is_rounded_down_in_the_pools_favour() {
            // 333 x 2.0 x 33.33% = 221.9778 -> 221
            fixture.given(
                            created(),
                            new PoolEvent.ProductWeightsSet(POOL, List.of(new ProductWeight("prod-odd", 3_333))),
                            deposited("d1", ALICE, 333, CURRENT, 333))
                    .when(reserve("r1", "prod-odd", 222))
                    .thenEventsSatisfy(
                            events -> assertThat(((CapacityReservationDeclined) events.getFirst()).availableCapacity())
                                    .isEqualTo(Money.of(221)));
        }

        @Test
        void a_product_the_pool_does_not_underwrite_is_declined() {
            fixture.given(aliceStaked(1_000))
                    .when(reserve("r1", "prod-other", 1))
                    .thenEventsSatisfy(declinedFor("PRODUCT_NOT_UNDERWRITTEN"));
        }

        @Test
        void a_pool_whose_capital_is_exhausted_stops_selling_cover() {
            fixture.given(aliceStaked(1_000, chargedToAlice(BOB, 1_000, 1_000)))
                    .when(reserve("r1", "prod-aave", 1))
                    .thenEventsSatisfy(declinedFor("CAPITAL_EXHAUSTED"));
        }

        @Test
        void a_reservation_for_a_pool_that_does_not_exist_is_declined_so_the_policy_can_be_declined() {
            fixture.given().when(reserve("r1", "prod-aave", 1)).thenEventsSatisfy(declinedFor("POOL_NOT_FOUND"));
        }

        @Test
        void a_cover_that_ends_before_it_starts_is_declined() {
            fixture.given(aliceStaked(1_000))
                    .when(new PoolCommand.ReserveCapacity(POOL, "r1", "pol-1", "prod-aave", Money.of(10), T0, T0, T0))
                    .thenEventsSatisfy(declinedFor("INVALID_COVER"));
        }

        @Test
        void a_reservation_made_already_is_not_made_twice() {
            fixture.given(aliceStaked(1_000, reserved("r1", "prod-aave", 10)))
                    .when(reserve("r1", "prod-aave", 10))
                    .thenNoEvents();
        }

        @Test
        void releasing_a_reservation_frees_its_capacity() {
            fixture.given(aliceStaked(1_000, reserved("r1", "prod-aave", 1_000)))
                    .when(new PoolCommand.ReleaseCapacity(POOL, "r1", "pol-r1", "POLICY_EXPIRED", T0))
                    .thenEvents(new PoolEvent.CapacityReleased(POOL, "r1", "pol-r1", Money.of(1_000), "POLICY_EXPIRED"))
                    .thenState(pool(
                            s -> assertThat(s.availableCapacity("prod-aave")).isEqualTo(Money.of(1_000))));
        }

        @Test
        void releasing_an_unknown_or_released_reservation_does_nothing() {
            fixture.given(created())
                    .when(new PoolCommand.ReleaseCapacity(POOL, "r9", "pol-9", "POLICY_CANCELLED", T0))
                    .thenNoEvents();
        }
    }

    @Nested
    class PremiumsAndLosses {
        @Test
        void a_premium_is_credited_pro_rata_to_stake_rounded_down_and_the_remainder_is_kept_by_the_pool() {
            // stakes 1 : 1 : 1, premium 100 -> 33 each, 1 retained
            fixture.given(aliceStaked(
                            10, deposited("d2", BOB, 10, CURRENT, 20), deposited("d3", CAROL, 10, CURRENT + 1, 30)))
                    .when(new PoolCommand.RecordPremium(POOL, "pol-1", Money.of(100), null, T0))
                    .thenEvents(new PremiumRecorded(
                            POOL,
                            "pol-1",
                            Money.of(100),
                            null,
                            List.of(
                                    new PoolEvent.TrancheAmount(CURRENT, Money.of(66)),
                                    new PoolEvent.TrancheAmount(CURRENT + 1, Money.of(33))),
                            List.of(
                                    new PositionAmount(ALICE, CURRENT, Money.of(33)),
                                    new PositionAmount(BOB, CURRENT, Money.of(33)),
                                    new PositionAmount(CAROL, CURRENT + 1, Money.of(33))),
                            Money.of(1)))
                    .thenState(balancedBooks(129, Ledger::fees, 1));
        }

        @Test
        void a_premium_is_credited_once_per_policy() {
            fixture.given(aliceStaked(
                            10,
                            new PremiumRecorded(
                                    POOL,
                                    "pol-1",
                                    Money.of(5),
                                    null,
                                    List.of(),
                                    List.of(new PositionAmount(ALICE, CURRENT, Money.of(5))),
                                    Money.ZERO)))
                    .when(new PoolCommand.RecordPremium(POOL, "pol-1", Money.of(5), null, T0))
                    .thenNoEvents();
        }

        @Test
        void a_loss_is_charged_pro_rata_rounded_up_and_what_rounding_overcharges_is_kept_by_the_pool() {
            // stakes 1 : 2, loss 100 -> ceil(33.3) = 34 and ceil(66.6) = 67; 1 retained
            fixture.given(aliceStaked(100, deposited("d2", BOB, 200, CURRENT, 300)))
                    .when(reservePayout(100))
                    .thenEvents(lossOf100ChargedToAliceAndBob())
                    .thenState(balancedBooks(199, Ledger::payouts, 100));
        }

        @Test
        void a_loss_larger_than_the_capital_takes_all_of_it_and_no_more() {
            fixture.given(aliceStaked(100)).when(reservePayout(250)).thenEventsSatisfy(events -> {
                PayoutReserved payout = (PayoutReserved) events.getFirst();
                assertThat(payout.reservedAmount()).isEqualTo(Money.of(100));
                assertThat(payout.proRataPpm()).isEqualTo(400_000);
                assertThat(payout.totalStakeAfter()).isEqualTo(Money.ZERO);
            });
        }

        @Test
        void a_payout_from_a_pool_without_capital_is_declined() {
            fixture.given(created())
                    .when(reservePayout(10))
                    .thenEvents(new PoolEvent.PayoutReservationDeclined(
                            POOL, "pay1", "clm1", Money.of(10), "CAPITAL_EXHAUSTED"));
        }

        @Test
        void a_released_payout_gives_back_exactly_what_each_position_was_charged() {
            PoolEvent reservedPayout = lossOf100ChargedToAliceAndBob();
            fixture.given(aliceStaked(100, deposited("d2", BOB, 200, CURRENT, 300), reservedPayout))
                    .when(new PoolCommand.ReleasePayout(POOL, "pay1", "clm1", "CLAIM_REVERSED", T0))
                    .thenEvents(new PoolEvent.PayoutReleased(
                            POOL,
                            "pay1",
                            "clm1",
                            Money.of(100),
                            List.of(new PoolEvent.TrancheAmount(CURRENT, Money.of(101))),
                            "CLAIM_REVERSED"))
                    .thenState(pool(s -> {
                        assertThat(s.stakeOf(new PoolState.Position(ALICE, CURRENT)))
                                .isEqualTo(Money.of(100));
                        assertThat(s.stakeOf(new PoolState.Position(BOB, CURRENT)))
                                .isEqualTo(Money.of(200));
                        assertThat(s.ledger().payouts()).isEqualTo(Money.ZERO);
                        assertThat(s.ledger().fees()).isEqualTo(Money.ZERO);
                        assertThat(s.ledger().conserves(s.capital())).isTrue();
                    }));
        }

        @Test
        void a_disbursed_payout_cannot_be_released() {
            fixture.given(aliceStaked(
                            100,
                            chargedToAlice(CAROL, 10, 100),
                            new PoolEvent.PayoutDisbursed(POOL, "pay1", "clm1", Money.of(10), "batch-1", "0xtx")))
                    .when(new PoolCommand.ReleasePayout(POOL, "pay1", "clm1", "late", T0))
                    .thenRejected("PAYOUT_ALREADY_DISBURSED", "payoutId");
        }

        @Test
        void a_reserved_payout_is_disbursed_once_for_its_exact_amount() {
            PoolEvent reservedPayout = chargedToAlice(CAROL, 10, 100);
            fixture.given(aliceStaked(100, reservedPayout))
                    .when(new PoolCommand.ConfirmPayout(POOL, "pay1", "clm1", Money.of(11), "batch-1", "0xtx", T0))
                    .thenRejected("AMOUNT_MISMATCH", "amount");
            fixture.given(aliceStaked(100, reservedPayout))
                    .when(new PoolCommand.ConfirmPayout(POOL, "pay1", "clm1", Money.of(10), "batch-1", "0xtx", T0))
                    .thenEvents(new PoolEvent.PayoutDisbursed(POOL, "pay1", "clm1", Money.of(10), "batch-1", "0xtx"));
        }
    }

    @Nested
    class AmountsOfAnyUint256 {
        static final Money ETH_1500 = Money.parse("1500000000000000000000");
        static final Money ETH_1000_AND_ONE_WEI = Money.parse("1000000000000000000001");

        @Test
        void a_deposit_that_would_take_the_pools_books_beyond_2_pow_256_minus_1_is_refused_naming_the_amount() {
            fixture.given(created(), deposited("d1", ALICE, Money.MAX, CURRENT, Money.MAX))
                    .when(deposit("d2", BOB, 1))
                    .thenRejected("AMOUNT_OUT_OF_RANGE", "amount");
        }

        @Test
        void money_in_counts_what_left_the_pool_so_a_withdrawn_pool_still_refuses_what_its_books_cannot_hold() {
            Instant ends = T0.plusMillis(90 * DAY).plusMillis(COOLDOWN);
            fixture.given(
                            created(),
                            deposited("d1", ALICE, Money.MAX, CURRENT, Money.MAX),
                            withdrawalRequested("w1", ALICE, CURRENT, 1, ends),
                            new PoolEvent.CapitalWithdrawn(
                                    POOL,
                                    "w1",
                                    ALICE,
                                    ALICE,
                                    "USDC",
                                    CURRENT,
                                    Money.of(1),
                                    Money.of(1),
                                    Money.MAX.minus(Money.of(1))))
                    .when(deposit("d2", BOB, 1))
                    .thenRejected("AMOUNT_OUT_OF_RANGE", "amount");
        }

        @Test
        void a_premium_that_would_take_the_pools_books_beyond_2_pow_256_minus_1_is_refused_naming_the_amount() {
            fixture.given(created(), deposited("d1", ALICE, Money.MAX.minus(Money.of(4)), CURRENT, Money.MAX))
                    .when(new PoolCommand.RecordPremium(POOL, "pol-1", Money.of(5), null, T0))
                    .thenRejected("AMOUNT_OUT_OF_RANGE", "amount");
        }

        @Test
        void the_largest_deposit_fits_exactly() {
            fixture.given(created(), deposited("d1", ALICE, Money.MAX.minus(Money.of(1)), CURRENT, Money.MAX))
                    .when(deposit("d2", BOB, 1))
                    .thenEventsSatisfy(events -> assertThat(((CapitalDeposited) events.getFirst()).totalStake())
                            .isEqualTo(Money.MAX));
        }

        @Test
        void capacity_beyond_2_pow_256_minus_1_is_capped_at_it_and_sells_no_more() {
            // ratio 2.0 x weight 100% on the largest stake: 2 x (2^256 - 1), capped
            fixture.given(created(), deposited("d1", ALICE, Money.MAX, CURRENT, Money.MAX))
                    .when(new PoolCommand.ReserveCapacity(
                            POOL, "r1", "pol-r1", "prod-usdc-depeg", Money.MAX, T0, T0.plusMillis(DAY), T0))
                    .thenEventsSatisfy(events -> {
                        CapacityReserved reserved = (CapacityReserved) events.getFirst();
                        assertThat(reserved.productCapacity()).isEqualTo(Money.MAX);
                        assertThat(reserved.availableAfter()).isEqualTo(Money.ZERO);
                    });
        }

        @Test
        void an_18_decimal_pool_credits_premiums_floored_and_charges_losses_ceiled_to_the_wei() {
            // stakes 1,500 ETH and 1,000 ETH + 1 wei; premium 3.5 ETH, floored per position: 1 wei retained
            List<PoolEvent> staked = List.of(
                    created(),
                    deposited("d1", ALICE, ETH_1500, CURRENT, ETH_1500),
                    deposited("d2", BOB, ETH_1000_AND_ONE_WEI, CURRENT, Money.parse("2500000000000000000001")));
            PoolEvent premium = new PremiumRecorded(
                    POOL,
                    "pol-1",
                    Money.parse("3500000000000000000"),
                    null,
                    List.of(new PoolEvent.TrancheAmount(CURRENT, Money.parse("3499999999999999999"))),
                    List.of(
                            new PositionAmount(ALICE, CURRENT, Money.parse("2099999999999999999")),
                            new PositionAmount(BOB, CURRENT, Money.parse("1400000000000000000"))),
                    Money.of(1));
            fixture.given(staked)
                    .when(new PoolCommand.RecordPremium(POOL, "pol-1", Money.parse("3500000000000000000"), null, T0))
                    .thenEvents(premium);
            // a loss of 100 ETH + 7 wei, ceiled per position: 1 wei retained
            List<PoolEvent> withPremium = new ArrayList<>(staked);
            withPremium.add(premium);
            fixture.given(withPremium)
                    .when(new PoolCommand.ReservePayout(
                            POOL, "pay1", "clm1", "pol1", CAROL, Money.parse("100000000000000000007"), null, T0))
                    .thenEvents(new PayoutReserved(
                            POOL,
                            "pay1",
                            "clm1",
                            "pol1",
                            CAROL,
                            null,
                            Money.parse("100000000000000000007"),
                            Money.parse("100000000000000000007"),
                            1_000_000,
                            Money.parse("2503500000000000000000"),
                            List.of(new PoolEvent.TrancheAmount(CURRENT, Money.parse("100000000000000000008"))),
                            Money.parse("2403499999999999999992"),
                            List.of(
                                    new PositionAmount(ALICE, CURRENT, Money.parse("60000000000000000005")),
                                    new PositionAmount(BOB, CURRENT, Money.parse("40000000000000000003"))),
                            Money.of(1)))
                    .thenState(pool(s -> {
                        assertThat(s.capital()).isEqualTo(Money.parse("2403499999999999999992"));
                        assertThat(s.ledger().fees()).isEqualTo(Money.of(2));
                        assertThat(s.ledger().conserves(s.capital())).isTrue();
                    }));
        }
    }
}
