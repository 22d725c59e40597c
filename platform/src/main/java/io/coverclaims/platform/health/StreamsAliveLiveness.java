package io.coverclaims.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive unless the command processor has failed for good. A rebalance (or the state rebuild that follows it) is
 * normal operation: restarting the pod then would only start another rebalance.
 */
@Liveness
@ApplicationScoped
public class StreamsAliveLiveness implements HealthCheck {

    @Inject
    KafkaStreams streams;

    static boolean alive(KafkaStreams.State state) {
        return switch (state) {
            case CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN -> true;
            case NOT_RUNNING, PENDING_ERROR, ERROR -> false;
        };
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named("kafka-streams-alive")
                .status(alive(state))
                .withData("state", state.name())
                .build();
    }
}
