package io.coverclaims.pool.it;

import io.coverclaims.platform.testing.KafkaBrokerProcess;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/** Reads and writes topics of the shared test broker as decoded Avro records (committed records only). */
public final class Topics implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String bootstrap = KafkaBrokerProcess.shared().bootstrapServers();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    private final AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();
    private final AvroSingleObjectDeserializer decoder = new AvroSingleObjectDeserializer();

    public String bootstrap() {
        return bootstrap;
    }

    public void send(String topic, String key, SpecificRecord value) {
        try {
            sendAsync(topic, key, value).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic, e);
        }
    }

    public Future<?> sendAsync(String topic, String key, SpecificRecord value) {
        return producer.send(new ProducerRecord<>(topic, key, avro.serialize(topic, value)));
    }

    /** Records of a topic with this key (decoded), read from the beginning until {@code enough} holds. */
    public List<SpecificRecord> await(String topic, String key, Predicate<List<SpecificRecord>> enough) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
            List<SpecificRecord> found = new ArrayList<>();
            Instant deadline = Instant.now().plus(PATIENCE);
            while (!enough.test(found)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("waited " + PATIENCE + " on " + topic + " for " + key + "; found " + found);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(decoder.deserialize(topic, record.value()));
                    }
                });
            }
            return found;
        }
    }

    /** Records of a topic with this key of the given type, once at least {@code count} of them exist. */
    public <T extends SpecificRecord> List<T> await(String topic, String key, Class<T> type, Predicate<T> match, int count) {
        List<SpecificRecord> all = await(topic, key, found -> found.stream().filter(type::isInstance).map(type::cast)
                .filter(match).count() >= count);
        return all.stream().filter(type::isInstance).map(type::cast).filter(match).toList();
    }

    /** Everything committed on a topic for this key right now: for "exactly one" checks after a later marker arrived. */
    public List<SpecificRecord> readAll(String topic, String key) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
            List<TopicPartition> partitions = consumer.assignment().stream().toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<SpecificRecord> found = new ArrayList<>();
            Instant deadline = Instant.now().plus(PATIENCE);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(decoder.deserialize(topic, record.value()));
                    }
                });
            }
            return found;
        }
    }

    private KafkaConsumer<String, byte[]> consumer(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    @Override
    public void close() {
        producer.close();
    }
}
