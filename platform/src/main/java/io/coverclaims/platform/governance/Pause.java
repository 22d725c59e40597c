package io.coverclaims.platform.governance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A pause in force: what it stops and the pause request that set it, for the messages of the commands it holds.
 *
 * @param requestId the governance pause request (or circuit-breaker trip) that set the flag
 * @param approvers the guardians who signed it; empty when a circuit breaker tripped it
 * @param breaker the circuit-breaker rule that tripped it, or null
 * @param since when it took effect (the PauseFlagChanged's occurredAt)
 */
public record Pause(PauseKey key, String requestId, List<String> approvers, String breaker, Instant since) {

    public Pause {
        Objects.requireNonNull(key, "key");
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }

    /**
     * Names the capability, its scope and the request, e.g. {@code claims are paused by pause request req-7
     * (approved by 0xa.., 0xb..) since 2026-...}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder(key.capability().restName());
        if (key.scope() != null) {
            text.append(" for ").append(key.scope());
        }
        text.append(" paused by ");
        if (breaker != null) {
            text.append("circuit breaker ")
                    .append(breaker)
                    .append(" (")
                    .append(requestId)
                    .append(')');
        } else {
            text.append("pause request ").append(requestId);
            if (!approvers.isEmpty()) {
                text.append(" (approved by ")
                        .append(String.join(", ", approvers))
                        .append(')');
            }
        }
        if (since != null) {
            text.append(" since ").append(since);
        }
        return text.toString();
    }
}
