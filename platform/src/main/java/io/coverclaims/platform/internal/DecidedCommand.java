package io.coverclaims.platform.internal;

import io.coverclaims.platform.decider.Rejection;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import java.time.Instant;
import java.util.List;

/**
 * A decided command as the store keeps it: plain values, so answering a retry builds a fresh
 * {@link CommandOutcome} instead of deep-copying a stored Avro record (whose generated copy code resolves
 * enum classes through Avro's own class loader, which differs from the application's under Quarkus tests).
 */
public record DecidedCommand(
        String commandId,
        String aggregateId,
        String commandType,
        boolean accepted,
        long aggregateVersion,
        List<String> eventIds,
        String reasonCode,
        String reasonMessage,
        String field,
        String correlationId,
        Instant decidedAt,
        String requestHash) {

    public static final String IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";

    public DecidedCommand {
        eventIds = List.copyOf(eventIds);
    }

    /**
     * Whether an outcome is a decision to remember (by the processor when it publishes it, by a rebuild when it reads
     * it back): not a duplicate's answer, not a refusal that left the command undecided ({@code PROCESSING_FAILED},
     * {@code COMMAND_TOO_OLD}, {@code PAUSED}), so a redriven or re-sent copy can still be decided.
     */
    public static boolean isRemembered(CommandOutcome outcome) {
        return !outcome.getDuplicate()
                && !Rejection.PROCESSING_FAILED.equals(outcome.getReasonCode())
                && !Rejection.COMMAND_TOO_OLD.equals(outcome.getReasonCode())
                && !Rejection.PAUSED.equals(outcome.getReasonCode());
    }

    public static DecidedCommand of(CommandOutcome outcome) {
        return new DecidedCommand(
                outcome.getCommandId(),
                outcome.getAggregateId(),
                outcome.getCommandType(),
                outcome.getStatus().name().equals(CommandStatus.ACCEPTED.name()),
                outcome.getAggregateVersion(),
                List.copyOf(outcome.getEventIds()),
                outcome.getReasonCode(),
                outcome.getReasonMessage(),
                outcome.getField(),
                outcome.getCorrelationId(),
                outcome.getDecidedAt(),
                outcome.getRequestHash());
    }

    public CommandOutcome toOutcome(boolean duplicate) {
        return CommandOutcome.newBuilder()
                .setCommandId(commandId)
                .setAggregateId(aggregateId)
                .setCommandType(commandType)
                .setStatus(accepted ? CommandStatus.ACCEPTED : CommandStatus.REJECTED)
                .setAggregateVersion(aggregateVersion)
                .setEventIds(eventIds)
                .setReasonCode(reasonCode)
                .setReasonMessage(reasonMessage)
                .setField(field)
                .setCorrelationId(correlationId)
                .setDecidedAt(decidedAt)
                .setDuplicate(duplicate)
                .setRequestHash(requestHash)
                .build();
    }

    /**
     * Whether a command with this id and {@code otherHash} asks for something else than what was decided: the same
     * idempotency key sent with another body. Unkeyed commands (no hash on either side) never conflict.
     */
    public boolean conflictsWith(String otherHash) {
        return requestHash != null && otherHash != null && !requestHash.equals(otherHash);
    }

    /** The answer to a retry whose request differs from the decided one: refused, and recorded nowhere. */
    public CommandOutcome reusedKeyOutcome(String commandType, String otherHash) {
        return CommandOutcome.newBuilder()
                .setCommandId(commandId)
                .setAggregateId(aggregateId)
                .setCommandType(commandType)
                .setStatus(CommandStatus.REJECTED)
                .setAggregateVersion(aggregateVersion)
                .setEventIds(List.of())
                .setReasonCode(IDEMPOTENCY_KEY_REUSED)
                .setReasonMessage("this Idempotency-Key was used for another request; send a new key for a new request")
                .setField("Idempotency-Key")
                .setCorrelationId(correlationId)
                .setDecidedAt(decidedAt)
                .setDuplicate(true)
                .setRequestHash(otherHash)
                .build();
    }
}
