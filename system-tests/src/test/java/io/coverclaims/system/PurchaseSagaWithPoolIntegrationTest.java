package io.coverclaims.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CommandProcessorTopology;
import io.coverclaims.platform.streams.ProcessManagerTopology;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.policy.PolicyContext;
import io.coverclaims.policy.domain.cover.CoverDecider;
import io.coverclaims.policy.saga.PolicyTopology;
import io.coverclaims.policy.saga.PurchaseSaga;
import io.coverclaims.pool.PoolContext;
import io.coverclaims.pool.saga.PoolProcessManagers;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.policy.ActivatePolicy;
import io.coverclaims.schemas.policy.BuyCover;
import io.coverclaims.schemas.policy.CancelPolicy;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.policy.PolicyCancelled;
import io.coverclaims.schemas.policy.PolicyDeclined;
import io.coverclaims.schemas.policy.PolicyExpired;
import io.coverclaims.schemas.policy.RequestQuote;
import io.coverclaims.schemas.pool.CapacityReleased;
import io.coverclaims.schemas.pool.CapacityReserved;
import io.coverclaims.schemas.pool.CreatePool;
import io.coverclaims.schemas.pool.DepositCapital;
import io.coverclaims.schemas.pool.FundsSource;
import io.coverclaims.schemas.pool.ProductWeight;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The purchase saga end to end with the real pool-service: policy-service's topology (command processor, purchase
 * saga, deadline scheduler) and pool-service's (command processor, its policy.events process manager) as two plain
 * Kafka Streams applications on topics of their own, talking only through their event topics.
 */
class PurchaseSagaWithPoolIntegrationTest {

    static final BoundedContext POLICY = BoundedContext.of("policy-e2e", PolicyContext.PRODUCT, PolicyContext.COVER);
    static final BoundedContext POOL = BoundedContext.of("pool-e2e", PoolContext.POOL);
    static final String POOL_ID = "pool-e2e-" + UUID.randomUUID();
    static final String PRODUCT_ID = "prod-e2e";
    static final long STAKE = 1_000_000_000L; // capacity = stake x 2.0 x 100% = 2_000_000_000
    /**
     * Who creates the pool and records its capital: a pool administrator, as pool-service's edge stamps an operator's
     * command ({@code operator:} and the token's subject). The commands go straight to the topic: no token is checked.
     */
    static final String OPERATOR = "operator:system-tests";

    @TempDir
    static Path stateDirs;

    static KafkaTestKit kit;
    static KafkaStreams poolService;

    @BeforeAll
    static void start() {
        kit = new KafkaTestKit();
        kit.createTopics(POLICY, 3);
        kit.createTopics(POOL, 3);
        Topology policy = PolicyTopology.addTo(
                CommandProcessorTopology.build(POLICY),
                POLICY,
                List.of(POOL.eventsTopic(), POOL.outcomesTopic()),
                Duration.ofMillis(100));
        Topology pool = poolTopology();
        kit.start(policy, "policy-e2e-service", stateDirs.resolve("policy"));
        poolService = kit.start(pool, "pool-e2e-service", stateDirs.resolve("pool"));

        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        kit.send(
                POOL.commandsTopic(),
                CreatePool.newBuilder()
                        .setMetadata(KafkaTestKit.command(POOL_ID, now, OPERATOR))
                        .setPoolId(POOL_ID)
                        .setName("e2e pool")
                        .setManager("0x" + "a".repeat(40))
                        .setAsset("USDC")
                        .setCapacityRatioBps(20_000)
                        .setProducts(List.of(new ProductWeight(PRODUCT_ID, 10_000)))
                        .build());
        kit.send(
                POOL.commandsTopic(),
                DepositCapital.newBuilder()
                        .setMetadata(KafkaTestKit.command(POOL_ID, now, OPERATOR))
                        .setPoolId(POOL_ID)
                        .setDepositId("dep-1")
                        .setProvider("0x" + "c".repeat(40))
                        .setAmount(BigDecimal.valueOf(STAKE))
                        .setTrancheId(null)
                        .setSource(FundsSource.API)
                        .build());
        List<CommandOutcome> outcomes = kit.await(POOL.outcomesTopic(), POOL_ID, found -> found.size() >= 2).stream()
                .map(CommandOutcome.class::cast)
                .toList();
        assertThat(outcomes).extracting(CommandOutcome::getStatus).containsOnly(CommandStatus.ACCEPTED);
    }

    @AfterAll
    static void stop() {
        kit.close();
    }

    @Test
    void a_purchase_within_capacity_is_activated_by_the_pool_and_a_cancellation_releases_its_capacity() {
        String id = "cov-" + UUID.randomUUID();
        String holder = holder();
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        send(quote(id, holder, now, 1_000_000_000L, 30));
        kit.await(POLICY.eventsTopic(), id, found -> !found.isEmpty());

        long started = System.nanoTime();
        send(buyCover(id, holder, Instant.ofEpochMilli(System.currentTimeMillis())));
        PolicyActivated activated = (PolicyActivated) policyEvent(id, 3);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                "%n*** purchase -> active policy with the real pool-service: %d ms (BuyCover sent until PolicyActivated read, local broker)%n%n",
                millis);
        assertThat(activated.getReservationId()).isEqualTo(PoolProcessManagers.reservationId(id));
        assertThat(activated.getPoolId()).isEqualTo(POOL_ID);
        // the pool's ReserveCapacity carries the purchase's correlation id, the policy id: a refusal of it (a REJECTED
        // outcome) would name the policy
        assertThat(kit.await(
                        POOL.outcomesTopic(),
                        POOL_ID,
                        found -> found.stream().anyMatch(outcome -> isReservationOf(outcome, id))))
                .filteredOn(outcome -> isReservationOf(outcome, id))
                .isNotEmpty();

        send(CancelPolicy.newBuilder()
                .setMetadata(KafkaTestKit.command(id, Instant.ofEpochMilli(System.currentTimeMillis()), holder))
                .setPolicyId(id)
                .setReason("changed my mind")
                .build());
        PolicyCancelled cancelled = (PolicyCancelled) policyEvent(id, 4);
        assertThat(cancelled.getReservationId()).isEqualTo(activated.getReservationId());
        assertThat(cancelled.getPremiumRefund()).isPositive();
        awaitPoolEvent(CapacityReleased.class, id);
    }

    @Test
    void a_purchase_beyond_the_pools_capacity_is_declined_with_the_pools_reason() {
        String id = "cov-" + UUID.randomUUID();
        String holder = holder();
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        send(quote(id, holder, now, 50 * STAKE, 30));
        send(buyCover(id, holder, now.plusSeconds(1)));
        PolicyDeclined declined = (PolicyDeclined) policyEvent(id, 3);
        assertThat(declined.getReasonCode()).isEqualTo("INSUFFICIENT_CAPACITY");
        assertThat(declined.getAvailableCapacity()).isNotNull();
        assertThat(declined.getPremiumRefund()).isPositive();
    }

    @Test
    void expiry_on_time_releases_the_capacity_in_the_pool() {
        String id = "cov-" + UUID.randomUUID();
        String holder = holder();
        // cover is counted in days: the edge's clock is set back one day less 3 s, so one day of cover ends 3 s from
        // now;
        // the purchase and its activation land together since the reservation deadline is long past on that clock
        Instant bought = Instant.ofEpochMilli(System.currentTimeMillis())
                .minus(Duration.ofDays(1))
                .plusSeconds(3);
        send(quote(id, holder, bought.minusSeconds(1), 1_000_000L, 1));
        kit.await(POLICY.eventsTopic(), id, found -> !found.isEmpty());
        kit.sendAtomically(
                POLICY.commandsTopic(),
                List.<SpecificRecord>of(
                        buyCover(id, holder, bought),
                        ActivatePolicy.newBuilder()
                                .setMetadata(KafkaTestKit.command(id, bought.plusMillis(1), "pool-service"))
                                .setPolicyId(id)
                                .setPoolId(POOL_ID)
                                .setReservationId(PoolProcessManagers.reservationId(id))
                                .setReservedAmount(BigDecimal.valueOf(1_000_000L))
                                .build()));

        awaitPoolEvent(CapacityReserved.class, id);
        List<SpecificRecord> events =
                kit.await(POLICY.eventsTopic(), id, found -> found.stream().anyMatch(PolicyExpired.class::isInstance));
        assertThat(((PolicyExpired) events.getLast()).getEndAt()).isEqualTo(bought.plus(Duration.ofDays(1)));
        CapacityReleased released = awaitPoolEvent(CapacityReleased.class, id);
        assertThat(released.getReservationId()).isEqualTo(PoolProcessManagers.reservationId(id));
        assertThat(released.getAmount()).isEqualTo(BigDecimal.valueOf(1_000_000L));
    }

    @Test
    void a_purchase_the_pool_answers_after_its_deadline_is_declined_and_the_late_reservation_released() {
        String id = "cov-" + UUID.randomUUID();
        String holder = holder();
        // pool-service is down while the purchase waits: the reservation deadline passes (the edge's clock is set back
        // by it)
        KafkaTestKit.stop(poolService);
        Instant bought = Instant.ofEpochMilli(System.currentTimeMillis())
                .minus(CoverDecider.RESERVATION_TIMEOUT)
                .minusSeconds(1);
        send(quote(id, holder, bought.minusSeconds(1), 1_000_000L, 30));
        send(buyCover(id, holder, bought));
        PolicyDeclined declined = (PolicyDeclined) policyEvent(id, 3);
        assertThat(declined.getReasonCode()).isEqualTo("RESERVATION_TIMEOUT");

        // pool-service comes back and works through policy.events: it reserves for the request, then the saga must not
        // leave that capacity taken by a declined purchase
        poolService = kit.start(poolTopology(), "pool-e2e-service", stateDirs.resolve("pool-restarted"));
        awaitPoolEvent(CapacityReserved.class, id);
        CapacityReleased released = awaitPoolEvent(CapacityReleased.class, id);
        assertThat(released.getReservationId()).isEqualTo(PoolProcessManagers.reservationId(id));
        // and policy records the compensation if the reservation reached it after the decline (it always does here)
        PolicyCancelled compensation = (PolicyCancelled) policyEvent(id, 4);
        assertThat(compensation.getReservationId()).isEqualTo(PoolProcessManagers.reservationId(id));
        assertThat(compensation.getPremiumRefund()).isZero();
        // exactly one release: the second one (from the compensation) was nothing to do for the pool
        assertThat(kit.readAll(POOL.eventsTopic(), POOL_ID))
                .filteredOn(event -> matches(event, CapacityReleased.class, id))
                .hasSize(1);
    }

    // ------------------------------------------------------------------------------------------- helpers

    static Topology poolTopology() {
        return ProcessManagerTopology.addTo(
                CommandProcessorTopology.build(POOL),
                "pool-policy-saga",
                POOL,
                List.of(POLICY.eventsTopic()),
                PoolProcessManagers::onPolicyEvent);
    }

    static String holder() {
        return "0x" + UUID.randomUUID().toString().replace("-", "") + "00000000";
    }

    static RequestQuote quote(String id, String holder, Instant at, long coverAmount, int periodDays) {
        return RequestQuote.newBuilder()
                .setMetadata(KafkaTestKit.command(id, at, holder))
                .setQuoteId(id)
                .setProductId(PRODUCT_ID)
                .setHolder(holder)
                .setCoverAmount(BigDecimal.valueOf(coverAmount))
                .setPeriodDays(periodDays)
                .setPoolId(POOL_ID)
                .setUtilisationPpm(0L)
                .setAsset("USDC")
                .setFloorRateBps(200)
                .setCeilingRateBps(1200)
                .setMinAnnualRateBps(100)
                .setMinPeriodDays(1)
                .setMaxPeriodDays(365)
                .setValidityMs(Duration.ofMinutes(15).toMillis())
                .build();
    }

    /** The purchase, correlated by its policy id as policy-service's edge sends it. */
    static BuyCover buyCover(String id, String holder, Instant at) {
        CommandMetadata metadata = KafkaTestKit.command(id, at, holder);
        metadata.setCorrelationId(id);
        return BuyCover.newBuilder()
                .setMetadata(metadata)
                .setPolicyId(id)
                .setQuoteId(id)
                .setHolder(holder)
                .build();
    }

    /** The {@code number}th event of policy {@code id} (1 is its QuoteIssued), once it is there. */
    static SpecificRecord policyEvent(String id, int number) {
        return kit.await(POLICY.eventsTopic(), id, found -> found.size() >= number)
                .get(number - 1);
    }

    static void send(SpecificRecord command) {
        kit.send(POLICY.commandsTopic(), command);
    }

    static <T extends SpecificRecord> T awaitPoolEvent(Class<T> type, String policyId) {
        return kit
                .await(
                        POOL.eventsTopic(),
                        POOL_ID,
                        found -> found.stream().anyMatch(event -> matches(event, type, policyId)))
                .stream()
                .filter(event -> matches(event, type, policyId))
                .map(type::cast)
                .findFirst()
                .orElseThrow();
    }

    private static boolean isReservationOf(SpecificRecord outcome, String policyId) {
        return outcome instanceof CommandOutcome o
                && o.getCommandType().equals(PurchaseSaga.RESERVE_CAPACITY)
                && policyId.equals(o.getCorrelationId());
    }

    private static boolean matches(SpecificRecord event, Class<?> type, String policyId) {
        return type.isInstance(event)
                && policyId.equals(String.valueOf(
                        event.get(event.getSchema().getField("policyId").pos())));
    }
}
