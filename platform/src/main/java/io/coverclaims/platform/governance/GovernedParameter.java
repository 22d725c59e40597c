package io.coverclaims.platform.governance;

import java.time.Instant;
import java.util.Objects;

/**
 * A governed parameter's value now: exactly one of {@code longValue} and {@code stringValue} is set.
 *
 * @param since when the value took effect (ParameterChanged's effectiveAt, ParameterInitialized's occurredAt)
 * @param proposalId the proposal that set it; null for the genesis value
 */
public record GovernedParameter(String name, Long longValue, String stringValue, Instant since, String proposalId) {

    public GovernedParameter {
        Objects.requireNonNull(name, "name");
        if ((longValue == null) == (stringValue == null)) {
            throw new IllegalArgumentException(
                    "parameter " + name + ": exactly one of a long value and a string value must be set");
        }
    }

    public static GovernedParameter ofLong(String name, long value, Instant since, String proposalId) {
        return new GovernedParameter(name, value, null, since, proposalId);
    }

    public static GovernedParameter ofString(String name, String value, Instant since, String proposalId) {
        return new GovernedParameter(name, null, value, since, proposalId);
    }

    /** The value as text, whichever kind it is. */
    public String text() {
        return longValue != null ? longValue.toString() : stringValue;
    }
}
