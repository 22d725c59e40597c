package io.coverclaims.platform.streams;

import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.common.CommandMetadata;
import java.time.Instant;
import java.util.UUID;

/** The kernel tests' commands: a fixed issue time and actor, so events are comparable across runs. */
public final class KernelTestKit extends KafkaTestKit {

    public static CommandMetadata metadata(String aggregateId) {
        return metadata(aggregateId, UUID.randomUUID().toString(), null);
    }

    public static CommandMetadata metadata(String aggregateId, String commandId, Long expectedVersion) {
        return CommandMetadata.newBuilder()
                .setCommandId(commandId)
                .setAggregateId(aggregateId)
                .setExpectedVersion(expectedVersion)
                .setCorrelationId("corr-" + commandId)
                .setCausationId(null)
                .setIssuedAt(Instant.parse("2026-11-23T12:00:00Z"))
                .setActor("0xtester")
                .build();
    }
}
