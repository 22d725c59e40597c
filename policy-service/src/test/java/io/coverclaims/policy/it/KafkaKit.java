package io.coverclaims.policy.it;

import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.platform.testing.KafkaBrokerProcess;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Plain-Kafka plumbing for policy-service's integration tests, against the JVM's shared real broker. */
public final class KafkaKit implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String bootstrap = KafkaBrokerProcess.shared().bootstrapServers();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    private KafkaProducer<String, byte[]> transactional;
    private final AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();
    private final AvroSingleObjectDeserializer decoder = new AvroSingleObjectDeserializer();

    public String bootstrap() {
        return bootstrap;
    }

    public void createTopics(BoundedContext context, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> topics = Stream.of(context.commandsTopic(), context.eventsTopic(), context.outcomesTopic(), context.deadLetterTopic())
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, name.equals(context.deadLetterTopic()) ? 1 : partitions, (short) 1)).toList();
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new AssertionError("could not create the topics of " + context.name(), e);
        }
    }

    public KafkaStreams start(Topology topology, String applicationId, Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.MAIN_CONSUMER_PREFIX + "internal.leave.group.on.close", true);
        KafkaStreams streams = new KafkaStreams(topology, config);
        streams.start();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (Instant.now().isAfter(deadline) || streams.state() == KafkaStreams.State.ERROR) {
                throw new AssertionError("streams did not reach RUNNING, it is " + streams.state());
            }
            sleep(50);
        }
        return streams;
    }

    public static void stop(KafkaStreams streams) {
        streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
    }

    /** A command or event, keyed by its aggregate id. */
    public void send(String topic, SpecificRecord record) {
        try {
            producer.send(new ProducerRecord<>(topic, aggregateId(record), avro.serialize(topic, record))).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic, e);
        }
    }

    /** Records that become visible to read_committed readers together, in this order. */
    public synchronized void sendAtomically(String topic, List<SpecificRecord> records) {
        if (transactional == null) {
            transactional = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "policy-test-" + UUID.randomUUID(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
            transactional.initTransactions();
        }
        transactional.beginTransaction();
        records.forEach(record -> transactional.send(new ProducerRecord<>(topic, aggregateId(record), avro.serialize(topic, record))));
        transactional.commitTransaction();
    }

    private static String aggregateId(SpecificRecord record) {
        Object metadata = record.get(0);
        return metadata instanceof CommandMetadata command ? command.getAggregateId()
                : metadata instanceof EventMetadata event ? event.getAggregateId()
                : WireMetadata.ofCommand(record).getAggregateId();
    }

    /** Decoded records of a topic with that key, read from the beginning until {@code enough} holds. */
    public List<SpecificRecord> await(String topic, String key, Predicate<List<SpecificRecord>> enough) {
        return read(topic, key, enough, false);
    }

    /** Everything committed on a topic with that key, now. */
    public List<SpecificRecord> readAll(String topic, String key) {
        return read(topic, key, found -> true, true);
    }

    private List<SpecificRecord> read(String topic, String key, Predicate<List<SpecificRecord>> enough, boolean toEnd) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<SpecificRecord> found = new ArrayList<>();
            Instant deadline = Instant.now().plus(PATIENCE);
            while (toEnd ? partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) : !enough.test(found)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("waited " + PATIENCE + " on " + topic + " for " + key + "; found " + found);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    if (key.equals(record.key())) {
                        found.add(decoder.deserialize(topic, record.value()));
                    }
                }
            }
            return found;
        }
    }

    public KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    public SpecificRecord decode(String topic, byte[] value) {
        return decoder.deserialize(topic, value);
    }

    public static CommandMetadata command(String aggregateId, Instant issuedAt, String actor) {
        String id = UUID.randomUUID().toString();
        return CommandMetadata.newBuilder().setCommandId(id).setAggregateId(aggregateId).setExpectedVersion(null)
                .setCorrelationId(id).setCausationId(null).setIssuedAt(issuedAt).setActor(actor).build();
    }

    public static EventMetadata event(String aggregateId, long version) {
        String id = UUID.randomUUID().toString();
        return EventMetadata.newBuilder().setEventId(id).setAggregateId(aggregateId).setAggregateVersion(version)
                .setCausationId(id).setCorrelationId(id).setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setActor("pool-service").build();
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        producer.close();
        if (transactional != null) {
            transactional.close();
        }
    }
}
