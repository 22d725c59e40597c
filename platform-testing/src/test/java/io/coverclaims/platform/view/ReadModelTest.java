package io.coverclaims.platform.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.platform.streams.KernelTestKit;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.ProductCategory;
import io.coverclaims.schemas.policy.ProductDefined;
import io.coverclaims.schemas.policy.ProductRetired;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read models through the real broker: a model folded from an event topic into a persistent global store survives a
 * restart reading only what is new, is rebuilt the same from a wiped state directory, is rebuilt when its stored shape
 * differs from the code's, never applies a record twice when Kafka Streams' checkpoint lags behind the store, and
 * throws its state away when its topic is not the one it was built from.
 *
 * <p>The model: per product id, how many events and the last name ({@code product/<id>}), and an index of products by
 * category ({@code category/<category>/<id>}).
 */
class ReadModelTest {

    record Tally(long events, String lastName, boolean retired) {}

    /** The same table with another value type: a store written with Tally has another shape. */
    record TallyV2(long events, String lastName, boolean retired, String category) {}

    static final ViewTable<Tally> PRODUCTS = ViewTable.of("product", Tally.class);
    static final ViewTable<String> BY_CATEGORY = ViewTable.of("category", String.class);

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

    static ReadModel model(String topic) {
        return ReadModel.named("tally-view")
                .from(topic)
                .tables(PRODUCTS, BY_CATEGORY)
                .projector((event, view) -> {
                    switch (event.value()) {
                        case ProductDefined defined -> {
                            Tally before = view.get(PRODUCTS, event.key()).orElse(new Tally(0, null, false));
                            view.put(PRODUCTS, event.key(), new Tally(before.events() + 1, defined.getName(), false));
                            view.put(BY_CATEGORY, defined.getCategory() + "/" + event.key(), defined.getName());
                        }
                        case ProductRetired retired -> {
                            Tally before = view.get(PRODUCTS, event.key()).orElseThrow();
                            view.put(PRODUCTS, event.key(), new Tally(before.events() + 1, before.lastName(), true));
                            view.prefix(BY_CATEGORY, "").stream()
                                    .filter(entry -> entry.key().endsWith("/" + event.key()))
                                    .forEach(entry -> view.delete(BY_CATEGORY, entry.key()));
                        }
                        default -> throw new IllegalArgumentException("not a product event");
                    }
                })
                .build();
    }

    static final ViewTable<TallyV2> PRODUCTS_V2 = ViewTable.of("product", TallyV2.class);

    static ReadModel modelV2(String topic) {
        return ReadModel.named("tally-view")
                .from(topic)
                .tables(PRODUCTS_V2, BY_CATEGORY)
                .projector((event, view) -> {
                    if (event.value() instanceof ProductDefined defined) {
                        TallyV2 before = view.get(PRODUCTS_V2, event.key()).orElse(new TallyV2(0, null, false, null));
                        view.put(
                                PRODUCTS_V2,
                                event.key(),
                                new TallyV2(
                                        before.events() + 1,
                                        defined.getName(),
                                        false,
                                        defined.getCategory().name()));
                        view.put(BY_CATEGORY, defined.getCategory() + "/" + event.key(), defined.getName());
                    }
                })
                .build();
    }

    // --------------------------------------------------------------------------------------------------- tests

    @Test
    void a_restart_applies_only_the_records_written_while_it_was_stopped_and_restores_them_through_the_projector() {
        String topic = newTopic(3);
        List<String> ids = publishProducts(topic, 30);

        ReadModel first = model(topic);
        try (ReadModelRuntime runtime = start(first)) {
            assertThat(first.projected()).isEqualTo(30);
            assertThat(first.rebuilds()).isEqualTo(1); // a new store: built from the topic
            assertThat(first.get(PRODUCTS, ids.getFirst())).contains(new Tally(1, "name-0", false));
            assertThat(first.prefix(BY_CATEGORY, "PROTOCOL_EXPLOIT/")).hasSize(30);
        }

        kit.send(topic, retired(ids.get(0), 2));
        kit.send(topic, retired(ids.get(1), 2));
        publishProducts(topic, 3);

        ReadModel second = model(topic);
        try (ReadModelRuntime runtime = start(second)) {
            // start() returns once Kafka Streams restored the global store: the 5 new records went through the
            // projector during that restore (KIP-1024), not copied into the store as raw topic records (KAFKA-7663)
            assertThat(second.projected()).isEqualTo(5);
            assertThat(second.skipped()).isZero();
            assertThat(second.rebuilds()).isZero();
            assertThat(second.get(PRODUCTS, ids.get(0))).contains(new Tally(2, "name-0", true));
            assertThat(second.prefix(BY_CATEGORY, "PROTOCOL_EXPLOIT/")).hasSize(31);
            assertThat(rawKeys(runtime.streams(), second))
                    .allSatisfy(key -> assertThat(key).matches("(product|category)\u0000.*|\u0000.*"));

            // and live: a record written now reaches the view
            kit.send(topic, retired(ids.get(2), 2));
            KafkaTestKit.awaitTrue(
                    "the live record applied",
                    Duration.ofSeconds(30),
                    () -> second.get(PRODUCTS, ids.get(2)).orElseThrow().retired());
            assertThat(second.projected()).isEqualTo(6);
        }
    }

    @Test
    void a_wiped_state_directory_rebuilds_the_same_view() throws Exception {
        String topic = newTopic(3);
        List<String> ids = publishProducts(topic, 20);
        kit.send(topic, retired(ids.get(3), 2));
        Map<String, String> before;
        try (ReadModelRuntime runtime = start(model(topic))) {
            before = everything(runtime.models().getFirst());
        }

        KafkaTestKit.deleteRecursively(stateDir);
        ReadModel rebuilt = model(topic);
        try (ReadModelRuntime runtime = start(rebuilt)) {
            assertThat(rebuilt.rebuilds()).isEqualTo(1);
            assertThat(rebuilt.projected()).isEqualTo(21);
            assertThat(everything(rebuilt)).isEqualTo(before).hasSize(20 + 19);
        }
    }

    @Test
    void a_store_written_with_another_shape_is_never_read_but_rebuilt_from_the_topic() {
        String topic = newTopic(2);
        List<String> ids = publishProducts(topic, 10);
        ReadModel v1 = model(topic);
        try (ReadModelRuntime runtime = start(v1)) {
            assertThat(v1.get(PRODUCTS, ids.getFirst())).isPresent();
        }

        ReadModel v2 = modelV2(topic);
        assertThat(v2.shape()).isNotEqualTo(v1.shape());
        try (ReadModelRuntime runtime = start(v2)) {
            assertThat(v2.rebuilds()).isEqualTo(1);
            assertThat(v2.projected()).isEqualTo(10);
            assertThat(v2.get(PRODUCTS_V2, ids.getFirst()))
                    .contains(new TallyV2(1, "name-0", false, "PROTOCOL_EXPLOIT"));
        }

        // the version alone changes the shape too
        ReadModel v3 = ReadModel.named("tally-view")
                .from(topic)
                .tables(PRODUCTS_V2, BY_CATEGORY)
                .projector(v2.projector())
                .version(2)
                .build();
        assertThat(v3.shape()).isNotEqualTo(v2.shape());
        try (ReadModelRuntime runtime = start(v3)) {
            assertThat(v3.rebuilds()).isEqualTo(1);
            assertThat(v3.projected()).isEqualTo(10);
        }
    }

    @Test
    void records_read_again_behind_a_lagging_checkpoint_are_not_applied_twice() throws Exception {
        String topic = newTopic(2);
        List<String> ids = publishProducts(topic, 12);
        Map<String, String> before;
        try (ReadModelRuntime runtime = start(model(topic))) {
            before = everything(runtime.models().getFirst());
        }
        // what a crash leaves: the store holds more than Kafka Streams' checkpoint says (here: no checkpoint at all)
        Path checkpoint = stateDir.resolve("read-model-test").resolve("global").resolve(".checkpoint");
        assertThat(checkpoint).exists();
        Files.delete(checkpoint);

        ReadModel again = model(topic);
        try (ReadModelRuntime runtime = start(again)) {
            assertThat(again.projected()).isZero();
            assertThat(again.skipped()).isEqualTo(12);
            assertThat(everything(again)).isEqualTo(before);
            assertThat(again.get(PRODUCTS, ids.getFirst())).contains(new Tally(1, "name-0", false));
        }
    }

    @Test
    void state_built_from_a_topic_since_created_again_is_wiped_and_rebuilt() throws Exception {
        String topic = newTopic(2);
        publishProducts(topic, 8);
        try (ReadModelRuntime runtime = start(model(topic))) {
            assertThat(runtime.models().getFirst().all(PRODUCTS)).hasSize(8);
        }
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic)).all().get();
            KafkaTestKit.awaitTrue(
                    "the topic deleted",
                    Duration.ofSeconds(30),
                    () -> !topics(admin).contains(topic));
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        List<String> ids = publishProducts(topic, 3);

        ReadModel fresh = model(topic);
        try (ReadModelRuntime runtime = start(fresh)) {
            assertThat(fresh.all(PRODUCTS)).extracting(ViewEntry::key).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(fresh.rebuilds()).isEqualTo(1);
        }
    }

    @Test
    void undecodable_records_and_failing_projections_are_skipped_and_the_view_goes_on() {
        String topic = newTopic(1);
        kit.sendBytes(topic, "prod-x", new byte[] {1, 2, 3});
        kit.send(topic, retired("prod-unknown", 1)); // the projector throws: no such product
        List<String> ids = publishProducts(topic, 2);
        ReadModel model = model(topic);
        try (ReadModelRuntime runtime = start(model)) {
            assertThat(model.failed()).isEqualTo(2);
            assertThat(model.projected()).isEqualTo(2);
            assertThat(model.all(PRODUCTS)).extracting(ViewEntry::key).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void reads_before_the_model_is_caught_up_are_refused_and_ranges_read_in_key_order() {
        String topic = newTopic(2);
        ReadModel model = model(topic);
        assertThatThrownBy(() -> model.get(PRODUCTS, "prod-1")).isInstanceOf(ReadModel.NotReady.class);
        assertThat(model.ready()).isFalse();
        for (String id : List.of("prod-c", "prod-a", "prod-d", "prod-b")) {
            kit.send(topic, defined(id, "name-" + id, 1));
        }
        try (ReadModelRuntime runtime = start(model)) {
            assertThat(model.ready()).isTrue();
            assertThat(model.all(PRODUCTS))
                    .extracting(ViewEntry::key)
                    .containsExactly("prod-a", "prod-b", "prod-c", "prod-d");
            assertThat(model.range(PRODUCTS, "prod-b", "prod-d"))
                    .extracting(ViewEntry::key)
                    .containsExactly("prod-b", "prod-c");
            assertThat(model.range(PRODUCTS, "prod-c", null))
                    .extracting(ViewEntry::key)
                    .containsExactly("prod-c", "prod-d");
            assertThat(model.prefix(BY_CATEGORY, "PROTOCOL_EXPLOIT/prod-a"))
                    .containsExactly(new ViewEntry<>("PROTOCOL_EXPLOIT/prod-a", "name-prod-a"));
            assertThat(model.get(PRODUCTS, "prod-z")).isEmpty();
            assertThatThrownBy(() -> model.get(ViewTable.of("product", Tally.class), "prod-a"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private ReadModelRuntime start(ReadModel model) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "read-model-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap());
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        ReadModelRuntime runtime = ReadModelRuntime.create(List.of(model), config);
        runtime.start();
        KafkaTestKit.awaitState(runtime.streams(), KafkaStreams.State.RUNNING);
        return runtime;
    }

    /** Every table entry of the model, decoded and printed, by table and key. */
    private static Map<String, String> everything(ReadModel model) {
        Map<String, String> all = new TreeMap<>();
        model.all(PRODUCTS)
                .forEach(
                        entry -> all.put("product/" + entry.key(), entry.value().toString()));
        model.all(BY_CATEGORY).forEach(entry -> all.put("category/" + entry.key(), entry.value()));
        return all;
    }

    /** Every key of the model's store as it is on disk. */
    private static List<String> rawKeys(KafkaStreams streams, ReadModel model) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = streams.store(StoreQueryParameters.fromNameAndType(
                        model.name(), QueryableStoreTypes.<Bytes, byte[]>keyValueStore()))
                .all()) {
            all.forEachRemaining((KeyValue<Bytes, byte[]> entry) -> keys.add(new String(entry.key.get())));
        }
        assertThat(keys).isNotEmpty();
        return keys;
    }

    private static String newTopic(int partitions) {
        String topic = "read-model-test-" + UUID.randomUUID() + ".events";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new AssertionError("could not create " + topic, e);
        }
        return topic;
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap()));
    }

    private static java.util.Set<String> topics(Admin admin) {
        try {
            return admin.listTopics().names().get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> publishProducts(String topic, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "prod-" + UUID.randomUUID();
            kit.send(topic, defined(id, "name-" + i, 1));
            ids.add(id);
        }
        return ids;
    }

    private static ProductDefined defined(String productId, String name, long version) {
        return KernelTestKit.productDefined(
                metadata(productId, version),
                productId,
                name,
                ProductCategory.PROTOCOL_EXPLOIT,
                ClaimMethod.ASSESSMENT);
    }

    private static ProductRetired retired(String productId, long version) {
        return ProductRetired.newBuilder()
                .setMetadata(metadata(productId, version))
                .setProductId(productId)
                .setReason("test")
                .build();
    }

    private static EventMetadata metadata(String aggregateId, long version) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAggregateId(aggregateId)
                .setAggregateVersion(version)
                .setCausationId("test")
                .setCorrelationId("test")
                .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setActor("test")
                .build();
    }
}
