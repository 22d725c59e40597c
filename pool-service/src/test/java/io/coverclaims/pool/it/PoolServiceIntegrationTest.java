package io.coverclaims.pool.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.pool.saga.PoolProcessManagersTest;
import io.coverclaims.schemas.chain.OnChainDepositObserved;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.PolicyExpired;
import io.coverclaims.schemas.pool.CapacityReleased;
import io.coverclaims.schemas.pool.CapacityReservationDeclined;
import io.coverclaims.schemas.pool.CapacityReserved;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.CapitalWithdrawn;
import io.coverclaims.schemas.pool.FundsSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** pool-service end to end through the real broker: REST, the kernel, the process managers, pool.events. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class PoolServiceIntegrationTest extends PoolApi {

    @Test
    void a_deposit_through_the_api_is_readable_at_once_in_the_pool_and_the_providers_positions() {
        String poolId = createPool();
        deposit(poolId, ALICE, 1_000_000, null).then().statusCode(201).body("status", equalTo("ACCEPTED"));

        given().get("/pools/" + poolId)
                .then()
                .statusCode(200)
                .body("capital", equalTo("1000000"))
                .body("assetDecimals", equalTo(6))
                .body("products[0].productId", equalTo("prod-aave"))
                .body("products[0].capacity", equalTo("1000000"))
                .body("products[0].available", equalTo("1000000"))
                .body("utilisationPpm", equalTo(0))
                .body("ledger.deposits", equalTo("1000000"))
                .body("ledger.conserved", equalTo(true));
        given().get("/pools/" + poolId + "/providers/" + ALICE.toUpperCase().replace("0X", "0x"))
                .then()
                .statusCode(200)
                .body("stake", equalTo("1000000"))
                .body("positions[0].unlocked", equalTo(false));
        given().get("/pools").then().statusCode(200).body("poolId", hasItem(poolId));
    }

    @Test
    void a_retried_deposit_with_the_same_idempotency_key_is_counted_once() {
        String poolId = createPool();
        String key = UUID.randomUUID().toString();
        deposit(poolId, ALICE, 500, key).then().statusCode(201);
        deposit(poolId, ALICE, 500, key).then().statusCode(201).body("duplicate", equalTo(true));

        given().get("/pools/" + poolId).then().statusCode(200).body("capital", equalTo("500"));
        assertThat(topics.readAll("pool.events", poolId))
                .filteredOn(CapitalDeposited.class::isInstance)
                .hasSize(1);
    }

    @Test
    void an_on_chain_deposit_reported_twice_is_counted_once_as_the_same_pool_event() {
        String poolId = createPool();
        String txHash = "0x" + UUID.randomUUID().toString().replace("-", "").repeat(2);
        OnChainDepositObserved observed = chainDeposit(poolId, txHash, 7);
        OnChainDepositObserved reobserved = chainDeposit(poolId, txHash, 7);
        OnChainDepositObserved marker = chainDeposit(poolId, txHash, 8);
        topics.send("chain.events", poolId, observed);
        topics.send("chain.events", poolId, reobserved);
        topics.send("chain.events", poolId, marker);

        List<CapitalDeposited> deposits = topics.await("pool.events", poolId, CapitalDeposited.class, d -> true, 2);
        assertThat(deposits)
                .extracting(CapitalDeposited::getDepositId)
                .containsExactly(
                        observed.getTxHash().toLowerCase() + ":7",
                        observed.getTxHash().toLowerCase() + ":8");
        assertThat(deposits).extracting(CapitalDeposited::getSource).containsOnly(FundsSource.CHAIN);
        assertThat(topics.readAll("pool.events", poolId))
                .filteredOn(CapitalDeposited.class::isInstance)
                .hasSize(2);
        given().get("/pools/" + poolId).then().statusCode(200).body("capital", equalTo("5000000"));
    }

    @Test
    void bad_input_is_refused_with_problem_json_naming_the_field_and_emits_nothing() {
        String poolId = createPool();
        deposit(poolId, ALICE, -5, null)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem("amount"));
        deposit(poolId, "0x12", 5, null)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem("provider"));
        deposit(poolId, ALICE, 5, "not a key!")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem("idempotencyKey"));
        given().get("/pools/not-a-pool-id")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem("poolId"));
        asPoolAdmin()
                .body(Map.of("provider", ALICE, "amount", "5", "trancheId", 1))
                .post("/pools/" + poolId + "/deposits")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("TRANCHE_NOT_OPEN"))
                .body("field", equalTo("trancheId"));
        given().get("/pools/" + poolId + "/providers/" + ALICE)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("PROVIDER_NOT_FOUND"))
                .body("field", equalTo("provider"));
        given().get("/pools/" + poolId + "/withdrawals/wd-nope")
                .then()
                .statusCode(404)
                .body("code", equalTo("WITHDRAWAL_NOT_FOUND"));
        assertThat(topics.readAll("pool.events", poolId)).hasSize(1); // PoolCreated only
    }

    @Test
    void unknown_pools_are_answered_404_and_a_rejected_deposit_emits_no_event() {
        String unknown = "pool-" + UUID.randomUUID();
        given().get("/pools/" + unknown)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("POOL_NOT_FOUND"))
                .body("field", equalTo("poolId"));
        deposit(unknown, ALICE, 5, null).then().statusCode(404).body("code", equalTo("POOL_NOT_FOUND"));
        assertThat(topics.readAll("pool.events", unknown)).isEmpty();
    }

    @Test
    void a_requested_policy_ends_in_capacity_reserved_and_its_expiry_releases_it() {
        String poolId = createPool();
        deposit(poolId, ALICE, 1_000_000, null).then().statusCode(201);
        String policyId = "pol-" + UUID.randomUUID();

        Instant sent = Instant.now();
        topics.send(
                "policy.events",
                policyId,
                PoolProcessManagersTest.policyRequested(metadata(policyId), policyId, poolId, "prod-aave", 400_000));
        CapacityReserved reserved = awaitPoolEvent(
                poolId, CapacityReserved.class, r -> r.getPolicyId().equals(policyId));
        System.out.printf(
                "PolicyRequested -> CapacityReserved observed on pool.events in %d ms%n",
                Duration.between(sent, Instant.now()).toMillis());
        assertThat(reserved.getReservationId()).isEqualTo("res-" + policyId);
        assertThat(reserved.getAmount()).isEqualByComparingTo(BigDecimal.valueOf(400_000));
        assertThat(reserved.getProductCapacity()).isEqualByComparingTo(BigDecimal.valueOf(1_000_000));
        assertThat(reserved.getAvailableAfter()).isEqualByComparingTo(BigDecimal.valueOf(600_000));
        given().get("/pools/" + poolId)
                .then()
                .body("products[0].activeCover", equalTo("400000"))
                .body("products[0].utilisationPpm", equalTo(400_000));

        topics.send(
                "policy.events",
                policyId,
                PolicyExpired.newBuilder()
                        .setMetadata(metadata(policyId))
                        .setPolicyId(policyId)
                        .setPoolId(poolId)
                        .setReservationId(reserved.getReservationId())
                        .setEndAt(Instant.now())
                        .build());
        CapacityReleased released = awaitPoolEvent(
                poolId, CapacityReleased.class, r -> r.getPolicyId().equals(policyId));
        assertThat(released.getAmount()).isEqualByComparingTo(BigDecimal.valueOf(400_000));
        assertCover(poolId, 0, 1_000_000);
    }

    @Test
    void two_concurrent_purchases_of_the_last_capacity_reserve_it_exactly_once() throws Exception {
        String poolId = createPool();
        deposit(poolId, ALICE, 1_000, null).then().statusCode(201); // capacity 1_000 x 2.0 x 50% = 1_000
        String first = "pol-" + UUID.randomUUID();
        String second = "pol-" + UUID.randomUUID();
        Future<?> a = requestCover(first, poolId, 1_000);
        Future<?> b = requestCover(second, poolId, 1_000);
        a.get();
        b.get();

        List<SpecificRecord> answers = awaitCapacityAnswers(poolId, 2);
        List<CapacityReserved> reserved = answers.stream()
                .filter(CapacityReserved.class::isInstance)
                .map(CapacityReserved.class::cast)
                .toList();
        List<CapacityReservationDeclined> declined = answers.stream()
                .filter(CapacityReservationDeclined.class::isInstance)
                .map(CapacityReservationDeclined.class::cast)
                .toList();
        assertThat(reserved).hasSize(1);
        assertThat(declined).hasSize(1);
        assertThat(reserved.getFirst().getAvailableAfter()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(declined.getFirst().getReasonCode()).isEqualTo("INSUFFICIENT_CAPACITY");
        assertThat(List.of(
                        reserved.getFirst().getPolicyId(), declined.getFirst().getPolicyId()))
                .containsExactlyInAnyOrder(first, second);
        assertCover(poolId, 1_000, 0);
    }

    @Test
    void many_concurrent_purchases_never_sell_more_than_the_capacity() throws Exception {
        String poolId = createPool();
        deposit(poolId, ALICE, 1_000, null)
                .then()
                .statusCode(201); // capacity 1_000: six purchases of 150 fit, not seven
        List<Future<?>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String policyId = "pol-" + UUID.randomUUID();
            sent.add(requestCover(policyId, poolId, 150));
        }
        for (Future<?> future : sent) {
            future.get();
        }
        List<SpecificRecord> answers = awaitCapacityAnswers(poolId, 8);
        assertThat(answers).filteredOn(CapacityReserved.class::isInstance).hasSize(6);
        assertThat(answers)
                .filteredOn(CapacityReservationDeclined.class::isInstance)
                .hasSize(2);
        assertCover(poolId, 900, 100);
    }

    @Test
    void a_withdrawal_is_refused_before_its_cooldown_ends_and_paid_out_after() throws InterruptedException {
        long cooldownMs = 3_000;
        String poolId = createPool(1_000, cooldownMs);
        deposit(poolId, BOB, 10_000, null).then().statusCode(201);
        int tranche = trancheOf(poolId, BOB);

        Response requested = requestWithdrawal(poolId, BOB, tranche, "4000", BOB_KEY);
        assertThat(requested.statusCode()).as(requested.asString()).isEqualTo(201);
        String location = requested.header("Location");
        String withdrawalId = idOf(requested);
        Instant cooldownEndsAt = Instant.parse(given().get(location)
                .then()
                .statusCode(200)
                .body("status", equalTo("PENDING"))
                .extract()
                .<String>path("cooldownEndsAt"));

        Response early = completeWithdrawal(poolId, withdrawalId, BOB_KEY);
        if (Instant.now()
                .isBefore(
                        cooldownEndsAt.minusMillis(500))) { // the machine was fast enough for "before" to be meaningful
            assertThat(early.statusCode()).isEqualTo(422);
            assertThat(early.jsonPath().getString("code")).isEqualTo("COOLDOWN_NOT_OVER");
            assertThat(early.jsonPath().getString("field")).isEqualTo("withdrawalId");
            assertThat(topics.readAll("pool.events", poolId)).noneMatch(CapitalWithdrawn.class::isInstance);
        } else {
            System.out.println("withdrawal test: the machine was too slow to check completion before the cooldown end");
        }

        while (!Instant.now().isAfter(cooldownEndsAt)) {
            Thread.sleep(
                    Math.max(1, Duration.between(Instant.now(), cooldownEndsAt).toMillis()));
        }
        completeWithdrawal(poolId, withdrawalId, BOB_KEY).then().statusCode(200).body("status", equalTo("ACCEPTED"));
        given().get(location).then().body("status", equalTo("COMPLETED")).body("withdrawnAmount", equalTo("4000"));
        given().get("/pools/" + poolId)
                .then()
                .body("capital", equalTo("6000"))
                .body("ledger.withdrawals", equalTo("4000"))
                .body("ledger.conserved", equalTo(true));
        assertThat(topics.readAll("pool.events", poolId))
                .filteredOn(CapitalWithdrawn.class::isInstance)
                .hasSize(1);
    }

    @Test
    void the_openapi_document_describes_the_pool_api_and_who_may_call_each_write() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/pools/{poolId}/deposits'.post.summary", org.hamcrest.Matchers.notNullValue())
                .body(
                        "paths.'/pools/{poolId}/withdrawals/{withdrawalId}/complete'.post.summary",
                        org.hamcrest.Matchers.notNullValue())
                // operator endpoints: a bearer token, 401 and 403; signed endpoints: the wallet scheme, 401
                .body("paths.'/pools'.post.security[0]", org.hamcrest.Matchers.hasKey("operator"))
                .body("paths.'/pools/{poolId}/products'.put.security[0]", org.hamcrest.Matchers.hasKey("operator"))
                .body("paths.'/pools/{poolId}/deposits'.post.security[0]", org.hamcrest.Matchers.hasKey("operator"))
                .body("paths.'/pools/{poolId}/deposits'.post.responses", org.hamcrest.Matchers.hasKey("403"))
                .body("paths.'/pools/{poolId}/withdrawals'.post.security[0]", org.hamcrest.Matchers.hasKey("wallet"))
                .body(
                        "paths.'/pools/{poolId}/withdrawals/{withdrawalId}/cancel'.post.security[0]",
                        org.hamcrest.Matchers.hasKey("wallet"))
                .body("paths.'/pools/{poolId}/withdrawals'.post.responses", org.hamcrest.Matchers.hasKey("401"))
                .body(
                        "paths.'/pools/{poolId}/withdrawals'.post.parameters.name",
                        org.hamcrest.Matchers.hasItems("X-Signature", "X-Signature-Nonce", "X-Signature-Expiry"))
                .body(
                        "paths.'/pools/{poolId}/withdrawals'.post.parameters.name",
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("Idempotency-Key")))
                .body(
                        "paths.'/pools'.post.parameters.name",
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("X-Actor")))
                .body("components.securitySchemes", org.hamcrest.Matchers.hasKey("operator"))
                .body("components.securitySchemes", org.hamcrest.Matchers.hasKey("wallet"));
    }

    /** As chain-bridge reports it: each observation is its own event (its own event id), the log is the deposit's identity. */
    static OnChainDepositObserved chainDeposit(String poolId, String txHash, int logIndex) {
        return OnChainDepositObserved.newBuilder()
                .setMetadata(metadata("chain-31337"))
                .setChainId(31337)
                .setTxHash(txHash)
                .setLogIndex(logIndex)
                .setBlockNumber(100)
                .setBlockHash("0x" + "cd".repeat(32))
                .setContract("0x" + "9".repeat(40))
                .setPoolId(poolId)
                .setDepositor("0x" + "F".repeat(40))
                .setAmount(BigDecimal.valueOf(2_500_000))
                .setAsset("USDC")
                .setConfirmations(12)
                .setRequiredConfirmations(12)
                .build();
    }

    static EventMetadata metadata(String aggregateId) {
        return KafkaTestKit.event(aggregateId, 1, "test");
    }

    /** policy-service asking the pool for {@code amount} of prod-aave cover on policy {@code policyId}. */
    static Future<?> requestCover(String policyId, String poolId, long amount) {
        return topics.sendAsync(
                "policy.events",
                policyId,
                PoolProcessManagersTest.policyRequested(metadata(policyId), policyId, poolId, "prod-aave", amount));
    }

    /** The pool's first {@code count} answers to reservation requests (reserved or declined). */
    static List<SpecificRecord> awaitCapacityAnswers(String poolId, int count) {
        return topics.await(
                "pool.events",
                poolId,
                found -> found.stream()
                                .filter(e -> e instanceof CapacityReserved || e instanceof CapacityReservationDeclined)
                                .count()
                        >= count);
    }

    /** The pool's prod-aave cover as the API shows it. */
    static void assertCover(String poolId, int activeCover, int available) {
        given().get("/pools/" + poolId)
                .then()
                .body("products[0].activeCover", equalTo(String.valueOf(activeCover)))
                .body("products[0].available", equalTo(String.valueOf(available)));
    }
}
