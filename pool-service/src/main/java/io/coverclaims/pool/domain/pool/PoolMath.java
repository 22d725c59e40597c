package io.coverclaims.pool.domain.pool;

import io.coverclaims.platform.money.Money;
import java.math.BigInteger;

/**
 * The pool's arithmetic on {@link Money}: exact (BigInteger underneath), every rounding explicit and in the pool's
 * favour. Results beyond 2^256 - 1 never escape as an exception from here: capacity is capped at the largest amount
 * (no cover can be larger), and a base that no amount can reach is reported as {@link #UNREACHABLE}.
 */
public final class PoolMath {

    public static final long BPS = 10_000L;
    public static final long PPM = 1_000_000L;

    /** Denominator of capacity: ratio and weight are both bps. */
    static final BigInteger BPS_SQUARED = BigInteger.valueOf(BPS * BPS);

    /** A base no {@link Money} amount reaches (2^256): what a product with cover but no weight requires. */
    public static final BigInteger UNREACHABLE = Money.MAX_VALUE.add(BigInteger.ONE);

    private PoolMath() {}

    /**
     * {@code min(2^256 - 1, floor(base x ratioBps x weightBps / 10_000^2))}: rounded down, in the pool's favour (it
     * sells less, never more); a ratio above 1 on a base near the top of the range is capped at the largest amount.
     */
    public static Money capacity(Money base, int ratioBps, int weightBps) {
        BigInteger factor = BigInteger.valueOf((long) ratioBps * weightBps);
        return capped(base.value().multiply(factor).divide(BPS_SQUARED));
    }

    /**
     * The least base whose {@link #capacity} covers {@code cover}: {@code ceil(cover x 10_000^2 / (ratio x weight))},
     * or {@link #UNREACHABLE} when no amount does (a weight of zero, or a base beyond 2^256 - 1).
     */
    public static BigInteger baseFor(Money cover, int ratioBps, int weightBps) {
        long factor = (long) ratioBps * weightBps;
        if (cover.isZero()) {
            return BigInteger.ZERO;
        }
        if (factor <= 0) {
            return UNREACHABLE;
        }
        BigInteger[] qr = cover.value().multiply(BPS_SQUARED).divideAndRemainder(BigInteger.valueOf(factor));
        BigInteger base = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return base.min(UNREACHABLE);
    }

    /** {@code floor(part x 10^6 / whole)} as a long (capped at Long.MAX_VALUE); 10^6 when {@code whole} is zero and part is not. */
    public static long ppm(Money part, Money whole) {
        if (whole.isZero()) {
            return part.isZero() ? 0 : PPM;
        }
        BigInteger ppm = part.value().multiply(BigInteger.valueOf(PPM)).divide(whole.value());
        return ppm.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
    }

    /** Whether {@code a + b} stays within 2^256 - 1. */
    public static boolean fits(Money a, Money b) {
        return a.value().add(b.value()).compareTo(Money.MAX_VALUE) <= 0;
    }

    private static Money capped(BigInteger value) {
        return Money.of(value.min(Money.MAX_VALUE));
    }
}
