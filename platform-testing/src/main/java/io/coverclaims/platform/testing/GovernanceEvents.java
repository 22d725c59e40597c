package io.coverclaims.platform.testing;

import io.coverclaims.platform.governance.Governance;
import io.coverclaims.schemas.governance.ParameterChanged;
import io.coverclaims.schemas.governance.ParameterValue;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * governance.events written as governance-service would, for a governed service's tests: a parameter changed by an
 * executed proposal, and waiting until the service under test decides with it.
 */
public final class GovernanceEvents {

    public static final String TOPIC = "governance.events";

    /** Versions above genesis's: each change is a new version of the parameter. */
    private static final AtomicLong VERSION = new AtomicLong(1_000);

    private GovernanceEvents() {}

    /**
     * Sends {@code ParameterChanged name = value} (a long parameter, effective now) and waits until {@code governance}
     * (the service's own copy of governance.events) holds it.
     */
    public static void setParameter(KafkaTestKit topics, Governance governance, String name, long value) {
        topics.send(
                TOPIC,
                name,
                ParameterChanged.newBuilder()
                        .setMetadata(KafkaTestKit.event(name, VERSION.incrementAndGet(), "governance-service"))
                        .setProposalId("prop-" + UUID.randomUUID())
                        .setValue(ParameterValue.newBuilder()
                                .setName(name)
                                .setLongValue(value)
                                .setStringValue(null)
                                .build())
                        .setPrevious(null)
                        .setEffectiveAt(Instant.now())
                        .build());
        KafkaTestKit.awaitTrue(
                name + " = " + value, Duration.ofSeconds(30), () -> governance.longParameter(name, -1) == value);
    }
}
