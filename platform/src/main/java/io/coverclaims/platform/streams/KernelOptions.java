package io.coverclaims.platform.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How the kernel runs a context's command processor.
 *
 * @param idempotencyWindow how long a decided command id is remembered, measured on the command's {@code issuedAt}
 *     against the partition's stream time (the latest command timestamp); a command issued longer ago is refused
 *     ({@code COMMAND_TOO_OLD}) rather than risk deciding it twice. {@code coverclaims.idempotency.window}, 7 days.
 * @param purgeInterval how often (wall clock) ids older than the window are forgotten.
 *     {@code coverclaims.idempotency.purge-interval}, 10 minutes.
 */
public record KernelOptions(Duration idempotencyWindow, Duration purgeInterval) {

    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(10);
    public static final KernelOptions DEFAULTS = new KernelOptions(DEFAULT_WINDOW, DEFAULT_PURGE_INTERVAL);

    public KernelOptions {
        Objects.requireNonNull(idempotencyWindow);
        Objects.requireNonNull(purgeInterval);
        if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
            throw new IllegalArgumentException("coverclaims.idempotency.window must be positive: " + idempotencyWindow);
        }
        if (purgeInterval.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "coverclaims.idempotency.purge-interval must be at least 1 ms: " + purgeInterval);
        }
    }
}
