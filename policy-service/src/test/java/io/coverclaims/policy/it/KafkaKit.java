package io.coverclaims.policy.it;

import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;

import java.time.Instant;
import java.util.UUID;

/** policy-service's integration tests: the shared test kit plus the metadata of the records they write. */
public final class KafkaKit extends KafkaTestKit {

    public static CommandMetadata command(String aggregateId, Instant issuedAt, String actor) {
        String id = UUID.randomUUID().toString();
        return CommandMetadata.newBuilder().setCommandId(id).setAggregateId(aggregateId).setExpectedVersion(null)
                .setCorrelationId(id).setCausationId(null).setIssuedAt(issuedAt).setActor(actor).build();
    }

    public static EventMetadata event(String aggregateId, long version) {
        String id = UUID.randomUUID().toString();
        return EventMetadata.newBuilder().setEventId(id).setAggregateId(aggregateId).setAggregateVersion(version)
                .setCausationId(id).setCorrelationId(id).setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setActor("pool-service").build();
    }
}
