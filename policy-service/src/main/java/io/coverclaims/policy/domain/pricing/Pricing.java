package io.coverclaims.policy.domain.pricing;

import io.coverclaims.platform.money.Money;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

/**
 * The price of cover, in exact integer arithmetic only (amounts are uint256 {@link Money}). Rounding is explicit and always in the pool's favour:
 * rates and premiums round up, refunds round down.
 *
 * <pre>
 * annualRatePpm = max(minAnnualRateBps x 100, floorRateBps x 100 + ceil((ceilingRateBps - floorRateBps) x 100 x utilisationPpm / 1e6))
 * premium       = ceil(coverAmount x annualRatePpm x periodDays / (365 x 1e6))     exact uint256 (Money)
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

    /**
     * Premium for the period, in the asset's smallest unit, rounded up (the pool's favour); exact for any uint256
     * cover.
     *
     * @throws io.coverclaims.platform.money.AmountOutOfRange when the premium exceeds 2^256 - 1
     */
    public static Money premium(Money coverAmount, long annualRatePpm, int periodDays) {
        return coverAmount.mulDivCeil(
                BigInteger.valueOf(annualRatePpm).multiply(BigInteger.valueOf(periodDays)), PREMIUM_DIVISOR);
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

    /** Refund of the unused share of a premium, rounded down (the pool's favour). */
    public static Money refund(Money premium, long unusedPeriodPpm) {
        return premium.mulDivFloor(Math.clamp(unusedPeriodPpm, 0, PPM), PPM);
    }

    /**
     * {@code used / capacity} in ppm, rounded up (the pool's favour) and at most 1e6; a capacity of 0 is fully
     * used.
     */
    public static long utilisationPpm(Money used, Money capacity) {
        if (capacity.isZero()) {
            return PPM;
        }
        if (!used.isLessThan(capacity)) {
            return PPM;
        }
        return used.mulDivCeil(BigInteger.valueOf(PPM), capacity.value())
                .value()
                .longValueExact();
    }

    private static long ceilDiv(long numerator, long divisor) {
        return Math.ceilDiv(numerator, divisor);
    }
}
