package io.coverclaims.oracle.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.OperatorTokens;
import io.coverclaims.platform.testing.RestFuzz;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.platform.testing.Wallets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The oracle's write endpoints fuzzed from one valid request each ({@link RestFuzz}): every field removed, nulled or
 * replaced by wrong types and boundary values, unknown fields, broken JSON, odd content types and headers. Nothing
 * answers 5xx and every 4xx is a problem naming a field. Prints the count of each status.
 *
 * <p>The signed observation is fuzzed with the reporter's valid signature of the valid body, made fresh for each
 * request: a mutated body is refused 400 when invalid and 401 when valid (the signature is not its message's), and
 * a mutated signature header 401 naming the header.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class OracleRestFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int RANDOM_REQUESTS = 60;
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String FEED = "FUZZ-USD-" + RUN;

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    static Map<String, Supplier<String>> asOperator() {
        return Map.of(
                "Idempotency-Key",
                () -> UUID.randomUUID().toString(),
                "Authorization",
                () -> OperatorTokens.bearer(OperatorRoles.ORACLE_ADMIN));
    }

    static Map<Integer, Integer> fuzz(String method, String path, Object body, Map<String, Supplier<String>> headers)
            throws Exception {
        Map<Integer, Integer> counts = RestFuzz.of(method, path, JSON.writeValueAsString(body), headers)
                .run(RANDOM_REQUESTS);
        System.out.println("FUZZ " + method + " " + path + " " + new TreeMap<>(counts));
        assertThat(counts.keySet()).allSatisfy(status -> assertThat(status).isLessThan(500));
        return counts;
    }

    @Test
    void operator_writes_never_fail_and_every_refusal_names_a_field() throws Exception {
        assertThat(fuzz(
                        "POST",
                        "/feeds",
                        Map.of("feedId", FEED, "kind", "PRICE", "description", "fuzzed", "quorum", 2),
                        asOperator()))
                .containsKey(201)
                .containsKey(400);
        assertThat(fuzz(
                        "POST",
                        "/feeds/" + FEED + "/sources",
                        Map.of(
                                "sourceId",
                                "src-a",
                                "name",
                                "a",
                                "signer",
                                Wallets.address(1),
                                "minPriceE8",
                                1,
                                "maxPriceE8",
                                1_000_000_000L),
                        asOperator()))
                .containsKey(200)
                .containsKey(400);
        assertThat(fuzz(
                        "PUT",
                        "/feeds/" + FEED + "/quorum",
                        Map.of("quorum", 1, "maxDeviationPpm", 20_000, "maxStalenessMs", 3_600_000),
                        asOperator()))
                .containsKey(200)
                .containsKey(400);
        assertThat(fuzz(
                        "POST",
                        "/triggers",
                        Map.of(
                                "triggerId",
                                "trg-fuzz-" + RUN,
                                "productId",
                                "prod-fuzz",
                                "feedId",
                                FEED,
                                "thresholdPriceE8",
                                99_000_000,
                                "windowMs",
                                60_000),
                        asOperator()))
                .containsKey(201)
                .containsKey(400);
    }

    @Test
    void signed_observations_never_fail_and_every_refusal_names_a_field() throws Exception {
        String feed = "FUZZ-OBS-" + RUN;
        OracleServiceIntegrationTest.operator()
                .body(Map.of("feedId", feed, "kind", "PRICE", "description", "fuzzed", "quorum", 1))
                .post("/feeds")
                .then()
                .statusCode(201);
        OracleServiceIntegrationTest.register(feed, "src-a", Wallets.address(1), 1_000_000_000L)
                .then()
                .statusCode(200);
        Instant observedAt = Instant.ofEpochMilli(System.currentTimeMillis());
        Map<String, Object> fields = Map.of(
                "feedId",
                feed,
                "sourceId",
                "src-a",
                "reporter",
                Wallets.address(1),
                "priceE8",
                BigInteger.valueOf(99_000_000),
                "observedAt",
                BigInteger.valueOf(observedAt.toEpochMilli()),
                "roundId",
                "");
        AtomicReference<Map<String, String>> signed =
                new AtomicReference<>(Wallets.signed("ReportPrice", fields, Wallets.key(1)));
        Map<String, Supplier<String>> headers = new LinkedHashMap<>();
        headers.put(SignatureHeaders.SIGNATURE, () -> {
            signed.set(Wallets.signed("ReportPrice", fields, Wallets.key(1)));
            return signed.get().get(SignatureHeaders.SIGNATURE);
        });
        headers.put(SignatureHeaders.NONCE, () -> signed.get().get(SignatureHeaders.NONCE));
        headers.put(SignatureHeaders.EXPIRY, () -> signed.get().get(SignatureHeaders.EXPIRY));
        Map<String, Object> valid =
                OracleServiceIntegrationTest.priceBody("src-a", Wallets.address(1), 99_000_000, observedAt);
        // the valid request itself is recorded (the fuzz sends only its mutations)
        given().contentType(ContentType.JSON)
                .header(
                        SignatureHeaders.SIGNATURE,
                        headers.get(SignatureHeaders.SIGNATURE).get())
                .header(
                        SignatureHeaders.NONCE,
                        headers.get(SignatureHeaders.NONCE).get())
                .header(
                        SignatureHeaders.EXPIRY,
                        headers.get(SignatureHeaders.EXPIRY).get())
                .body(valid)
                .post("/feeds/" + feed + "/observations")
                .then()
                .statusCode(200);
        assertThat(fuzz("POST", "/feeds/" + feed + "/observations", valid, headers))
                .containsKey(400)
                .containsKey(401);
    }
}
