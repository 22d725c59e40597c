package io.coverclaims.platform.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.IntRange;

/** Money's arithmetic checked against BigInteger/BigDecimal over the whole uint256 range. */
class MoneyPropertyTest {

    private static final BigInteger MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    @Provide
    Arbitrary<BigInteger> uint256() {
        Arbitrary<BigInteger> uniform =
                Arbitraries.bigIntegers().between(BigInteger.ZERO, MAX).withDistribution(RandomDistribution.uniform());
        Arbitrary<BigInteger> small = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(1_000_000));
        Arbitrary<BigInteger> powersOfTwo = Arbitraries.integers()
                .between(0, 256)
                .map(bits -> BigInteger.TWO.pow(bits).subtract(BigInteger.ONE));
        return Arbitraries.oneOf(uniform, small, powersOfTwo);
    }

    @Property(tries = 2000)
    void a_sum_is_exact_or_out_of_range_never_wrapped(
            @ForAll("uint256") BigInteger a, @ForAll("uint256") BigInteger b) {
        BigInteger sum = a.add(b);
        if (sum.compareTo(MAX) <= 0) {
            assertThat(Money.of(a).plus(Money.of(b)).value()).isEqualTo(sum);
        } else {
            assertThatThrownBy(() -> Money.of(a).plus(Money.of(b))).isInstanceOf(AmountOutOfRange.class);
        }
    }

    @Property(tries = 2000)
    void a_difference_is_exact_or_out_of_range_never_negative(
            @ForAll("uint256") BigInteger a, @ForAll("uint256") BigInteger b) {
        BigInteger difference = a.subtract(b);
        if (difference.signum() >= 0) {
            assertThat(Money.of(a).minus(Money.of(b)).value()).isEqualTo(difference);
        } else {
            assertThatThrownBy(() -> Money.of(a).minus(Money.of(b))).isInstanceOf(AmountOutOfRange.class);
        }
        assertThat(Money.of(a).minusOrZero(Money.of(b)).value()).isEqualTo(difference.max(BigInteger.ZERO));
    }

    @Property(tries = 2000)
    void a_pro_rata_share_rounds_as_stated(
            @ForAll("uint256") BigInteger amount,
            @ForAll("uint256") BigInteger part,
            @ForAll("uint256") BigInteger whole) {
        if (whole.signum() == 0) {
            return;
        }
        BigDecimal exact = new BigDecimal(amount.multiply(part)).divide(new BigDecimal(whole), 0, RoundingMode.FLOOR);
        BigDecimal up = new BigDecimal(amount.multiply(part)).divide(new BigDecimal(whole), 0, RoundingMode.CEILING);
        check(exact.toBigIntegerExact(), () -> Money.of(amount).mulDivFloor(Money.of(part), Money.of(whole)));
        check(up.toBigIntegerExact(), () -> Money.of(amount).mulDivCeil(Money.of(part), Money.of(whole)));
    }

    @Property(tries = 1000)
    void bps_of_an_amount_never_exceeds_the_exact_share_when_floored(
            @ForAll("uint256") BigInteger amount, @ForAll @IntRange(min = 0, max = 100_000) int bps) {
        BigInteger floor = amount.multiply(BigInteger.valueOf(bps)).divide(BigInteger.valueOf(10_000));
        check(floor, () -> Money.of(amount).mulDivFloor(bps, 10_000));
    }

    @Property(tries = 2000)
    void the_decimal_form_round_trips(@ForAll("uint256") BigInteger value) {
        Money money = Money.of(value);
        assertThat(money.toString()).isEqualTo(value.toString());
        assertThat(Money.parse(money.toString())).isEqualTo(money);
        assertThat(Money.isDecimal(money.toString())).isTrue();
    }

    @Property(tries = 500)
    void anything_but_canonical_digits_in_range_is_refused(@ForAll("uint256") BigInteger value) {
        String digits = value.toString();
        for (String bad : new String[] {
            "-" + digits,
            "+" + digits,
            "0" + digits,
            digits + ".0",
            digits + "e0",
            " " + digits,
            "",
            MAX.add(value.add(BigInteger.ONE)).toString()
        }) {
            assertThat(Money.isDecimal(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> Money.parse(bad)).as(bad).isInstanceOf(NumberFormatException.class);
        }
    }

    @Property(tries = 200)
    void a_value_outside_uint256_is_no_amount(@ForAll("uint256") BigInteger value) {
        assertThatThrownBy(() -> Money.of(MAX.add(BigInteger.ONE).add(value))).isInstanceOf(AmountOutOfRange.class);
        assertThatThrownBy(() -> Money.of(value.add(BigInteger.ONE).negate())).isInstanceOf(AmountOutOfRange.class);
    }

    private static void check(BigInteger expected, java.util.function.Supplier<Money> actual) {
        if (expected.compareTo(MAX) <= 0) {
            assertThat(actual.get().value()).isEqualTo(expected);
        } else {
            assertThatThrownBy(actual::get).isInstanceOf(AmountOutOfRange.class);
        }
    }
}
