package io.coverclaims.platform.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One read_committed consumer, no group, that reads a topic's partitions once, each record once, from where it was
 * positioned until it has counted the records it expects (or its patience runs out), on its own thread. Never
 * re-reads anything: that is what made the previous benchmark's counting loop, not Kafka, the bottleneck.
 */
final class TopicReader {

    /** Called for every record read, with {@link System#nanoTime()} when its batch arrived. */
    interface Sink {
        void accept(ConsumerRecord<String, byte[]> record, long receivedNanos);
    }

    /** What a read saw: records counted, and when the first and the last arrived (nanoTime). */
    record Result(long records, long bytes, long startedNanos, long firstNanos, long lastNanos, boolean complete) {
        double seconds() {
            return (lastNanos - startedNanos) / 1e9;
        }
    }

    private final String label;
    private final KafkaConsumer<String, byte[]> consumer;
    private final long expected;
    private final Sink sink;
    private volatile boolean stop;

    private TopicReader(String label, KafkaConsumer<String, byte[]> consumer, long expected, Sink sink) {
        this.label = label;
        this.consumer = consumer;
        this.expected = expected;
        this.sink = sink;
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
    }

    /**
     * A reader of every partition of {@code topic}, positioned (before this returns) at the beginning, or at the end of
     * what is committed now when {@code fromEnd}: then only records written after this call are read.
     */
    static TopicReader of(String label, String bootstrap, String topic, boolean fromEnd, long expected, Sink sink) {
        KafkaConsumer<String, byte[]> consumer = consumer(bootstrap);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        partitions.forEach(consumer::position); // resolves the positions now, not at the first poll
        return new TopicReader(label, consumer, expected, sink);
    }

    /** Reads on the calling thread until {@code expected} records were counted or {@code patience} has passed. */
    Result read(Duration patience) {
        long started = System.nanoTime();
        long deadline = started + patience.toNanos();
        long first = 0;
        long last = started;
        long count = 0;
        long bytes = 0;
        long reported = started;
        long reportedCount = 0;
        try (consumer) {
            while (count < expected && !stop && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                if (!records.isEmpty()) {
                    if (first == 0) {
                        first = now;
                    }
                    for (ConsumerRecord<String, byte[]> record : records) {
                        sink.accept(record, now);
                        bytes += record.serializedValueSize() + Math.max(0, record.serializedKeySize());
                    }
                    count += records.count();
                    last = now;
                }
                if (now - reported >= 5_000_000_000L) {
                    System.err.printf(
                            "  %s: %,d of %,d records (%,.0f/s now)%n",
                            label, count, expected, (count - reportedCount) / ((now - reported) / 1e9));
                    reported = now;
                    reportedCount = count;
                }
            }
        }
        return new Result(count, bytes, started, first, last, count >= expected);
    }

    /** Reads on a thread of its own; the future completes when {@link #read} returns. */
    CompletableFuture<Result> readInBackground(Duration patience) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        result.complete(read(patience));
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                },
                "bench-reader-" + label);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    void stop() {
        stop = true;
    }
}
