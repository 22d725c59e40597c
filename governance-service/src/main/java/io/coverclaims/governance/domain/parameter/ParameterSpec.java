package io.coverclaims.governance.domain.parameter;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of the parameter catalogue: its owner context, kind, unit, default and bounds (inclusive), all given as
 * decimal integers (durations in ms).
 */
public record ParameterSpec(
        String name,
        String owner,
        ParameterType type,
        String unit,
        BigInteger defaultValue,
        BigInteger min,
        BigInteger max,
        String description) {

    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,77})");

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "default");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + ": min " + min + " is above max " + max);
        }
        if (type.isLong() && (outsideLong(min) || outsideLong(max))) {
            throw new IllegalArgumentException(name + ": bounds of a " + type + " must fit a long");
        }
    }

    private static boolean outsideLong(BigInteger value) {
        return value.bitLength() > 63;
    }

    /**
     * The value {@code text} (a decimal integer) as this parameter's wire value, or empty when it is no decimal
     * integer, or none a {@code long} holds for a numeric kind.
     */
    public Optional<ParameterValue> parse(String text) {
        if (text == null || !INTEGER.matcher(text).matches()) {
            return Optional.empty();
        }
        BigInteger value = new BigInteger(text);
        if (type.isLong()) {
            return outsideLong(value)
                    ? Optional.empty()
                    : Optional.of(ParameterValue.ofLong(name, value.longValueExact()));
        }
        return Optional.of(ParameterValue.ofString(name, value.toString()));
    }

    /** The default as a wire value. */
    public ParameterValue defaultParameterValue() {
        return type.isLong()
                ? ParameterValue.ofLong(name, defaultValue.longValueExact())
                : ParameterValue.ofString(name, defaultValue.toString());
    }

    /**
     * Why {@code value} is no value of this parameter: the wrong kind (a numeric parameter takes longValue, an amount
     * stringValue, a decimal integer), or outside [min, max]; empty when it is one.
     */
    public Optional<Problem> check(ParameterValue value) {
        if (value == null || !value.wellFormed()) {
            return Optional.of(new Problem("INVALID_VALUE", "exactly one of longValue and stringValue must be set"));
        }
        BigInteger number;
        if (type.isLong()) {
            if (value.longValue() == null) {
                return Optional.of(new Problem("INVALID_VALUE", name + " is a " + type + ": it takes a longValue"));
            }
            number = BigInteger.valueOf(value.longValue());
        } else {
            if (value.stringValue() == null
                    || !INTEGER.matcher(value.stringValue()).matches()) {
                return Optional.of(new Problem(
                        "INVALID_VALUE", name + " is an amount: it takes a stringValue, a decimal integer"));
            }
            number = new BigInteger(value.stringValue());
        }
        if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
            return Optional.of(new Problem(
                    "OUT_OF_BOUNDS",
                    name + " must be within [" + min + ", " + max + "] (" + unit + "), not " + number));
        }
        return Optional.empty();
    }

    /** Why a value was refused: a rejection code and a message. */
    public record Problem(String code, String message) {}
}
