package io.coverclaims.platform.streams;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

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

    private DeadLetter() {
    }

    static Headers headers(Headers original, String reason, String detail, RecordMetadata origin, Instant failedAt) {
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
