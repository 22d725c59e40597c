package io.coverclaims.policy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CommandProcessorTopology;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ReadModelRuntime;
import io.coverclaims.policy.PolicyContext;
import io.coverclaims.policy.saga.PolicyTopology;
import io.coverclaims.policy.view.PolicyEventsView;
import io.coverclaims.policy.view.PoolCapacityView;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.policy.PolicyRequested;
import io.coverclaims.schemas.policy.ProductCategory;
import io.coverclaims.schemas.pool.CapacityReserved;
import io.coverclaims.schemas.pool.ProductWeight;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * policy-service's read models (PolicyEventsView of policy.events, PoolCapacityView of pool.events) as the kernel
 * runs them, on topics of their own filled by the service's own command processor and saga: restarted, they apply only
 * the records written while they were stopped; started from a wiped state directory, they answer exactly as before.
 */
class PolicyReadModelsIntegrationTest {

    static final BoundedContext CONTEXT = BoundedContext.of("policy-views", PolicyContext.PRODUCT, PolicyContext.COVER);
    static final BoundedContext POOL = BoundedContext.of("pool-views");
    static final String POOL_ID = "pool-v";

    @TempDir
    static Path dirs;

    static KafkaTestKit kit;
    static String productId = "prod-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        kit = new KafkaTestKit();
        kit.createTopics(CONTEXT, 3);
        kit.createTopics(POOL, 3);
        kit.start(
                PolicyTopology.addTo(
                        CommandProcessorTopology.build(CONTEXT), CONTEXT, POOL.eventsTopic(), Duration.ofMillis(100)),
                "policy-views-processor",
                dirs.resolve("processor"));
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void the_views_survive_a_restart_reading_only_what_is_new_and_a_wiped_state_rebuilds_the_same_answers()
            throws Exception {
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        kit.send(
                POOL.eventsTopic(),
                PolicyServiceIntegrationTest.poolCreated(
                        POOL_ID, "USDC", 6, List.of(new ProductWeight(productId, 5_000))));
        kit.send(CONTEXT.commandsTopic(), defineProduct(now));
        kit.await(CONTEXT.eventsTopic(), productId, found -> !found.isEmpty());
        List<String> holders = List.of(holder(1), holder(2), holder(3));
        for (String holder : holders) {
            buy(holder, now);
        }

        Path state = dirs.resolve("views");
        Map<String, String> first;
        try (Views views = Views.start(state)) {
            first = views.answers(holders);
            assertThat(views.policies.products()).hasSize(1);
            assertThat(views.policies.policiesOf(holder(2))).hasSize(1);
            assertThat(views.pools.poolFor(productId)).contains(POOL_ID);
            // 1,500 x 1,000,000 used of 2,000,000,000,000: 750 ppm
            assertThat(views.pools.utilisationPpm(POOL_ID, productId)).isEqualTo(750);
        }

        long before = records();
        buy(holder(4), now);
        buy(holder(1), now); // a second policy of holder 1
        long written = records() - before;
        assertThat(written).isEqualTo(2 * 4); // QuoteIssued, PolicyRequested, PolicyActivated, CapacityReserved

        Map<String, String> second;
        try (Views views = Views.start(state)) {
            assertThat(views.projected()).isEqualTo(written);
            assertThat(views.skipped()).isZero();
            assertThat(views.rebuilds()).isZero();
            assertThat(views.policies.policiesOf(holder(1))).hasSize(2);
            assertThat(views.policies.policiesOf(holder(4).toUpperCase().replace("0X", "0x")))
                    .hasSize(1);
            second = views.answers(List.of(holder(1), holder(2), holder(3), holder(4)));
            assertThat(second).containsAllEntriesOf(Map.of("products", first.get("products")));
        }

        KafkaTestKit.deleteRecursively(state);
        try (Views views = Views.start(state)) {
            assertThat(views.rebuilds()).isEqualTo(2);
            assertThat(views.projected()).isEqualTo(records());
            assertThat(views.answers(List.of(holder(1), holder(2), holder(3), holder(4))))
                    .isEqualTo(second);
        }
    }

    /** Both read models in one runtime, and the service's views of them. */
    record Views(ReadModelRuntime runtime, PolicyEventsView policies, PoolCapacityView pools) implements AutoCloseable {

        static Views start(Path state) {
            ReadModel policyModel = PolicyEventsView.readModel(CONTEXT.eventsTopic());
            ReadModel poolModel = PoolCapacityView.readModel(POOL.eventsTopic());
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "policy-views-test-read-models");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrap());
            config.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
            ReadModelRuntime runtime = ReadModelRuntime.create(List.of(policyModel, poolModel), config);
            runtime.start();
            KafkaTestKit.awaitTrue("the read models caught up", KafkaTestKit.PATIENCE, runtime::ready);
            return new Views(runtime, new PolicyEventsView(policyModel), new PoolCapacityView(poolModel));
        }

        long projected() {
            return runtime.models().stream().mapToLong(ReadModel::projected).sum();
        }

        long skipped() {
            return runtime.models().stream().mapToLong(ReadModel::skipped).sum();
        }

        long rebuilds() {
            return runtime.models().stream().mapToLong(ReadModel::rebuilds).sum();
        }

        /** What the REST resources would read, printed. */
        Map<String, String> answers(List<String> holders) {
            Map<String, String> answers = new TreeMap<>();
            answers.put("products", policies.products().toString());
            answers.put("product", policies.product(productId).toString());
            holders.forEach(holder -> answers.put(
                    "policies of " + holder, policies.policiesOf(holder).toString()));
            answers.put("pool", pools.pool(POOL_ID).toString());
            answers.put("pool for", pools.poolFor(productId).toString());
            answers.put("utilisation", Long.toString(pools.utilisationPpm(POOL_ID, productId)));
            return answers;
        }

        @Override
        public void close() {
            runtime.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    /** A quote and its purchase by {@code holder}, and the pool's reservation: the policy activated. */
    static void buy(String holder, Instant now) {
        String id = "cov-" + UUID.randomUUID();
        kit.send(
                CONTEXT.commandsTopic(),
                PolicyCommands.requestQuote(id, productId, POOL_ID, 250_000L, holder, now, 30));
        kit.send(CONTEXT.commandsTopic(), PolicyCommands.buyCover(id, holder, now.plusSeconds(1)));
        PolicyRequested requested = (PolicyRequested)
                kit.await(CONTEXT.eventsTopic(), id, found -> found.size() >= 2).get(1);
        CapacityReserved fake = FakePool.reserved(requested);
        CapacityReserved reserved = CapacityReserved.newBuilder(fake)
                .setMetadata(KafkaTestKit.event(POOL_ID, 2, "pool-service"))
                .setAvailableAfter(fake.getProductCapacity().subtract(BigDecimal.valueOf(1_500_000_000L)))
                .build();
        kit.send(POOL.eventsTopic(), reserved);
        SpecificRecord activated =
                kit.await(CONTEXT.eventsTopic(), id, found -> found.size() >= 3).get(2);
        assertThat(activated).isInstanceOf(PolicyActivated.class);
    }

    static DefineProduct defineProduct(Instant now) {
        return DefineProduct.newBuilder()
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
                .build();
    }

    static String holder(int i) {
        return "0x" + Integer.toHexString(10 + i).repeat(40).substring(0, 40);
    }

    /** Committed records on the two topics the views read. */
    static long records() {
        return kit.readAll(CONTEXT.eventsTopic(), record -> true).size()
                + kit.readAll(POOL.eventsTopic(), record -> true).size();
    }
}
