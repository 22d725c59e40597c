package io.coverclaims.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.KernelTestKit;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.ProductCategory;
import io.coverclaims.schemas.policy.ProductDefined;
import io.coverclaims.schemas.policy.ProductRetired;
import io.coverclaims.schemas.policy.RetireProduct;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler through the real broker: product events schedule a RetireProduct at a deadline the test picks
 * (ProductDefined.name holds the delay in ms); ProductRetired cancels it.
 */
class DeadlineSchedulerTest {

    private static final BoundedContext CONTEXT = BoundedContext.of("schedule-test");

    @TempDir
    static Path stateDir;

    private static KafkaTestKit kit;

    /** Pure planner: ProductDefined schedules a retirement at occurredAt + delay; ProductRetired cancels it. */
    static final DeadlinePlanner PLANNER = event -> switch (event) {
        case ProductDefined defined -> {
            Instant due = defined.getMetadata().getOccurredAt().plusMillis(Long.parseLong(defined.getName()));
            yield List.of(Deadline.at(
                    "retire/" + defined.getProductId(),
                    due,
                    RetireProduct.newBuilder()
                            .setMetadata(DeadlineScheduler.metadata(
                                    defined.getMetadata(), defined.getProductId(), "retire", "scheduler", due))
                            .setProductId(defined.getProductId())
                            .setReason("deadline")
                            .build()));
        }
        case ProductRetired retired -> List.of(Deadline.cancel("retire/" + retired.getProductId()));
        default -> List.of();
    };

    @BeforeAll
    static void start() {
        kit = new KafkaTestKit();
        kit.createTopics(CONTEXT, 2);
        Topology topology = DeadlineScheduler.addTo(
                new Topology(),
                "test-deadlines",
                CONTEXT,
                List.of(CONTEXT.eventsTopic()),
                PLANNER,
                Duration.ofMillis(50));
        kit.start(topology, "deadline-scheduler-test", stateDir);
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void a_scheduled_command_is_sent_once_its_deadline_has_passed_and_not_before() {
        String productId = "prod-" + UUID.randomUUID();
        ProductDefined defined = defined(productId, 1_500);
        publish(defined);

        ConsumerRecord<String, byte[]> sent = awaitCommands(productId, 1).getFirst();
        Instant due = defined.getMetadata().getOccurredAt().plusMillis(1_500);
        assertThat(Instant.ofEpochMilli(sent.timestamp())).isAfterOrEqualTo(due);
        RetireProduct command = (RetireProduct) kit.decode(sent);
        assertThat(sent.key()).isEqualTo(productId);
        assertThat(command.getMetadata().getIssuedAt()).isEqualTo(due);
        assertThat(command.getMetadata().getCausationId())
                .isEqualTo(defined.getMetadata().getEventId());
        assertThat(command.getMetadata().getCommandId())
                .isEqualTo(DeadlineScheduler.metadata(defined.getMetadata(), productId, "retire", "scheduler", due)
                        .getCommandId());
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
        publish(ProductRetired.newBuilder()
                .setMetadata(metadata(cancelled, 2))
                .setProductId(cancelled)
                .setReason("manual")
                .build());

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
        return KernelTestKit.productDefined(
                metadata(productId, 1),
                productId,
                Long.toString(delayMs),
                ProductCategory.PROTOCOL_EXPLOIT,
                ClaimMethod.ASSESSMENT);
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

    private static void publish(SpecificRecord event) {
        kit.send(CONTEXT.eventsTopic(), event);
    }

    private static List<ConsumerRecord<String, byte[]>> awaitCommands(String key, int count) {
        return kit.await(CONTEXT.commandsTopic(), record -> key.equals(record.key()), found -> found.size() >= count);
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String key) {
        return kit.readAll(CONTEXT.commandsTopic(), record -> key.equals(record.key()));
    }
}
