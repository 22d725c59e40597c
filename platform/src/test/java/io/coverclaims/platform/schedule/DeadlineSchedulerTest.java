package io.coverclaims.platform.schedule;

import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.testing.KafkaBrokerProcess;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.ProductDefined;
import io.coverclaims.schemas.policy.ProductRetired;
import io.coverclaims.schemas.policy.RetireProduct;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.ProductCategory;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler through the real broker: product events schedule a RetireProduct at a deadline the test picks
 * (ProductDefined.name holds the delay in ms); ProductRetired cancels it.
 */
class DeadlineSchedulerTest {

    private static final BoundedContext CONTEXT = BoundedContext.of("schedule-test");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path stateDir;

    private static String bootstrap;
    private static KafkaProducer<String, byte[]> producer;
    private static KafkaStreams streams;
    private static final AvroSingleObjectSerializer AVRO = new AvroSingleObjectSerializer();
    private static final AvroSingleObjectDeserializer DECODER = new AvroSingleObjectDeserializer();

    /** Pure planner: ProductDefined schedules a retirement at occurredAt + delay; ProductRetired cancels it. */
    static final DeadlinePlanner PLANNER = event -> switch (event) {
        case ProductDefined defined -> {
            Instant due = defined.getMetadata().getOccurredAt().plusMillis(Long.parseLong(defined.getName()));
            yield List.of(Deadline.at("retire/" + defined.getProductId(), due, RetireProduct.newBuilder()
                    .setMetadata(DeadlineScheduler.metadata(defined.getMetadata(), defined.getProductId(), "retire", "scheduler", due))
                    .setProductId(defined.getProductId()).setReason("deadline").build()));
        }
        case ProductRetired retired -> List.of(Deadline.cancel("retire/" + retired.getProductId()));
        default -> List.of();
    };

    @BeforeAll
    static void start() throws Exception {
        bootstrap = KafkaBrokerProcess.shared().bootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            admin.createTopics(Stream.of(CONTEXT.commandsTopic(), CONTEXT.eventsTopic(), CONTEXT.deadLetterTopic())
                    .filter(name -> !existing.contains(name)).map(name -> new NewTopic(name, 2, (short) 1)).toList()).all().get();
        }
        Topology topology = DeadlineScheduler.addTo(new Topology(), "test-deadlines", CONTEXT, List.of(CONTEXT.eventsTopic()),
                PLANNER, Duration.ofMillis(50));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "deadline-scheduler-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        streams = new KafkaStreams(topology, config);
        streams.start();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        if (streams != null) {
            streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
        }
        producer.close();
    }

    @Test
    void a_scheduled_command_is_sent_once_its_deadline_has_passed_and_not_before() {
        String productId = "prod-" + UUID.randomUUID();
        ProductDefined defined = defined(productId, 1_500);
        publish(defined);

        ConsumerRecord<String, byte[]> sent = awaitCommands(productId, 1).getFirst();
        Instant due = defined.getMetadata().getOccurredAt().plusMillis(1_500);
        assertThat(Instant.ofEpochMilli(sent.timestamp())).isAfterOrEqualTo(due);
        RetireProduct command = (RetireProduct) DECODER.deserialize(sent.topic(), sent.value());
        assertThat(sent.key()).isEqualTo(productId);
        assertThat(command.getMetadata().getIssuedAt()).isEqualTo(due);
        assertThat(command.getMetadata().getCausationId()).isEqualTo(defined.getMetadata().getEventId());
        assertThat(command.getMetadata().getCommandId())
                .isEqualTo(DeadlineScheduler.metadata(defined.getMetadata(), productId, "retire", "scheduler", due).getCommandId());
    }

    @Test
    void an_event_seen_twice_schedules_one_command_with_the_same_id() {
        String productId = "prod-" + UUID.randomUUID();
        ProductDefined defined = defined(productId, 300);
        publish(defined);
        publish(defined);

        awaitCommands(productId, 1);
        // a second command would be due at the same moment: give the punctuator several rounds to (not) send it
        ProductDefined marker = defined("prod-" + UUID.randomUUID(), 600);
        publish(marker);
        awaitCommands(marker.getProductId(), 1);
        assertThat(readAll(productId)).hasSize(1);
    }

    @Test
    void a_cancelled_deadline_is_never_sent_and_an_overdue_one_is_sent_at_once() {
        String cancelled = "prod-" + UUID.randomUUID();
        publish(defined(cancelled, 800));
        publish(ProductRetired.newBuilder().setMetadata(metadata(cancelled, 2)).setProductId(cancelled).setReason("manual").build());

        String overdue = "prod-" + UUID.randomUUID();
        ProductDefined late = defined(overdue, -60_000);
        long before = System.currentTimeMillis();
        publish(late);
        ConsumerRecord<String, byte[]> sent = awaitCommands(overdue, 1).getFirst();
        assertThat(sent.timestamp() - before).isLessThan(30_000);

        // a later deadline acts as the clock: once it has fired, the cancelled one (due earlier) would have too
        ProductDefined marker = defined("prod-" + UUID.randomUUID(), 1_200);
        publish(marker);
        awaitCommands(marker.getProductId(), 1);
        assertThat(readAll(cancelled)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- plumbing

    private static ProductDefined defined(String productId, long delayMs) {
        return ProductDefined.newBuilder().setMetadata(metadata(productId, 1)).setProductId(productId)
                .setName(Long.toString(delayMs)).setCategory(ProductCategory.PROTOCOL_EXPLOIT).setClaimMethod(ClaimMethod.ASSESSMENT)
                .setAsset("USDC").setFloorRateBps(200).setCeilingRateBps(1200).setMinPeriodDays(28).setMaxPeriodDays(365).build();
    }

    private static EventMetadata metadata(String aggregateId, long version) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString()).setAggregateId(aggregateId)
                .setAggregateVersion(version).setCausationId("test").setCorrelationId("test")
                .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis())).setActor("test").build();
    }

    private static void publish(SpecificRecord event) {
        String key = ((EventMetadata) event.get(0)).getAggregateId();
        try {
            producer.send(new ProducerRecord<>(CONTEXT.eventsTopic(), key, AVRO.serialize(CONTEXT.eventsTopic(), event))).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> awaitCommands(String key, int count) {
        return read(key, found -> found.size() >= count, false);
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String key) {
        return read(key, found -> true, true);
    }

    private static List<ConsumerRecord<String, byte[]>> read(String key, Predicate<List<ConsumerRecord<String, byte[]>>> enough,
                                                             boolean toEnd) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(CONTEXT.commandsTopic()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            Instant deadline = Instant.now().plus(PATIENCE);
            while (toEnd ? partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) : !enough.test(found)) {
                assertThat(Instant.now()).as("waiting for commands of " + key).isBefore(deadline);
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
            }
            return found;
        }
    }
}
