package io.coverclaims.platform.gateway;

import io.coverclaims.schemas.common.CommandMetadata;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Stamps commands at the edge. This is where the clock is read, once: the time travels in the command and
 * its events, so deciding and replaying never look at a clock.
 */
public final class Commands {

    private final Clock clock;

    public Commands(Clock clock) {
        this.clock = clock;
    }

    public static Commands systemClock() {
        return new Commands(Clock.systemUTC());
    }

    /**
     * The system clock shifted by {@code coverclaims.clock.offset} (an ISO-8601 duration, default none): a
     * demonstration setting only, so that cover counted in days can end minutes after it is bought (./claims demo
     * runs policy-service 23 h 58 min behind). The offset is read once; the times it yields travel in the commands
     * and events like any other, so a replay never sees it.
     */
    public static Commands configured() {
        Duration offset = ConfigProvider.getConfig()
                .getOptionalValue("coverclaims.clock.offset", Duration.class)
                .orElse(Duration.ZERO);
        return new Commands(offset.isZero() ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), offset));
    }

    /**
     * @param idempotencyKey the client's key (Idempotency-Key header), or null for a fresh command id
     * @param correlationId  the client's correlation id, or null to start a new correlation
     */
    public CommandMetadata metadata(
            String aggregateId, String actor, Long expectedVersion, String idempotencyKey, String correlationId) {
        String commandId = idempotencyKey == null || idempotencyKey.isBlank()
                ? UUID.randomUUID().toString()
                : idempotencyKey;
        return CommandMetadata.newBuilder()
                .setCommandId(commandId)
                .setAggregateId(aggregateId)
                .setExpectedVersion(expectedVersion)
                .setCorrelationId(correlationId == null || correlationId.isBlank() ? commandId : correlationId)
                .setCausationId(null)
                .setIssuedAt(clock.instant())
                .setActor(actor == null || actor.isBlank() ? "anonymous" : actor)
                .build();
    }

    /**
     * A client's key scoped to the caller, the operation and the target: what an id derived from an Idempotency-Key
     * (a quote id, an API deposit id) must be made of, so that another caller's same key derives another id.
     */
    public static String scoped(String caller, String operation, String target, String key) {
        return IdempotencyScope.commandId(caller, operation, target, key);
    }
}
