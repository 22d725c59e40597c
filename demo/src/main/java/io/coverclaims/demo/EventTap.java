package io.coverclaims.demo;

import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything the contexts publish, read from the first offset as any subscriber would (read_committed, the schemas'
 * registry-free single-object decoding, no consumer group): every context's {@code <ctx>.events}, {@code
 * <ctx>.command-outcomes} and {@code <ctx>.dead-letter}. Each record is read once and kept; the scenario waits for
 * the event that proves a step, the verification sums them.
 */
final class EventTap implements AutoCloseable {

    static final List<String> CONTEXTS = List.of("policy", "pool", "claim", "oracle", "governance", "chain");

    /** One record: where it was, its key, and its value decoded (null for a dead letter that does not decode). */
    record Event(String topic, int partition, long offset, String key, SpecificRecord value, long timestamp) {
        boolean isDeadLetter() {
            return topic.endsWith(".dead-letter");
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroSingleObjectDeserializer decoder = new AvroSingleObjectDeserializer();
    private final List<Event> events = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    EventTap(String bootstrap) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                        ConsumerConfig.CLIENT_ID_CONFIG, "coverclaims-demo-tap"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String context : CONTEXTS) {
            for (String kind : List.of(".events", ".command-outcomes", ".dead-letter")) {
                for (PartitionInfo partition : consumer.partitionsFor(context + kind, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(partition.topic(), partition.partition()));
                }
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = new Thread(this::read, "demo-event-tap");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    SpecificRecord value = null;
                    try {
                        value = decoder.deserialize(record.topic(), record.value());
                    } catch (RuntimeException undecodable) {
                        if (!record.topic().endsWith(".dead-letter")) {
                            throw undecodable;
                        }
                    }
                    Event event = new Event(
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.key(),
                            value,
                            record.timestamp());
                    synchronized (events) {
                        events.add(event);
                        events.notifyAll();
                    }
                }
            }
        } catch (WakeupException closing) {
            // close()
        } catch (RuntimeException e) {
            failure = e;
            synchronized (events) {
                events.notifyAll();
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Every record read so far. */
    List<Event> all() {
        synchronized (events) {
            check();
            return List.copyOf(events);
        }
    }

    /** Every value of {@code type} read so far from {@code topic}. */
    <T extends SpecificRecord> List<T> all(String topic, Class<T> type) {
        return all().stream()
                .filter(event -> event.topic().equals(topic) && type.isInstance(event.value()))
                .map(event -> type.cast(event.value()))
                .toList();
    }

    /**
     * The first {@code type} on {@code topic} that matches, waiting up to {@code patience} for it; while waiting, the
     * services are checked (one that died fails the step at once) and {@code waiting} is shown.
     */
    <T extends SpecificRecord> T await(
            DemoContext demo,
            Progress.Step step,
            String waiting,
            Duration patience,
            String topic,
            Class<T> type,
            Predicate<T> match,
            String blame) {
        return await(demo, step, () -> waiting, patience, topic, type, match, blame);
    }

    /** As {@link #await(DemoContext, Progress.Step, String, Duration, String, Class, Predicate, String)}, saying anew what it waits for. */
    <T extends SpecificRecord> T await(
            DemoContext demo,
            Progress.Step step,
            Supplier<String> waiting,
            Duration patience,
            String topic,
            Class<T> type,
            Predicate<T> match,
            String blame) {
        long deadline = System.nanoTime() + patience.toNanos();
        int seen = 0;
        while (true) {
            Optional<T> found;
            synchronized (events) {
                check();
                found = events.subList(seen, events.size()).stream()
                        .filter(event -> event.topic().equals(topic) && type.isInstance(event.value()))
                        .map(event -> type.cast(event.value()))
                        .filter(match)
                        .findFirst();
                seen = found.isPresent() ? seen : events.size();
                if (found.isEmpty()) {
                    try {
                        events.wait(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new DemoFailure("interrupted");
                    }
                }
            }
            if (found.isPresent()) {
                return found.get();
            }
            demo.processes().checkAlive();
            if (System.nanoTime() > deadline) {
                throw new DemoFailure(
                        "no " + type.getSimpleName() + " on " + topic + " within " + patience.toSeconds() + " s ("
                                + waiting.get() + ")",
                        blame);
            }
            step.status(waiting.get());
        }
    }

    /** The first matching {@code type} on {@code topic} read so far, if any. */
    <T extends SpecificRecord> Optional<T> find(String topic, Class<T> type, Predicate<T> match) {
        return all(topic, type).stream().filter(match).findFirst();
    }

    /** When the broker received {@code value} (its record's timestamp), if it was read. */
    Optional<Long> recordTime(SpecificRecord value) {
        synchronized (events) {
            return events.stream()
                    .filter(event -> event.value() == value)
                    .map(Event::timestamp)
                    .findFirst();
        }
    }

    private void check() {
        if (failure != null) {
            throw new DemoFailure("reading the topics failed: " + failure, "broker", failure);
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
