package io.coverclaims.pool.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.ServiceConformance;
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

/**
 * A Quarkus test of pool-service through its REST API and the real broker: one {@link KafkaTestKit} per test class,
 * the service ready before each test, and the requests the tests make of the API.
 */
abstract class PoolApi {

    static final String MANAGER = "0x" + "1".repeat(40);
    static final String ALICE = "0x" + "a".repeat(40);
    static final String BOB = "0x" + "b".repeat(40);
    /** The operator's key in the test profile (application.properties' default). */
    static final String ADMIN_KEY = "dev-admin-key";

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

    /** A JSON request carrying the operator's key {@code adminKey} (no key when {@code null}). */
    static RequestSpecification withAdminKey(String adminKey) {
        var request = given().contentType(ContentType.JSON);
        if (adminKey != null) {
            request = request.header("X-Admin-Key", adminKey);
        }
        return request;
    }

    /** Creates a pool from {@code body} with the operator's key {@code adminKey} (no key when {@code null}). */
    static Response create(Map<String, Object> body, String adminKey) {
        return withAdminKey(adminKey).body(body).post("/pools");
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
        create(body, ADMIN_KEY).then().statusCode(201).body("status", equalTo("ACCEPTED"));
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

    /** A deposit through the API: the amount is a decimal string. */
    static Response deposit(String poolId, String provider, String amount, String key) {
        var request = given().contentType(ContentType.JSON).body(Map.of("provider", provider, "amount", amount));
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.post("/pools/" + poolId + "/deposits");
    }

    /** The first event of {@code type} on pool.events of pool {@code poolId} that {@code match}es, waited for. */
    static <T extends SpecificRecord> T awaitPoolEvent(String poolId, Class<T> type, Predicate<T> match) {
        return topics.await("pool.events", poolId, type, match, 1).getFirst();
    }
}
