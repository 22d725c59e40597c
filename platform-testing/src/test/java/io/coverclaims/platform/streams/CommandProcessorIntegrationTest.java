package io.coverclaims.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.example.PricedProduct;
import io.coverclaims.platform.internal.DeadLetter;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.ProductDefined;
import io.coverclaims.schemas.policy.RetireProduct;
import io.coverclaims.schemas.policy.UpdateProductPricing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel end to end through the real broker: one Streams application (one application id) for the whole
 * class, since two applications deciding the same command topic would be two writers of one event topic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandProcessorIntegrationTest {

    private static final BoundedContext CONTEXT = BoundedContext.of("kernel-test", PricedProduct.TYPE);
    private static final String APPLICATION_ID = "kernel-integration-test";

    @TempDir
    static Path stateDirs;

    private static KernelTestKit kit;
    private static KafkaStreams streams;

    @BeforeAll
    static void start() {
        kit = new KernelTestKit();
        kit.createTopics(CONTEXT, 3);
        streams = kit.start(CommandProcessorTopology.build(CONTEXT), APPLICATION_ID, stateDirs.resolve("first"));
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    @Order(1)
    void a_command_in_gives_its_event_out_with_full_metadata() {
        String productId = newProductId();
        String commandId = send(KernelTestKit.defineProduct(productId, "Aave v3 exploit", 200, 1200));

        CommandOutcome outcome = outcome(commandId);
        assertThat(outcome.getStatus()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(outcome.getAggregateVersion()).isEqualTo(1);

        ConsumerRecord<String, byte[]> record = events(productId, 1).getFirst();
        assertThat(record.key()).isEqualTo(productId);
        ProductDefined event = (ProductDefined) kit.decode(record);
        assertThat(event.getName()).isEqualTo("Aave v3 exploit");
        EventMetadata metadata = event.getMetadata();
        assertThat(metadata.getAggregateId()).isEqualTo(productId);
        assertThat(metadata.getAggregateVersion()).isEqualTo(1);
        assertThat(metadata.getCausationId()).isEqualTo(commandId);
        assertThat(metadata.getCorrelationId()).isEqualTo("corr-" + commandId);
        assertThat(metadata.getActor()).isEqualTo("0xtester");
        assertThat(metadata.getEventId()).isEqualTo(CommandProcessor.eventId(commandId, 0));
        assertThat(outcome.getEventIds()).containsExactly(metadata.getEventId());
        assertThat(new String(record.headers()
                        .lastHeader(CommandProcessor.EVENT_TYPE_HEADER)
                        .value()))
                .isEqualTo(ProductDefined.class.getName());
    }

    @Test
    @Order(2)
    void the_same_command_again_gets_the_same_outcome_and_no_second_event() {
        String productId = newProductId();
        DefineProduct command = KernelTestKit.defineProduct(productId, "Compound exploit", 200, 1200);
        send(command);
        send(command);
        String commandId = command.getMetadata().getCommandId();

        List<CommandOutcome> outcomes =
                kit.await(CONTEXT.outcomesTopic(), r -> r.key().equals(productId), found -> found.size() >= 2).stream()
                        .map(r -> (CommandOutcome) kit.decode(r))
                        .toList();
        assertThat(outcomes).extracting(CommandOutcome::getCommandId).containsOnly(commandId);
        assertThat(outcomes).extracting(CommandOutcome::getDuplicate).containsExactly(false, true);
        assertThat(outcomes.get(1).getEventIds()).isEqualTo(outcomes.get(0).getEventIds());
        assertThat(kit.readAll(CONTEXT.eventsTopic(), r -> r.key().equals(productId)))
                .hasSize(1);
    }

    @Test
    @Order(3)
    void a_rejection_is_published_with_its_reason_and_field_and_appends_nothing() {
        String productId = newProductId();
        String commandId = send(KernelTestKit.defineProduct(productId, "Inverted", 1200, 200));

        CommandOutcome outcome = outcome(commandId);
        assertThat(outcome.getStatus()).isEqualTo(CommandStatus.REJECTED);
        assertThat(outcome.getReasonCode()).isEqualTo("INVALID_PRICING");
        assertThat(outcome.getField()).isEqualTo("floorRateBps");
        assertThat(outcome.getAggregateVersion()).isZero();
        assertThat(kit.readAll(CONTEXT.eventsTopic(), r -> r.key().equals(productId)))
                .isEmpty();
    }

    @Test
    @Order(4)
    void a_command_expecting_another_version_is_rejected_as_a_conflict() {
        String productId = newProductId();
        outcome(send(KernelTestKit.defineProduct(productId, "Versioned", 100, 900)));
        UpdateProductPricing stale = UpdateProductPricing.newBuilder()
                .setMetadata(KernelTestKit.metadata(productId, UUID.randomUUID().toString(), 7L))
                .setProductId(productId)
                .setFloorRateBps(150)
                .setCeilingRateBps(950)
                .build();

        CommandOutcome outcome = outcome(send(stale));
        assertThat(outcome.getReasonCode()).isEqualTo("VERSION_CONFLICT");
        assertThat(outcome.getField()).isEqualTo("expectedVersion");

        UpdateProductPricing current = UpdateProductPricing.newBuilder(stale)
                .setMetadata(KernelTestKit.metadata(productId, UUID.randomUUID().toString(), 1L))
                .build();
        assertThat(outcome(send(current)).getAggregateVersion()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void a_poison_record_goes_to_the_dead_letter_topic_with_its_origin_and_the_next_command_still_succeeds() {
        String productId = newProductId();
        byte[] poison = "{not avro at all}".getBytes();
        RecordMetadata origin = kit.sendBytes(CONTEXT.commandsTopic(), productId, poison);

        ConsumerRecord<String, byte[]> dead = deadLetter(productId);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.REASON)).isEqualTo(DeadLetter.UNDECODABLE);
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.DETAIL)).isNotBlank();
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.ORIGIN_TOPIC)).isEqualTo(CONTEXT.commandsTopic());
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.ORIGIN_PARTITION))
                .isEqualTo(Integer.toString(origin.partition()));
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.ORIGIN_OFFSET))
                .isEqualTo(Long.toString(origin.offset()));

        assertThat(outcome(send(KernelTestKit.defineProduct(productId, "After the poison", 100, 900)))
                        .getStatus())
                .isEqualTo(CommandStatus.ACCEPTED);
    }

    @Test
    @Order(6)
    void a_decider_that_throws_dead_letters_the_command_refuses_it_at_once_and_appends_no_event() {
        String productId = newProductId();
        String exploding = send(KernelTestKit.defineProduct(productId, PricedProduct.EXPLODING, 100, 900));

        CommandOutcome refused = outcome(exploding);
        assertThat(refused.getStatus().name()).isEqualTo("REJECTED");
        assertThat(refused.getReasonCode()).isEqualTo("PROCESSING_FAILED");
        ConsumerRecord<String, byte[]> dead = deadLetter(productId);
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.REASON)).isEqualTo(DeadLetter.PROCESSING_FAILED);
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.DETAIL)).contains("boom");
        assertThat(outcome(send(KernelTestKit.defineProduct(productId, "Recovered", 100, 900)))
                        .getAggregateVersion())
                .isEqualTo(1);
    }

    @Test
    @Order(7)
    void a_command_no_aggregate_takes_is_dead_lettered_as_unknown() {
        String productId = newProductId();
        send(RetireProduct.newBuilder()
                .setMetadata(KernelTestKit.metadata(productId))
                .setProductId(productId)
                .setReason("not handled by the test aggregate")
                .build());

        assertThat(DeadLetter.header(deadLetter(productId).headers(), DeadLetter.REASON))
                .isEqualTo(DeadLetter.UNKNOWN_COMMAND);
    }

    @Test
    @Order(100)
    void after_its_local_state_is_wiped_a_restarted_service_rebuilds_exactly_the_state_it_had() throws IOException {
        DefineProduct decidedBeforeRestart =
                KernelTestKit.defineProduct(newProductId(), "Decided before the restart", 100, 900);
        String last = send(decidedBeforeRestart);
        for (int i = 0; i < 12; i++) {
            String productId = newProductId();
            last = send(KernelTestKit.defineProduct(productId, "Product " + i, 100 + i, 1000 + i));
            if (i % 3 == 0) {
                last = send(UpdateProductPricing.newBuilder()
                        .setMetadata(KernelTestKit.metadata(productId))
                        .setProductId(productId)
                        .setFloorRateBps(50)
                        .setCeilingRateBps(500)
                        .build());
            }
        }
        outcome(last);
        Map<String, Aggregate> before = snapshot();
        assertThat(before).hasSizeGreaterThanOrEqualTo(12);

        KernelTestKit.stop(streams);
        KernelTestKit.deleteRecursively(stateDirs.resolve("first"));
        streams = kit.start(CommandProcessorTopology.build(CONTEXT), APPLICATION_ID, stateDirs.resolve("second"));

        // RUNNING may come after a first assignment that holds only some of the tasks (the group settles in a second
        // rebalance): wait until every task is back, then the state must be exactly the one before
        KafkaTestKit.awaitTrue(
                "every task rebuilt", KafkaTestKit.PATIENCE, () -> snapshot().size() >= before.size());
        assertThat(snapshot()).isEqualTo(before);

        String retriedId = decidedBeforeRestart.getProductId();
        send(decidedBeforeRestart);
        List<CommandOutcome> retried =
                kit.await(CONTEXT.outcomesTopic(), r -> r.key().equals(retriedId), found -> found.size() >= 2).stream()
                        .map(r -> (CommandOutcome) kit.decode(r))
                        .toList();
        assertThat(retried).extracting(CommandOutcome::getDuplicate).containsExactly(false, true);
        assertThat(kit.readAll(CONTEXT.eventsTopic(), r -> r.key().equals(retriedId)))
                .hasSize(1);

        String productId = before.keySet().stream().sorted().findFirst().orElseThrow();
        long version = before.get(productId).version();
        UpdateProductPricing next = UpdateProductPricing.newBuilder()
                .setMetadata(KernelTestKit.metadata(productId, UUID.randomUUID().toString(), version))
                .setProductId(productId)
                .setFloorRateBps(75)
                .setCeilingRateBps(750)
                .build();
        assertThat(outcome(send(next)).getAggregateVersion()).isEqualTo(version + 1);
    }

    private static Map<String, Aggregate> snapshot() {
        return KernelTestKit.aggregates(streams, CONTEXT);
    }

    private static String send(SpecificRecord command) {
        String aggregateId = WireMetadata.ofCommand(command).getAggregateId();
        kit.send(CONTEXT.commandsTopic(), aggregateId, command);
        return WireMetadata.ofCommand(command).getCommandId();
    }

    private static CommandOutcome outcome(String commandId) {
        return kit
                .await(
                        CONTEXT.outcomesTopic(),
                        r -> ((CommandOutcome) kit.decode(r)).getCommandId().equals(commandId),
                        found -> !found.isEmpty())
                .stream()
                .map(r -> (CommandOutcome) kit.decode(r))
                .findFirst()
                .orElseThrow();
    }

    private static List<ConsumerRecord<String, byte[]>> events(String aggregateId, int count) {
        return kit.await(CONTEXT.eventsTopic(), r -> r.key().equals(aggregateId), found -> found.size() >= count);
    }

    private static ConsumerRecord<String, byte[]> deadLetter(String key) {
        return kit.await(CONTEXT.deadLetterTopic(), r -> key.equals(r.key()), found -> !found.isEmpty())
                .getFirst();
    }

    private static String newProductId() {
        return "prod-" + UUID.randomUUID();
    }
}
