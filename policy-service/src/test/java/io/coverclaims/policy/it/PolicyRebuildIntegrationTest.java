package io.coverclaims.policy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CommandProcessorTopology;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.policy.PolicyContext;
import io.coverclaims.policy.domain.cover.CoverState;
import io.coverclaims.policy.saga.PolicyTopology;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.policy.CancelPolicy;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.policy.PolicyExpired;
import io.coverclaims.schemas.policy.PolicyRequested;
import io.coverclaims.schemas.policy.ProductCategory;
import io.coverclaims.schemas.policy.RequestQuote;
import io.coverclaims.schemas.pool.CapacityReserved;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * policy-service's whole Streams topology (command processor, purchase saga, deadline scheduler) as plain Kafka
 * Streams on topics of its own, stopped, its local state deleted, and started again.
 */
class PolicyRebuildIntegrationTest {

    static final BoundedContext CONTEXT =
            BoundedContext.of("policy-rebuild", PolicyContext.PRODUCT, PolicyContext.COVER);
    static final BoundedContext POOL = BoundedContext.of("pool-rebuild");
    static final String APPLICATION_ID = "policy-rebuild-test";

    @TempDir
    static Path stateDirs;

    static KafkaTestKit kit;
    static KafkaStreams streams;

    @BeforeAll
    static void start() {
        kit = new KafkaTestKit();
        kit.createTopics(CONTEXT, 3);
        kit.createTopics(POOL, 3);
        streams = kit.start(topology(), APPLICATION_ID, stateDirs.resolve("first"));
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    static Topology topology() {
        return PolicyTopology.addTo(
                CommandProcessorTopology.build(CONTEXT), CONTEXT, POOL.eventsTopic(), Duration.ofMillis(100));
    }

    @Test
    void after_its_local_state_is_wiped_the_service_rebuilds_exactly_its_state_and_keeps_its_deadlines()
            throws IOException {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        String productId = "prod-" + UUID.randomUUID();
        send(DefineProduct.newBuilder()
                .setMetadata(KafkaTestKit.command(productId, now, "admin"))
                .setProductId(productId)
                .setName("Depeg")
                .setCategory(ProductCategory.STABLECOIN_DEPEG)
                .setClaimMethod(ClaimMethod.PARAMETRIC)
                .setAsset("USDC")
                .setTriggerId("usdc-depeg")
                .setFloorRateBps(200)
                .setCeilingRateBps(1200)
                .setMinPeriodDays(28)
                .setMaxPeriodDays(365)
                .build());

        // six purchases: four activated through the saga (one of them then cancelled), two left waiting for the pool
        List<String> policies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "cov-" + UUID.randomUUID();
            policies.add(id);
            String holder = "0x" + String.valueOf(i).repeat(40);
            send(quote(id, holder, now, 30));
            send(PolicyCommands.buyCover(id, holder, now.plusSeconds(1)));
        }
        for (String id : policies.subList(0, 4)) {
            PolicyRequested requested =
                    (PolicyRequested) kit.await(CONTEXT.eventsTopic(), id, found -> found.size() >= 2)
                            .get(1);
            kit.send(POOL.eventsTopic(), reserved(requested));
        }
        for (String id : policies.subList(0, 4)) {
            assertThat(kit.await(CONTEXT.eventsTopic(), id, found -> found.size() >= 3)
                            .get(2))
                    .isInstanceOf(PolicyActivated.class);
        }
        String holder0 = "0x" + "0".repeat(40);
        CancelPolicy cancel = CancelPolicy.newBuilder()
                .setMetadata(KafkaTestKit.command(policies.getFirst(), now.plusSeconds(5), holder0))
                .setPolicyId(policies.getFirst())
                .setReason("changed my mind")
                .build();
        send(cancel);
        kit.await(CONTEXT.eventsTopic(), policies.getFirst(), found -> found.size() >= 4);

        // and one policy whose cover ends 15 s from now: its expiry must survive the restart
        String expiring = "cov-" + UUID.randomUUID();
        Instant bought = now.minus(Duration.ofDays(1)).plusSeconds(15);
        send(quote(expiring, holder0, bought.minusSeconds(1), 1));
        kit.sendAtomically(
                CONTEXT.commandsTopic(),
                List.<SpecificRecord>of(
                        PolicyCommands.buyCover(expiring, holder0, bought),
                        PolicyCommands.activatePolicy(
                                expiring, "pool-r", "res-expiring", 1_000, bought.plusMillis(1))));
        kit.await(CONTEXT.eventsTopic(), expiring, found -> found.size() >= 3);
        awaitOutcomes(expiring, 4); // quote, buy, activate, and the long-due reservation time-out (nothing to do)

        Map<String, Aggregate> before = snapshot();
        assertThat(before)
                .containsKeys(policies.toArray(String[]::new))
                .containsKey(productId)
                .containsKey(expiring);
        assertThat(before.get(policies.get(1)).state()).isInstanceOf(CoverState.Active.class);
        assertThat(before.get(policies.getFirst()).state()).isInstanceOf(CoverState.Cancelled.class);
        assertThat(before.get(policies.get(5)).state()).isInstanceOf(CoverState.Requested.class);

        KafkaTestKit.stop(streams);
        KafkaTestKit.deleteRecursively(stateDirs.resolve("first"));
        streams = kit.start(topology(), APPLICATION_ID, stateDirs.resolve("second"));

        Map<String, Aggregate> after = snapshot();
        after.keySet().retainAll(before.keySet());
        // the expiring policy may have expired meanwhile, as it should: compared apart, below
        before.remove(expiring);
        after.remove(expiring);
        assertThat(after).isEqualTo(before);

        // a retried command is answered as a duplicate, with no second event
        send(cancel);
        List<CommandOutcome> outcomes =
                awaitOutcomes(policies.getFirst(), 5); // quote, buy, activate, cancel, the retry
        assertThat(outcomes.getLast().getDuplicate()).isTrue();
        assertThat(kit.readAll(CONTEXT.eventsTopic(), policies.getFirst())).hasSize(4);

        // the saga goes on where it stopped
        PolicyRequested waiting =
                (PolicyRequested) kit.await(CONTEXT.eventsTopic(), policies.get(4), found -> found.size() >= 2)
                        .get(1);
        kit.send(POOL.eventsTopic(), reserved(waiting));
        assertThat(kit.await(CONTEXT.eventsTopic(), policies.get(4), found -> found.size() >= 3)
                        .get(2))
                .isInstanceOf(PolicyActivated.class);

        // and the deadline scheduled before the restart fires after it
        List<SpecificRecord> events = kit.await(
                CONTEXT.eventsTopic(), expiring, found -> found.stream().anyMatch(PolicyExpired.class::isInstance));
        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("QuoteIssued", "PolicyRequested", "PolicyActivated", "PolicyExpired");
    }

    static RequestQuote quote(String id, String holder, Instant at, int periodDays) {
        return PolicyCommands.requestQuote(id, "prod-r", "pool-r", 250_000L, holder, at, periodDays);
    }

    static CapacityReserved reserved(PolicyRequested requested) {
        return CapacityReserved.newBuilder(FakePool.reserved(requested))
                .setMetadata(KafkaTestKit.event("pool-r", 2, "pool-service"))
                .build();
    }

    static void send(SpecificRecord command) {
        kit.send(CONTEXT.commandsTopic(), command);
    }

    static List<CommandOutcome> awaitOutcomes(String aggregateId, int count) {
        return kit.await(CONTEXT.outcomesTopic(), aggregateId, found -> found.size() >= count).stream()
                .map(CommandOutcome.class::cast)
                .toList();
    }

    static Map<String, Aggregate> snapshot() {
        return KafkaTestKit.aggregates(streams, CONTEXT);
    }
}
