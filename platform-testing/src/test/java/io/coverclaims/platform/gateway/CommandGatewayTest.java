package io.coverclaims.platform.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.ServiceConformance;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST edge of the kernel through the real broker: read-your-writes, rejections, 202 and polling. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class CommandGatewayTest {

    /** Defines test product {@code id} with the {@link TestProducts#GOOD} body. */
    private static Response defineGood(String id) {
        return TestProducts.define(id, null, null, TestProducts.GOOD);
    }

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    @Test
    void an_accepted_command_answers_with_its_outcome_and_the_state_is_readable_at_once() {
        String id = "prod-" + UUID.randomUUID();
        defineGood(id)
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/test-products/" + id))
                .body("status", equalTo("ACCEPTED"))
                .body("aggregateVersion", equalTo(1));

        TestProducts.assertDefinedOnceAsGood(id);
    }

    @Test
    void a_rejected_command_answers_problem_json_with_the_code_and_field() {
        String id = "prod-" + UUID.randomUUID();
        defineGood(id).then().statusCode(201);

        defineGood(id)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("ALREADY_DEFINED"))
                .body("field", equalTo("productId"));
    }

    @Test
    void invalid_input_is_refused_naming_the_field_before_any_command_is_sent() {
        String id = "prod-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "x", "floorRateBps", -5, "ceilingRateBps", 100))
                .post("/test-products/" + id)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem("floorRateBps"));

        given().get("/test-products/" + id).then().statusCode(404).body("code", equalTo("PRODUCT_NOT_FOUND"));
    }

    @Test
    void an_unreadable_body_is_refused_naming_the_field() {
        given().contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"floorRateBps\":\"lots\",\"ceilingRateBps\":1}")
                .post("/test-products/prod-" + UUID.randomUUID())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem("floorRateBps"));
    }

    @Test
    void a_client_that_will_not_wait_gets_202_and_a_location_that_yields_the_outcome() {
        String id = "prod-" + UUID.randomUUID();
        Response accepted = given().contentType(ContentType.JSON)
                .header("Prefer", "respond-async, wait=0")
                .body(TestProducts.GOOD)
                .post("/test-products/" + id);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String location = accepted.header("Location");
        assertThat(location).contains("/commands/" + id + "/");

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Response polled;
        do {
            polled = given().get(location);
        } while (polled.statusCode() == 404 && Instant.now().isBefore(deadline));
        assertThat(polled.statusCode()).isEqualTo(200);
        assertThat(polled.jsonPath().getString("status")).isEqualTo("ACCEPTED");
    }

    @Test
    void a_retried_request_with_the_same_idempotency_key_gets_the_same_outcome_and_appends_nothing() {
        String id = "prod-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Response first = TestProducts.define(id, null, key, TestProducts.GOOD);
        Response retry = TestProducts.define(id, null, key, TestProducts.GOOD);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.jsonPath().getBoolean("duplicate")).isTrue();
        assertThat(retry.jsonPath().getList("eventIds"))
                .isEqualTo(first.jsonPath().getList("eventIds"));
        given().get("/test-products/" + id).then().statusCode(200).body("version", equalTo(1));
    }
}
