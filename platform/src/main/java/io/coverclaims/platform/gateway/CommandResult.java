package io.coverclaims.platform.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coverclaims.schemas.common.CommandOutcome;
import java.util.List;

/** A command's outcome as REST clients see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(
        String commandId,
        String aggregateId,
        String commandType,
        String status,
        long aggregateVersion,
        List<String> eventIds,
        String reasonCode,
        String reasonMessage,
        String field,
        boolean duplicate) {

    public static CommandResult of(CommandOutcome outcome) {
        return new CommandResult(
                outcome.getCommandId(),
                outcome.getAggregateId(),
                outcome.getCommandType(),
                outcome.getStatus().name(),
                outcome.getAggregateVersion(),
                List.copyOf(outcome.getEventIds()),
                outcome.getReasonCode(),
                outcome.getReasonMessage(),
                outcome.getField(),
                outcome.getDuplicate());
    }

    /** Sent, not decided yet: the 202 body. */
    public static CommandResult pending(String commandId, String aggregateId) {
        return new CommandResult(commandId, aggregateId, null, "PENDING", -1, List.of(), null, null, null, false);
    }

    public boolean accepted() {
        return "ACCEPTED".equals(status);
    }
}
