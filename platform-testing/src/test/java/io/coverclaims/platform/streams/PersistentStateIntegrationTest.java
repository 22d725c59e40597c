package io.coverclaims.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Rejection;
import io.coverclaims.platform.example.PricedProduct;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.UpdateProductPricing;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's persistent state through the real broker: aggregates and decided commands survive a restart without
 * the event history, are restored from their changelogs when the local state is wiped, are rebuilt from the event
 * topic when the code's state shape changes, and decided command ids are kept for the idempotency window only.
 * Each test has its own context (topics) and application id.
 */
class PersistentStateIntegrationTest {

    @TempDir
    Path stateDirs;

    private KernelTestKit kit;
    private BoundedContext context;
    private String applicationId;
    private KafkaStreams streams;

    @BeforeEach
    void topics() {
        kit = new KernelTestKit();
        String name = "persist-" + UUID.randomUUID().toString().substring(0, 8);
        context = BoundedContext.of(name, PricedProduct.TYPE);
        applicationId = name + "-app";
        kit.createTopics(context, 2);
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Test
    void a_restart_needs_no_history_and_a_wiped_state_comes_back_from_the_changelog_and_the_outcomes()
            throws Exception {
        streams = kit.start(CommandProcessorTopology.build(context), applicationId, stateDirs.resolve("a"));
        List<DefineProduct> defined = decideProducts(20);
        Map<String, Aggregate> before = KafkaTestKit.aggregates(streams, context);
        assertThat(before).hasSize(20);
        KafkaTestKit.stop(streams);

        // the history is gone: whatever the restarted instance holds cannot come from the event or outcome topic
        deleteAllRecords(context.eventsTopic(), context.outcomesTopic());

        streams = kit.start(CommandProcessorTopology.build(context), applicationId, stateDirs.resolve("a"));
        KafkaTestKit.awaitTrue(
                "state back", KafkaTestKit.PATIENCE, () -> aggregatesOrEmpty().size() == before.size());
        assertThat(KafkaTestKit.aggregates(streams, context)).isEqualTo(before);
        assertThat(decide(defined.getFirst()).getDuplicate())
                .as("the decided command is remembered across the restart, from the local store")
                .isTrue();
        // decided after the history was deleted: its outcome is the only one left on the outcome topic
        DefineProduct after = KernelTestKit.defineProduct("prod-" + UUID.randomUUID(), "After", 100, 900);
        assertThat(decide(after).getStatus()).isEqualTo(CommandStatus.ACCEPTED);
        Map<String, Aggregate> withAfter = KafkaTestKit.aggregates(streams, context);
        KafkaTestKit.stop(streams);

        KafkaTestKit.deleteRecursively(stateDirs.resolve("a"));
        streams = kit.start(CommandProcessorTopology.build(context), applicationId, stateDirs.resolve("b"));
        KafkaTestKit.awaitTrue(
                "state restored",
                KafkaTestKit.PATIENCE,
                () -> aggregatesOrEmpty().size() == withAfter.size());
        assertThat(KafkaTestKit.aggregates(streams, context))
                .as("aggregates restored from the changelog (the events before the deletion are gone)")
                .isEqualTo(withAfter);
        assertThat(decide(after).getDuplicate())
                .as("decided commands rebuilt from the outcome topic's window")
                .isTrue();
        KafkaTestKit.stop(streams);
    }

    /** The same aggregate under a new state shape: the product's state plus how many events made it. */
    record Counted(PricedProduct.State product, int events) {}

    @Test
    void a_store_written_with_another_state_shape_is_rebuilt_from_the_events_never_read() throws Exception {
        streams = kit.start(CommandProcessorTopology.build(context), applicationId, stateDirs.resolve("a"));
        decideProducts(10);
        Map<String, Aggregate> before = KafkaTestKit.aggregates(streams, context);
        KafkaTestKit.stop(streams);

        Decider<PricedProduct.Command, PricedProduct.Event, Counted> counted = Decider.of(
                new Counted(PricedProduct.DECIDER.initialState(), 0),
                (command, state) -> PricedProduct.DECIDER.decide(command, state.product()),
                (state, event) ->
                        new Counted(PricedProduct.DECIDER.evolve(state.product(), event), state.events() + 1));
        BoundedContext changed = BoundedContext.of(
                context.name(),
                AggregateType.of(
                                "product",
                                counted,
                                PricedProduct.Command.class,
                                PricedProduct.Event.class,
                                "io.coverclaims.schemas.policy")
                        .build());
        assertThat(StateCodec.forStateOf(counted.initialState()).shape())
                .isNotEqualTo(StateCodec.of(PricedProduct.TYPE).shape());

        streams = kit.start(CommandProcessorTopology.build(changed), applicationId, stateDirs.resolve("a"));
        KafkaTestKit.awaitTrue("rebuilt", KafkaTestKit.PATIENCE, () -> {
            try {
                return KafkaTestKit.aggregates(streams, changed).size() == before.size();
            } catch (RuntimeException stillRebuilding) {
                return false;
            }
        });
        Map<String, Aggregate> after = KafkaTestKit.aggregates(streams, changed);
        before.forEach((id, aggregate) -> {
            Counted state = (Counted) after.get(id).state();
            assertThat(state.product()).isEqualTo(aggregate.state());
            assertThat((long) state.events()).isEqualTo(aggregate.version());
        });
        KafkaTestKit.stop(streams);
    }

    @Test
    void decided_ids_are_kept_for_the_window_and_an_older_command_is_refused_not_decided_twice() {
        KernelOptions shortWindow = new KernelOptions(Duration.ofSeconds(3), Duration.ofMillis(200));
        streams =
                kit.start(CommandProcessorTopology.build(context, shortWindow), applicationId, stateDirs.resolve("a"));
        String productId = "prod-" + UUID.randomUUID();
        Instant issuedAt = Instant.now();
        DefineProduct first = DefineProduct.newBuilder(KernelTestKit.defineProduct(productId, "Windowed", 100, 900))
                .setMetadata(KernelTestKit.metadata(productId, UUID.randomUUID().toString(), null))
                .build();
        first.getMetadata().setIssuedAt(issuedAt);

        assertThat(decide(first).getStatus()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(decide(first).getDuplicate()).as("a retry within the window").isTrue();

        KafkaTestKit.sleep(3_500);
        // a later command moves the partition's stream time past the window; the purge then forgets the first id
        UpdateProductPricing later = UpdateProductPricing.newBuilder()
                .setMetadata(KernelTestKit.metadata(productId, UUID.randomUUID().toString(), null))
                .setProductId(productId)
                .setFloorRateBps(50)
                .setCeilingRateBps(500)
                .build();
        later.getMetadata().setIssuedAt(Instant.now());
        assertThat(decide(later).getStatus()).isEqualTo(CommandStatus.ACCEPTED);
        KafkaTestKit.sleep(500);

        CommandOutcome old = decide(first);
        assertThat(old.getStatus()).isEqualTo(CommandStatus.REJECTED);
        assertThat(old.getDuplicate()).isFalse();
        assertThat(old.getReasonCode()).isEqualTo(Rejection.COMMAND_TOO_OLD);
        assertThat(old.getField()).isEqualTo("issuedAt");
        assertThat(kit.readAll(context.eventsTopic(), r -> r.key().equals(productId)))
                .as("ProductDefined once, the pricing update once: nothing decided twice")
                .hasSize(2);
        KafkaTestKit.stop(streams);
    }

    private List<DefineProduct> decideProducts(int count) {
        List<DefineProduct> defined = new java.util.ArrayList<>();
        String last = null;
        for (int i = 0; i < count; i++) {
            String productId = "prod-" + UUID.randomUUID();
            DefineProduct define = KernelTestKit.defineProduct(productId, "Product " + i, 100 + i, 1000 + i);
            defined.add(define);
            last = send(define);
        }
        awaitOutcome(last);
        return defined;
    }

    private Map<String, Aggregate> aggregatesOrEmpty() {
        try {
            return KafkaTestKit.aggregates(streams, context);
        } catch (RuntimeException notQueryableYet) {
            return Map.of();
        }
    }

    /** Sends the command and returns its newest outcome (a retry's comes after the first one's). */
    private CommandOutcome decide(SpecificRecord command) {
        String commandId = WireMetadata.ofCommand(command).getCommandId();
        int seen = outcomes(commandId).size();
        send(command);
        return kit
                .await(
                        context.outcomesTopic(),
                        r -> ((CommandOutcome) kit.decode(r)).getCommandId().equals(commandId),
                        found -> found.size() > seen)
                .stream()
                .map(r -> (CommandOutcome) kit.decode(r))
                .toList()
                .getLast();
    }

    private List<CommandOutcome> outcomes(String commandId) {
        return kit
                .readAll(
                        context.outcomesTopic(),
                        r -> ((CommandOutcome) kit.decode(r)).getCommandId().equals(commandId))
                .stream()
                .map(r -> (CommandOutcome) kit.decode(r))
                .toList();
    }

    private void awaitOutcome(String commandId) {
        kit.await(
                context.outcomesTopic(),
                r -> ((CommandOutcome) kit.decode(r)).getCommandId().equals(commandId),
                found -> !found.isEmpty());
    }

    private String send(SpecificRecord command) {
        String aggregateId = WireMetadata.ofCommand(command).getAggregateId();
        kit.send(context.commandsTopic(), aggregateId, command);
        return WireMetadata.ofCommand(command).getCommandId();
    }

    private void deleteAllRecords(String... topics) throws Exception {
        Map<TopicPartition, RecordsToDelete> upTo = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = kit.consumer()) {
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(info -> {
                    TopicPartition partition = new TopicPartition(topic, info.partition());
                    long end = consumer.endOffsets(List.of(partition)).get(partition);
                    upTo.put(partition, RecordsToDelete.beforeOffset(end));
                });
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap()))) {
            admin.deleteRecords(upTo).all().get(30, TimeUnit.SECONDS);
        }
    }
}
