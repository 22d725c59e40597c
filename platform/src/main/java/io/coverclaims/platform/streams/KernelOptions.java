package io.coverclaims.platform.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How the kernel runs a context's command processor.
 *
 * @param idempotencyWindow how long a decided command id is remembered, measured on the command's {@code issuedAt}
 *     against the partition's stream time (the latest command timestamp); a command issued longer ago is refused
 *     ({@code COMMAND_TOO_OLD}) rather than risk deciding it twice. {@code coverclaims.idempotency.window}, 7 days.
 * @param purgeInterval how often (wall clock) a purge step runs: each looks at the next 5,000 decided commands of
 *     the task's store and forgets those older than the window, so a whole store of n ids is swept every
 *     n / 5,000 intervals. {@code coverclaims.idempotency.purge-interval}, 10 seconds.
 */
public record KernelOptions(Duration idempotencyWindow, Duration purgeInterval) {

    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofSeconds(10);
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
