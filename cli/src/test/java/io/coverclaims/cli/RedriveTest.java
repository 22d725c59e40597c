package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.internal.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RedriveTest {

    static final Contexts.Context POOL = Contexts.get("pool");

    private static Headers deadLetter() {
        Headers headers = new RecordHeaders();
        headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetter.REASON, "PROCESSING_FAILED".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetter.ORIGIN_TOPIC, "pool.commands".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetter.ORIGIN_PARTITION, "3".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetter.ORIGIN_OFFSET, "41".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @Test
    void the_marker_names_the_dead_letter_topic_partition_and_offset() {
        assertThat(Redrive.marker("pool.dead-letter", 0, 3)).isEqualTo("pool.dead-letter-0@3");
    }

    @Test
    void the_record_sent_back_keeps_its_own_headers_drops_the_dead_letters_and_carries_the_marker() {
        Headers sent = Redrive.headers(deadLetter(), "pool.dead-letter-0@3", Instant.parse("2026-12-01T12:00:00Z"));

        assertThat(sent.toArray())
                .extracting(header -> header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8))
                .containsExactly(
                        "traceparent=00-abc-def-01",
                        "dlq.redriven-from=pool.dead-letter-0@3",
                        "dlq.redriven-at=2026-12-01T12:00:00Z");
    }

    @Test
    void a_record_is_the_redrive_of_exactly_the_dead_letter_its_marker_names() {
        Headers sent = Redrive.headers(deadLetter(), "pool.dead-letter-0@3", Instant.EPOCH);

        assertThat(Redrive.isRedriveOf(sent, "pool.dead-letter-0@3")).isTrue();
        assertThat(Redrive.isRedriveOf(sent, "pool.dead-letter-0@30")).isFalse();
        assertThat(Redrive.isRedriveOf(sent, "policy.dead-letter-0@3")).isFalse();
        assertThat(Redrive.isRedriveOf(deadLetter(), "pool.dead-letter-0@3")).isFalse();
    }

    @Test
    void a_redriven_record_that_failed_again_is_redriven_under_its_new_dead_letters_marker_only() {
        Headers again = Redrive.headers(
                Redrive.headers(deadLetter(), "pool.dead-letter-0@3", Instant.EPOCH),
                "pool.dead-letter-0@9",
                Instant.EPOCH);

        assertThat(Redrive.isRedriveOf(again, "pool.dead-letter-0@9")).isTrue();
        assertThat(Redrive.isRedriveOf(again, "pool.dead-letter-0@3")).isFalse();
    }

    @Test
    void only_a_command_from_the_contexts_own_command_topic_is_sent_back() {
        assertThat(Redrive.refusal(POOL, "pool.commands", null)).isEmpty();
        assertThat(Redrive.refusal(POOL, "policy.events", null))
                .hasValueSatisfying(why -> assertThat(why)
                        .startsWith("it came from policy.events, not from pool.commands")
                        .contains("a second copy in a log kept forever"));
        assertThat(Redrive.refusal(POOL, "policy.commands", null)).isPresent();
        assertThat(Redrive.refusal(POOL, null, "policy-deadlines"))
                .hasValue("it has no origin topic (it failed in state store policy-deadlines, e.g. a scheduled "
                        + "command): nothing to send it back to");
    }
}
