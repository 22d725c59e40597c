package io.coverclaims.schemas.parameters;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/**
 * One governed parameter of the catalogue: its dotted name, the context that owns (reads and records) it, its type
 * and unit, the genesis default and the bounds a proposal must stay within. Values are whole numbers: durations in
 * milliseconds, rates in basis points or parts per million, amounts in whole tokens.
 */
public record ParameterSpec(
        String name,
        String owner,
        String type,
        String unit,
        String defaultValue,
        String min,
        String max,
        String description) {

    /** The types a parameter may have. */
    public static final java.util.List<String> TYPES = java.util.List.of("duration", "long", "bps", "ppm");

    public ParameterSpec {
        if (name == null || !name.matches("[a-z]+(\\.[a-zA-Z0-9]+)+")) {
            throw new IllegalStateException("parameter name " + name + " is not a dotted lower-camel name");
        }
        if (!TYPES.contains(type)) {
            throw new IllegalStateException("parameter " + name + " has type " + type + ", not one of " + TYPES);
        }
        BigInteger lo = new BigInteger(min);
        BigInteger hi = new BigInteger(max);
        BigInteger value = new BigInteger(defaultValue);
        if (lo.compareTo(hi) > 0 || value.compareTo(lo) < 0 || value.compareTo(hi) > 0) {
            throw new IllegalStateException(
                    "parameter " + name + ": default " + defaultValue + " is not within [" + min + ", " + max + "]");
        }
        if (hi.bitLength() > 63) {
            throw new IllegalStateException("parameter " + name + ": bounds must fit a long");
        }
    }

    public long defaultLong() {
        return Long.parseLong(defaultValue);
    }

    public long minLong() {
        return Long.parseLong(min);
    }

    public long maxLong() {
        return Long.parseLong(max);
    }

    /** Why {@code value} is not acceptable for this parameter, or empty when it is. */
    public Optional<String> refusal(long value) {
        if (value < minLong() || value > maxLong()) {
            return Optional.of(name + " must be within [" + render(minLong()) + ", " + render(maxLong()) + "] " + unit
                    + ", not " + render(value));
        }
        return Optional.empty();
    }

    /** A value as people read it: durations also as ISO-8601 (e.g. {@code 259200000 (PT72H)}). */
    public String render(long value) {
        return "duration".equals(type) ? value + " (" + Duration.ofMillis(value) + ")" : Long.toString(value);
    }
}
