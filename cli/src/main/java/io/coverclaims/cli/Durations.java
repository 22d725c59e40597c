package io.coverclaims.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}, {@code 1h30m}, or ISO {@code PT10M}. */
final class Durations {

    private static final Pattern PARTS = Pattern.compile("(\\d{1,9})([smhd])");
    private static final Pattern WHOLE = Pattern.compile("(\\d{1,9}[smhd])+");

    private Durations() {}

    /** The positive duration {@code text} stands for; {@code option} names it in the error. */
    static Duration parse(String option, String text) throws UsageException {
        Duration duration = Duration.ZERO;
        if (WHOLE.matcher(text).matches()) {
            Matcher part = PARTS.matcher(text);
            while (part.find()) {
                long n = Long.parseLong(part.group(1));
                duration = duration.plus(
                        switch (part.group(2)) {
                            case "s" -> Duration.ofSeconds(n);
                            case "m" -> Duration.ofMinutes(n);
                            case "h" -> Duration.ofHours(n);
                            default -> Duration.ofDays(n);
                        });
            }
        } else {
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new UsageException(
                        option + ": " + quote(text) + " is not a duration (e.g. 90s, 10m, 1h, 1h30m, 2d)");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new UsageException(option + ": the duration must be positive, not " + quote(text));
        }
        return duration;
    }

    static String quote(String text) {
        return "'" + text + "'";
    }
}
