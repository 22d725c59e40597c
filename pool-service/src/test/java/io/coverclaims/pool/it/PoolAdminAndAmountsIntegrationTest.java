package io.coverclaims.pool.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.coverclaims.platform.auth.OperatorKeys;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.OperatorTokens;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.PoolCreated;
import io.coverclaims.schemas.pool.ProductWeightsSet;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Through the real broker: pool administration and API deposits behind an operator token with the pool-admin role
 * (the token's subject is the command's actor), amounts at the top of the uint256 range, and API deposit ids scoped
 * to the caller.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class PoolAdminAndAmountsIntegrationTest extends PoolApi {

    static final String MAX = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

    static Response setWeights(String poolId, String authorization) {
        return authorized(authorization)
                .body(Map.of("products", List.of(Map.of("productId", "prod-new", "weightBps", 2_500))))
                .put("/pools/" + poolId + "/products");
    }

    static Response depositWith(String poolId, String authorization) {
        return authorized(authorization)
                .body(Map.of("provider", ALICE, "amount", "500"))
                .post("/pools/" + poolId + "/deposits");
    }

    /** A token of {@code subject} with the pool-admin role, valid for {@code ttl}, from the test profile's key. */
    static String token(String subject, Duration ttl) {
        return "Bearer "
                + OperatorKeys.token(OperatorTokens.TEST_KEYS, List.of(OperatorRoles.POOL_ADMIN), ttl, subject);
    }

    /**
     * Every way an operator endpoint is refused: no token (401 TOKEN_REQUIRED), tokens that are not valid (401
     * TOKEN_INVALID: not a JWT, another issuer's key, expired), a valid token without pool-admin (403 ROLE_REQUIRED);
     * all problem+json naming the Authorization header.
     */
    static void refusedWithoutAPoolAdminToken(Function<String, Response> call) {
        call.apply(null)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("code", equalTo("TOKEN_REQUIRED"))
                .body("field", equalTo("Authorization"));
        for (String invalid : List.of(
                "Bearer not.a.token",
                OperatorTokens.bearer(Path.of("target", "another-issuers-keys"), OperatorRoles.POOL_ADMIN),
                token("test-operator", Duration.ofMinutes(-10)))) {
            call.apply(invalid)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("code", equalTo("TOKEN_INVALID"))
                    .body("field", equalTo("Authorization"));
        }
        for (String role : List.of(OperatorRoles.PRODUCT_ADMIN, OperatorRoles.GUARDIAN)) {
            call.apply(OperatorTokens.bearer(role))
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("ROLE_REQUIRED"))
                    .body("field", equalTo("Authorization"))
                    .body("detail", containsString(OperatorRoles.POOL_ADMIN));
        }
    }

    @Test
    void creating_a_pool_needs_a_pool_admin_token_and_without_one_creates_nothing() {
        String poolId = "pool-" + UUID.randomUUID();
        refusedWithoutAPoolAdminToken(authorization -> create(poolBody(poolId), authorization));
        given().get("/pools/" + poolId).then().statusCode(404).body("code", equalTo("POOL_NOT_FOUND"));
        assertThat(topics.readAll("pool.events", poolId)).isEmpty();

        create(poolBody(poolId), poolAdmin()).then().statusCode(201);
        PoolCreated created = awaitPoolEvent(poolId, PoolCreated.class, e -> true);
        assertThat(created.getMetadata().getActor())
                .as("the token's subject acts")
                .isEqualTo("operator:test-operator");
    }

    @Test
    void setting_product_weights_needs_a_pool_admin_token_and_without_one_changes_nothing() {
        String poolId = createPool();
        refusedWithoutAPoolAdminToken(authorization -> setWeights(poolId, authorization));
        given().get("/pools/" + poolId).then().body("products[0].productId", equalTo("prod-aave"));

        setWeights(poolId, poolAdmin()).then().statusCode(200);
        given().get("/pools/" + poolId).then().body("products[0].productId", equalTo("prod-new"));
        assertThat(topics.readAll("pool.events", poolId))
                .filteredOn(ProductWeightsSet.class::isInstance)
                .hasSize(1);
    }

    @Test
    void recording_a_deposit_through_the_api_needs_a_pool_admin_token_and_without_one_counts_nothing() {
        String poolId = createPool();
        refusedWithoutAPoolAdminToken(authorization -> depositWith(poolId, authorization));
        given().get("/pools/" + poolId).then().body("capital", equalTo("0"));
        assertThat(topics.readAll("pool.events", poolId)).hasSize(1); // PoolCreated only

        depositWith(poolId, poolAdmin()).then().statusCode(201);
        CapitalDeposited deposited = awaitPoolEvent(poolId, CapitalDeposited.class, e -> true);
        assertThat(deposited.getMetadata().getActor()).isEqualTo("operator:test-operator");
        given().get("/pools/" + poolId).then().body("capital", equalTo("500"));
    }

    @Test
    void an_x_actor_header_names_no_one_the_token_does() {
        String poolId = createPool();
        asPoolAdmin()
                .header("X-Actor", ALICE)
                .body(Map.of("provider", ALICE, "amount", "500"))
                .post("/pools/" + poolId + "/deposits")
                .then()
                .statusCode(201);
        assertThat(awaitPoolEvent(poolId, CapitalDeposited.class, e -> true)
                        .getMetadata()
                        .getActor())
                .isEqualTo("operator:test-operator");
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
        asPoolAdmin()
                .contentType(ContentType.JSON)
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
    void the_same_idempotency_key_from_two_operators_on_one_pool_makes_two_deposits() {
        String poolId = createPool();
        String key = "deposit-" + UUID.randomUUID();
        Response first = depositAs(poolId, "operator-a", "500", key);
        Response second = depositAs(poolId, "operator-b", "700", key);
        first.then().statusCode(201).body("status", equalTo("ACCEPTED")).body("duplicate", equalTo(false));
        second.then().statusCode(201).body("status", equalTo("ACCEPTED")).body("duplicate", equalTo(false));
        // each operator's retry is its own first outcome again
        depositAs(poolId, "operator-a", "500", key).then().statusCode(201).body("duplicate", equalTo(true));

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
        assertThat(deposits)
                .extracting(deposit -> deposit.getMetadata().getActor())
                .containsExactlyInAnyOrder("operator:operator-a", "operator:operator-b");
    }

    /** A deposit of ALICE's recorded by the pool administrator {@code operator} (a token with that subject). */
    static Response depositAs(String poolId, String operator, String amount, String key) {
        return authorized(token(operator, Duration.ofHours(1)))
                .header("Idempotency-Key", key)
                .body(Map.of("provider", ALICE, "amount", amount))
                .post("/pools/" + poolId + "/deposits");
    }
}
