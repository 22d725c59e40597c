package io.coverclaims.platform.health;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Closes Kafka Streams leaving the consumer group, before the extension's own plain close: otherwise a
 * restarted instance with the same application id waits out the session timeout (45 s) for its tasks.
 * For the usual dynamic members it is the main consumer's {@code internal.leave.group.on.close} (set in the
 * kernel's defaults) that sends the LeaveGroup; {@code leaveGroup(true)} covers static members.
 */
@ApplicationScoped
public class LeaveGroupOnShutdown {

    @Inject
    KafkaStreams streams;

    @ConfigProperty(name = "coverclaims.streams.close-timeout", defaultValue = "30s")
    Duration closeTimeout;

    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(closeTimeout));
    }
}
