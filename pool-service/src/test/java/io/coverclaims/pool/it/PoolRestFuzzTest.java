package io.coverclaims.pool.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.RestFuzz;
import io.coverclaims.platform.testing.ServiceConformance;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every write endpoint of the pool API fuzzed from one valid request ({@link RestFuzz}): no answer is a 5xx, every 4xx
 * is problem+json naming a field. Prints the count of each status per endpoint.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class PoolRestFuzzTest {

    static final String ALICE = "0x" + "a".repeat(40);
    static final int RANDOM_REQUESTS = 100;

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    static Map<String, Supplier<String>> writer() {
        return Map.of("Idempotency-Key", () -> UUID.randomUUID().toString());
    }

    static Map<String, Supplier<String>> admin() {
        return Map.of("Idempotency-Key", () -> UUID.randomUUID().toString(), "X-Admin-Key", () -> PoolApi.ADMIN_KEY);
    }

    static Map<Integer, Integer> fuzz(String method, String path, String body, Map<String, Supplier<String>> headers) {
        return fuzz(method, path, body, headers, RANDOM_REQUESTS);
    }

    static Map<Integer, Integer> fuzz(
            String method, String path, String body, Map<String, Supplier<String>> headers, int randomRequests) {
        Map<Integer, Integer> counts = RestFuzz.of(method, path, body, headers).run(randomRequests);
        System.out.println("FUZZ " + method + " " + path + " " + new java.util.TreeMap<>(counts));
        assertThat(counts.keySet()).allSatisfy(status -> assertThat(status).isLessThan(500));
        return counts;
    }

    @Test
    void creating_a_pool_answers_every_request_without_a_server_error() {
        String poolId = "pool-" + UUID.randomUUID();
        Map<Integer, Integer> counts = fuzz(
                "POST",
                "/pools",
                "{\"poolId\":\"" + poolId + "\",\"name\":\"Fuzzed\",\"manager\":\"0x" + "1".repeat(40)
                        + "\",\"asset\":\"USDC\",\"assetDecimals\":6,\"capacityRatioBps\":20000,"
                        + "\"products\":[{\"productId\":\"prod-aave\",\"weightBps\":5000}],"
                        + "\"trancheDurationMs\":7862400000,\"withdrawalCooldownMs\":604800000}",
                admin());
        assertThat(counts).containsKeys(400, 401, 403);
    }

    @Test
    void setting_product_weights_answers_every_request_without_a_server_error() {
        String poolId = PoolApi.createPool();
        Map<Integer, Integer> counts = fuzz(
                "PUT",
                "/pools/" + poolId + "/products",
                "{\"products\":[{\"productId\":\"prod-aave\",\"weightBps\":6000}]}",
                admin());
        assertThat(counts).containsKeys(200, 400, 401, 403);
    }

    @Test
    void depositing_answers_every_request_without_a_server_error() {
        String poolId = PoolApi.createPool();
        Map<Integer, Integer> counts = fuzz(
                "POST",
                "/pools/" + poolId + "/deposits",
                "{\"provider\":\"" + ALICE + "\",\"amount\":\"1000000\"}",
                writer());
        assertThat(counts).containsKeys(201, 400);
    }

    @Test
    void requesting_a_withdrawal_answers_every_request_without_a_server_error() {
        String poolId = PoolApi.createPool();
        PoolApi.deposit(poolId, ALICE, "1000000000000", null).then().statusCode(201);
        int tranche = given().get("/pools/" + poolId + "/providers/" + ALICE)
                .then()
                .statusCode(200)
                .extract()
                .path("positions[0].trancheId");
        Map<Integer, Integer> counts = fuzz(
                "POST",
                "/pools/" + poolId + "/withdrawals",
                "{\"provider\":\"" + ALICE + "\",\"trancheId\":" + tranche + ",\"amount\":\"1000\"}",
                writer());
        assertThat(counts).containsKeys(201, 400);
    }

    @Test
    void completing_and_cancelling_a_withdrawal_answer_every_request_without_a_server_error() {
        String poolId = PoolApi.createPool();
        PoolApi.deposit(poolId, ALICE, "1000000", null).then().statusCode(201);
        int tranche = given().get("/pools/" + poolId + "/providers/" + ALICE)
                .then()
                .extract()
                .path("positions[0].trancheId");
        String location = given().contentType(ContentType.JSON)
                .body(Map.of("provider", ALICE, "trancheId", tranche, "amount", "1000"))
                .post("/pools/" + poolId + "/withdrawals")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        String withdrawal = "/pools/" + poolId + "/withdrawals/" + location.substring(location.lastIndexOf('/') + 1);

        // these take no body: whatever body comes is ignored, so the "valid" request is an empty object
        Map<Integer, Integer> complete = fuzz("POST", withdrawal + "/complete", "{}", writer(), 20);
        assertThat(complete).containsKeys(400, 422); // the cooldown has not ended
        Map<Integer, Integer> cancel = fuzz("POST", withdrawal + "/cancel", "{}", writer(), 20);
        assertThat(cancel).containsKeys(200, 400);
    }
}
