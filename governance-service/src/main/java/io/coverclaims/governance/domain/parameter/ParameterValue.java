package io.coverclaims.governance.domain.parameter;

/**
 * A parameter's value as governance.events carries it: exactly one of {@code longValue} (durations in ms, bps, ppm,
 * counts) and {@code stringValue} (amounts, as decimal integers) is set.
 */
public record ParameterValue(String name, Long longValue, String stringValue) {

    public static ParameterValue ofLong(String name, long value) {
        return new ParameterValue(name, value, null);
    }

    public static ParameterValue ofString(String name, String value) {
        return new ParameterValue(name, null, value);
    }

    /** Exactly one of the two values is set. */
    public boolean wellFormed() {
        return name != null && (longValue == null) != (stringValue == null);
    }

    /** The value as text, whichever kind it is. */
    public String text() {
        return longValue != null ? longValue.toString() : stringValue;
    }
}
