package io.coverclaims.governance.domain.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.governance.domain.breaker.PoolMovement.CapitalRecorded;
import io.coverclaims.governance.domain.breaker.PoolMovement.PayoutReleased;
import io.coverclaims.governance.domain.breaker.PoolMovement.PayoutReserved;
import io.coverclaims.governance.domain.breaker.PoolMovement.PremiumCredited;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PAYOUT_SHARE_24H, given a pool's movements, when one more arrives, then it trips or not. */
class PayoutShareRuleTest {

    static final String POOL = "pool-breaker-1";
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final long DAY = Duration.ofDays(1).toMillis();
    static final PayoutShareRule.Parameters DEFAULTS = new PayoutShareRule.Parameters(200_000, DAY);

    // ------------------------------------------------------------------------------------------------ the limit

    @Test
    void payouts_exactly_at_the_share_of_capital_do_not_trip() {
        given(capital(1_000_000, 0))
                .when(reserved("pay-1", 200_000, 800_000, 60_000))
                .thenNothing()
                .andFigures(200_000, 1_000_000, 200_000);
    }

    @Test
    void payouts_one_unit_above_the_share_of_capital_trip_the_pools_payouts() {
        BreakerTrip trip = given(capital(1_000_000, 0))
                .when(reserved("pay-1", 200_001, 799_999, 60_000))
                .thenTrips(200_001, 200_000);
        assertThat(trip.rule()).isEqualTo("PAYOUT_SHARE_24H");
        assertThat(trip.flag()).isEqualTo(BreakerFlag.PAYOUTS);
        assertThat(trip.scope()).isEqualTo(POOL);
        assertThat(trip.at()).isEqualTo(T0.plusMillis(60_000));
        assertThat(trip.detail())
                .contains("capital 1000000")
                .contains("window (" + T0.plusMillis(60_000).minusMillis(DAY) + ", " + T0.plusMillis(60_000) + "]");
    }

    @Test
    void the_limit_is_the_share_rounded_down_so_a_fraction_above_it_trips() {
        // 20 % of 999_999 is 199_999.8: the limit is 199_999, and 200_000 (20.00002 %) trips
        given(capital(999_999, 0))
                .when(reserved("pay-1", 200_000, 799_999, 1_000))
                .thenTrips(200_000, 199_999);
    }

    @Test
    void a_burst_trips_on_the_payout_that_crosses_the_limit_not_before() {
        given(
                        capital(1_000_000, 0),
                        reserved("pay-1", 50_000, 950_000, 1_000),
                        reserved("pay-2", 50_000, 900_000, 2_000),
                        reserved("pay-3", 50_000, 850_000, 3_000),
                        reserved("pay-4", 50_000, 800_000, 4_000))
                .thenNoTripSoFar()
                .when(reserved("pay-5", 1, 799_999, 5_000))
                .thenTrips(200_001, 200_000);
    }

    @Test
    void the_stakes_charged_for_rounding_count_back_into_the_capital_not_into_the_payouts() {
        // the stakes were charged 200_003 (3 kept by the pool for rounding): the capital the payout was drawn from is
        // still 1_000_000, and what leaves the pool is 200_000
        given(capital(1_000_000, 0))
                .when(new PayoutReserved("pay-1", big(200_000), big(200_003), big(799_997), at(1_000)))
                .thenNothing()
                .andFigures(200_000, 1_000_000, 200_000);
    }

    // ------------------------------------------------------------------------------------------------ the window

    @Test
    void a_payout_exactly_one_window_old_has_slid_out() {
        given(capital(1_000_000, 0), reserved("pay-old", 150_000, 850_000, 1_000))
                .when(reserved("pay-new", 100_000, 750_000, 1_000 + DAY))
                .thenNothing()
                .andFigures(100_000, 850_000, 170_000);
    }

    @Test
    void a_payout_one_millisecond_younger_than_the_window_still_counts() {
        given(capital(1_000_000, 0), reserved("pay-old", 150_000, 850_000, 1_000))
                .when(reserved("pay-new", 100_000, 750_000, 1_000 + DAY - 1))
                .thenTrips(250_000, 200_000);
    }

    @Test
    void old_payouts_slide_out_so_the_same_daily_rate_never_trips() {
        // 15 % a day for five days: each day's payout is measured with the previous one slid out
        List<PoolMovement> days = new ArrayList<>();
        days.add(capital(10_000_000, 0));
        long stake = 10_000_000;
        for (int day = 1; day <= 5; day++) {
            long payout = stake * 15 / 100;
            stake -= payout;
            days.add(reserved("pay-" + day, payout, stake, day * DAY));
        }
        given(days.toArray(PoolMovement[]::new)).thenNoTripSoFar();
    }

    // ------------------------------------------------------------------------------------------------ once

    @Test
    void a_breach_trips_once_however_many_payouts_follow_it() {
        given(capital(1_000_000, 0), reserved("pay-1", 250_000, 750_000, 1_000))
                .thenTripsSoFar(1)
                .when(reserved("pay-2", 100_000, 650_000, 2_000))
                .thenNothing()
                .andFigures(350_000, 1_000_000, 200_000);
    }

    @Test
    void the_same_payout_delivered_twice_counts_once_and_trips_once() {
        PayoutReserved payout = reserved("pay-1", 250_000, 750_000, 1_000);
        given(capital(1_000_000, 0), payout)
                .thenTripsSoFar(1)
                .when(payout)
                .thenNothing()
                .andFigures(250_000, 1_000_000, 200_000);
    }

    @Test
    void a_new_breach_after_the_window_slid_below_the_limit_trips_again() {
        given(capital(1_000_000, 0), reserved("pay-1", 250_000, 750_000, 1_000))
                .thenTripsSoFar(1)
                .when(reserved("pay-2", 200_000, 550_000, 1_000 + DAY))
                .thenTrips(200_000, 150_000);
    }

    @Test
    void a_breach_that_ended_when_capital_came_in_trips_again_on_the_next_excess() {
        given(
                        capital(1_000_000, 0),
                        reserved("pay-1", 250_000, 750_000, 1_000),
                        capital(1_750_000, 2_000)) // 250_000 of 2_000_000: back under the limit
                .thenTripsSoFar(1)
                .when(reserved("pay-2", 200_000, 1_550_000, 3_000))
                .thenTrips(450_000, 400_000);
    }

    // ------------------------------------------------------------------------------------------------ capital

    @Test
    void a_released_payout_no_longer_counts_and_its_charge_returns_to_the_capital() {
        given(
                        capital(1_000_000, 0),
                        reserved("pay-1", 150_000, 850_000, 1_000),
                        new PayoutReleased("pay-1", big(150_000), at(2_000)))
                .when(reserved("pay-2", 100_000, 900_000, 3_000))
                .thenNothing()
                .andFigures(100_000, 1_000_000, 200_000);
    }

    @Test
    void withdrawals_lower_the_capital_payouts_are_measured_against() {
        given(capital(1_000_000, 0), capital(500_000, 1_000))
                .when(reserved("pay-1", 100_001, 399_999, 2_000))
                .thenTrips(100_001, 100_000);
    }

    @Test
    void premiums_credited_raise_the_capital() {
        given(capital(1_000_000, 0), new PremiumCredited(big(5), at(1_000)))
                .when(reserved("pay-1", 200_001, 800_004, 2_000))
                .thenNothing()
                .andFigures(200_001, 1_000_005, 200_001);
    }

    @Test
    void a_pool_that_never_recorded_capital_trips_on_any_payout() {
        given().when(reserved("pay-1", 1, 0, 1_000)).thenTrips(1, 0);
    }

    @Test
    void the_trip_records_the_governed_share_and_window_it_applied() {
        PayoutShareRule.Parameters tight =
                new PayoutShareRule.Parameters(100_000, Duration.ofHours(1).toMillis());
        BreakerTrip trip = given(tight, capital(1_000_000, 0))
                .when(reserved("pay-1", 100_001, 899_999, 1_000))
                .thenTrips(100_001, 100_000);
        assertThat(trip.thresholdPpm()).isEqualTo(100_000);
        assertThat(trip.windowMs()).isEqualTo(3_600_000);
        assertThat(trip.detail()).contains("x 100000 / 1000000").contains("window 3600000 ms");
    }

    @Test
    void amounts_beyond_a_long_are_exact() {
        BigInteger capital = BigInteger.TWO.pow(200);
        BigInteger limit = capital.divide(BigInteger.valueOf(5));
        Fixture fixture = given(new CapitalRecorded(capital, T0));
        Optional<BreakerTrip> trip = fixture.apply(new PayoutReserved(
                "pay-1",
                limit.add(BigInteger.ONE),
                limit.add(BigInteger.ONE),
                capital.subtract(limit).subtract(BigInteger.ONE),
                at(1_000)));
        assertThat(trip).isPresent();
        assertThat(trip.get().observed()).isEqualTo(limit.add(BigInteger.ONE));
        assertThat(trip.get().limit()).isEqualTo(limit);
    }

    // ------------------------------------------------------------------------------------------------ fixture

    static CapitalRecorded capital(long totalStake, long atMs) {
        return new CapitalRecorded(big(totalStake), at(atMs));
    }

    static PayoutReserved reserved(String payoutId, long amount, long totalStakeAfter, long atMs) {
        return new PayoutReserved(payoutId, big(amount), big(amount), big(totalStakeAfter), at(atMs));
    }

    static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    static Fixture given(PoolMovement... history) {
        return given(DEFAULTS, history);
    }

    static Fixture given(PayoutShareRule.Parameters parameters, PoolMovement... history) {
        Fixture fixture = new Fixture(parameters);
        for (PoolMovement movement : history) {
            fixture.apply(movement);
        }
        return fixture;
    }

    static final class Fixture {

        private final PayoutShareRule.Parameters parameters;
        private PoolPayouts state = PoolPayouts.none(POOL);
        private final List<BreakerTrip> trips = new ArrayList<>();
        private Instant lastAt = T0;
        private Optional<BreakerTrip> last = Optional.empty();

        Fixture(PayoutShareRule.Parameters parameters) {
            this.parameters = parameters;
        }

        Optional<BreakerTrip> apply(PoolMovement movement) {
            PayoutShareRule.Outcome outcome = PayoutShareRule.apply(state, movement, parameters);
            state = outcome.state();
            outcome.trip().ifPresent(trips::add);
            lastAt = movement.at();
            last = outcome.trip();
            return outcome.trip();
        }

        Fixture when(PoolMovement movement) {
            apply(movement);
            return this;
        }

        Fixture thenNothing() {
            assertThat(last).as("the last movement trips nothing").isEmpty();
            return this;
        }

        Fixture thenNoTripSoFar() {
            assertThat(trips).as("no trip in the history").isEmpty();
            return this;
        }

        Fixture thenTripsSoFar(int count) {
            assertThat(trips).hasSize(count);
            return this;
        }

        BreakerTrip thenTrips(long observed, long limit) {
            assertThat(last).as("the last movement trips the breaker").isPresent();
            assertThat(last.get().observed()).isEqualTo(big(observed));
            assertThat(last.get().limit()).isEqualTo(big(limit));
            assertThat(last.get().thresholdPpm()).isEqualTo(parameters.sharePpm());
            assertThat(last.get().windowMs()).isEqualTo(parameters.windowMs());
            return last.get();
        }

        /** The figures after the last movement: what the window holds, the capital, the limit. */
        Fixture andFigures(long observed, long capital, long limit) {
            PayoutShareRule.Figures figures = PayoutShareRule.figures(state, lastAt, parameters);
            assertThat(figures.observed()).isEqualTo(big(observed));
            assertThat(figures.capital()).isEqualTo(big(capital));
            assertThat(figures.limit()).isEqualTo(big(limit));
            return this;
        }
    }
}
