package io.coverclaims.pool.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.ProductWeightsSet;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Through the real broker: pool administration behind the operator's key, amounts at the top of the uint256 range,
 * and API deposit ids scoped to the caller.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class PoolAdminAndAmountsIntegrationTest extends PoolApi {

    static final String MAX = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

    static Response setWeights(String poolId, String adminKey) {
        return withAdminKey(adminKey)
                .body(Map.of("products", List.of(Map.of("productId", "prod-new", "weightBps", 2_500))))
                .put("/pools/" + poolId + "/products");
    }

    @Test
    void creating_a_pool_without_the_operators_key_is_401_and_with_a_wrong_one_403_and_creates_nothing() {
        String poolId = "pool-" + UUID.randomUUID();
        create(poolBody(poolId), null)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("ADMIN_KEY_REQUIRED"))
                .body("field", equalTo("X-Admin-Key"));
        create(poolBody(poolId), "not-the-key")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("ADMIN_ONLY"))
                .body("field", equalTo("X-Admin-Key"));
        given().get("/pools/" + poolId).then().statusCode(404).body("code", equalTo("POOL_NOT_FOUND"));
        assertThat(topics.readAll("pool.events", poolId)).isEmpty();

        create(poolBody(poolId), ADMIN_KEY).then().statusCode(201);
    }

    @Test
    void setting_product_weights_without_the_operators_key_is_401_and_with_a_wrong_one_403_and_changes_nothing() {
        String poolId = createPool();
        setWeights(poolId, null)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("ADMIN_KEY_REQUIRED"))
                .body("field", equalTo("X-Admin-Key"));
        setWeights(poolId, "not-the-key")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("ADMIN_ONLY"))
                .body("field", equalTo("X-Admin-Key"));
        given().get("/pools/" + poolId).then().body("products[0].productId", equalTo("prod-aave"));

        setWeights(poolId, ADMIN_KEY).then().statusCode(200);
        given().get("/pools/" + poolId).then().body("products[0].productId", equalTo("prod-new"));
        assertThat(topics.readAll("pool.events", poolId))
                .filteredOn(ProductWeightsSet.class::isInstance)
                .hasSize(1);
    }

    @Test
    void a_deposit_that_would_overflow_2_pow_256_minus_1_is_refused_naming_the_amount_and_changes_nothing() {
        String poolId = createPool();
        deposit(poolId, ALICE, MAX, null).then().statusCode(201);

        deposit(poolId, ALICE, "1", null)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("AMOUNT_OUT_OF_RANGE"))
                .body("field", equalTo("amount"));

        given().get("/pools/" + poolId)
                .then()
                .statusCode(200)
                .body("capital", equalTo(MAX))
                .body("ledger.deposits", equalTo(MAX))
                .body("products[0].capacity", equalTo(MAX))
                .body("ledger.conserved", equalTo(true))
                .body("version", equalTo(2));
        assertThat(topics.readAll("pool.events", poolId))
                .filteredOn(CapitalDeposited.class::isInstance)
                .hasSize(1);
    }

    @Test
    void an_amount_beyond_2_pow_256_minus_1_or_as_a_json_number_is_refused_at_the_edge_naming_the_amount() {
        String poolId = createPool();
        deposit(poolId, ALICE, "115792089237316195423570985008687907853269984665640564039457584007913129639936", null)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", org.hamcrest.Matchers.hasItem("amount"));
        given().contentType(ContentType.JSON)
                .body(Map.of("provider", ALICE, "amount", 5))
                .post("/pools/" + poolId + "/deposits")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", org.hamcrest.Matchers.hasItem("amount"));
        deposit(poolId, ALICE, "0", null)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", org.hamcrest.Matchers.hasItem("amount"));
        assertThat(topics.readAll("pool.events", poolId)).hasSize(1); // PoolCreated only
    }

    @Test
    void the_same_idempotency_key_from_two_callers_on_one_pool_makes_two_deposits() {
        String poolId = createPool();
        String key = "deposit-" + UUID.randomUUID();
        Response first = depositAs(poolId, "caller-a", "500", key);
        Response second = depositAs(poolId, "caller-b", "700", key);
        first.then().statusCode(201).body("status", equalTo("ACCEPTED")).body("duplicate", equalTo(false));
        second.then().statusCode(201).body("status", equalTo("ACCEPTED")).body("duplicate", equalTo(false));
        // each caller's retry is its own first outcome again
        depositAs(poolId, "caller-a", "500", key).then().statusCode(201).body("duplicate", equalTo(true));

        given().get("/pools/" + poolId).then().body("capital", equalTo("1200"));
        List<CapitalDeposited> deposits = topics.readAll("pool.events", poolId).stream()
                .filter(CapitalDeposited.class::isInstance)
                .map(CapitalDeposited.class::cast)
                .toList();
        assertThat(deposits).hasSize(2);
        assertThat(deposits).extracting(CapitalDeposited::getDepositId).doesNotHaveDuplicates();
        assertThat(deposits)
                .extracting(CapitalDeposited::getDepositId)
                .allSatisfy(id -> assertThat(id).startsWith("api:").doesNotContain(key));
    }

    /** A deposit of ALICE's made by caller {@code actor}. */
    static Response depositAs(String poolId, String actor, String amount, String key) {
        return given().contentType(ContentType.JSON)
                .header("X-Actor", actor)
                .header("Idempotency-Key", key)
                .body(Map.of("provider", ALICE, "amount", amount))
                .post("/pools/" + poolId + "/deposits");
    }
}
