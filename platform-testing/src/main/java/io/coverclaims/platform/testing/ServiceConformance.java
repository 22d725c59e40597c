package io.coverclaims.platform.testing;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every service must do, checked against the real broker: extend it with
 * {@code @QuarkusTest @QuarkusTestResource(KafkaBrokerTestResource.class)}.
 */
public abstract class ServiceConformance {

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    /** Blocks until readiness is UP, i.e. the service's Kafka Streams application is RUNNING. */
    public static void awaitReady() {
        Instant deadline = Instant.now().plus(READY_WITHIN);
        while (true) {
            int status = RestAssured.given().get("/q/health/ready").statusCode();
            if (status == 200) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not ready within " + READY_WITHIN + ": "
                        + RestAssured.given().get("/q/health/ready").asString());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void becomes_ready_when_its_streams_application_is_running() {
        awaitReady();
        RestAssured.given()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'kafka-streams-running' }.data.state", equalTo("RUNNING"));
    }

    @Test
    void is_alive() {
        awaitReady();
        RestAssured.given()
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka-streams-alive' }.status", equalTo("UP"));
    }

    @Test
    void publishes_its_openapi_document() {
        RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).body("openapi", containsString("3."));
    }

    @Test
    void exposes_prometheus_metrics_including_kafka_streams() {
        awaitReady();
        RestAssured.given().get("/q/metrics").then().statusCode(200).body(containsString("kafka_stream"));
    }

    @Test
    void answers_an_unknown_command_poll_with_problem_json() {
        awaitReady();
        RestAssured.given()
                .get("/commands/no-such-aggregate/no-such-command")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("COMMAND_NOT_FOUND"));
    }
}
