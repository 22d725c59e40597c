package io.coverclaims.chainbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.domain.settlement.BatchIds;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.RestFuzz;
import io.coverclaims.platform.testing.ServiceConformance;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Hostile ids on the read endpoints: malformed, very long, unknown. Nothing answers 5xx; every answer is a
 * problem+json naming the path parameter it is about.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(ChainTestResource.class)
class SettlementResourceInputTest extends ChainServiceTest {

    private static final String BATCH = "/settlements/batches/{id}";
    private static final String PROOF = "/settlements/claims/{id}/proof";

    /** Ids no batch or claim has, many of them malformed; each is sent URL-encoded as one path segment. */
    private static List<String> hostileIds() {
        return List.of(
                "x",
                "0x",
                "0x123",
                "0x" + "g".repeat(64),
                "0x" + "a".repeat(63),
                "0x" + "a".repeat(65),
                "0X" + "a".repeat(64),
                "-1",
                "1e400",
                "null",
                " ",
                "a b",
                "' OR '1'='1",
                "<script>alert(1)</script>",
                "../../etc/passwd",
                "%00",
                "\u0000",
                "\u00e9\u00e8\u4e2d\ud83d\ude00",
                "{\"batchId\":1}",
                "x".repeat(200),
                "x".repeat(1_000),
                "0x" + "a".repeat(3_000));
    }

    @Test
    void a_malformed_batch_id_is_refused_with_a_problem_naming_it() {
        ServiceConformance.awaitReady();
        Map<Integer, Integer> counts = new TreeMap<>();
        for (String id : hostileIds()) {
            Response response = get(BATCH, id);
            counts.merge(response.statusCode(), 1, Integer::sum);
            assertProblem(response, id, 400, "batchId");
        }
        System.out.println("HOSTILE GET " + BATCH + " " + counts);
    }

    @Test
    void an_unknown_batch_is_a_problem_naming_the_batch_id() {
        ServiceConformance.awaitReady();
        for (String id : List.of(
                BatchIds.batchId("pool-none-" + UUID.randomUUID(), 0), "0x" + "0".repeat(64), "0x" + "F".repeat(64))) {
            Response response = get(BATCH, id);
            assertProblem(response, id, 404, "batchId");
            assertThat(response.jsonPath().getString("code")).isEqualTo("BATCH_NOT_FOUND");
        }
    }

    @Test
    void a_malformed_very_long_or_unknown_claim_id_is_a_problem_naming_the_claim_id() {
        ServiceConformance.awaitReady();
        Map<Integer, Integer> counts = new TreeMap<>();
        List<String> ids = new ArrayList<>(hostileIds());
        ids.add("claim-" + UUID.randomUUID());
        ids.add("0x" + "a".repeat(64));
        for (String id : ids) {
            Response response = get(PROOF, id);
            counts.merge(response.statusCode(), 1, Integer::sum);
            assertProblem(response, id, 404, "claimId");
            assertThat(response.jsonPath().getString("code")).isEqualTo("SETTLEMENT_NOT_FOUND");
        }
        System.out.println("HOSTILE GET " + PROOF + " " + counts);
    }

    @Test
    void a_path_that_is_no_route_a_wrong_method_or_an_odd_accept_header_is_a_problem_too() {
        ServiceConformance.awaitReady();
        String batch = "/settlements/batches/" + BatchIds.batchId("pool-fuzz", 0);
        String proof = "/settlements/claims/claim-fuzz/proof";
        System.out.println("FUZZ GET " + batch + " "
                + RestFuzz.of("GET", batch, null, Map.of()).run(0));
        System.out.println("FUZZ GET " + proof + " "
                + RestFuzz.of("GET", proof, null, Map.of()).run(0));
        // an id holding a raw slash, or none at all, is another route: 404 naming the path
        assertProblem(
                RestAssured.given().urlEncodingEnabled(false).get("/settlements/batches/a/b"), "a/b", 404, "path");
        assertProblem(
                RestAssured.given().urlEncodingEnabled(false).get("/settlements/claims//proof"), "empty", 404, "path");
        // a dot segment is resolved before routing ("/settlements/batches/.." is "/settlements")
        assertProblem(RestAssured.given().get(BATCH, ".."), "..", 404, "path");
        assertProblem(RestAssured.given().post(BATCH, "0x" + "a".repeat(64)), "POST", 405, "method");
        assertProblem(
                RestAssured.given().accept("application/xml").get(BATCH, "0x" + "a".repeat(64)),
                "Accept: application/xml",
                406,
                "Accept");
    }

    /**
     * Past the HTTP server's request-line limit (Vert.x, 4,096 bytes) the request is refused by the HTTP codec
     * before any route or exception mapper runs: 414 with an empty body, so not problem+json (a kernel-wide gap,
     * reported; every service has it). What this service can promise there: never a 5xx.
     */
    @Test
    void an_id_past_the_request_line_limit_is_refused_before_routing_and_never_with_a_5xx() {
        ServiceConformance.awaitReady();
        for (String path : List.of(BATCH, PROOF)) {
            Response response = get(path, "x".repeat(10_000));
            System.out.println("HOSTILE GET " + path + " (10,000-character id) " + response.statusCode());
            assertThat(response.statusCode()).isEqualTo(414);
        }
    }

    /** GET of the path with its {id} replaced by the id, percent-encoded as one path segment (no templating). */
    private static Response get(String path, String id) {
        String segment = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        return RestAssured.given().urlEncodingEnabled(false).get(path.replace("{id}", segment));
    }

    private static void assertProblem(Response response, String sent, int status, String field) {
        String what = (sent.length() > 80 ? sent.substring(0, 80) + "..." : sent) + " -> " + response.statusCode() + " "
                + response.contentType() + " " + response.asString();
        assertThat(response.statusCode()).as(what).isLessThan(500).isEqualTo(status);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        JsonPath problem = response.jsonPath();
        assertThat(problem.getString("code")).as(what).isNotBlank();
        assertThat(problem.getString("detail")).as(what).isNotBlank();
        String named = problem.getString("field") != null
                ? problem.getString("field")
                : problem.getString("invalidParams[0].name");
        assertThat(named).as(what).isEqualTo(field);
    }
}
