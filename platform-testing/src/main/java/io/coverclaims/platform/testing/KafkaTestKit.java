package io.coverclaims.platform.testing;

import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.platform.streams.AggregateStores;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Plain-Kafka plumbing for integration tests against the JVM's shared real broker: topics, Streams
 * applications run the way the services run them (and stopped when the kit is closed), writing records and
 * reading committed ones back. Services extend it with their own record factories.
 */
public class KafkaTestKit implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Duration patience;
    private final String bootstrap = KafkaBrokerProcess.shared().bootstrapServers();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class));
    private KafkaProducer<String, byte[]> transactional;
    private final AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();
    private final AvroSingleObjectDeserializer decoder = new AvroSingleObjectDeserializer();
    private final List<KafkaStreams> applications = new ArrayList<>();

    public KafkaTestKit() {
        this(PATIENCE);
    }

    /** A kit whose waits give up after {@code patience} (default {@link #PATIENCE}). */
    protected KafkaTestKit(Duration patience) {
        this.patience = patience;
    }

    /** The metadata of a fresh command (new command id, its own correlation) issued at {@code issuedAt} by {@code actor}. */
    public static CommandMetadata command(String aggregateId, Instant issuedAt, String actor) {
        String id = UUID.randomUUID().toString();
        return CommandMetadata.newBuilder()
                .setCommandId(id)
                .setAggregateId(aggregateId)
                .setExpectedVersion(null)
                .setCorrelationId(id)
                .setCausationId(null)
                .setIssuedAt(issuedAt)
                .setActor(actor)
                .build();
    }

    /** The metadata of an event another context published, at version {@code version} of its aggregate. */
    public static EventMetadata event(String aggregateId, long version, String actor) {
        String id = UUID.randomUUID().toString();
        return EventMetadata.newBuilder()
                .setEventId(id)
                .setAggregateId(aggregateId)
                .setAggregateVersion(version)
                .setCausationId(id)
                .setCorrelationId(id)
                .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setActor(actor)
                .build();
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** A test context gets its own co-partitioned topics, so no other test's application writes to them. */
    public void createTopics(BoundedContext context, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> topics = Stream.of(
                            context.commandsTopic(),
                            context.eventsTopic(),
                            context.outcomesTopic(),
                            context.deadLetterTopic())
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, name.equals(context.deadLetterTopic()) ? 1 : partitions, (short) 1))
                    .toList();
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new AssertionError("could not create the topics of " + context.name(), e);
        }
    }

    /** Starts a Streams application configured like the services (exactly_once_v2, leave group on close). */
    public KafkaStreams start(Topology topology, String applicationId, Path stateDir) {
        KafkaStreams streams = create(topology, applicationId, stateDir, null);
        streams.start();
        awaitState(streams, KafkaStreams.State.RUNNING);
        return streams;
    }

    /**
     * Not started (but stopped by {@link #close}); {@code applicationServer} (host:port) is what interactive queries
     * route to, or null.
     */
    public KafkaStreams create(Topology topology, String applicationId, Path stateDir, String applicationServer) {
        Properties config = new Properties();
        if (applicationServer != null) {
            config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.MAIN_CONSUMER_PREFIX + "internal.leave.group.on.close", true);
        KafkaStreams streams = new KafkaStreams(topology, config);
        applications.add(streams);
        return streams;
    }

    public static void stop(KafkaStreams streams) {
        streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
    }

    /** Every aggregate a running application holds now, by id: to compare a rebuilt state with the one before. */
    public static Map<String, Aggregate> aggregates(KafkaStreams streams, BoundedContext context) {
        return AggregateStores.in(streams, context).snapshot();
    }

    /**
     * Deletes a stopped application's state directory, whatever it holds: started again without it, the application
     * restores its stores from their changelogs (or rebuilds them from its topics).
     */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Polls {@code condition} every 50 ms until it holds; fails after {@code patience}. */
    public static void awaitTrue(String what, Duration patience, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(patience);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + patience + " for " + what);
            }
            sleep(50);
        }
    }

    public static void awaitState(KafkaStreams streams, KafkaStreams.State state) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (streams.state() != state) {
            if (Instant.now().isAfter(deadline) || streams.state() == KafkaStreams.State.ERROR) {
                throw new AssertionError("streams did not reach " + state + ", it is " + streams.state());
            }
            sleep(50);
        }
    }

    public RecordMetadata send(String topic, String key, SpecificRecord value) {
        try {
            return sendAsync(topic, key, value).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic, e);
        }
    }

    /** A command or event, keyed by its aggregate id. */
    public RecordMetadata send(String topic, SpecificRecord record) {
        return send(topic, aggregateId(record), record);
    }

    public Future<RecordMetadata> sendAsync(String topic, String key, SpecificRecord value) {
        return producer.send(new ProducerRecord<>(topic, key, avro.serialize(topic, value)));
    }

    public RecordMetadata sendBytes(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic, e);
        }
    }

    /** Records that become visible to read_committed readers together, in this order, keyed by aggregate id. */
    public synchronized void sendAtomically(String topic, List<SpecificRecord> records) {
        if (transactional == null) {
            transactional = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    "test-kit-" + UUID.randomUUID(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class));
            transactional.initTransactions();
        }
        transactional.beginTransaction();
        records.forEach(record ->
                transactional.send(new ProducerRecord<>(topic, aggregateId(record), avro.serialize(topic, record))));
        transactional.commitTransaction();
    }

    private static String aggregateId(SpecificRecord record) {
        Object metadata = record.get(record.getSchema().getField("metadata").pos());
        if (metadata instanceof CommandMetadata command) {
            return command.getAggregateId();
        }
        if (metadata instanceof EventMetadata event) {
            return event.getAggregateId();
        }
        throw new IllegalArgumentException(record.getSchema().getFullName() + " carries no command or event metadata");
    }

    /** Raw committed records of a topic that match, read from the beginning until {@code enough} holds. */
    public List<ConsumerRecord<String, byte[]>> await(
            String topic,
            Predicate<ConsumerRecord<String, byte[]>> match,
            Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        return read(topic, match, enough, false);
    }

    /** Every raw record committed on a topic now that matches: for "exactly one" checks after a later marker. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
        return read(topic, match, found -> true, true);
    }

    /** Decoded committed records of a topic with that key, read from the beginning until {@code enough} holds. */
    public List<SpecificRecord> await(String topic, String key, Predicate<List<SpecificRecord>> enough) {
        List<SpecificRecord> decoded = new ArrayList<>();
        read(
                topic,
                record -> key.equals(record.key()),
                found -> {
                    while (decoded.size() < found.size()) {
                        decoded.add(decode(found.get(decoded.size())));
                    }
                    return enough.test(decoded);
                },
                false);
        return decoded;
    }

    /** Decoded records with that key of one type that match, once at least {@code count} of them exist. */
    public <T extends SpecificRecord> List<T> await(
            String topic, String key, Class<T> type, Predicate<T> match, int count) {
        return await(
                        topic,
                        key,
                        found -> found.stream()
                                        .filter(type::isInstance)
                                        .map(type::cast)
                                        .filter(match)
                                        .count()
                                >= count)
                .stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(match)
                .toList();
    }

    /** Decoded records of one type that match, whatever their key, once {@code enough} of them exist. */
    public <T extends SpecificRecord> List<T> await(String topic, Class<T> type, Predicate<T> match, int count) {
        return await(topic, type, match, found -> found.size() >= count);
    }

    /** Decoded records of one type that match, whatever their key, read from the beginning until {@code enough} holds. */
    public <T extends SpecificRecord> List<T> await(
            String topic, Class<T> type, Predicate<T> match, Predicate<List<T>> enough) {
        List<T> found = new ArrayList<>();
        read(topic, record -> collect(record, type, match, found), matching -> enough.test(found), false);
        return found;
    }

    /** Every decoded record of one type committed on a topic now that matches, whatever its key. */
    public <T extends SpecificRecord> List<T> readAll(String topic, Class<T> type, Predicate<T> match) {
        List<T> found = new ArrayList<>();
        read(topic, record -> collect(record, type, match, found), matching -> true, true);
        return found;
    }

    private <T extends SpecificRecord> boolean collect(
            ConsumerRecord<String, byte[]> record, Class<T> type, Predicate<T> match, List<T> found) {
        SpecificRecord value = decode(record);
        if (type.isInstance(value) && match.test(type.cast(value))) {
            found.add(type.cast(value));
            return true;
        }
        return false;
    }

    /** Every decoded record committed on a topic with that key, now. */
    public List<SpecificRecord> readAll(String topic, String key) {
        return read(topic, record -> key.equals(record.key()), found -> true, true).stream()
                .map(this::decode)
                .toList();
    }

    private List<ConsumerRecord<String, byte[]>> read(
            String topic,
            Predicate<ConsumerRecord<String, byte[]>> match,
            Predicate<List<ConsumerRecord<String, byte[]>>> enough,
            boolean toEnd) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            Instant deadline = Instant.now().plus(patience);
            while (toEnd ? partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) : !enough.test(found)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("waited " + patience + " on " + topic + "; found only " + found.size()
                            + " matching records");
                }
                consumer.poll(Duration.ofMillis(50)).forEach(record -> {
                    if (match.test(record)) {
                        found.add(record);
                    }
                });
            }
            return found;
        }
    }

    /** A read_committed consumer with no group, for tests that read topics their own way. */
    public KafkaConsumer<String, byte[]> consumer() {
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

    public SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
        return decoder.deserialize(record.topic(), record.value());
    }

    public SpecificRecord decode(String topic, byte[] value) {
        return decoder.deserialize(topic, value);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until every record sent so far (also through {@link #sendAsync}) is acknowledged. */
    public void flush() {
        producer.flush();
    }

    /** Stops every Streams application the kit created that still runs, then its producers. */
    @Override
    public void close() {
        applications.forEach(KafkaTestKit::stop);
        producer.close();
        if (transactional != null) {
            transactional.close();
        }
    }
}
