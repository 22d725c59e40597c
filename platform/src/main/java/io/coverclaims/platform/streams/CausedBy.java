package io.coverclaims.platform.streams;

import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Metadata of a command a process manager issues because of an event: deterministic, traceable, clock-free. */
public final class CausedBy {

    private CausedBy() {
    }

    /**
     * @param step names the reaction, so one event can cause several distinct commands (e.g. "reserve-capacity")
     * @param actor the service issuing the command
     */
    public static CommandMetadata metadata(EventMetadata cause, String aggregateId, String step, String actor) {
        String commandId = UUID.nameUUIDFromBytes((cause.getEventId() + "/" + step).getBytes(StandardCharsets.UTF_8)).toString();
        return CommandMetadata.newBuilder()
                .setCommandId(commandId)
                .setAggregateId(aggregateId)
                .setExpectedVersion(null)
                .setCorrelationId(cause.getCorrelationId())
                .setCausationId(cause.getEventId())
                .setIssuedAt(cause.getOccurredAt())
                .setActor(actor)
                .build();
    }
}
