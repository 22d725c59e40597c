package io.coverclaims.policy.it;

import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.HOLDER_OF_QUOTES;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.asAdmin;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.buyThroughRest;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.defineProduct;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.ensurePool;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.postQuote;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.product;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.quote;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.RestFuzz;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.policy.view.PoolCapacityView;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every policy write endpoint fuzzed from one valid request ({@link RestFuzz}): whatever is sent, nothing answers
 * 5xx and every 4xx is a problem naming a field. Prints the count of each status.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class PolicyRestFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
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
        Map<Integer, Integer> counts =
                fuzz("POST", "/policies", Map.of("quoteId", newQuote(), "holder", HOLDER_OF_QUOTES), keyed());
        assertThat(counts).containsKey(400).containsKey(422);
    }

    @Test
    void cancellations_never_fail_and_every_refusal_names_a_field() throws Exception {
        String policyId = newQuote();
        buyThroughRest(policyId).then().statusCode(201);
        Map<Integer, Integer> counts = fuzz(
                "POST",
                "/policies/" + policyId + "/cancellation",
                Map.of("holder", HOLDER_OF_QUOTES, "reason", "changed my mind"),
                keyed());
        assertThat(counts).containsKey(400);
    }

    @Test
    void product_definitions_never_fail_and_every_refusal_names_a_field() throws Exception {
        Map<Integer, Integer> counts = fuzz("POST", "/products", product("prod-" + UUID.randomUUID()), keyedAsAdmin());
        assertThat(counts).containsKey(201).containsKey(400).containsKey(403);
    }

    @Test
    void repricings_never_fail_and_every_refusal_names_a_field() throws Exception {
        String productId = defineProduct();
        Map<Integer, Integer> counts = fuzz(
                "PUT",
                "/products/" + productId + "/pricing",
                Map.of("floorRateBps", 300, "ceilingRateBps", 1500, "minAnnualRateBps", 100),
                keyedAsAdmin());
        assertThat(counts).containsKey(200).containsKey(400).containsKey(403);
    }

    @Test
    void retirements_never_fail_and_every_refusal_names_a_field() throws Exception {
        String productId = defineProduct();
        asAdmin().get("/products/" + productId).then().statusCode(200);
        Map<Integer, Integer> counts = fuzz("DELETE", "/products/" + productId, Map.of(), keyedAsAdmin());
        assertThat(counts).containsKey(200).containsKey(403);
    }
}
