package io.coverclaims.governance.domain.parameter;

import java.util.Locale;

/**
 * A governed parameter's kind (parameter-catalogue.json's {@code type}): every kind but AMOUNT travels as
 * {@code longValue}; an AMOUNT (a token amount in its smallest unit, possibly beyond a long) as {@code stringValue},
 * a decimal integer.
 */
public enum ParameterType {
    DURATION,
    LONG,
    BPS,
    PPM,
    AMOUNT;

    public static ParameterType of(String catalogueName) {
        return valueOf(catalogueName.toUpperCase(Locale.ROOT));
    }

    public boolean isLong() {
        return this != AMOUNT;
    }
}
