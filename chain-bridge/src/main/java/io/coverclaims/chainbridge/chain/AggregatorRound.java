package io.coverclaims.chainbridge.chain;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One round of a Chainlink aggregator ({@code latestRoundData()}) as oracle-service takes it: the answer converted
 * from the source's decimals to 1e-8 units, rounded down, in exact integer arithmetic; the round's {@code updatedAt}
 * (unix seconds) as the observation time. A round that cannot be an observation is refused, with the reason.
 */
final class AggregatorRound {

    /** oracle-service's prices are integers in 1e-8 units (1.0 = 100_000_000). */
    static final int PRICE_DECIMALS = 8;

    /** An aggregator declares its decimals as a uint8. */
    static final int MAX_DECIMALS = 255;

    /** The latest {@code updatedAt} whose epoch milliseconds (timestamp_ms on the wire) fit a long. */
    private static final BigInteger MAX_UPDATED_AT = BigInteger.valueOf(Long.MAX_VALUE / 1000);

    /** What a round is read as. */
    sealed interface Reading {}

    /** An observation to record: the round id and raw answer as decimal strings, the price in 1e-8 units. */
    record Observation(String roundId, long priceE8, Instant observedAt, String rawAnswer) implements Reading {}

    /** An answer in 1e-8 units, or a refusal. */
    sealed interface Conversion {}

    /** The answer in 1e-8 units. */
    record PriceE8(long value) implements Conversion {}

    /** Not an observation (or not a price), and why. */
    record Refusal(String reason) implements Reading, Conversion {}

    private AggregatorRound() {}

    /** Reads a round whose answer has {@code decimals} decimals. */
    static Reading read(BigInteger roundId, BigInteger answer, BigInteger updatedAt, int decimals) {
        if (updatedAt.signum() <= 0) {
            return new Refusal("round " + roundId + " has no update time (updatedAt " + updatedAt + "): incomplete");
        }
        if (updatedAt.compareTo(MAX_UPDATED_AT) > 0) {
            return new Refusal("round " + roundId + " has updatedAt " + updatedAt + ", past any timestamp_ms");
        }
        return switch (toE8(answer, decimals)) {
            case Refusal refusal -> new Refusal("round " + roundId + ": " + refusal.reason());
            case PriceE8 priceE8 ->
                new Observation(
                        roundId.toString(),
                        priceE8.value(),
                        Instant.ofEpochSecond(updatedAt.longValueExact()),
                        answer.toString());
        };
    }

    /**
     * {@code answer / 10^(decimals - 8)} rounded down (or {@code answer * 10^(8 - decimals)}): refused when the answer
     * is not positive, when it rounds down to 0, or when the result does not fit a long.
     */
    static Conversion toE8(BigInteger answer, int decimals) {
        if (decimals < 0 || decimals > MAX_DECIMALS) {
            return new Refusal("decimals " + decimals + " is not a uint8");
        }
        if (answer.signum() <= 0) {
            return new Refusal("answer " + answer + " is not a positive price");
        }
        BigInteger priceE8 = decimals >= PRICE_DECIMALS
                ? answer.divide(BigInteger.TEN.pow(decimals - PRICE_DECIMALS))
                : answer.multiply(BigInteger.TEN.pow(PRICE_DECIMALS - decimals));
        if (priceE8.signum() == 0) {
            return new Refusal("answer " + answer + " with " + decimals + " decimals is less than 1e-8");
        }
        if (priceE8.bitLength() > 63) {
            return new Refusal("answer " + answer + " with " + decimals + " decimals is " + priceE8
                    + " in 1e-8 units, more than a long holds");
        }
        return new PriceE8(priceE8.longValueExact());
    }
}
