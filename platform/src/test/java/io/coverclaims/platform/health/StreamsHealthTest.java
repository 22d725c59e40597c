package io.coverclaims.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsHealthTest {

    @Test
    void liveness_stays_up_through_a_rebalance_and_a_start() {
        assertThat(StreamsAliveLiveness.alive(State.REBALANCING)).isTrue();
        assertThat(StreamsAliveLiveness.alive(State.CREATED)).isTrue();
        assertThat(StreamsAliveLiveness.alive(State.RUNNING)).isTrue();
    }

    @Test
    void liveness_goes_down_when_the_processor_has_failed_or_stopped() {
        assertThat(StreamsAliveLiveness.alive(State.ERROR)).isFalse();
        assertThat(StreamsAliveLiveness.alive(State.PENDING_ERROR)).isFalse();
        assertThat(StreamsAliveLiveness.alive(State.NOT_RUNNING)).isFalse();
    }
}
