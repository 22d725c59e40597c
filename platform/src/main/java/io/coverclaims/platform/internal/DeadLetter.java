package io.coverclaims.platform.internal;

import io.coverclaims.platform.streams.Incoming;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * The headers a dead-lettered record carries: why it failed and where it came from, so an operator can
 * fix the cause and replay it from its origin.
 */
public final class DeadLetter {

    public static final String REASON = "dlq.reason";
    public static final String DETAIL = "dlq.detail";
    public static final String ORIGIN_TOPIC = "dlq.origin.topic";
    public static final String ORIGIN_PARTITION = "dlq.origin.partition";
    public static final String ORIGIN_OFFSET = "dlq.origin.offset";
    public static final String FAILED_AT = "dlq.failed-at";

    /** Reasons, machine-readable. */
    public static final String UNDECODABLE = "UNDECODABLE";

    public static final String MISSING_KEY = "MISSING_KEY";
    public static final String NOT_A_COMMAND = "NOT_A_COMMAND";
    public static final String KEY_MISMATCH = "KEY_MISMATCH";
    public static final String UNKNOWN_COMMAND = "UNKNOWN_COMMAND";
    public static final String PROCESSING_FAILED = "PROCESSING_FAILED";

    private static final Logger LOG = Logger.getLogger(DeadLetter.class);

    private DeadLetter() {}

    /** Where a record kept in a state store (not read from a topic) came from. */
    public static final String ORIGIN_STORE = "dlq.origin.store";

    /** The record to forward to a dead-letter sink: the original key and bytes, with why and from where. */
    public static Record<String, Object> of(
            ProcessingContext context, Record<String, Incoming> failed, String reason, String detail) {
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        LOG.warnf(
                "dead-lettering %s-%d@%d: %s %s", origin.topic(), origin.partition(), origin.offset(), reason, detail);
        return new Record<>(
                failed.key(),
                failed.value().raw(),
                failed.timestamp(),
                headers(failed.headers(), reason, detail, origin, Instant.now()));
    }

    /**
     * Applies {@code reaction} to a consumed event; an undecodable event, or a reaction that throws, goes to the
     * dead-letter sink instead and the result is empty, so the stream goes on.
     */
    public static <T> Optional<T> reactOrDeadLetter(
            ProcessorContext<String, Object> context,
            Record<String, Incoming> record,
            String deadLetterSink,
            Function<SpecificRecord, T> reaction) {
        Incoming incoming = record.value();
        if (!incoming.isDecoded()) {
            context.forward(of(context, record, UNDECODABLE, incoming.decodeError()), deadLetterSink);
            return Optional.empty();
        }
        try {
            return Optional.of(reaction.apply(incoming.value()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "reaction to %s failed", incoming.value().getSchema().getFullName());
            context.forward(
                    of(context, record, PROCESSING_FAILED, e.getClass().getName() + ": " + e.getMessage()),
                    deadLetterSink);
            return Optional.empty();
        }
    }

    /** A record that failed after it was kept in a state store, e.g. a scheduled command that no longer decodes. */
    public static Record<String, Object> fromStore(
            String store, String key, byte[] raw, long timestamp, String reason, String detail) {
        LOG.warnf("dead-lettering %s from store %s: %s %s", key, store, reason, detail);
        Headers headers = new RecordHeaders();
        put(headers, REASON, reason);
        put(headers, DETAIL, detail == null ? "" : detail);
        put(headers, ORIGIN_STORE, store);
        put(headers, FAILED_AT, Instant.now().toString());
        return new Record<>(key, raw, timestamp, headers);
    }

    public static Headers headers(
            Headers original, String reason, String detail, RecordMetadata origin, Instant failedAt) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, REASON, reason);
        put(headers, DETAIL, detail == null ? "" : detail);
        put(headers, ORIGIN_TOPIC, origin.topic());
        put(headers, ORIGIN_PARTITION, Integer.toString(origin.partition()));
        put(headers, ORIGIN_OFFSET, Long.toString(origin.offset()));
        put(headers, FAILED_AT, failedAt.toString());
        return headers;
    }

    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
