package io.coverclaims.platform.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.testing.KafkaTestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What Kafka Streams (4.1.2 here) does when it restores a global store, which the read models depend on. Before
 * KIP-1024 (Kafka 3.8) a global store was restored by copying the topic's raw records into the store, bypassing its
 * processor (KAFKA-7663): a store holding anything but the topic's records verbatim came back wrong after a restart.
 * Now both ways of adding a global store with a processor ({@code Topology.addGlobalStore} and
 * {@code StreamsBuilder.addGlobalStore}) restore through the processor: from the checkpoint after a clean stop, from
 * the beginning after a wipe. The processor here writes {@code seen:<key>} → {@code <value>!}: a raw copy would
 * leave {@code <key>} → {@code <value>}.
 */
class GlobalStoreRestoreTest {

    enum Api {
        TOPOLOGY,
        STREAMS_BUILDER
    }

    static final AtomicLong PROCESSED = new AtomicLong();

    private static KafkaTestKit kit;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startKit() {
        kit = new KafkaTestKit();
    }

    @AfterAll
    static void stopKit() {
        kit.close();
    }

    /** Writes a transformed entry for each record, and counts the records it saw. */
    static final class Transforming implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore("restore-test");
        }

        @Override
        public void process(Record<String, String> record) {
            PROCESSED.incrementAndGet();
            store.put("seen:" + record.key(), record.value() + "!");
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void a_global_store_is_restored_through_its_processor_after_a_restart_and_after_a_wipe(Api api) throws Exception {
        String topic = "global-restore-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Function<String, byte[]> utf8 = text -> text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < 6; i++) {
            kit.sendBytes(topic, "k" + i, utf8.apply("v" + i));
        }

        KafkaStreams first = start(topology(api, topic));
        assertThat(contents(first)).hasSize(6).containsEntry("seen:k0", "v0!");
        KafkaTestKit.stop(first);

        kit.sendBytes(topic, "k6", utf8.apply("v6"));
        kit.sendBytes(topic, "k7", utf8.apply("v7"));
        PROCESSED.set(0);
        KafkaStreams restarted = start(topology(api, topic));
        // start() returns once the global store is restored: the two new records went through the processor then,
        // and the six before were not read again (the checkpoint of the clean stop)
        assertThat(PROCESSED.get()).isEqualTo(2);
        assertThat(contents(restarted))
                .hasSize(8)
                .containsEntry("seen:k7", "v7!")
                .doesNotContainKey("k7");
        KafkaTestKit.stop(restarted);

        KafkaTestKit.deleteRecursively(stateDir);
        PROCESSED.set(0);
        KafkaStreams rebuilt = start(topology(api, topic));
        assertThat(PROCESSED.get()).isEqualTo(8);
        assertThat(contents(rebuilt))
                .hasSize(8)
                .allSatisfy((key, value) -> assertThat(key).startsWith("seen:"));
        KafkaTestKit.stop(rebuilt);
    }

    private static Topology topology(Api api, String topic) {
        StoreBuilder<KeyValueStore<String, String>> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore("restore-test"), Serdes.String(), Serdes.String())
                .withLoggingDisabled();
        ProcessorSupplier<String, String, Void, Void> processor = Transforming::new;
        return switch (api) {
            case TOPOLOGY ->
                new Topology()
                        .addGlobalStore(
                                store,
                                "restore-test-source",
                                new StringDeserializer(),
                                new StringDeserializer(),
                                topic,
                                "restore-test-processor",
                                processor);
            case STREAMS_BUILDER -> {
                StreamsBuilder builder = new StreamsBuilder();
                builder.addGlobalStore(store, topic, Consumed.with(Serdes.String(), Serdes.String()), processor);
                yield builder.build();
            }
        };
    }

    private KafkaStreams start(Topology topology) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "global-restore-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap());
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        KafkaStreams streams = new KafkaStreams(topology, config);
        streams.start();
        KafkaTestKit.awaitState(streams, KafkaStreams.State.RUNNING);
        return streams;
    }

    private static Map<String, String> contents(KafkaStreams streams) {
        Map<String, String> all = new TreeMap<>();
        KafkaTestKit.awaitTrue("the store queryable", Duration.ofSeconds(30), () -> {
            try (KeyValueIterator<String, String> entries = streams.store(StoreQueryParameters.fromNameAndType(
                            "restore-test", QueryableStoreTypes.<String, String>keyValueStore()))
                    .all()) {
                entries.forEachRemaining(entry -> all.put(entry.key, entry.value));
                return true;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        return all;
    }
}
