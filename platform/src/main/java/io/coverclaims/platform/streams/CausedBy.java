package io.coverclaims.platform.streams;

import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Metadata of a command a process manager issues because of an event: deterministic, traceable, clock-free. */
public final class CausedBy {

    private CausedBy() {}

    /**
     * @param step names the reaction, so one event can cause several distinct commands (e.g. "reserve-capacity")
     * @param actor the service issuing the command
     */
    public static CommandMetadata metadata(EventMetadata cause, String aggregateId, String step, String actor) {
        return derived(cause, aggregateId, cause.getEventId() + "/" + step, actor, cause.getOccurredAt());
    }

    /**
     * The same for a command the event causes at another time (a deadline): the command id is derived from
     * {@code idName}, unique to the event and the reaction, and the command is issued at {@code issuedAt}.
     */
    public static CommandMetadata derived(
            EventMetadata cause, String aggregateId, String idName, String actor, Instant issuedAt) {
        String commandId =
                UUID.nameUUIDFromBytes(idName.getBytes(StandardCharsets.UTF_8)).toString();
        return CommandMetadata.newBuilder()
                .setCommandId(commandId)
                .setAggregateId(aggregateId)
                .setExpectedVersion(null)
                .setCorrelationId(cause.getCorrelationId())
                .setCausationId(cause.getEventId())
                .setIssuedAt(issuedAt)
                .setActor(actor)
                .build();
    }
}
