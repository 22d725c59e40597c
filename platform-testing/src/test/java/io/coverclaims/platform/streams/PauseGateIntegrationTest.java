package io.coverclaims.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.example.PricedProduct;
import io.coverclaims.platform.governance.Capability;
import io.coverclaims.platform.governance.GovernanceStore;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.governance.PauseFlag;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.UpdateProductPricing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pause gate through the real broker: a governed context whose commands need cover sales for their product,
 * with its own governance topic. A caller's paused command is refused and leaves nothing; a saga's waits in the
 * parked store (across a restart with the local state wiped) and is decided exactly once after the unpause.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PauseGateIntegrationTest {

    private static final String NAME =
            "pause-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String GOVERNANCE_TOPIC = NAME + ".governance-events";
    private static final BoundedContext CONTEXT = BoundedContext.of(NAME, PricedProduct.TYPE)
            .pausedBy(command -> Optional.of(PauseKey.of(Capability.COVER_SALES, productId(command))));
    private static final KernelOptions OPTIONS = new KernelOptions(
            KernelOptions.DEFAULT_WINDOW,
            KernelOptions.DEFAULT_PURGE_INTERVAL,
            GOVERNANCE_TOPIC,
            Duration.ofMillis(100));
    private static final String SAGA = "policy-service";
    private static final String CALLER = "0xtester";

    @TempDir
    static Path stateDirs;

    private static KernelTestKit kit;
    private static KafkaStreams streams;
    private static int flagVersion;

    /** The caller's command refused while paused, sent again after the unpause. */
    private static DefineProduct refused;
    /** The saga's command parked while paused. */
    private static DefineProduct parked;

    @BeforeAll
    static void start() throws Exception {
        kit = new KernelTestKit();
        kit.createTopics(CONTEXT, 3);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(GOVERNANCE_TOPIC, 1, (short) 1)))
                    .all()
                    .get();
        }
        streams = kit.start(CommandProcessorTopology.build(CONTEXT, OPTIONS), NAME, stateDirs.resolve("state"));
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    @Order(1)
    void a_callers_command_of_a_paused_capability_is_refused_paused_naming_it_and_appends_nothing() {
        setFlag("req-stop-sales", true, null);

        refused = define("prod-" + UUID.randomUUID(), CALLER);
        CommandOutcome outcome = outcome(send(refused));

        assertThat(outcome.getStatus()).isEqualTo(CommandStatus.REJECTED);
        assertThat(outcome.getReasonCode()).isEqualTo("PAUSED");
        assertThat(outcome.getField()).isEqualTo("capability");
        assertThat(outcome.getReasonMessage())
                .contains("cover-sales for " + refused.getProductId())
                .contains("pause request req-stop-sales")
                .contains("0xguardian1, 0xguardian2");
        assertThat(kit.readAll(CONTEXT.eventsTopic(), r -> r.key().equals(refused.getProductId())))
                .isEmpty();
    }

    @Test
    @Order(2)
    void a_sagas_command_of_a_paused_capability_waits_even_across_a_restart_with_the_state_wiped() throws Exception {
        parked = define("prod-" + UUID.randomUUID(), SAGA);
        send(parked);
        send(parked); // a redelivered copy is parked once, not twice
        KernelTestKit.sleep(1_500);
        assertThat(outcomesOf(parked)).isEmpty();
        assertThat(kit.readAll(CONTEXT.eventsTopic(), r -> r.key().equals(parked.getProductId())))
                .isEmpty();

        KernelTestKit.stop(streams);
        KernelTestKit.deleteRecursively(stateDirs.resolve("state"));
        streams = kit.start(CommandProcessorTopology.build(CONTEXT, OPTIONS), NAME, stateDirs.resolve("state"));
        awaitPaused(refused.getProductId(), true);
        KernelTestKit.sleep(1_000);

        assertThat(outcomesOf(parked)).isEmpty();
    }

    @Test
    @Order(3)
    void after_the_unpause_the_parked_command_is_decided_exactly_once_and_the_refused_one_may_be_sent_again() {
        setFlag("req-resume-sales", false, null);

        CommandOutcome released = outcome(parked.getMetadata().getCommandId());
        assertThat(released.getStatus()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(released.getDuplicate()).isFalse();

        CommandOutcome retried = outcome(send(refused), CommandStatus.ACCEPTED);
        assertThat(retried.getDuplicate()).isFalse();

        // a later command of the saga's product, to be sure nothing else of the parked one is still on its way
        outcome(send(reprice(parked.getProductId(), SAGA)));
        assertThat(outcomesOf(parked)).hasSize(1);
        assertThat(kit.readAll(CONTEXT.eventsTopic(), r -> r.key().equals(parked.getProductId())))
                .hasSize(2);
        assertThat(kit.readAll(CONTEXT.eventsTopic(), r -> r.key().equals(refused.getProductId())))
                .hasSize(1);
    }

    @Test
    @Order(4)
    void a_pause_for_one_scope_holds_only_the_commands_of_that_scope() {
        String pausedProduct = "prod-" + UUID.randomUUID();
        setFlag("req-one-product", true, pausedProduct);

        CommandOutcome other = outcome(send(define("prod-" + UUID.randomUUID(), CALLER)));
        CommandOutcome held = outcome(send(define(pausedProduct, CALLER)));

        assertThat(other.getStatus()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(held.getReasonCode()).isEqualTo("PAUSED");
        setFlag("req-one-product-lifted", false, pausedProduct);
    }

    private static String productId(SpecificRecord command) {
        return switch (command) {
            case DefineProduct define -> define.getProductId();
            case UpdateProductPricing reprice -> reprice.getProductId();
            default -> null;
        };
    }

    private static DefineProduct define(String productId, String actor) {
        DefineProduct command = KernelTestKit.defineProduct(productId, "Paused product", 200, 1200);
        command.setMetadata(withActor(command.getMetadata(), actor));
        return command;
    }

    private static UpdateProductPricing reprice(String productId, String actor) {
        return UpdateProductPricing.newBuilder()
                .setMetadata(withActor(KernelTestKit.metadata(productId), actor))
                .setProductId(productId)
                .setFloorRateBps(300)
                .setCeilingRateBps(1300)
                .setMinAnnualRateBps(null)
                .build();
    }

    private static CommandMetadata withActor(CommandMetadata metadata, String actor) {
        return CommandMetadata.newBuilder(metadata).setActor(actor).build();
    }

    /** Writes a PauseFlagChanged for cover sales and waits until the context's global store has it. */
    private static void setFlag(String requestId, boolean paused, String scope) {
        flagVersion++;
        kit.send(
                GOVERNANCE_TOPIC,
                "pause-flags",
                PauseFlagChanged.newBuilder()
                        .setMetadata(EventMetadata.newBuilder()
                                .setEventId(UUID.randomUUID().toString())
                                .setAggregateId("pause-flags")
                                .setAggregateVersion(flagVersion)
                                .setCausationId(requestId)
                                .setCorrelationId(requestId)
                                .setOccurredAt(KernelTestKit.ISSUED_AT)
                                .setActor("0xguardian2")
                                .build())
                        .setRequestId(requestId)
                        .setFlag(PauseFlag.COVER)
                        .setPaused(paused)
                        .setApprovers(List.of("0xguardian1", "0xguardian2"))
                        .setScope(scope)
                        .setBreaker(null)
                        .build());
        awaitPaused(scope == null ? "any-product" : scope, paused);
    }

    private static void awaitPaused(String productId, boolean paused) {
        KernelTestKit.awaitTrue(
                "cover sales of " + productId + (paused ? " paused" : " running"),
                KernelTestKit.PATIENCE,
                () -> governance()
                        .map(store -> store.holding(PauseKey.of(Capability.COVER_SALES, productId))
                                        .isPresent()
                                == paused)
                        .orElse(false));
    }

    private static Optional<GovernanceStore> governance() {
        try {
            return Optional.of(new GovernanceStore(streams.store(StoreQueryParameters.fromNameAndType(
                    CONTEXT.governanceStoreName(), QueryableStoreTypes.<String, byte[]>keyValueStore()))));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    private static String send(SpecificRecord command) {
        CommandMetadata metadata = WireMetadata.ofCommand(command);
        kit.send(CONTEXT.commandsTopic(), metadata.getAggregateId(), command);
        return metadata.getCommandId();
    }

    private static List<CommandOutcome> outcomesOf(DefineProduct command) {
        String commandId = command.getMetadata().getCommandId();
        return kit.readAll(
                CONTEXT.outcomesTopic(),
                CommandOutcome.class,
                o -> o.getCommandId().equals(commandId));
    }

    private static CommandOutcome outcome(String commandId) {
        return kit.await(
                        CONTEXT.outcomesTopic(),
                        CommandOutcome.class,
                        o -> o.getCommandId().equals(commandId),
                        1)
                .getFirst();
    }

    private static CommandOutcome outcome(String commandId, CommandStatus status) {
        return kit.await(
                        CONTEXT.outcomesTopic(),
                        CommandOutcome.class,
                        o -> o.getCommandId().equals(commandId) && o.getStatus() == status,
                        1)
                .getFirst();
    }
}
