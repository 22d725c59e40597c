package io.coverclaims.policy.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.platform.money.AmountOutOfRange;
import io.coverclaims.platform.money.Money;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PricingTest {

    @Test
    void the_rate_is_the_floor_at_zero_utilisation_and_the_ceiling_when_the_pool_is_full() {
        assertThat(Pricing.annualRatePpm(200, 1200, 100, 0)).isEqualTo(20_000);
        assertThat(Pricing.annualRatePpm(200, 1200, 100, 1_000_000)).isEqualTo(120_000);
    }

    @Test
    void the_rate_rises_linearly_with_utilisation_rounded_up() {
        assertThat(Pricing.annualRatePpm(200, 1200, 100, 500_000)).isEqualTo(70_000);
        // 100_000 ppm span x 1 ppm utilisation = 0.1 ppm: rounded up to 1
        assertThat(Pricing.annualRatePpm(200, 1200, 100, 1)).isEqualTo(20_001);
    }

    @Test
    void the_minimum_rate_applies_when_the_curve_is_below_it() {
        assertThat(Pricing.annualRatePpm(50, 1200, 100, 0)).isEqualTo(10_000);
    }

    @Test
    void utilisation_outside_zero_to_one_is_clamped() {
        assertThat(Pricing.annualRatePpm(200, 1200, 100, 2_000_000)).isEqualTo(120_000);
        assertThat(Pricing.annualRatePpm(200, 1200, 100, -5)).isEqualTo(20_000);
    }

    @Test
    void the_premium_is_amount_times_rate_times_days_over_365_rounded_up() {
        // 10_000 USDC (6 decimals) at 2%/year for 365 days = 200 USDC exactly
        assertThat(Pricing.premium(Money.of(10_000_000_000L), 20_000, 365)).isEqualTo(Money.of(200_000_000L));
        // 1_000 minor units at 2% for 30 days = 1.643... -> 2
        assertThat(Pricing.premium(Money.of(1_000), 20_000, 30)).isEqualTo(Money.of(2));
    }

    @Test
    void the_premium_of_huge_cover_is_computed_without_overflow() {
        assertThat(Pricing.premium(Money.of(1_000_000_000_000_000L), 120_000, 365))
                .isEqualTo(Money.of(120_000_000_000_000L));
        // a billion ETH in wei (10^27) at 12% a year: 1.2 x 10^26, exactly
        assertThat(Pricing.premium(Money.parse("1" + "0".repeat(27)), 120_000, 365))
                .isEqualTo(Money.parse("12" + "0".repeat(25)));
    }

    @Test
    void the_refund_is_the_unused_share_of_the_premium_rounded_down() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = Instant.parse("2026-01-31T00:00:00Z");
        long unused = Pricing.unusedPeriodPpm(start, end, Instant.parse("2026-01-21T00:00:00Z"));
        assertThat(unused).isEqualTo(333_333);
        assertThat(Pricing.refund(Money.of(1_000), unused)).isEqualTo(Money.of(333));
        assertThat(Pricing.unusedPeriodPpm(start, end, start.minusSeconds(1))).isEqualTo(1_000_000);
        assertThat(Pricing.unusedPeriodPpm(start, end, end)).isZero();
    }

    @Test
    void a_premium_past_the_largest_uint256_is_out_of_range_never_wrapped() {
        assertThatThrownBy(() -> Pricing.premium(Money.MAX, 1_000_000, 3650)).isInstanceOf(AmountOutOfRange.class);
    }

    @Test
    void the_refund_of_an_18_decimal_premium_is_rounded_down_to_the_wei() {
        // 3.5 ETH, a third unused: 1.1666... ETH rounded down to the wei
        assertThat(Pricing.refund(Money.parse("3500000000000000000"), 333_333))
                .isEqualTo(Money.parse("1166665500000000000"));
    }

    @Test
    void utilisation_is_used_over_capacity_in_ppm_rounded_up_for_any_amount() {
        Money capacity = Money.parse("1500000000000000000000"); // 1,500 ETH in wei
        assertThat(Pricing.utilisationPpm(Money.parse("375000000000000000000"), capacity))
                .isEqualTo(250_000);
        assertThat(Pricing.utilisationPpm(Money.of(1), capacity)).isEqualTo(1);
        assertThat(Pricing.utilisationPpm(Money.ZERO, capacity)).isZero();
        assertThat(Pricing.utilisationPpm(capacity.plus(Money.of(1)), capacity)).isEqualTo(1_000_000);
        assertThat(Pricing.utilisationPpm(Money.of(1), Money.ZERO)).isEqualTo(1_000_000);
    }
}
