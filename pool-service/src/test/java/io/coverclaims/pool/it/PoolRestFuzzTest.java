package io.coverclaims.pool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.RestFuzz;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.platform.testing.Wallets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

/**
 * Every write endpoint of the pool API fuzzed from one valid request ({@link RestFuzz}): no answer is a 5xx, every 4xx
 * is problem+json naming a field. Operator endpoints carry a pool-admin token, signed endpoints a fresh signature of
 * the valid request per request (a mutated body no longer matches it: 401). Prints the count of each status per
 * endpoint.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class PoolRestFuzzTest {

    static final ECKeyPair ALICE_KEY = Wallets.key(1);
    static final String ALICE = Wallets.address(1);
    static final int RANDOM_REQUESTS = 100;

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    static Map<String, Supplier<String>> admin() {
        return Map.of("Idempotency-Key", () -> UUID.randomUUID().toString(), "Authorization", PoolApi::poolAdmin);
    }

    /**
     * The three signature headers of {@code command} with {@code fields} signed by {@code key}, a fresh signature per
     * request: the signature's supplier (asked first) signs anew, the nonce's and expiry's read that signature's.
     */
    static Map<String, Supplier<String>> signed(String command, Map<String, ?> fields, ECKeyPair key) {
        AtomicReference<Map<String, String>> current = new AtomicReference<>(Wallets.signed(command, fields, key));
        Map<String, Supplier<String>> headers = new LinkedHashMap<>();
        headers.put("X-Signature", () -> {
            current.set(Wallets.signed(command, fields, key));
            return current.get().get("X-Signature");
        });
        headers.put("X-Signature-Nonce", () -> current.get().get("X-Signature-Nonce"));
        headers.put("X-Signature-Expiry", () -> current.get().get("X-Signature-Expiry"));
        return headers;
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
        assertThat(counts).containsKeys(400, 401);
    }

    @Test
    void setting_product_weights_answers_every_request_without_a_server_error() {
        String poolId = PoolApi.createPool();
        Map<Integer, Integer> counts = fuzz(
                "PUT",
                "/pools/" + poolId + "/products",
                "{\"products\":[{\"productId\":\"prod-aave\",\"weightBps\":6000}]}",
                admin());
        assertThat(counts).containsKeys(200, 400, 401);
    }

    @Test
    void depositing_answers_every_request_without_a_server_error() {
        String poolId = PoolApi.createPool();
        Map<Integer, Integer> counts = fuzz(
                "POST",
                "/pools/" + poolId + "/deposits",
                "{\"provider\":\"" + ALICE + "\",\"amount\":\"1000000\"}",
                admin());
        assertThat(counts).containsKeys(201, 400, 401);
    }

    @Test
    void requesting_a_withdrawal_answers_every_request_without_a_server_error() {
        String poolId = PoolApi.createPool();
        PoolApi.deposit(poolId, ALICE, "1000000000000", null).then().statusCode(201);
        int tranche = PoolApi.trancheOf(poolId, ALICE);
        // the valid request, signed, is accepted (the fuzzer only sends it mutated: its signature then fails, 401)
        PoolApi.requestWithdrawal(poolId, ALICE, tranche, "1000", ALICE_KEY)
                .then()
                .statusCode(201);
        Map<Integer, Integer> counts = fuzz(
                "POST",
                "/pools/" + poolId + "/withdrawals",
                "{\"provider\":\"" + ALICE + "\",\"trancheId\":" + tranche + ",\"amount\":\"1000\"}",
                signed("RequestWithdrawal", PoolApi.withdrawalFields(poolId, ALICE, tranche, "1000"), ALICE_KEY));
        assertThat(counts).containsKeys(400, 401);
    }

    @Test
    void completing_and_cancelling_a_withdrawal_answer_every_request_without_a_server_error() {
        String poolId = PoolApi.createPool();
        PoolApi.deposit(poolId, ALICE, "1000000", null).then().statusCode(201);
        int tranche = PoolApi.trancheOf(poolId, ALICE);
        var requested = PoolApi.requestWithdrawal(poolId, ALICE, tranche, "1000", ALICE_KEY);
        requested.then().statusCode(201);
        String withdrawalId = PoolApi.idOf(requested);
        String withdrawal = "/pools/" + poolId + "/withdrawals/" + withdrawalId;
        Map<String, String> ids = Map.of("poolId", poolId, "withdrawalId", withdrawalId);

        // these take no body: whatever body comes is ignored, so the "valid" request is an empty object
        Map<Integer, Integer> complete =
                fuzz("POST", withdrawal + "/complete", "{}", signed("CompleteWithdrawal", ids, ALICE_KEY), 20);
        assertThat(complete).containsKeys(401, 422); // the cooldown has not ended
        Map<Integer, Integer> cancel =
                fuzz("POST", withdrawal + "/cancel", "{}", signed("CancelWithdrawal", ids, ALICE_KEY), 20);
        assertThat(cancel).containsKeys(200, 401);
    }
}
