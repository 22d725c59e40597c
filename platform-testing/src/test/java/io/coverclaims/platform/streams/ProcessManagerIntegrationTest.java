package io.coverclaims.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.example.PricedProduct;
import io.coverclaims.platform.internal.DeadLetter;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.ProductCategory;
import io.coverclaims.schemas.policy.ProductDefined;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process manager turns another context's events into this context's commands: a re-delivered event yields
 * the same command id, so the command is decided once, and the chain stays traceable (causation, correlation).
 */
class ProcessManagerIntegrationTest {

    private static final BoundedContext CONTEXT = BoundedContext.of("pm-test", PricedProduct.TYPE);
    private static final String UPSTREAM_EVENTS = "pm-upstream.events";

    /** Mirrors every product defined upstream as a product of this context. */
    private static final ProcessManager MIRROR = event -> switch (event) {
        case ProductDefined defined -> {
            String mirrorId = "mirror-" + defined.getProductId();
            yield List.<SpecificRecord>of(DefineProduct.newBuilder()
                    .setMetadata(CausedBy.metadata(defined.getMetadata(), mirrorId, "mirror", "pm-test"))
                    .setProductId(mirrorId)
                    .setName(defined.getName())
                    .setCategory(defined.getCategory())
                    .setClaimMethod(defined.getClaimMethod())
                    .setAsset(defined.getAsset())
                    .setFloorRateBps(defined.getFloorRateBps())
                    .setCeilingRateBps(defined.getCeilingRateBps())
                    .setMinPeriodDays(defined.getMinPeriodDays())
                    .setMaxPeriodDays(defined.getMaxPeriodDays())
                    .build());
        }
        default -> List.of();
    };

    @TempDir
    static Path stateDir;

    private static KernelTestKit kit;

    @BeforeAll
    static void start() throws Exception {
        kit = new KernelTestKit();
        kit.createTopics(CONTEXT, 3);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap()))) {
            if (!admin.listTopics().names().get().contains(UPSTREAM_EVENTS)) {
                admin.createTopics(List.of(new NewTopic(UPSTREAM_EVENTS, 2, (short) 1)))
                        .all()
                        .get();
            }
        }
        Topology topology = CommandProcessorTopology.build(CONTEXT);
        ProcessManagerTopology.addTo(topology, "mirror", CONTEXT, List.of(UPSTREAM_EVENTS), MIRROR);
        kit.start(topology, "kernel-process-manager-test", stateDir);
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void a_redelivered_event_causes_its_command_once_and_the_chain_stays_traceable() {
        String upstreamId = "prod-" + UUID.randomUUID();
        ProductDefined upstream = upstreamEvent(upstreamId);
        kit.send(UPSTREAM_EVENTS, upstreamId, upstream);
        kit.send(UPSTREAM_EVENTS, upstreamId, upstream);

        String mirrorId = "mirror-" + upstreamId;
        List<ConsumerRecord<String, byte[]>> outcomes =
                kit.await(CONTEXT.outcomesTopic(), r -> r.key().equals(mirrorId), found -> found.size() >= 2);
        assertThat(outcomes).hasSize(2);
        List<ConsumerRecord<String, byte[]>> events =
                kit.readAll(CONTEXT.eventsTopic(), r -> r.key().equals(mirrorId));
        assertThat(events).hasSize(1);

        EventMetadata mirrored = ((ProductDefined) kit.decode(events.getFirst())).getMetadata();
        String expectedCommandId = CausedBy.metadata(upstream.getMetadata(), mirrorId, "mirror", "pm-test")
                .getCommandId();
        assertThat(mirrored.getCausationId()).isEqualTo(expectedCommandId);
        assertThat(mirrored.getCorrelationId()).isEqualTo(upstream.getMetadata().getCorrelationId());
        assertThat(mirrored.getOccurredAt()).isEqualTo(upstream.getMetadata().getOccurredAt());
        assertThat(mirrored.getActor()).isEqualTo("pm-test");
    }

    @Test
    void an_undecodable_event_goes_to_the_dead_letter_topic_and_the_next_one_is_handled() {
        String key = "poison-" + UUID.randomUUID();
        kit.sendBytes(UPSTREAM_EVENTS, key, new byte[] {1, 2, 3});
        ConsumerRecord<String, byte[]> dead = kit.await(
                        CONTEXT.deadLetterTopic(), r -> key.equals(r.key()), found -> !found.isEmpty())
                .getFirst();
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.REASON)).isEqualTo(DeadLetter.UNDECODABLE);
        assertThat(DeadLetter.header(dead.headers(), DeadLetter.ORIGIN_TOPIC)).isEqualTo(UPSTREAM_EVENTS);

        String upstreamId = "prod-" + UUID.randomUUID();
        kit.send(UPSTREAM_EVENTS, upstreamId, upstreamEvent(upstreamId));
        kit.await(CONTEXT.eventsTopic(), r -> r.key().equals("mirror-" + upstreamId), found -> !found.isEmpty());
    }

    private static ProductDefined upstreamEvent(String productId) {
        EventMetadata metadata = EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAggregateId(productId)
                .setAggregateVersion(1)
                .setCausationId("cmd-" + productId)
                .setCorrelationId("corr-" + productId)
                .setOccurredAt(KernelTestKit.ISSUED_AT.minusSeconds(7200))
                .setActor("0xupstream")
                .build();
        return KernelTestKit.productDefined(
                metadata, productId, "Upstream", ProductCategory.STABLECOIN_DEPEG, ClaimMethod.PARAMETRIC);
    }
}
