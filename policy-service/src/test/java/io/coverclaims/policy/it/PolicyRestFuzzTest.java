package io.coverclaims.policy.it;

import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.HOLDER_KEY;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.HOLDER_OF_QUOTES;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.asAdmin;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.buyMessage;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.buyThroughRest;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.cancelMessage;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.defineProduct;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.ensurePool;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.postQuote;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.product;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.quote;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.RestFuzz;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.platform.testing.Wallets;
import io.coverclaims.policy.view.PoolCapacityView;
import io.coverclaims.schemas.policy.PolicyCancelled;
import io.coverclaims.schemas.policy.PolicyRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

/**
 * Every policy write endpoint fuzzed from one valid request ({@link RestFuzz}): whatever is sent, nothing answers
 * 5xx and every 4xx is a problem naming a field. Prints the count of each status.
 *
 * <p>The signed endpoints (buying, cancelling) are fuzzed with the holder's valid signature of the valid body, made
 * fresh for each request: a body the fuzz mutated is refused 400 by validation when invalid, 401 when valid (the
 * signature is not the mutated message's); the signature headers themselves are fuzzed too (401 naming the header);
 * the Idempotency-Key is ignored, so its fuzzed values carry the valid request to the decider.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class PolicyRestFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String POLICY_EVENTS = PolicyServiceIntegrationTest.POLICY_EVENTS;
    static final int RANDOM_REQUESTS = 100;

    static KafkaTestKit kit;

    @Inject
    PoolCapacityView poolView;

    @BeforeAll
    static void startKit() {
        kit = new KafkaTestKit();
    }

    @AfterAll
    static void stopKit() {
        kit.close();
    }

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
        ensurePool(kit, poolView, "pool-a");
    }

    static Map<String, Supplier<String>> keyed() {
        return Map.of("Idempotency-Key", () -> UUID.randomUUID().toString());
    }

    /**
     * An Idempotency-Key (ignored by signed endpoints) and the signature headers of {@code command}'s message of
     * {@code fields} by {@code key}, a fresh nonce for each request: RestFuzz asks for the signature first, which
     * signs anew; the nonce and expiry headers repeat what it signed.
     */
    static Map<String, Supplier<String>> keyedAndSigned(String command, Map<String, ?> fields, ECKeyPair key) {
        AtomicReference<Map<String, String>> signed = new AtomicReference<>(Wallets.signed(command, fields, key));
        Map<String, Supplier<String>> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", () -> UUID.randomUUID().toString());
        headers.put(SignatureHeaders.SIGNATURE, () -> {
            signed.set(Wallets.signed(command, fields, key));
            return signed.get().get(SignatureHeaders.SIGNATURE);
        });
        headers.put(SignatureHeaders.NONCE, () -> signed.get().get(SignatureHeaders.NONCE));
        headers.put(SignatureHeaders.EXPIRY, () -> signed.get().get(SignatureHeaders.EXPIRY));
        return headers;
    }

    /**
     * An Idempotency-Key and a product administrator's token. A fuzzed Authorization header (blank, or no bearer
     * token) is refused 401 TOKEN_REQUIRED; a valid token without the role (403 ROLE_REQUIRED) is
     * PolicyServiceIntegrationTest's.
     */
    static Map<String, Supplier<String>> keyedAsAdmin() {
        return Map.of(
                "Idempotency-Key",
                () -> UUID.randomUUID().toString(),
                "Authorization",
                () -> io.coverclaims.platform.testing.OperatorTokens.bearer(
                        io.coverclaims.platform.auth.OperatorRoles.PRODUCT_ADMIN));
    }

    static Map<Integer, Integer> fuzz(
            String method, String path, Object validBody, Map<String, Supplier<String>> headers) throws Exception {
        Map<Integer, Integer> counts = RestFuzz.of(method, path, JSON.writeValueAsString(validBody), headers)
                .run(RANDOM_REQUESTS);
        System.out.println("FUZZ " + method + " " + path + " " + new java.util.TreeMap<>(counts));
        assertThat(counts.keySet()).allSatisfy(status -> assertThat(status).isLessThan(500));
        return counts;
    }

    static String newQuote() {
        return postQuote(quote(defineProduct(), "pool-a", 5_000_000_000L, 30))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("quoteId");
    }

    @Test
    void requests_for_quotes_never_fail_and_every_refusal_names_a_field() throws Exception {
        Map<Integer, Integer> counts =
                fuzz("POST", "/quotes", quote(defineProduct(), "pool-a", 5_000_000_000L, 30), keyed());
        assertThat(counts).containsKey(201).containsKey(400);
    }

    @Test
    void purchases_never_fail_and_every_refusal_names_a_field() throws Exception {
        String quoteId = newQuote();
        Map<String, Object> purchase = Map.of(
                "quoteId",
                quoteId,
                "holder",
                HOLDER_OF_QUOTES,
                "startAt",
                Instant.now()
                        .plus(Duration.ofDays(1))
                        .truncatedTo(ChronoUnit.MILLIS)
                        .toString(),
                "premiumPaymentRef",
                "tx-fuzz");
        Map<Integer, Integer> counts = fuzz(
                "POST",
                "/policies",
                purchase,
                keyedAndSigned("BuyCover", buyMessage(purchase), Wallets.key(HOLDER_KEY)));
        assertThat(counts).containsKey(400).containsKey(401).containsKey(422);
        // whatever the fuzz sent, the quote was bought once
        kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 2);
        assertThat(kit.readAll(POLICY_EVENTS, quoteId))
                .filteredOn(PolicyRequested.class::isInstance)
                .hasSize(1);
    }

    @Test
    void cancellations_never_fail_and_every_refusal_names_a_field() throws Exception {
        String policyId = newQuote();
        buyThroughRest(policyId).then().statusCode(201);
        Map<String, Object> cancellation = Map.of("holder", HOLDER_OF_QUOTES, "reason", "changed my mind");
        Map<Integer, Integer> counts = fuzz(
                "POST",
                "/policies/" + policyId + "/cancellation",
                cancellation,
                keyedAndSigned("CancelCover", cancelMessage(policyId, cancellation), Wallets.key(HOLDER_KEY)));
        assertThat(counts).containsKey(400).containsKey(401);
        // only a request the holder signed cancelled it, at most once
        assertThat(counts.getOrDefault(200, 0)).isLessThanOrEqualTo(1);
        assertThat(kit.readAll(POLICY_EVENTS, policyId))
                .filteredOn(PolicyCancelled.class::isInstance)
                .hasSize(counts.getOrDefault(200, 0));
    }

    @Test
    void product_definitions_never_fail_and_every_refusal_names_a_field() throws Exception {
        Map<Integer, Integer> counts = fuzz("POST", "/products", product("prod-" + UUID.randomUUID()), keyedAsAdmin());
        assertThat(counts).containsKey(201).containsKey(400).containsKey(401);
    }

    @Test
    void repricings_never_fail_and_every_refusal_names_a_field() throws Exception {
        String productId = defineProduct();
        Map<Integer, Integer> counts = fuzz(
                "PUT",
                "/products/" + productId + "/pricing",
                Map.of("floorRateBps", 300, "ceilingRateBps", 1500, "minAnnualRateBps", 100),
                keyedAsAdmin());
        assertThat(counts).containsKey(200).containsKey(400).containsKey(401);
    }

    @Test
    void retirements_never_fail_and_every_refusal_names_a_field() throws Exception {
        String productId = defineProduct();
        asAdmin().get("/products/" + productId).then().statusCode(200);
        Map<Integer, Integer> counts = fuzz("DELETE", "/products/" + productId, Map.of(), keyedAsAdmin());
        assertThat(counts).containsKey(200).containsKey(401);
    }
}
