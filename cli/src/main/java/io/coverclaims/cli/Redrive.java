package io.coverclaims.cli;

import io.coverclaims.platform.internal.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The rules of a redrive, without Kafka: what may be sent back, where, with which headers, and how a second redrive
 * of the same dead letter is recognised. A redriven record carries {@code dlq.redriven-from=<dead-letter topic>-
 * <partition>@<offset>}; before sending, the origin topic is searched for a record carrying that marker, so the same
 * dead letter is sent at most once whoever runs the redrive, and how often. The command's id (unchanged: the same
 * bytes) keeps it from being decided twice if it ever were.
 */
final class Redrive {

    /** The header that marks a redriven record with the dead letter it came from. */
    static final String REDRIVEN_FROM = "dlq.redriven-from";
    /** When it was redriven. */
    static final String REDRIVEN_AT = "dlq.redriven-at";

    private Redrive() {}

    /** {@code pool.dead-letter-0@3}: the dead letter a redriven record came from. */
    static String marker(String deadLetterTopic, int partition, long offset) {
        return deadLetterTopic + "-" + partition + "@" + offset;
    }

    /** Whether {@code headers} (a record of the origin topic) mark it as the redrive of {@code marker}. */
    static boolean isRedriveOf(Headers headers, String marker) {
        for (Header header : headers.headers(REDRIVEN_FROM)) {
            if (marker.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why the dead letter whose origin is {@code originTopic} (null when it came from a state store) cannot be sent
     * back by this tool, if it cannot: only a command may go back, and only to its own context's command topic, which
     * decides it exactly once. An event (a process manager's reaction that failed) sent back to an event topic would be
     * a second copy of an event in a log kept forever: every rebuild would stop at its version.
     */
    static Optional<String> refusal(Contexts.Context context, String originTopic, String originStore) {
        if (originTopic == null) {
            return Optional.of("it has no origin topic"
                    + (originStore == null
                            ? ""
                            : " (it failed in state store " + originStore + ", e.g. a scheduled command)")
                    + ": nothing to send it back to");
        }
        if (!originTopic.equals(context.commands())) {
            return Optional.of("it came from " + originTopic + ", not from " + context.commands()
                    + ": only commands are sent back (to their context's command topic, which decides each command id "
                    + "once); an event sent back would be a second copy in a log kept forever, and the process manager "
                    + "that failed on it reads it from " + originTopic + " by itself");
        }
        return Optional.empty();
    }

    /**
     * The headers of the record sent back: the original record's (the dead letter keeps them), without the {@code dlq.*}
     * ones the dead-lettering added, plus the redrive's marker and time.
     */
    static Headers headers(Headers deadLetter, String marker, Instant now) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : deadLetter) {
            if (!header.key().startsWith("dlq.")) {
                headers.add(header.key(), header.value());
            }
        }
        headers.add(REDRIVEN_FROM, marker.getBytes(StandardCharsets.UTF_8));
        headers.add(REDRIVEN_AT, now.toString().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** A header of a dead letter as text, or null. */
    static String header(Headers headers, String name) {
        return DeadLetter.header(headers, name);
    }
}
