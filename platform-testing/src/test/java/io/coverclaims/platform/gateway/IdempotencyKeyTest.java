package io.coverclaims.platform.gateway;

import static io.coverclaims.platform.gateway.TestProducts.GOOD;
import static io.coverclaims.platform.gateway.TestProducts.define;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.ServiceConformance;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An Idempotency-Key is scoped to the caller, the operation and the target, and remembers its request: through the
 * real broker, one caller's retry never touches another caller's or another resource's request.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class IdempotencyKeyTest {

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    @Test
    void the_same_key_with_another_body_is_refused_and_changes_nothing() {
        String id = "prod-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        define(id, "0xaaa", key, GOOD).then().statusCode(201);

        Response reused =
                define(id, "0xaaa", key, Map.of("name", "Another", "floorRateBps", 300, "ceilingRateBps", 900));

        assertThat(reused.statusCode()).as(reused.asString()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.jsonPath().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        TestProducts.assertDefinedOnceAsGood(id);
    }

    @Test
    void the_same_key_from_two_callers_is_two_requests_and_neither_gets_the_others_outcome() {
        String id = "prod-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Response first = define(id, "0xaaa", key, GOOD);
        Response second = define(id, "0xbbb", key, GOOD);

        assertThat(first.statusCode()).isEqualTo(201);
        // the second caller's request is decided on its own: the product exists, so it is refused, not "duplicate"
        assertThat(second.statusCode()).isEqualTo(422);
        assertThat(second.jsonPath().getString("code")).isEqualTo("ALREADY_DEFINED");
    }

    @Test
    void the_same_key_for_two_resources_creates_both() {
        String key = UUID.randomUUID().toString();
        String one = "prod-" + UUID.randomUUID();
        String two = "prod-" + UUID.randomUUID();

        Response first = define(one, "0xaaa", key, GOOD);
        Response second = define(two, "0xaaa", key, GOOD);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.jsonPath().getBoolean("duplicate")).isFalse();
        assertThat(second.jsonPath().getString("commandId"))
                .isNotEqualTo(first.jsonPath().getString("commandId"));
        given().get("/test-products/" + two).then().statusCode(200).body("version", equalTo(1));
    }

    @Test
    void the_same_key_for_two_operations_decides_both() {
        String id = "prod-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        define(id, "0xaaa", key, GOOD).then().statusCode(201);

        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .header("X-Actor", "0xaaa")
                .body(Map.of("floorRateBps", 100, "ceilingRateBps", 800))
                .put("/test-products/" + id + "/pricing")
                .then()
                .statusCode(200)
                .body("duplicate", equalTo(false))
                .body("aggregateVersion", equalTo(2));
    }

    @Test
    void the_same_key_with_the_same_body_from_the_same_caller_is_answered_with_the_first_outcome() {
        String id = "prod-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Response first = define(id, "0xaaa", key, GOOD);
        Response retry = define(id, "0xaaa", key, GOOD);

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.jsonPath().getBoolean("duplicate")).isTrue();
        assertThat(retry.jsonPath().getString("commandId"))
                .isEqualTo(first.jsonPath().getString("commandId"));
    }
}
