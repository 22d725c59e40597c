package io.coverclaims.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka cluster the operators' tools read (any cluster: {@code --bootstrap host:port}): plain consumers without a
 * consumer group (they commit nothing and leave no trace on the cluster), and the one producer of a redrive. A broker
 * that does not answer is said so within {@link #FIRST_CONTACT}, never waited for.
 */
final class Cluster implements AutoCloseable {

    static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    static final Duration REACH = Duration.ofSeconds(10);
    /** The first contact (a topic's partitions): with the JVM's start, a broker that is not there is said in ~10 s. */
    static final Duration FIRST_CONTACT = Duration.ofSeconds(7);
    /** A scan that gets no record for this long while records remain is stuck (the broker went away). */
    static final Duration STALL = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(200);

    /** What a scan does with each record, in offset order within each partition. */
    interface Visitor {
        void visit(ConsumerRecord<String, byte[]> record);
    }

    private final String bootstrap;
    private final List<AutoCloseable> opened = new ArrayList<>();

    Cluster(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    String bootstrap() {
        return bootstrap;
    }

    /** A consumer without a group; {@code committedOnly}: read_committed (what the services read), else everything. */
    KafkaConsumer<String, byte[]> consumer(boolean committedOnly) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "coverclaims-cli");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REACH.toMillis());
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REACH.toMillis());
        config.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 3_000L);
        config.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5_000L);
        config.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000L);
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        opened.add(consumer);
        return consumer;
    }

    /** An idempotent producer, acks=all, that gives up after {@link #REACH}. */
    KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "coverclaims-cli-redrive");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, REACH.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REACH.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (2 * REACH.toMillis()));
        config.put(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 3_000L);
        config.put(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5_000L);
        KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        opened.add(producer);
        return producer;
    }

    /** The partitions of {@code topic}, or a sentence saying the broker did not answer or the topic is missing. */
    List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, FIRST_CONTACT);
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (KafkaException e) {
            throw new Unavailable("cannot read topic " + topic + " on " + bootstrap + ": " + e.getMessage(), e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new Unavailable("topic " + topic + " does not exist on " + bootstrap
                    + " (is this the coverclaims cluster? the topics are in docs/topics.md)");
        }
        return infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                .toList();
    }

    Unavailable unreachable(Exception cause) {
        return new Unavailable(
                "cannot reach the Kafka broker at " + bootstrap + " (no answer within " + FIRST_CONTACT.toSeconds()
                        + " s; is it running? give its address with --bootstrap host:port)",
                cause);
    }

    /**
     * Reads {@code topics} from their first offset to the end they have now (committed records only), topic after
     * topic, each record once, showing the progress on stderr; returns how many records were read.
     */
    long scan(List<String> topics, ProgressBar progress, Visitor visitor) {
        return scan(topics, (topic, partitions) -> partitions, progress, visitor);
    }

    /** Which partitions of a topic a scan reads, given all of them. */
    interface Selection {
        List<TopicPartition> of(String topic, List<TopicPartition> partitions);
    }

    /** As {@link #scan(List, ProgressBar, Visitor)}, reading only the partitions {@code selection} picks. */
    long scan(List<String> topics, Selection selection, ProgressBar progress, Visitor visitor) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(true)) {
            Map<TopicPartition, long[]> ranges = new LinkedHashMap<>(); // partition → {beginning, end}
            Map<String, List<TopicPartition>> byTopic = new LinkedHashMap<>();
            for (String topic : topics) {
                byTopic.put(topic, selection.of(topic, partitions(consumer, topic)));
            }
            List<TopicPartition> all =
                    byTopic.values().stream().flatMap(List::stream).toList();
            Map<TopicPartition, Long> beginnings;
            Map<TopicPartition, Long> ends;
            try {
                beginnings = consumer.beginningOffsets(all, REACH);
                ends = consumer.endOffsets(all, REACH);
            } catch (TimeoutException e) {
                throw unreachable(e);
            }
            long total = 0;
            for (TopicPartition partition : all) {
                long begin = beginnings.get(partition);
                long end = ends.get(partition);
                ranges.put(partition, new long[] {begin, end});
                total += Math.max(0, end - begin);
            }
            progress.start(total);
            long read = 0;
            long before = 0; // offsets covered by the topics already read
            for (List<TopicPartition> partitions : byTopic.values()) {
                List<TopicPartition> pending = partitions.stream()
                        .filter(p -> ranges.get(p)[1] > ranges.get(p)[0])
                        .toList();
                if (pending.isEmpty()) {
                    continue;
                }
                consumer.assign(pending);
                pending.forEach(p -> consumer.seek(p, ranges.get(p)[0]));
                long lastProgress = System.nanoTime();
                while (true) {
                    long covered = 0;
                    boolean done = true;
                    for (TopicPartition p : pending) {
                        long position = Math.min(consumer.position(p, REACH), ranges.get(p)[1]);
                        covered += position - ranges.get(p)[0];
                        done &= position >= ranges.get(p)[1];
                    }
                    progress.update(before + covered, read);
                    if (done) {
                        before += covered;
                        break;
                    }
                    int got = 0;
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        if (record.offset() < ranges.get(new TopicPartition(record.topic(), record.partition()))[1]) {
                            visitor.visit(record);
                            read++;
                            got++;
                        }
                    }
                    if (got > 0) {
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                        throw new Unavailable("reading " + pending.getFirst().topic() + " on " + bootstrap
                                + " got nothing for " + STALL.toSeconds() + " s although records remain");
                    }
                }
            }
            return read;
        } catch (TimeoutException e) {
            throw unreachable(e);
        } finally {
            progress.finish();
        }
    }

    /** The record at {@code offset} of {@code partition}, if the partition holds it (committed records only). */
    java.util.Optional<ConsumerRecord<String, byte[]>> recordAt(TopicPartition partition, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(true)) {
            partitions(consumer, partition.topic());
            long end = consumer.endOffsets(List.of(partition), REACH).get(partition);
            long begin = consumer.beginningOffsets(List.of(partition), REACH).get(partition);
            if (offset < begin || offset >= end) {
                return java.util.Optional.empty();
            }
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + STALL.toNanos();
            while (consumer.position(partition, REACH) <= offset) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() == offset) {
                        return java.util.Optional.of(record);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new Unavailable("reading " + partition + " on " + bootstrap + " got nothing for "
                            + STALL.toSeconds() + " s");
                }
            }
            return java.util.Optional.empty(); // a transaction marker, or an aborted record
        } catch (TimeoutException e) {
            throw unreachable(e);
        }
    }

    /**
     * Reads one partition from {@code from} to the end it has now, every record (read_uncommitted: also those of open
     * transactions), showing the progress.
     */
    long scanPartition(TopicPartition partition, long from, ProgressBar progress, Visitor visitor) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(false)) {
            partitions(consumer, partition.topic());
            long begin = Math.max(
                    from, consumer.beginningOffsets(List.of(partition), REACH).get(partition));
            long end = consumer.endOffsets(List.of(partition), REACH).get(partition);
            progress.start(Math.max(0, end - begin));
            if (begin >= end) {
                return 0;
            }
            consumer.assign(List.of(partition));
            consumer.seek(partition, begin);
            long read = 0;
            long lastProgress = System.nanoTime();
            while (consumer.position(partition, REACH) < end) {
                int got = 0;
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end) {
                        visitor.visit(record);
                        read++;
                        got++;
                    }
                }
                progress.update(Math.min(consumer.position(partition, REACH), end) - begin, read);
                if (got > 0) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new Unavailable("reading " + partition + " on " + bootstrap + " got nothing for "
                            + STALL.toSeconds() + " s although records remain");
                }
            }
            return read;
        } catch (TimeoutException e) {
            throw unreachable(e);
        } finally {
            progress.finish();
        }
    }

    /** The first offset of {@code partition} whose timestamp is at or after {@code timestamp} (its end if none). */
    long offsetAt(TopicPartition partition, long timestamp) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(false)) {
            var found = consumer.offsetsForTimes(Map.of(partition, Math.max(0, timestamp)), REACH)
                    .get(partition);
            return found != null
                    ? found.offset()
                    : consumer.endOffsets(List.of(partition), REACH).get(partition);
        } catch (TimeoutException e) {
            throw unreachable(e);
        }
    }

    /** The partition Kafka's default partitioner (and Kafka Streams') sends {@code key} to. */
    static int partitionOf(String key, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                        key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % partitions;
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : opened) {
            try {
                if (closeable instanceof KafkaConsumer<?, ?> consumer) {
                    consumer.close(Duration.ofSeconds(2));
                } else if (closeable instanceof KafkaProducer<?, ?> producer) {
                    producer.close(Duration.ofSeconds(5));
                } else {
                    closeable.close();
                }
            } catch (Exception | Error ignored) {
                // closing twice (a try-with-resources already did) or a broker gone: nothing left to do
            }
        }
    }
}
