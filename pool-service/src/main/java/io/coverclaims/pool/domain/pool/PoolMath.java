package io.coverclaims.pool.domain.pool;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Exact integer arithmetic of the pool's rules: products of two longs never overflow, the rounding is explicit. */
public final class PoolMath {

    public static final long BPS = 10_000L;
    public static final long PPM = 1_000_000L;

    private PoolMath() {}

    /** floor(a x b / c). */
    public static long mulDivFloor(long a, long b, long c) {
        return BigInteger.valueOf(a)
                .multiply(BigInteger.valueOf(b))
                .divide(BigInteger.valueOf(c))
                .longValueExact();
    }

    /** ceil(a x b / c). */
    public static long mulDivCeil(long a, long b, long c) {
        return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
                .divide(new BigDecimal(c), 0, RoundingMode.CEILING)
                .longValueExact();
    }
}
