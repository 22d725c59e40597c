package io.coverclaims.platform.streams;

import io.coverclaims.platform.governance.GovernanceStore;
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
 * @param governanceTopic the topic a governed context reads its pause flags and parameters from: governance.events
 *     (tests give their own).
 * @param releaseInterval how often (wall clock) a governed context looks for parked commands whose pause was
 *     lifted; nothing is read while none is parked. {@code coverclaims.pause.release-interval}, 200 ms.
 */
public record KernelOptions(
        Duration idempotencyWindow, Duration purgeInterval, String governanceTopic, Duration releaseInterval) {

    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RELEASE_INTERVAL = Duration.ofMillis(200);
    public static final KernelOptions DEFAULTS = new KernelOptions(DEFAULT_WINDOW, DEFAULT_PURGE_INTERVAL);

    public KernelOptions(Duration idempotencyWindow, Duration purgeInterval) {
        this(idempotencyWindow, purgeInterval, GovernanceStore.TOPIC, DEFAULT_RELEASE_INTERVAL);
    }

    /** These options with governance read from {@code topic}. */
    public KernelOptions withGovernanceTopic(String topic) {
        return new KernelOptions(idempotencyWindow, purgeInterval, topic, releaseInterval);
    }

    public KernelOptions {
        Objects.requireNonNull(idempotencyWindow);
        Objects.requireNonNull(purgeInterval);
        Objects.requireNonNull(governanceTopic);
        Objects.requireNonNull(releaseInterval);
        if (releaseInterval.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "coverclaims.pause.release-interval must be at least 1 ms: " + releaseInterval);
        }
        if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
            throw new IllegalArgumentException("coverclaims.idempotency.window must be positive: " + idempotencyWindow);
        }
        if (purgeInterval.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "coverclaims.idempotency.purge-interval must be at least 1 ms: " + purgeInterval);
        }
    }
}
