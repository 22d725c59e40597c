package io.coverclaims.pool.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.OperatorTokens;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.platform.testing.Wallets;
import io.coverclaims.schemas.pool.WithdrawalRequested;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.web3j.crypto.ECKeyPair;

/**
 * A Quarkus test of pool-service through its REST API and the real broker: one {@link KafkaTestKit} per test class,
 * the service ready before each test, and the requests the tests make of the API: administration and API deposits
 * with an operator token ({@link OperatorTokens}, role pool-admin), withdrawals signed by the provider's wallet
 * ({@link Wallets}: anvil's development keys, the local default signing domain).
 */
abstract class PoolApi {

    static final String MANAGER = "0x" + "1".repeat(40);
    /** Providers are development wallets: their withdrawals must be signed with their keys. */
    static final ECKeyPair ALICE_KEY = Wallets.key(1);

    static final ECKeyPair BOB_KEY = Wallets.key(2);
    static final ECKeyPair MALLORY_KEY = Wallets.key(3);
    static final String ALICE = Wallets.address(1);
    static final String BOB = Wallets.address(2);
    static final String MALLORY = Wallets.address(3);

    static KafkaTestKit topics;

    @BeforeAll
    static void open() {
        topics = new KafkaTestKit();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    /** {@code Bearer <token>} with the pool-admin role, signed by the test profile's operator key. */
    static String poolAdmin() {
        return OperatorTokens.bearer(OperatorRoles.POOL_ADMIN);
    }

    /** A JSON request carrying {@code authorization} as its Authorization header (none when {@code null}). */
    static RequestSpecification authorized(String authorization) {
        var request = given().contentType(ContentType.JSON);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request;
    }

    /** A JSON request of a pool administrator. */
    static RequestSpecification asPoolAdmin() {
        return authorized(poolAdmin());
    }

    /** Creates a pool from {@code body} with the Authorization header {@code authorization} (none when null). */
    static Response create(Map<String, Object> body, String authorization) {
        return authorized(authorization).body(body).post("/pools");
    }

    /** A pool with 91-day tranches and a 7-day cooldown. */
    static String createPool() {
        return createPool(Duration.ofDays(91).toMillis(), Duration.ofDays(7).toMillis());
    }

    static String createPool(long trancheMs, long cooldownMs) {
        String poolId = "pool-" + UUID.randomUUID();
        Map<String, Object> body = new HashMap<>(poolBody(poolId));
        body.put("trancheDurationMs", trancheMs);
        body.put("withdrawalCooldownMs", cooldownMs);
        create(body, poolAdmin()).then().statusCode(201).body("status", equalTo("ACCEPTED"));
        return poolId;
    }

    /** Pool {@code poolId}, "Blue chip" in USDC at a 2.0 capacity ratio, underwriting prod-aave at 50%. */
    static Map<String, Object> poolBody(String poolId) {
        return Map.of(
                "poolId",
                poolId,
                "name",
                "Blue chip",
                "manager",
                MANAGER,
                "asset",
                "USDC",
                "capacityRatioBps",
                20_000,
                "products",
                List.of(Map.of("productId", "prod-aave", "weightBps", 5_000)));
    }

    static Response deposit(String poolId, String provider, long amount, String key) {
        return deposit(poolId, provider, String.valueOf(amount), key);
    }

    /** A deposit through the API, by a pool administrator: the amount is a decimal string. */
    static Response deposit(String poolId, String provider, String amount, String key) {
        var request = asPoolAdmin().body(Map.of("provider", provider, "amount", amount));
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.post("/pools/" + poolId + "/deposits");
    }

    /** The tranche of the provider's first position. */
    static int trancheOf(String poolId, String provider) {
        return given().get("/pools/" + poolId + "/providers/" + provider)
                .then()
                .statusCode(200)
                .extract()
                .path("positions[0].trancheId");
    }

    /** The typed message of a RequestWithdrawal of {@code provider}'s (recipient: the provider). */
    static Map<String, Object> withdrawalFields(String poolId, String provider, int tranche, String amount) {
        return Map.of(
                "poolId", poolId, "provider", provider, "trancheId", tranche, "amount", amount, "recipient", provider);
    }

    /** The body of a withdrawal request naming no recipient. */
    static Map<String, Object> withdrawalBody(String provider, int tranche, String amount) {
        return Map.of("provider", provider, "trancheId", tranche, "amount", amount);
    }

    /** A JSON request carrying {@code signature} (the three X-Signature headers). */
    static RequestSpecification signedWith(Map<String, String> signature) {
        return given().contentType(ContentType.JSON).headers(signature);
    }

    /** {@code provider}'s withdrawal request, signed with {@code key} (the provider's, or another's). */
    static Response requestWithdrawal(String poolId, String provider, int tranche, String amount, ECKeyPair key) {
        return signedWith(Wallets.signed("RequestWithdrawal", withdrawalFields(poolId, provider, tranche, amount), key))
                .body(withdrawalBody(provider, tranche, amount))
                .post("/pools/" + poolId + "/withdrawals");
    }

    /** The signature headers of {@code command} (CompleteWithdrawal, CancelWithdrawal) of a withdrawal by {@code key}. */
    static Map<String, String> withdrawalSignature(String command, String poolId, String withdrawalId, ECKeyPair key) {
        return Wallets.signed(command, Map.of("poolId", poolId, "withdrawalId", withdrawalId), key);
    }

    /** Completes a withdrawal, signed with {@code key}. */
    static Response completeWithdrawal(String poolId, String withdrawalId, ECKeyPair key) {
        return signedWith(withdrawalSignature("CompleteWithdrawal", poolId, withdrawalId, key))
                .post("/pools/" + poolId + "/withdrawals/" + withdrawalId + "/complete");
    }

    /** Cancels a withdrawal, signed with {@code key}. */
    static Response cancelWithdrawal(String poolId, String withdrawalId, ECKeyPair key) {
        return signedWith(withdrawalSignature("CancelWithdrawal", poolId, withdrawalId, key))
                .post("/pools/" + poolId + "/withdrawals/" + withdrawalId + "/cancel");
    }

    /** The last path segment of a Location: the created resource's id. */
    static String idOf(Response created) {
        String location = created.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The first event of {@code type} on pool.events of pool {@code poolId} that {@code match}es, waited for. */
    static <T extends SpecificRecord> T awaitPoolEvent(String poolId, Class<T> type, Predicate<T> match) {
        return topics.await("pool.events", poolId, type, match, 1).getFirst();
    }

    /** The WithdrawalRequested events of pool {@code poolId} on pool.events so far. */
    static List<WithdrawalRequested> withdrawalsRequested(String poolId) {
        return topics.readAll("pool.events", poolId).stream()
                .filter(WithdrawalRequested.class::isInstance)
                .map(WithdrawalRequested.class::cast)
                .toList();
    }
}
