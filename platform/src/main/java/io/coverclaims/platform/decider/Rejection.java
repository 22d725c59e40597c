package io.coverclaims.platform.decider;

import java.util.Objects;

/**
 * Why a command was refused.
 *
 * @param code    machine-readable reason, UPPER_SNAKE_CASE (e.g. {@code INSUFFICIENT_CAPACITY})
 * @param message for humans
 * @param field   the command field the rejection is about, or null
 */
public record Rejection(String code, String message, String field) {

    /** Reasons the kernel itself produces, before any aggregate is consulted. */
    public static final String VERSION_CONFLICT = "VERSION_CONFLICT";

    public static final String AGGREGATE_TYPE_MISMATCH = "AGGREGATE_TYPE_MISMATCH";
    /** The decider failed on the command: it is dead-lettered for an operator and refused, never left unanswered. */
    public static final String PROCESSING_FAILED = "PROCESSING_FAILED";

    /**
     * The command was issued longer ago than the idempotency window: its id may have been forgotten, so it is not
     * decided (field {@code issuedAt}).
     */
    public static final String COMMAND_TOO_OLD = "COMMAND_TOO_OLD";

    /**
     * A caller's command whose capability an emergency pause stops (field {@code capability}): refused, nothing
     * appended, not remembered as decided, so the same request may be sent again after the unpause.
     */
    public static final String PAUSED = "PAUSED";

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (!code.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("rejection code must be UPPER_SNAKE_CASE: " + code);
        }
    }
}
