package io.coverclaims.platform.money;

import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of an ERC-20 token in its smallest unit, exact for any value the token contract's {@code uint256} holds:
 * 0 to 2^256 - 1. Never a floating point number, never silently truncated: arithmetic that would leave the range
 * throws {@link AmountOutOfRange}, which the kernel turns into a rejection. Division states its rounding
 * ({@link #mulDivFloor}, {@link #mulDivCeil}); callers choose the one that favours the pool.
 *
 * <p>On the wire (Avro) an amount is {@code decimal(78, 0)}; in JSON it is a decimal string (JSON numbers lose
 * precision past 2^53 in most clients).
 */
public record Money(BigInteger value) implements Comparable<Money> {

    /** 2^256 - 1, the largest uint256. */
    public static final BigInteger MAX_VALUE = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    /** Decimal digits of {@link #MAX_VALUE}. */
    public static final int MAX_DIGITS = 78;

    public static final Money ZERO = new Money(BigInteger.ZERO);
    public static final Money MAX = new Money(MAX_VALUE);

    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,77}");

    public Money {
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0) {
            throw new AmountOutOfRange("an amount cannot be negative: " + value);
        }
        if (value.compareTo(MAX_VALUE) > 0) {
            throw new AmountOutOfRange("an amount cannot exceed 2^256 - 1: " + value);
        }
    }

    public static Money of(long value) {
        return new Money(BigInteger.valueOf(value));
    }

    public static Money of(BigInteger value) {
        return new Money(value);
    }

    /** Whether {@code text} is an amount in canonical decimal form: digits only, no sign, no leading zero, at most 2^256 - 1. */
    public static boolean isDecimal(String text) {
        return text != null && DECIMAL.matcher(text).matches() && new BigInteger(text).compareTo(MAX_VALUE) <= 0;
    }

    /**
     * Parses a canonical decimal amount.
     *
     * @throws NumberFormatException when {@code text} is not digits only, has a sign or a leading zero, or exceeds
     *     2^256 - 1
     */
    public static Money parse(String text) {
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw new NumberFormatException(
                    "an amount is a decimal string of digits with no sign, fraction or leading zero");
        }
        BigInteger value = new BigInteger(text);
        if (value.compareTo(MAX_VALUE) > 0) {
            throw new NumberFormatException("an amount cannot exceed 2^256 - 1");
        }
        return new Money(value);
    }

    public Money plus(Money other) {
        return new Money(value.add(other.value));
    }

    /** {@code this - other}; throws {@link AmountOutOfRange} when other is larger. */
    public Money minus(Money other) {
        return new Money(value.subtract(other.value));
    }

    /** {@code max(0, this - other)}. */
    public Money minusOrZero(Money other) {
        return value.compareTo(other.value) <= 0 ? ZERO : new Money(value.subtract(other.value));
    }

    /** {@code floor(this x numerator / denominator)}: rounded down. */
    public Money mulDivFloor(BigInteger numerator, BigInteger denominator) {
        requirePositive(denominator);
        return new Money(value.multiply(numerator).divide(denominator));
    }

    /** {@code ceil(this x numerator / denominator)}: rounded up. */
    public Money mulDivCeil(BigInteger numerator, BigInteger denominator) {
        requirePositive(denominator);
        BigInteger[] qr = value.multiply(numerator).divideAndRemainder(denominator);
        return new Money(qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE));
    }

    public Money mulDivFloor(long numerator, long denominator) {
        return mulDivFloor(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    public Money mulDivCeil(long numerator, long denominator) {
        return mulDivCeil(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    /** {@code floor(this x other.value / denominator.value)}, for a pro rata share of amounts. */
    public Money mulDivFloor(Money numerator, Money denominator) {
        return mulDivFloor(numerator.value, denominator.value);
    }

    public Money mulDivCeil(Money numerator, Money denominator) {
        return mulDivCeil(numerator.value, denominator.value);
    }

    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    public Money max(Money other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    public boolean isPositive() {
        return value.signum() > 0;
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    public boolean isLessThan(Money other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Money other) {
        return value.compareTo(other.value);
    }

    /** The canonical decimal form, as JSON carries it. */
    @Override
    public String toString() {
        return value.toString();
    }

    private static void requirePositive(BigInteger denominator) {
        if (denominator.signum() <= 0) {
            throw new ArithmeticException("division by a non-positive number: " + denominator);
        }
    }
}
