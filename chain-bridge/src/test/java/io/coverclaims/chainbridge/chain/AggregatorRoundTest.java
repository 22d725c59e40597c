package io.coverclaims.chainbridge.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.chain.AggregatorRound.Conversion;
import io.coverclaims.chainbridge.chain.AggregatorRound.Observation;
import io.coverclaims.chainbridge.chain.AggregatorRound.PriceE8;
import io.coverclaims.chainbridge.chain.AggregatorRound.Refusal;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An aggregator's answer in oracle-service's 1e-8 units: exact, rounded down, and refused when it is no price. */
class AggregatorRoundTest {

    private static final BigInteger UPDATED_AT = BigInteger.valueOf(1_800_000_000L);

    private static long priceE8(String answer, int decimals) {
        Conversion conversion = AggregatorRound.toE8(new BigInteger(answer), decimals);
        assertThat(conversion).isInstanceOf(PriceE8.class);
        return ((PriceE8) conversion).value();
    }

    private static String refusal(String answer, int decimals) {
        Conversion conversion = AggregatorRound.toE8(new BigInteger(answer), decimals);
        assertThat(conversion).isInstanceOf(Refusal.class);
        return ((Refusal) conversion).reason();
    }

    @Test
    void an_eight_decimal_answer_is_already_in_1e8_units() {
        assertThat(priceE8("100000000", 8)).isEqualTo(100_000_000L);
        assertThat(priceE8("97000000", 8)).isEqualTo(97_000_000L);
        assertThat(priceE8("1", 8)).isEqualTo(1L);
        assertThat(priceE8(Long.toString(Long.MAX_VALUE), 8)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void an_eighteen_decimal_answer_is_divided_by_1e10_and_rounded_down() {
        assertThat(priceE8("1000000000000000000", 18)).isEqualTo(100_000_000L);
        assertThat(priceE8("970000000000000000", 18)).isEqualTo(97_000_000L);
        // 0.969999999999999999 -> 0.96999999, never up to 0.97
        assertThat(priceE8("969999999999999999", 18)).isEqualTo(96_999_999L);
        assertThat(priceE8("10000000000", 18)).isEqualTo(1L);
        assertThat(priceE8("19999999999", 18)).isEqualTo(1L);
        // 3,000 ETH/USD with 18 decimals
        assertThat(priceE8("3000123456789012345678", 18)).isEqualTo(300_012_345_678L);
    }

    @Test
    void a_six_decimal_answer_is_multiplied_by_100_exactly() {
        assertThat(priceE8("1000000", 6)).isEqualTo(100_000_000L);
        assertThat(priceE8("970001", 6)).isEqualTo(97_000_100L);
        assertThat(priceE8("1", 6)).isEqualTo(100L);
        assertThat(priceE8("1", 0)).isEqualTo(100_000_000L);
        assertThat(priceE8(Long.toString(Long.MAX_VALUE / 100), 6)).isEqualTo(Long.MAX_VALUE / 100 * 100);
    }

    @Test
    void a_zero_or_negative_answer_is_no_price() {
        assertThat(refusal("0", 8)).contains("not a positive price");
        assertThat(refusal("-1", 8)).contains("not a positive price");
        assertThat(refusal("-97000000", 8)).contains("answer -97000000");
        assertThat(refusal("-1000000000000000000", 18)).contains("not a positive price");
        // int256's minimum
        assertThat(refusal(BigInteger.TWO.pow(255).negate().toString(), 18)).contains("not a positive price");
    }

    @Test
    void an_answer_that_rounds_down_to_zero_is_no_price() {
        assertThat(refusal("9999999999", 18)).contains("less than 1e-8");
        assertThat(refusal("1", 9)).contains("less than 1e-8");
    }

    @Test
    void an_answer_beyond_a_long_in_1e8_units_is_refused() {
        BigInteger pastLong = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);
        assertThat(refusal(pastLong.toString(), 8)).contains("more than a long holds");
        assertThat(refusal(Long.toString(Long.MAX_VALUE / 100 + 1), 6)).contains("more than a long holds");
        assertThat(refusal(Long.toString(Long.MAX_VALUE), 0)).contains("more than a long holds");
        // int256's maximum with 18 decimals is still about 5.8e58 in 1e-8 units
        assertThat(refusal(BigInteger.TWO.pow(255).subtract(BigInteger.ONE).toString(), 18))
                .contains("more than a long holds");
        // the largest 18-decimal answer that still fits
        assertThat(priceE8(
                        pastLong.multiply(BigInteger.TEN.pow(10))
                                .subtract(BigInteger.ONE)
                                .toString(),
                        18))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void decimals_an_aggregator_cannot_declare_are_refused() {
        assertThat(refusal("100000000", -1)).contains("not a uint8");
        assertThat(refusal("100000000", 256)).contains("not a uint8");
        assertThat(refusal("1", 255)).contains("less than 1e-8");
    }

    @Test
    void a_round_becomes_an_observation_at_its_update_time_with_its_id_and_raw_answer_as_decimal_strings() {
        BigInteger roundId = BigInteger.TWO.pow(80).subtract(BigInteger.ONE); // uint80's maximum
        AggregatorRound.Reading reading =
                AggregatorRound.read(roundId, new BigInteger("969999999999999999"), UPDATED_AT, 18);

        assertThat(reading)
                .isEqualTo(new Observation(
                        "1208925819614629174706175",
                        96_999_999L,
                        Instant.ofEpochSecond(1_800_000_000L),
                        "969999999999999999"));
    }

    @Test
    void a_round_with_no_price_or_no_update_time_is_refused_with_its_round_id() {
        assertThat(AggregatorRound.read(BigInteger.TWO, BigInteger.valueOf(-5), UPDATED_AT, 8))
                .isEqualTo(new Refusal("round 2: answer -5 is not a positive price"));
        assertThat(AggregatorRound.read(BigInteger.TWO, BigInteger.valueOf(97_000_000), BigInteger.ZERO, 8))
                .isInstanceOfSatisfying(
                        Refusal.class, r -> assertThat(r.reason()).startsWith("round 2 has no update time"));
        BigInteger pastMillis = BigInteger.valueOf(Long.MAX_VALUE / 1000 + 1);
        assertThat(AggregatorRound.read(BigInteger.TWO, BigInteger.valueOf(97_000_000), pastMillis, 8))
                .isInstanceOfSatisfying(
                        Refusal.class, r -> assertThat(r.reason()).contains("past any timestamp_ms"));
        assertThat(AggregatorRound.read(
                        BigInteger.TWO, BigInteger.valueOf(97_000_000), pastMillis.subtract(BigInteger.ONE), 8))
                .isInstanceOf(Observation.class);
    }
}
