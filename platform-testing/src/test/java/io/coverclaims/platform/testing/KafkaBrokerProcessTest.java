package io.coverclaims.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts real brokers in their own JVMs (a few seconds each), one at a time: the shared broker, which stays up
 * for the rest of this JVM, comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaBrokerProcessTest {

    @Test
    @Order(1)
    void starts_a_broker_that_carries_records_and_has_the_catalogue_topics() throws Exception {
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(null, 0);
        try {
            assertThat(broker.isAlive()).isTrue();
            assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(broker.startupTime()).isLessThan(Duration.ofSeconds(60));
            System.err.printf(
                    "KafkaBrokerProcessTest: broker %s ready in %d ms%n",
                    broker.bootstrapServers(), broker.startupTime().toMillis());

            try (Admin admin = admin(broker)) {
                admin.createTopics(List.of(new NewTopic("launcher.test", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                assertCatalogueTopicsExist(admin);
            }
            produce(broker, "launcher.test", "k1", "hello");
            assertThat(consumeOne(broker, "launcher.test", "read_uncommitted").value())
                    .isEqualTo("hello");

            // transactions (what Kafka Streams exactly_once_v2 needs) work on the single node
            try (Admin admin = admin(broker)) {
                admin.createTopics(List.of(new NewTopic("launcher.tx", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            broker.bootstrapServers(),
                            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                            "launcher-test-tx"),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("launcher.tx", "k", "committed"));
                producer.commitTransaction();
            }
            assertThat(consumeOne(broker, "launcher.tx", "read_committed").value())
                    .isEqualTo("committed");
        } finally {
            broker.stop();
        }
        assertThat(broker.isAlive()).isFalse();
        assertThat(portOpen(broker.bootstrapServers())).isFalse();
        broker.stop(); // idempotent
    }

    @Test
    @Order(2)
    void a_persistent_data_folder_keeps_topics_and_records_across_restarts(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("kafka");
        KafkaBrokerProcess first = KafkaBrokerProcess.start(data, 0);
        try {
            try (Admin admin = admin(first)) {
                admin.createTopics(List.of(new NewTopic("kept.topic", 2, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            produce(first, "kept.topic", "k", "survives a restart");
        } finally {
            first.stop();
        }
        assertThat(data.resolve("cluster.id")).exists();
        assertThat(data.resolve("broker.log")).exists();
        String clusterId = Files.readString(data.resolve("cluster.id")).trim();

        KafkaBrokerProcess second = KafkaBrokerProcess.start(data, 0);
        try {
            assertThat(consumeOne(second, "kept.topic", "read_uncommitted").value())
                    .isEqualTo("survives a restart");
            try (Admin admin = admin(second)) {
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                        .isEqualTo(clusterId);
            }
        } finally {
            second.stop();
        }
    }

    @Test
    @Order(10)
    void shared_is_one_broker_per_jvm() {
        KafkaBrokerProcess shared = KafkaBrokerProcess.shared();
        assertThat(KafkaBrokerProcess.shared()).isSameAs(shared);
        assertThat(shared.isAlive()).isTrue();
        // left running: the shutdown hook stops it with this JVM
    }

    @Test
    void tells_how_to_build_the_broker_when_its_class_path_is_missing(@TempDir Path empty) {
        assertThatThrownBy(() -> KafkaBrokerProcess.locateBrokerHome(
                        empty.resolve("nowhere").toString(), empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("./mvnw -pl deploy process-classes");
    }

    @Test
    void finds_the_broker_home_walking_up(@TempDir Path root) throws Exception {
        Path home = root.resolve(KafkaBrokerProcess.BROKER_HOME_RELATIVE);
        Files.createDirectories(home);
        Files.writeString(home.resolve("classpath.txt"), root.toString());
        Path deep = Files.createDirectories(root.resolve("a/b/c"));
        assertThat(KafkaBrokerProcess.locateBrokerHome(null, deep)).isEqualTo(home);
        assertThat(KafkaBrokerProcess.locateBrokerHome(home.toString(), Path.of("/")))
                .isEqualTo(home);
        assertThat(KafkaBrokerProcess.brokerClasspath(home)).containsExactly(root.toString());
    }

    /** When the schemas module's catalogue is on the class path, its topics exist with their partition counts. */
    private static void assertCatalogueTopicsExist(Admin admin) throws Exception {
        JsonNode catalogue;
        try (InputStream in = KafkaBrokerProcessTest.class
                .getClassLoader()
                .getResourceAsStream(KafkaBrokerProcess.CATALOGUE_RESOURCE)) {
            if (in == null) {
                System.err.println("KafkaBrokerProcessTest: no " + KafkaBrokerProcess.CATALOGUE_RESOURCE
                        + " on the class path; catalogue check skipped");
                return;
            }
            catalogue = new ObjectMapper().readTree(in);
        }
        List<String> names = new ArrayList<>();
        catalogue.path("topics").forEach(t -> names.add(t.path("name").asText()));
        assertThat(names).isNotEmpty();
        Map<String, TopicDescription> described =
                admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        for (JsonNode t : catalogue.path("topics")) {
            assertThat(described.get(t.path("name").asText()).partitions())
                    .as("partitions of " + t.path("name").asText())
                    .hasSize(t.path("partitions").asInt(1));
        }
    }

    private static Admin admin(KafkaBrokerProcess broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static RecordMetadata produce(KafkaBrokerProcess broker, String topic, String key, String value)
            throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                new StringSerializer(),
                new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static ConsumerRecord<String, String> consumeOne(
            KafkaBrokerProcess broker, String topic, String isolationLevel) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "launcher-test-" + System.nanoTime(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        isolationLevel),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    return records.iterator().next();
                }
            }
        }
        throw new AssertionError("no record on " + topic + " within 30 s");
    }

    private static boolean portOpen(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(
                            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    1000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
