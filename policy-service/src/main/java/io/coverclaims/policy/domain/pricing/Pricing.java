package io.coverclaims.policy.domain.pricing;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * The price of cover, in integer arithmetic only. Rounding is explicit and always in the pool's favour:
 * rates and premiums round up, refunds round down.
 *
 * <pre>
 * annualRatePpm = max(minAnnualRateBps x 100, floorRateBps x 100 + ceil((ceilingRateBps - floorRateBps) x 100 x utilisationPpm / 1e6))
 * premium       = ceil(coverAmount x annualRatePpm x periodDays / (365 x 1e6))
 * unusedPpm     = floor((endAt - cancelledAt) x 1e6 / (endAt - startAt)), clamped to [0, 1e6]
 * refund        = floor(premium x unusedPpm / 1e6)
 * </pre>
 * The curve is linear in utilisation from the floor rate (empty pool) to the ceiling rate (fully used pool), in
 * the manner of Neptune Mutual's utilisation pricing.
 */
public final class Pricing {

    public static final long PPM = 1_000_000L;
    public static final int DAYS_PER_YEAR = 365;
    private static final BigInteger PREMIUM_DIVISOR = BigInteger.valueOf(DAYS_PER_YEAR * PPM);

    private Pricing() {}

    /** Annual rate charged, ppm (1% = 10_000), at a utilisation in ppm (clamped to 0..1e6). */
    public static long annualRatePpm(int floorRateBps, int ceilingRateBps, int minAnnualRateBps, long utilisationPpm) {
        long utilisation = Math.clamp(utilisationPpm, 0, PPM);
        long floor = floorRateBps * 100L;
        long span = (ceilingRateBps - floorRateBps) * 100L;
        long curve = floor + ceilDiv(span * utilisation, PPM);
        return Math.max(minAnnualRateBps * 100L, curve);
    }

    /** Premium for the period, minor units, rounded up. */
    public static long premium(long coverAmount, long annualRatePpm, int periodDays) {
        BigInteger numerator = BigInteger.valueOf(coverAmount)
                .multiply(BigInteger.valueOf(annualRatePpm))
                .multiply(BigInteger.valueOf(periodDays));
        BigInteger[] division = numerator.divideAndRemainder(PREMIUM_DIVISOR);
        BigInteger premium = division[1].signum() > 0 ? division[0].add(BigInteger.ONE) : division[0];
        return premium.longValueExact();
    }

    /** Share of the cover period not yet used at {@code at}, ppm, rounded down. */
    public static long unusedPeriodPpm(Instant startAt, Instant endAt, Instant at) {
        long total = Duration.between(startAt, endAt).toMillis();
        if (total <= 0 || !at.isAfter(startAt)) {
            return at.isBefore(endAt) ? PPM : 0;
        }
        long left = Duration.between(at, endAt).toMillis();
        if (left <= 0) {
            return 0;
        }
        return BigInteger.valueOf(left)
                .multiply(BigInteger.valueOf(PPM))
                .divide(BigInteger.valueOf(total))
                .longValueExact();
    }

    /** Refund of the unused share of a premium, rounded down. */
    public static long refund(long premium, long unusedPeriodPpm) {
        return new java.math.BigDecimal(BigInteger.valueOf(premium).multiply(BigInteger.valueOf(unusedPeriodPpm)))
                .divide(java.math.BigDecimal.valueOf(PPM), 0, RoundingMode.FLOOR)
                .longValueExact();
    }

    private static long ceilDiv(long numerator, long divisor) {
        return Math.ceilDiv(numerator, divisor);
    }
}
