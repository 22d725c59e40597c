package io.coverclaims.oracle.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coverclaims.oracle.view.OracleView;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.OperatorTokens;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.platform.testing.Wallets;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ReadModelRuntime;
import io.coverclaims.schemas.oracle.EvaluateTrigger;
import io.coverclaims.schemas.oracle.TriggerArmed;
import io.coverclaims.schemas.oracle.TriggerFired;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

/**
 * oracle-service through its REST API and the real broker: an operator defines a price feed with three signed
 * sources (2 of 3) and a DEPEG trigger; the reporters' signed observations reach a quorum at their median, a lying
 * source is excluded (DEVIATION) and an out-of-bounds report recorded as not counting; the trigger arms and, the price
 * staying below the threshold, fires when the scheduler evaluates it at the end of its window. What a caller without
 * the role, without a valid signature or with malformed input sends is refused with problem+json naming the field.
 * The read model rebuilt from oracle.events in a wiped state directory answers exactly as the service does.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class OracleServiceIntegrationTest {

    static final String EVENTS = "oracle.events";
    static final ECKeyPair MALLORY_KEY = Wallets.key(5);
    static final String MALLORY = Wallets.address(5);

    static KafkaTestKit topics;

    @Inject
    ObjectMapper json;

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

    // ------------------------------------------------------------------------------------------------ the story

    @Test
    void signed_reports_reach_a_median_quorum_a_liar_is_excluded_and_a_depeg_trigger_arms_then_fires() {
        String run = run();
        String feedId = "USDC-USD-" + run;
        String triggerId = "trg-usdc-" + run;
        operator()
                .body(Map.of("feedId", feedId, "kind", "PRICE", "description", "USDC in USD"))
                .post("/feeds")
                .then()
                .statusCode(201)
                .header("Location", containsString("/feeds/" + feedId))
                .body("status", equalTo("ACCEPTED"));
        List<String> sources = List.of("src-a-" + run, "src-b-" + run, "src-c-" + run);
        for (int i = 0; i < 3; i++) {
            register(feedId, sources.get(i), Wallets.address(i + 1), 1_000_000_000L)
                    .then()
                    .statusCode(200);
        }
        // a fourth would make k = 2 no majority: the feed refuses it, naming the field
        register(feedId, "src-d-" + run, Wallets.address(4), 1_000_000_000L)
                .then()
                .statusCode(422)
                .body("code", equalTo("QUORUM_NOT_MAJORITY"))
                .body("field", equalTo("sourceId"));
        operator()
                .body(Map.of(
                        "triggerId",
                        triggerId,
                        "productId",
                        "prod-usdc-depeg-" + run,
                        "feedId",
                        feedId,
                        "kind",
                        "DEPEG",
                        "windowMs",
                        6_000))
                .post("/triggers")
                .then()
                .statusCode(201)
                .header("Location", containsString("/triggers/" + triggerId));

        // a report signed by another key than the reporter it names, or by a key that is not the source's
        observation(feedId, sources.get(0), Wallets.address(1), "97000000", now(), MALLORY_KEY)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("WRONG_SIGNER"))
                .body("field", equalTo("X-Signature"));
        observation(feedId, sources.get(0), MALLORY, "97000000", now(), MALLORY_KEY)
                .then()
                .statusCode(422)
                .body("code", equalTo("NOT_SOURCE_REPORTER"))
                .body("field", equalTo("reporter"));

        // A alone is no quorum; A and B are: their median (the floor of the mean of two)
        observation(feedId, sources.get(0), Wallets.address(1), "97000000", now(), Wallets.key(1))
                .then()
                .statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        Instant atB = now();
        Map<String, String> signedB = Wallets.signed(
                "ReportPrice",
                priceFields(feedId, sources.get(1), Wallets.address(2), 97_200_000L, atB),
                Wallets.key(2));
        given().contentType(ContentType.JSON)
                .headers(signedB)
                .body(priceBody(sources.get(1), Wallets.address(2), "97200000", atB))
                .post("/feeds/" + feedId + "/observations")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        // the same signed report again is a replay
        given().contentType(ContentType.JSON)
                .headers(signedB)
                .body(priceBody(sources.get(1), Wallets.address(2), "97200000", atB))
                .post("/feeds/" + feedId + "/observations")
                .then()
                .statusCode(401)
                .body("code", equalTo("NONCE_ALREADY_USED"));
        TriggerArmed armed = topics.await(
                        EVENTS, TriggerArmed.class, e -> e.getTriggerId().equals(triggerId), 1)
                .getFirst();
        assertThat(armed.getPriceE8()).isEqualTo(97_100_000L);
        assertThat(armed.getFiresAt()).isEqualTo(armed.getObservedAt().plusMillis(6_000));
        Response[] last = new Response[1];
        await("trigger " + triggerId + " ARMED", () -> {
            last[0] = given().get("/triggers/" + triggerId);
            return last[0].statusCode() == 200
                    && "ARMED".equals(last[0].jsonPath().getString("state"));
        });
        last[0].then()
                .body("armedPriceE8", equalTo(97_100_000))
                .body("thresholdPriceE8", equalTo(99_500_000))
                .body("thresholdPrice", equalTo("0.99500000"))
                .body("recoveryPriceE8", equalTo(99_900_000))
                .body("firesAt", notNullValue());
        // the read model knows the id now: another feed cannot take it
        operator()
                .body(Map.of("triggerId", triggerId, "productId", "prod-other", "feedId", "EUR-USD-" + run))
                .post("/triggers")
                .then()
                .statusCode(422)
                .body("code", equalTo("TRIGGER_ID_TAKEN"))
                .body("field", equalTo("triggerId"));

        // C reports beyond its bounds (recorded, not counted), then lies: the median of all three is honest, C is
        // 33 % from it and excluded, A and B still agree
        observation(feedId, sources.get(2), Wallets.address(3), "2000000000", now(), Wallets.key(3))
                .then()
                .statusCode(200);
        observation(feedId, sources.get(2), Wallets.address(3), 130_000_000L, now(), Wallets.key(3))
                .then()
                .statusCode(200);
        await("the feed's value and C excluded for DEVIATION", () -> {
            last[0] = given().get("/feeds/" + feedId);
            return last[0].statusCode() == 200
                    && "DEVIATION".equals(last[0].jsonPath().getString("sources[2].statusReason"));
        });
        last[0].then()
                .body("status", equalTo("RELIABLE"))
                .body("kind", equalTo("PRICE"))
                .body("rule.quorum", equalTo(2))
                .body("rule.maxDeviationPpm", equalTo(20_000))
                .body("rule.maxStalenessMs", equalTo(3_600_000))
                .body("rule.sourceCount", equalTo(3))
                .body("value.priceE8", equalTo(97_100_000))
                .body("value.price", equalTo("0.97100000"))
                .body("value.sourceIds", equalTo(List.of(sources.get(0), sources.get(1))))
                .body("value.evaluatedAt", notNullValue())
                .body("sources[0].sourceId", equalTo(sources.get(0)))
                .body("sources[0].status", equalTo("FRESH"))
                .body("sources[0].signer", equalTo(Wallets.address(1)))
                .body("sources[0].latest.priceE8", equalTo(97_000_000))
                .body("sources[0].latest.price", equalTo("0.97000000"))
                .body("sources[1].status", equalTo("FRESH"))
                .body("sources[1].latest.priceE8", equalTo(97_200_000))
                .body("sources[2].status", equalTo("EXCLUDED"))
                .body("sources[2].statusDetail", containsString("ppm from the median"))
                .body("sources[2].latest.priceE8", equalTo(130_000_000))
                .body("sources[2].lastExcluded.reason", equalTo("OUT_OF_BOUNDS"))
                .body("sources[2].lastExcluded.priceE8", equalTo(2_000_000_000));
        given().get("/feeds")
                .then()
                .statusCode(200)
                .body("find { it.feedId == '" + feedId + "' }.status", equalTo("RELIABLE"))
                .body("find { it.feedId == '" + feedId + "' }.price", equalTo("0.97100000"));

        // the history, newest first, pages back to A's first report
        Response history = given().get("/feeds/" + feedId + "/observations?limit=500");
        history.then().statusCode(200);
        List<Map<String, Object>> entries = history.jsonPath().getList("entries");
        List<Integer> seqs = history.jsonPath().getList("entries.seq", Integer.class);
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) - 1);
        }
        assertThat(seqs.getLast()).isEqualTo(1);
        assertThat(entries.getLast()).containsEntry("type", "PriceObserved").containsEntry("sourceId", sources.get(0));
        assertThat(history.jsonPath().getList("entries.type", String.class))
                .contains("PriceObserved", "FeedUnreliable", "PriceQuorumReached", "ObservationExcluded");
        assertThat(entries)
                .anySatisfy(e -> assertThat(e)
                        .containsEntry("type", "ObservationExcluded")
                        .containsEntry("sourceId", sources.get(2))
                        .containsEntry("reason", "OUT_OF_BOUNDS")
                        .containsKey("eventId")
                        .containsKey("at"));
        assertThat(entries).anySatisfy(e -> {
            assertThat(e).containsEntry("type", "PriceQuorumReached").containsEntry("priceE8", 97_100_000);
            assertThat((List<?>) e.get("exclusions"))
                    .singleElement()
                    .satisfies(x -> assertThat(map(x))
                            .containsEntry("sourceId", sources.get(2))
                            .containsEntry("reason", "DEVIATION"));
        });
        int total = history.jsonPath().getInt("total");
        Response page = given().get("/feeds/" + feedId + "/observations?limit=2");
        page.then().statusCode(200).body("entries.size()", equalTo(2));
        int nextBefore = page.jsonPath().getInt("nextBefore");
        assertThat(nextBefore).isEqualTo(page.jsonPath().getInt("entries[1].seq"));
        given().get("/feeds/" + feedId + "/observations?limit=2&before=" + nextBefore)
                .then()
                .statusCode(200)
                .body("entries[0].seq", equalTo(nextBefore - 1));
        assertThat(total).isGreaterThanOrEqualTo(8);

        // the scheduler evaluates the trigger at firesAt; the price stayed below the threshold: it fires
        TriggerFired fired = topics.await(
                        EVENTS, TriggerFired.class, e -> e.getTriggerId().equals(triggerId), 1)
                .getFirst();
        assertThat(fired.getFiredAt()).isEqualTo(armed.getFiresAt());
        assertThat(topics.readAll(
                        EVENTS, TriggerFired.class, e -> e.getTriggerId().equals(triggerId)))
                .hasSize(1);
        await("trigger " + triggerId + " FIRED", () -> {
            last[0] = given().get("/triggers/" + triggerId);
            return "FIRED".equals(last[0].jsonPath().getString("state"));
        });
        last[0].then()
                .body("firings.size()", equalTo(1))
                .body("firings[0].incidentId", equalTo("inc-usdc-" + run + "-1"))
                .body("firings[0].depegPriceE8", equalTo(97_100_000))
                .body("firings[0].depegPrice", equalTo("0.97100000"))
                .body("firings[0].payoutPpm", equalTo(29_000))
                .body("firings[0].lowestPriceE8", equalTo(97_100_000))
                .body("firings[0].firedAt", equalTo(armed.getFiresAt().toString()));
        given().get("/triggers")
                .then()
                .statusCode(200)
                .body("find { it.triggerId == '" + triggerId + "' }.state", equalTo("FIRED"));
        // the scheduler's command was issued at the deadline itself, by the scheduler, keyed by the feed
        assertThat(topics.readAll(
                        "oracle.commands",
                        EvaluateTrigger.class,
                        c -> c.getTriggerId().equals(triggerId)))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.getMetadata().getIssuedAt()).isEqualTo(armed.getFiresAt());
                    assertThat(c.getMetadata().getAggregateId()).isEqualTo(feedId);
                    assertThat(c.getFeedId()).isEqualTo(feedId);
                });

        // retired, by the feed the read model binds it to
        operator()
                .body(Map.of("reason", "product withdrawn"))
                .post("/triggers/" + triggerId + "/retire")
                .then()
                .statusCode(200);
        await(
                "trigger " + triggerId + " RETIRED",
                () -> "RETIRED"
                        .equals(given().get("/triggers/" + triggerId).jsonPath().getString("state")));
    }

    @Test
    void incident_reports_are_confirmed_by_quorum_or_by_an_operator_and_listed_with_their_reporters() {
        String run = run();
        String feedId = "incidents-" + run;
        operator()
                .body(Map.of("feedId", feedId, "kind", "INCIDENT", "description", "exploits on Ethereum"))
                .post("/feeds")
                .then()
                .statusCode(201);
        for (int i = 0; i < 3; i++) {
            operator()
                    .body(Map.of("sourceId", "watcher-" + i, "name", "watcher " + i, "signer", Wallets.address(6 + i)))
                    .post("/feeds/" + feedId + "/sources")
                    .then()
                    .statusCode(200);
        }
        String quorumIncident = "inc-bridge-" + run;
        Instant at = now().minus(Duration.ofHours(1));
        for (int i = 0; i < 2; i++) {
            incidentReport(feedId, "watcher-" + i, 6 + i, quorumIncident, at, "bridge drained", "0x" + "ab".repeat(32))
                    .then()
                    .statusCode(200);
        }
        Response[] last = new Response[1];
        await("incident " + quorumIncident + " confirmed", () -> {
            last[0] = given().get("/feeds/" + feedId + "/incidents/" + quorumIncident);
            return last[0].statusCode() == 200 && last[0].jsonPath().getBoolean("confirmed");
        });
        last[0].then()
                .body("reports.size()", equalTo(2))
                .body("reports[0].reporter", equalTo(Wallets.address(6)))
                .body("reports[0].summary", equalTo("bridge drained"))
                .body("reports[0].evidence", equalTo("0x" + "ab".repeat(32)))
                .body("reports[0].affectedContract", equalTo("0x" + "c".repeat(40)))
                .body("confirmation.how", equalTo("QUORUM"))
                .body("confirmation.sourceIds", equalTo(List.of("watcher-0", "watcher-1")));

        String operatorIncident = "inc-oracle-" + run;
        operator()
                .body(Map.of(
                        "incidentAt",
                        at.toString(),
                        "summary",
                        "price oracle manipulated",
                        "productId",
                        "prod-lending-" + run,
                        "evidence",
                        "https://example.org/post-mortem"))
                .post("/feeds/" + feedId + "/incidents/" + operatorIncident + "/confirmation")
                .then()
                .statusCode(200);
        await("incident " + operatorIncident + " confirmed", () -> {
            last[0] = given().get("/feeds/" + feedId + "/incidents/" + operatorIncident);
            return last[0].statusCode() == 200 && last[0].jsonPath().getBoolean("confirmed");
        });
        last[0].then()
                .body("confirmation.how", equalTo("OPERATOR"))
                .body("confirmation.confirmedBy", equalTo("operator:test-operator"))
                .body("confirmation.evidence", equalTo(List.of("https://example.org/post-mortem")))
                .body("productId", equalTo("prod-lending-" + run))
                .body("reports.size()", equalTo(0));
        given().get("/incidents?feedId=" + feedId)
                .then()
                .statusCode(200)
                .body("incidentId", equalTo(List.of(quorumIncident, operatorIncident)));
        given().get("/incidents").then().statusCode(200);
        given().get("/feeds/" + feedId + "/incidents/inc-nothing-" + run)
                .then()
                .statusCode(404)
                .body("code", equalTo("INCIDENT_NOT_FOUND"));
        // a confirmation of an incident nobody reported names what it lacks
        operator()
                .body(Map.of("summary", "something"))
                .post("/feeds/" + feedId + "/incidents/inc-unreported-" + run + "/confirmation")
                .then()
                .statusCode(400)
                .body("field", equalTo("incidentAt"));
    }

    // ------------------------------------------------------------------------------------------------ refusals

    @Test
    void operator_endpoints_refuse_a_caller_without_a_token_with_a_bad_one_or_without_the_oracle_admin_role() {
        String feed = "/feeds/USDC-USD";
        Map<String, Map<String, Object>> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put("POST /feeds", Map.of("feedId", "USDC-USD", "kind", "PRICE", "description", "x"));
        endpoints.put(
                "POST " + feed + "/sources", Map.of("sourceId", "src-a", "name", "a", "signer", Wallets.address(1)));
        endpoints.put("POST " + feed + "/sources/src-a/disable", Map.of("reason", "gone"));
        endpoints.put(
                "PUT " + feed + "/quorum", Map.of("quorum", 2, "maxDeviationPpm", 20_000, "maxStalenessMs", 60_000));
        endpoints.put("POST /triggers", Map.of("triggerId", "trg-x", "productId", "prod-x", "feedId", "USDC-USD"));
        endpoints.put("POST /triggers/trg-x/retire", Map.of("reason", "gone"));
        endpoints.put(
                "POST /feeds/incidents/incidents/inc-x/confirmation",
                Map.of("incidentAt", "2026-01-01T00:00:00Z", "summary", "x"));
        endpoints.forEach((endpoint, body) -> {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            given().contentType(ContentType.JSON)
                    .body(body)
                    .request(method, path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("code", equalTo("TOKEN_REQUIRED"))
                    .body("field", equalTo("Authorization"));
            given().contentType(ContentType.JSON)
                    .header("Authorization", "Bearer not-a-jwt")
                    .body(body)
                    .request(method, path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("code", equalTo("TOKEN_INVALID"));
            given().contentType(ContentType.JSON)
                    .header(
                            "Authorization",
                            OperatorTokens.bearer(OperatorRoles.POOL_ADMIN, OperatorRoles.CLAIMS_ADMIN))
                    .body(body)
                    .request(method, path)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("ROLE_REQUIRED"))
                    .body("detail", containsString(OperatorRoles.ORACLE_ADMIN))
                    .body("field", equalTo("Authorization"));
        });
    }

    @Test
    void malformed_input_is_refused_with_a_problem_naming_the_field() {
        // feeds: ids, kinds, wrong types, fractions and numbers past a long
        Map<String, Object> feed = Map.of("feedId", "USDC-USD", "kind", "PRICE", "description", "x");
        refused(operator(), "POST", "/feeds", with(feed, "feedId", "no spaces allowed"), "feedId");
        refused(operator(), "POST", "/feeds", with(feed, "feedId", "x".repeat(64)), "feedId");
        refused(operator(), "POST", "/feeds", with(feed, "kind", "SPOT"), "kind");
        refused(operator(), "POST", "/feeds", with(feed, "kind", 1), "kind");
        refused(operator(), "POST", "/feeds", with(feed, "description", null), "description");
        refused(operator(), "POST", "/feeds", with(feed, "quorum", "2"), "quorum");
        refused(operator(), "POST", "/feeds", with(feed, "quorum", 1.5), "quorum");
        refused(operator(), "POST", "/feeds", with(feed, "quorum", 0), "quorum");
        refused(operator(), "POST", "/feeds", with(feed, "maxDeviationPpm", 1_000_001), "maxDeviationPpm");
        refused(operator(), "POST", "/feeds", with(feed, "maxStalenessMs", -1), "maxStalenessMs");
        // a number past a long in a duration: the parser refuses it, and the kernel's mapper names the field
        refused(
                operator(),
                "POST",
                "/feeds",
                with(feed, "maxStalenessMs", new BigInteger("99999999999999999999999")),
                "maxStalenessMs");
        refused(operator(), "POST", "/feeds", with(feed, "surprise", true), "surprise");

        // sources: ids, addresses, kinds and what each kind needs
        Map<String, Object> source = Map.of("sourceId", "src-a", "name", "a", "signer", Wallets.address(1));
        String sources = "/feeds/USDC-USD/sources";
        refused(operator(), "POST", sources, with(source, "sourceId", "Upper-Case"), "sourceId");
        refused(operator(), "POST", sources, with(source, "signer", "0x1234"), "signer");
        refused(operator(), "POST", sources, with(source, "signer", "0x" + "g".repeat(40)), "signer");
        refused(operator(), "POST", sources, with(source, "signer", null), "signer");
        refused(operator(), "POST", sources, with(source, "sourceKind", "ORACLE"), "sourceKind");
        refused(operator(), "POST", sources, with(source, "aggregator", Wallets.address(2)), "aggregator");
        refused(
                operator(),
                "POST",
                sources,
                with(with(source, "sourceKind", "CHAINLINK_AGGREGATOR"), "signer", null),
                "aggregator");
        refused(operator(), "POST", sources, with(source, "decimals", 37), "decimals");
        refused(operator(), "POST", sources, with(source, "minPriceE8", -1), "minPriceE8");
        refused(operator(), "POST", sources, with(source, "maxPriceE8", "1000"), "maxPriceE8");
        refused(operator(), "POST", "/feeds/bad%20feed/sources", source, "feedId");
        refused(operator(), "POST", "/feeds/USDC-USD/sources/Bad!/disable", Map.of("reason", "x"), "sourceId");
        refused(
                operator(),
                "PUT",
                "/feeds/USDC-USD/quorum",
                Map.of("quorum", 2, "maxDeviationPpm", 20_000),
                "maxStalenessMs");

        // triggers: ids, products, windows, and the fields of the other kind
        Map<String, Object> trigger = Map.of("triggerId", "trg-x", "productId", "prod-x", "feedId", "USDC-USD");
        refused(operator(), "POST", "/triggers", with(trigger, "triggerId", "trigger-x"), "triggerId");
        refused(operator(), "POST", "/triggers", with(trigger, "productId", "product"), "productId");
        refused(operator(), "POST", "/triggers", with(trigger, "windowMs", 0), "windowMs");
        refused(operator(), "POST", "/triggers", with(trigger, "thresholdPriceE8", 0.995), "thresholdPriceE8");
        refused(operator(), "POST", "/triggers", with(trigger, "kind", "FLOOD"), "kind");
        refused(operator(), "POST", "/triggers", with(trigger, "payoutPpm", 10_000), "payoutPpm");
        refused(operator(), "POST", "/triggers", with(trigger, "kind", "EXPLOIT"), "payoutPpm");
        refused(
                operator(),
                "POST",
                "/triggers",
                with(with(with(trigger, "kind", "EXPLOIT"), "payoutPpm", 500_000), "windowMs", 1_000),
                "windowMs");
        refused(operator(), "POST", "/triggers/not-a-trigger/retire", Map.of("reason", "x"), "triggerId");
        operator()
                .body(Map.of("reason", "x"))
                .post("/triggers/trg-unknown-" + run() + "/retire")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("TRIGGER_NOT_FOUND"))
                .body("field", equalTo("triggerId"));

        // observations: priceE8 is an unsigned integer that fits a long, as a JSON integer or a string; nothing else
        String observations = "/feeds/USDC-USD/observations";
        Map<String, Object> report = priceBody("src-a", Wallets.address(1), 97_000_000L, now());
        for (Object bad : List.of(
                "1.5",
                1.5,
                -1,
                "-1",
                "+5",
                "0097",
                "9223372036854775808",
                new BigInteger("9223372036854775808"),
                new BigInteger("1" + "0".repeat(80)),
                1e8,
                "1e8",
                true,
                "abc",
                "",
                List.of(1),
                Map.of("value", 1))) {
            refused(
                    given().contentType(ContentType.JSON),
                    "POST",
                    observations,
                    with(report, "priceE8", bad),
                    "priceE8");
        }
        refused(given().contentType(ContentType.JSON), "POST", observations, with(report, "priceE8", null), "priceE8");
        refused(
                given().contentType(ContentType.JSON),
                "POST",
                observations,
                with(report, "reporter", "0xzz"),
                "reporter");
        refused(
                given().contentType(ContentType.JSON),
                "POST",
                observations,
                with(report, "observedAt", "yesterday"),
                "observedAt");
        refused(
                given().contentType(ContentType.JSON),
                "POST",
                observations,
                with(report, "observedAt", "1969-12-31T00:00:00Z"),
                "observedAt");
        refused(given().contentType(ContentType.JSON), "POST", observations, with(report, "roundId", "a b"), "roundId");
        refused(
                given().contentType(ContentType.JSON),
                "POST",
                observations,
                with(report, "sourceId", null),
                "sourceId");
        // a price as a string or as a number, up to 2^63 - 1, is read: the request then needs its signature
        for (Object good : List.of("97000000", 97_000_000, "9223372036854775807", 0)) {
            given().contentType(ContentType.JSON)
                    .body(with(report, "priceE8", good))
                    .post(observations)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("code", equalTo("SIGNATURE_REQUIRED"))
                    .body("field", equalTo("X-Signature"));
        }
        Map<String, Object> incident = Map.of(
                "sourceId",
                "watcher-0",
                "reporter",
                Wallets.address(6),
                "incidentId",
                "inc-x",
                "incidentAt",
                "2026-01-01T00:00:00Z",
                "summary",
                "x");
        String reports = "/feeds/incidents/incident-reports";
        refused(
                given().contentType(ContentType.JSON),
                "POST",
                reports,
                with(incident, "incidentId", "x"),
                "incidentId");
        refused(
                given().contentType(ContentType.JSON),
                "POST",
                reports,
                with(incident, "affectedContract", "0x12"),
                "affectedContract");
        refused(given().contentType(ContentType.JSON), "POST", reports, with(incident, "summary", " "), "summary");

        // reads
        given().get("/feeds/not%20a%20feed").then().statusCode(400).body("field", equalTo("feedId"));
        given().get("/feeds/UNKNOWN-" + run())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("FEED_NOT_FOUND"))
                .body("field", equalTo("feedId"));
        given().get("/triggers/trg-unknown-" + run()).then().statusCode(404).body("code", equalTo("TRIGGER_NOT_FOUND"));
        given().get("/triggers/nope").then().statusCode(400).body("field", equalTo("triggerId"));
        given().get("/feeds/USDC-USD/observations?limit=0")
                .then()
                .statusCode(400)
                .body("field", equalTo("limit"));
        given().get("/feeds/USDC-USD/observations?limit=501")
                .then()
                .statusCode(400)
                .body("field", equalTo("limit"));
        given().get("/feeds/USDC-USD/observations?before=0")
                .then()
                .statusCode(400)
                .body("field", equalTo("before"));
        given().get("/feeds/USDC-USD/observations?limit=ten")
                .then()
                .statusCode(400)
                .body("field", equalTo("limit"));
        given().get("/feeds/USDC-USD/observations?before=1.5")
                .then()
                .statusCode(400)
                .body("field", equalTo("before"));
        given().get("/incidents?feedId=bad%20id").then().statusCode(400).body("field", equalTo("feedId"));
    }

    // ------------------------------------------------------------------------------------------------ rebuild

    @Test
    void the_read_model_rebuilt_from_oracle_events_in_a_wiped_state_directory_answers_as_the_service_does()
            throws Exception {
        String run = run();
        String feedId = "ETH-USD-" + run;
        operator()
                .body(Map.of("feedId", feedId, "kind", "PRICE", "description", "ETH in USD", "maxDeviationPpm", 50_000))
                .post("/feeds")
                .then()
                .statusCode(201);
        for (int i = 0; i < 3; i++) {
            register(feedId, "src-" + i, Wallets.address(1 + i), 1_000_000_000_000L)
                    .then()
                    .statusCode(200);
        }
        long[] prices = {300_000_000_000L, 301_000_000_000L, 250_000_000_000L};
        for (int i = 0; i < 3; i++) {
            observation(feedId, "src-" + i, Wallets.address(1 + i), prices[i], now(), Wallets.key(1 + i))
                    .then()
                    .statusCode(200);
        }
        Response[] served = new Response[1];
        await("feed " + feedId + " with src-2 excluded", () -> {
            served[0] = given().get("/feeds/" + feedId);
            return served[0].statusCode() == 200
                    && "DEVIATION".equals(served[0].jsonPath().getString("sources[2].statusReason"));
        });
        served[0].then().body("value.priceE8", equalTo(300_500_000_000L));
        // a new rule, a source disabled, a trigger: every table of the model has something to rebuild
        operator()
                .body(Map.of("quorum", 2, "maxDeviationPpm", 40_000, "maxStalenessMs", 1_800_000))
                .put("/feeds/" + feedId + "/quorum")
                .then()
                .statusCode(200);
        operator()
                .body(Map.of("reason", "key rotated"))
                .post("/feeds/" + feedId + "/sources/src-2/disable")
                .then()
                .statusCode(200);
        String triggerId = "trg-eth-" + run;
        operator()
                .body(Map.of("triggerId", triggerId, "productId", "prod-eth-" + run, "feedId", feedId))
                .post("/triggers")
                .then()
                .statusCode(201);
        await("feed " + feedId + " with src-2 disabled and trigger " + triggerId, () -> {
            served[0] = given().get("/feeds/" + feedId);
            return served[0].statusCode() == 200
                    && "DISABLED".equals(served[0].jsonPath().getString("sources[2].statusReason"))
                    && given().get("/triggers/" + triggerId).statusCode() == 200;
        });
        served[0]
                .then()
                .body("rule.maxDeviationPpm", equalTo(40_000))
                .body("rule.maxStalenessMs", equalTo(1_800_000))
                .body("rule.sourceCount", equalTo(2))
                .body("sources[2].enabled", equalTo(false))
                .body("sources[2].status", equalTo("EXCLUDED"))
                .body("sources[2].statusDetail", equalTo("key rotated"))
                .body("value.priceE8", equalTo(300_500_000_000L));
        JsonNode feed = json.readTree(served[0].asString());
        JsonNode history =
                json.readTree(given().get("/feeds/" + feedId + "/observations").asString());
        JsonNode trigger = json.readTree(given().get("/triggers/" + triggerId).asString());

        Path state = Path.of("target", "rebuild-test", run);
        try (Views views = Views.start(state, topics.bootstrap(), "oracle-rebuild-test-" + run)) {
            assertThat(views.model.rebuilds()).isEqualTo(1); // an empty directory: built from the topic
            assertThat(tree(views.view.feed(feedId).orElseThrow())).isEqualTo(feed);
            assertThat(tree(views.view.history(feedId, 50, null).orElseThrow())).isEqualTo(history);
            assertThat(tree(views.view.trigger(triggerId).orElseThrow())).isEqualTo(trigger);
        }
        try (Views views = Views.start(state, topics.bootstrap(), "oracle-rebuild-test-" + run)) {
            assertThat(views.model.rebuilds()).isZero(); // restarted from its offsets
            assertThat(tree(views.view.feed(feedId).orElseThrow())).isEqualTo(feed);
        }
        KafkaTestKit.deleteRecursively(state);
        try (Views views = Views.start(state, topics.bootstrap(), "oracle-rebuild-test-" + run)) {
            assertThat(views.model.rebuilds()).isEqualTo(1);
            assertThat(tree(views.view.feed(feedId).orElseThrow())).isEqualTo(feed);
            assertThat(tree(views.view.history(feedId, 50, null).orElseThrow())).isEqualTo(history);
            assertThat(tree(views.view.trigger(triggerId).orElseThrow())).isEqualTo(trigger);
        }
    }

    /** The oracle read model in a runtime of its own, on {@code state}, as the service builds it. */
    record Views(ReadModelRuntime runtime, ReadModel model, OracleView view) implements AutoCloseable {

        /** The same application id each time: its store is found again in {@code state} unless wiped. */
        static Views start(Path state, String bootstrap, String applicationId) {
            ReadModel model = OracleView.readModel(EVENTS);
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(StreamsConfig.STATE_DIR_CONFIG, state.toAbsolutePath().toString());
            ReadModelRuntime runtime = ReadModelRuntime.create(List.of(model), config);
            runtime.start();
            KafkaTestKit.awaitTrue("the rebuilt read model caught up", KafkaTestKit.PATIENCE, runtime::ready);
            return new Views(runtime, model, new OracleView(model));
        }

        @Override
        public void close() {
            runtime.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static long lastNow;

    /** Now, in milliseconds (what is signed), and never the same twice. */
    static synchronized Instant now() {
        long millis = Math.max(System.currentTimeMillis(), lastNow + 1);
        lastNow = millis;
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.MILLIS);
    }

    static RequestSpecification operator() {
        return given().contentType(ContentType.JSON)
                .header("Authorization", OperatorTokens.bearer(OperatorRoles.ORACLE_ADMIN));
    }

    /** A signed reporter of {@code feedId} whose sane bounds are 1e-8 to {@code maxPriceE8}. */
    static Response register(String feedId, String sourceId, String signer, long maxPriceE8) {
        return operator()
                .body(Map.of(
                        "sourceId",
                        sourceId,
                        "name",
                        "reporter " + sourceId,
                        "signer",
                        signer,
                        "minPriceE8",
                        1,
                        "maxPriceE8",
                        maxPriceE8))
                .post("/feeds/" + feedId + "/sources");
    }

    static Map<String, Object> priceBody(String sourceId, String reporter, Object priceE8, Instant observedAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("sourceId", sourceId);
        body.put("reporter", reporter);
        body.put("priceE8", priceE8);
        body.put("observedAt", observedAt.toString());
        return body;
    }

    static Map<String, Object> priceFields(
            String feedId, String sourceId, String reporter, long priceE8, Instant observedAt) {
        return Map.of(
                "feedId",
                feedId,
                "sourceId",
                sourceId,
                "reporter",
                reporter,
                "priceE8",
                BigInteger.valueOf(priceE8),
                "observedAt",
                BigInteger.valueOf(observedAt.toEpochMilli()),
                "roundId",
                "");
    }

    /** A signed price report; {@code priceE8} as sent (a string or a number). */
    static Response observation(
            String feedId, String sourceId, String reporter, Object priceE8, Instant observedAt, ECKeyPair key) {
        long price = Long.parseLong(priceE8.toString());
        return given().contentType(ContentType.JSON)
                .headers(Wallets.signed("ReportPrice", priceFields(feedId, sourceId, reporter, price, observedAt), key))
                .body(priceBody(sourceId, reporter, priceE8, observedAt))
                .post("/feeds/" + feedId + "/observations");
    }

    static Response incidentReport(
            String feedId,
            String sourceId,
            int wallet,
            String incidentId,
            Instant incidentAt,
            String summary,
            String evidence) {
        String affected = "0x" + "C".repeat(40); // signed as sent, recorded in lower case
        Map<String, Object> fields = new HashMap<>();
        fields.put("feedId", feedId);
        fields.put("sourceId", sourceId);
        fields.put("reporter", Wallets.address(wallet));
        fields.put("incidentId", incidentId);
        fields.put("productId", "");
        fields.put("affectedContract", affected);
        fields.put("incidentAt", BigInteger.valueOf(incidentAt.toEpochMilli()));
        fields.put("summary", summary);
        fields.put("evidence", evidence);
        Map<String, Object> body = new HashMap<>();
        body.put("sourceId", sourceId);
        body.put("reporter", Wallets.address(wallet));
        body.put("incidentId", incidentId);
        body.put("affectedContract", affected);
        body.put("incidentAt", incidentAt.toString());
        body.put("summary", summary);
        body.put("evidence", evidence);
        return given().contentType(ContentType.JSON)
                .headers(Wallets.signed("ReportIncident", fields, Wallets.key(wallet)))
                .body(body)
                .post("/feeds/" + feedId + "/incident-reports");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    /** The value as the service's ObjectMapper writes it, read back (numbers typed as in a parsed answer). */
    JsonNode tree(Object value) throws Exception {
        return json.readTree(json.writeValueAsString(value));
    }

    static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }

    /** The request is refused 400 with a problem naming {@code field}, and nothing else. */
    static void refused(RequestSpecification request, String method, String path, Object body, String field) {
        Response answer = request.body(body).request(method, path);
        assertThat(answer.statusCode())
                .as(method + " " + path + " " + body + ": " + answer.asString())
                .isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getString("field"))
                .as(method + " " + path + " " + body + ": " + answer.asString())
                .isEqualTo(field);
    }

    static void await(String what, java.util.function.BooleanSupplier condition) {
        KafkaTestKit.awaitTrue(what, Duration.ofSeconds(60), condition);
    }
}
