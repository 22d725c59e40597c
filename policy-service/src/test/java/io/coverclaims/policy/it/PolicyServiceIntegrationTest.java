package io.coverclaims.policy.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.OperatorTokens;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.platform.testing.Wallets;
import io.coverclaims.policy.domain.cover.CoverDecider;
import io.coverclaims.policy.view.PoolCapacityView;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.policy.PolicyCancelled;
import io.coverclaims.schemas.policy.PolicyDeclined;
import io.coverclaims.schemas.policy.PolicyExpired;
import io.coverclaims.schemas.policy.PolicyRequested;
import io.coverclaims.schemas.policy.RequestQuote;
import io.coverclaims.schemas.pool.CapacityReserved;
import io.coverclaims.schemas.pool.PoolCreated;
import io.coverclaims.schemas.pool.ProductWeight;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * policy-service end to end through the real broker: REST in, policy.commands/events, the purchase saga with
 * pool.events (answered by {@link FakePool}, standing in for pool-service), the deadline scheduler.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class PolicyServiceIntegrationTest {

    static final String POLICY_COMMANDS = "policy.commands";
    static final String POLICY_EVENTS = "policy.events";
    static final String POOL_EVENTS = "pool.events";
    static final String POOL_OUTCOMES = "pool.command-outcomes";

    static KafkaTestKit kit;
    static FakePool pool;

    @BeforeAll
    static void startKit() {
        kit = new KafkaTestKit();
        pool = new FakePool(kit, POLICY_EVENTS, POOL_EVENTS);
    }

    @AfterAll
    static void stopKit() {
        pool.close();
        kit.close();
    }

    @Inject
    PoolCapacityView poolView;

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
        ensurePool(kit, poolView, "pool-a");
    }

    // ------------------------------------------------------------------------------------------- products

    @Test
    void products_are_defined_read_repriced_and_retired_by_an_admin_only() {
        String productId = newProductId();
        given().contentType(ContentType.JSON)
                .body(product(productId))
                .post("/products")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"))
                .body("code", equalTo("TOKEN_REQUIRED"))
                .body("field", equalTo("Authorization"));
        given().contentType(ContentType.JSON)
                .header("Authorization", OperatorTokens.bearer(OperatorRoles.POOL_ADMIN))
                .body(product(productId))
                .post("/products")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("ROLE_REQUIRED"))
                .body("detail", org.hamcrest.Matchers.containsString("product-admin"));
        given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer not.a.token")
                .body(product(productId))
                .post("/products")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("TOKEN_INVALID"));
        given().contentType(ContentType.JSON)
                .header(
                        "Authorization",
                        OperatorTokens.bearer(
                                java.nio.file.Path.of("target", "another-issuers-keys"), OperatorRoles.PRODUCT_ADMIN))
                .body(product(productId))
                .post("/products")
                .then()
                .statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));

        asAdmin().body(product(productId)).post("/products").then().statusCode(201);
        given().get("/products/" + productId)
                .then()
                .statusCode(200)
                .body("minPeriodDays", equalTo(28))
                .body("maxPeriodDays", equalTo(365))
                .body("minAnnualRateBps", equalTo(100));

        asAdmin()
                .body(Map.of("floorRateBps", 300, "ceilingRateBps", 1500))
                .put("/products/" + productId + "/pricing")
                .then()
                .statusCode(200);
        given().get("/products/" + productId)
                .then()
                .statusCode(200)
                .body("floorRateBps", equalTo(300))
                .body("version", equalTo(2));

        asAdmin()
                .body(Map.of("floorRateBps", 1600, "ceilingRateBps", 1500))
                .put("/products/" + productId + "/pricing")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_PRICING"))
                .body("field", equalTo("ceilingRateBps"));

        asAdmin()
                .queryParam("reason", "sunset")
                .delete("/products/" + productId)
                .then()
                .statusCode(200);
        postQuote(quote(productId, "pool-a", 1_000_000_000L, 30))
                .then()
                .statusCode(422)
                .body("code", equalTo("PRODUCT_RETIRED"))
                .body("field", equalTo("productId"));
        awaitCondition(
                () -> given().get("/products").jsonPath().getList("productId").contains(productId));
    }

    // --------------------------------------------------------------------------------------------- quotes

    @Test
    void a_quote_states_its_rate_and_expiry_priced_at_the_pools_utilisation_from_pool_events() {
        String productId = defineProduct();
        String poolId = "pool-" + UUID.randomUUID();
        kit.send(
                POOL_EVENTS,
                PoolCreated.newBuilder()
                        .setMetadata(KafkaTestKit.event(poolId, 1, "pool-service"))
                        .setPoolId(poolId)
                        .setName("test pool")
                        .setManager("0x" + "a".repeat(40))
                        .setAsset("USDC")
                        .setCapacityRatioBps(20_000)
                        .setProducts(List.of(new ProductWeight(productId, 10_000)))
                        .setTrancheDurationMs(Duration.ofDays(91).toMillis())
                        .build());
        kit.send(
                POOL_EVENTS,
                someCoverReserved(
                        poolId,
                        productId,
                        BigDecimal.valueOf(750_000),
                        BigDecimal.valueOf(500_000),
                        BigDecimal.valueOf(1_000_000),
                        BigDecimal.valueOf(250_000)));

        // the read model of pool.events is eventually consistent: ask until it has seen the pool (75% used)
        Response[] quoted = new Response[1];
        awaitCondition(
                () -> {
                    quoted[0] = postQuote(quote(productId, null, 10_000_000_000L, 73));
                    return quoted[0].statusCode() == 201 && quoted[0].jsonPath().getLong("utilisationPpm") == 750_000;
                },
                () -> quoted[0].statusCode() + " " + quoted[0].asString());
        Response quote = quoted[0];
        assertThat(quote.jsonPath().getString("poolId")).isEqualTo(poolId);
        // 2% + (12% - 2%) x 0.75 = 9.5% a year; 10_000 USDC x 9.5% x 73 / 365 = 190 USDC
        assertThat(quote.jsonPath().getLong("annualRatePpm")).isEqualTo(95_000);
        assertThat(quote.jsonPath().getString("premium")).isEqualTo("190000000");
        Instant issued = Instant.parse(quote.jsonPath().getString("issuedAt"));
        assertThat(Instant.parse(quote.jsonPath().getString("expiresAt")))
                .isEqualTo(issued.plus(Duration.ofMinutes(15)));
        given().get(quote.header("Location")).then().statusCode(200).body("premium", equalTo("190000000"));
    }

    @Test
    void invalid_input_is_refused_with_problem_json_naming_the_field() {
        String productId = defineProduct();
        Map<String, Object> badHolder = new HashMap<>(quote(productId, "pool-a", 1_000, 30));
        badHolder.put("holder", "0x1234");
        given().contentType(ContentType.JSON)
                .body(badHolder)
                .post("/quotes")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("invalidParams.name", hasItem("holder"));

        Map<String, Object> negative = new HashMap<>(quote(productId, "pool-a", -5, 30));
        given().contentType(ContentType.JSON)
                .body(negative)
                .post("/quotes")
                .then()
                .statusCode(400)
                .body("invalidParams.name", hasItem("coverAmount"));

        given().contentType(ContentType.JSON)
                .body("{\"productId\":\"" + productId + "\",\"holder\":\"" + holder()
                        + "\",\"coverAmount\":\"lots\",\"periodDays\":30}")
                .post("/quotes")
                .then()
                .statusCode(400)
                .body("invalidParams.name", hasItem("coverAmount"));

        postQuote(quote("prod-does-not-exist", "pool-a", 1_000, 30))
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("PRODUCT_NOT_FOUND"))
                .body("field", equalTo("productId"));

        postQuote(quote(productId, "pool-a", 1_000_000, 10))
                .then()
                .statusCode(422)
                .body("code", equalTo("PERIOD_OUT_OF_BOUNDS"))
                .body("field", equalTo("periodDays"));

        given().get("/policies/not-an-id").then().statusCode(400).body("invalidParams.name", hasItem("policyId"));
        given().get("/policies/cov-" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("code", equalTo("POLICY_NOT_FOUND"));
        given().get("/policies?owner=nobody").then().statusCode(400).body("invalidParams.name", hasItem("owner"));
        buySignedBy(OTHER_KEY, Map.of("quoteId", "cov-" + UUID.randomUUID(), "holder", Wallets.address(OTHER_KEY)))
                .then()
                .statusCode(404)
                .body("code", equalTo("QUOTE_NOT_FOUND"))
                .body("field", equalTo("quoteId"));
    }

    @Test
    void buying_with_an_expired_quote_is_refused_and_emits_no_event() {
        int holderKey = 3;
        String holder = Wallets.address(holderKey);
        String quoteId = "cov-" + UUID.randomUUID();
        // the test plays the edge with a clock 20 minutes behind: the quote (valid 15 minutes) has expired
        kit.send(POLICY_COMMANDS, requestQuote(quoteId, holder, Instant.now().minus(Duration.ofMinutes(20)), 30));
        kit.await(POLICY_EVENTS, quoteId, found -> !found.isEmpty());

        buySignedBy(holderKey, Map.of("quoteId", quoteId, "holder", holder))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("QUOTE_EXPIRED"))
                .body("field", equalTo("quoteId"));
        assertThat(kit.readAll(POLICY_EVENTS, quoteId))
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("QuoteIssued");
    }

    // ------------------------------------------------------------------------------------------ the saga

    @Test
    void the_purchase_saga_activates_the_policy_once_the_pool_reserves_capacity() {
        String quoteId = quoteThePoolAnswers(FakePool.Answer.RESERVE);

        long started = System.nanoTime();
        Response bought = buyThroughRest(quoteId);
        assertThat(bought.statusCode()).isEqualTo(201);
        assertThat(bought.jsonPath().getString("status")).isIn("REQUESTED", "ACTIVE");
        String location = bought.header("Location");
        awaitCondition(() -> "ACTIVE".equals(given().get(location).jsonPath().getString("status")));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                "%n*** purchase -> active policy: %d ms (POST /policies until GET shows ACTIVE, local broker, pool answered by the test's stand-in)%n%n",
                millis);

        given().get(location)
                .then()
                .statusCode(200)
                .body("policyId", equalTo(quoteId))
                .body("reservationId", org.hamcrest.Matchers.startsWith("res-"))
                .body("history.type", equalTo(List.of("QuoteIssued", "PolicyRequested", "PolicyActivated")))
                .body("history.version", equalTo(List.of(1, 2, 3)));
        awaitCondition(() -> given().get(
                        "/policies?owner=" + HOLDER_OF_QUOTES.toUpperCase().replace("0X", "0x"))
                .jsonPath()
                .getList("policyId")
                .contains(quoteId));
    }

    @Test
    void only_the_holder_cancels_an_active_policy_and_is_refunded_the_unused_premium() {
        String location = buy(quoteThePoolAnswers(FakePool.Answer.RESERVE), "ACTIVE");

        // another address, signing for itself: its signature holds, but it does not hold the policy
        cancelSignedBy(OTHER_KEY, location, Map.of("holder", Wallets.address(OTHER_KEY), "reason", "not mine"))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("NOT_POLICY_HOLDER"))
                .body("field", equalTo("holder"));
        given().contentType(ContentType.JSON)
                .headers(Wallets.signed(
                        "CancelCover",
                        Map.of("policyId", policyIdOf(location), "holder", HOLDER_OF_QUOTES, "reason", ""),
                        Wallets.key(HOLDER_KEY)))
                .body(Map.of("holder", HOLDER_OF_QUOTES))
                .post(location + "/cancellation")
                .then()
                .statusCode(400)
                .body("invalidParams.name", hasItem("reason"));
        cancelSignedBy(HOLDER_KEY, location, Map.of("holder", HOLDER_OF_QUOTES, "reason", "sold the position"))
                .then()
                .statusCode(200)
                .body("status", equalTo("ACCEPTED"));

        Response policy = given().get(location);
        assertThat(policy.jsonPath().getString("status")).isEqualTo("CANCELLED");
        BigInteger premium = new BigInteger(policy.jsonPath().getString("premium"));
        BigInteger refund = new BigInteger(policy.jsonPath().getString("history[3].data.premiumRefund"));
        assertThat(refund).isPositive().isLessThanOrEqualTo(premium);
        assertThat(policy.jsonPath().getString("history[3].data.reservationId"))
                .isEqualTo(policy.jsonPath().getString("reservationId"));
    }

    @Test
    void a_purchase_the_pool_refuses_is_declined_with_the_pools_reason() {
        String quoteId = quoteThePoolAnswers(FakePool.Answer.DECLINE);

        String location = buy(quoteId, "DECLINED");
        given().get(location)
                .then()
                .body("declineReasonCode", equalTo("INSUFFICIENT_CAPACITY"))
                .body("history[2].data.reason", org.hamcrest.Matchers.containsString("INSUFFICIENT_CAPACITY"))
                .body(
                        "history[2].data.premiumRefund",
                        equalTo(given().get(location).jsonPath().getString("premium")));

        // a rejected command emits no event: buying the same quote again is refused, the history is unchanged
        buyThroughRest(quoteId).then().statusCode(422).body("code", equalTo("QUOTE_ALREADY_USED"));
        assertThat(kit.readAll(POLICY_EVENTS, quoteId)).hasSize(3);
    }

    @Test
    void a_purchase_the_pool_does_not_answer_in_time_is_declined_and_a_late_reservation_is_released() {
        String holder = holder();
        String quoteId = "cov-" + UUID.randomUUID();
        // the edge's clock is set back by the reservation timeout: the deadline has passed as soon as the purchase is
        // made
        Instant past = Instant.now().minus(CoverDecider.RESERVATION_TIMEOUT).minusSeconds(5);
        kit.send(POLICY_COMMANDS, requestQuote(quoteId, holder, past, 30));
        kit.send(POLICY_COMMANDS, PolicyCommands.buyCover(quoteId, holder, past.plusSeconds(1)));

        PolicyDeclined declined = (PolicyDeclined)
                kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 3).get(2);
        assertThat(declined.getReasonCode()).isEqualTo("RESERVATION_TIMEOUT");

        // pool-service answers after all: the reservation must not stay dangling
        kit.send(
                POOL_EVENTS,
                capacityReserved(
                        "pool-a",
                        "res-late",
                        quoteId,
                        "prod-x",
                        BigDecimal.valueOf(1_000_000),
                        BigDecimal.ONE,
                        BigDecimal.valueOf(10_000_000),
                        BigDecimal.valueOf(9_000_000)));
        PolicyCancelled release = (PolicyCancelled)
                kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 4).get(3);
        assertThat(release.getReservationId()).isEqualTo("res-late");
        assertThat(release.getPremiumRefund()).isZero();
        given().get("/policies/" + quoteId).then().statusCode(200).body("status", equalTo("DECLINED"));
    }

    @Test
    void an_active_policy_expires_on_time_without_anyone_calling() {
        String holder = holder();
        String quoteId = "cov-" + UUID.randomUUID();
        // cover is counted in days: the edge's clock is set back one day less 3 s, so one day of cover ends 3 s from
        // now
        Instant bought = Instant.ofEpochMilli(System.currentTimeMillis())
                .minus(Duration.ofDays(1))
                .plusSeconds(3);
        kit.send(POLICY_COMMANDS, requestQuote(quoteId, holder, bought.minusSeconds(1), 1));
        kit.await(POLICY_EVENTS, quoteId, found -> !found.isEmpty());
        // the purchase and the pool's answer land together (the reservation deadline is long past on that clock)
        kit.sendAtomically(
                POLICY_COMMANDS,
                List.<SpecificRecord>of(
                        PolicyCommands.buyCover(quoteId, holder, bought),
                        PolicyCommands.activatePolicy(quoteId, "pool-a", "res-exp", 1_000_000, bought.plusMillis(10))));

        Instant endAt = bought.plus(Duration.ofDays(1));
        List<SpecificRecord> events =
                kit.await(POLICY_EVENTS, quoteId, found -> found.stream().anyMatch(PolicyExpired.class::isInstance));
        Instant seen = Instant.now();
        PolicyExpired expired = (PolicyExpired) events.getLast();
        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("QuoteIssued", "PolicyRequested", "PolicyActivated", "PolicyExpired");
        assertThat(expired.getEndAt()).isEqualTo(endAt);
        assertThat(expired.getReservationId()).isEqualTo("res-exp");
        assertThat(expired.getMetadata().getOccurredAt()).isEqualTo(endAt);
        assertThat(seen).isAfterOrEqualTo(endAt);
        System.out.printf(
                "%n*** expiry: PolicyExpired read %d ms after the end of cover%n%n",
                Duration.between(endAt, seen).toMillis());
        given().get("/policies/" + quoteId).then().statusCode(200).body("status", equalTo("EXPIRED"));
        // the reservation time-out that was due long ago was decided as nothing to do: no PolicyDeclined
        List<CommandOutcome> outcomes = kit.readAll("policy.command-outcomes", quoteId).stream()
                .map(CommandOutcome.class::cast)
                .toList();
        assertThat(outcomes)
                .filteredOn(outcome -> outcome.getCommandType().endsWith("DeclinePolicy"))
                .allSatisfy(outcome -> assertThat(outcome.getEventIds()).isEmpty());
        assertThat(outcomes)
                .allSatisfy(outcome -> assertThat(outcome.getStatus()).isEqualTo(CommandStatus.ACCEPTED));
    }

    // ------------------------------------------------------------------------------ amounts of any size

    @Test
    void an_18_decimal_pool_quotes_and_sells_250_eth_of_cover_at_an_exact_premium() {
        String productId = newProductId();
        Map<String, Object> ethProduct = new HashMap<>(product(productId));
        ethProduct.put("asset", "ETH");
        asAdmin().body(ethProduct).post("/products").then().statusCode(201);
        String poolId = "pool-" + UUID.randomUUID();
        kit.send(POOL_EVENTS, poolCreated(poolId, "ETH", 18, List.of(new ProductWeight(productId, 10_000))));
        // 1,500 ETH of capacity (in wei), 375 ETH of it reserved: 25 % used
        kit.send(
                POOL_EVENTS,
                someCoverReserved(
                        poolId,
                        productId,
                        new BigDecimal("375000000000000000000"),
                        new BigDecimal("750000000000000000000"),
                        new BigDecimal("1500000000000000000000"),
                        new BigDecimal("1125000000000000000000")));
        awaitCondition(() -> poolView.utilisationPpm(poolId, productId) == 250_000);

        Response quote = postQuote(quote(productId, poolId, "250000000000000000000", 73));
        assertThat(quote.statusCode()).as(quote::asString).isEqualTo(201);
        // 2% + (12% - 2%) x 0.25 = 4.5% a year; 250 ETH x 4.5% x 73 / 365 = 2.25 ETH, to the wei
        assertThat(quote.jsonPath().getLong("utilisationPpm")).isEqualTo(250_000);
        assertThat(quote.jsonPath().getLong("annualRatePpm")).isEqualTo(45_000);
        assertThat(quote.jsonPath().getString("coverAmount")).isEqualTo("250000000000000000000");
        assertThat(quote.jsonPath().getString("premium")).isEqualTo("2250000000000000000");
        assertThat(quote.jsonPath().getString("asset")).isEqualTo("ETH");

        String quoteId = quote.jsonPath().getString("quoteId");
        pool.answer(quoteId, FakePool.Answer.RESERVE);
        String location = buy(quoteId, "ACTIVE");
        given().get(location)
                .then()
                .statusCode(200)
                .body("coverAmount", equalTo("250000000000000000000"))
                .body("remainingCover", equalTo("250000000000000000000"))
                .body("premium", equalTo("2250000000000000000"))
                .body("history[2].data.premium", equalTo("2250000000000000000"));
    }

    // ---------------------------------------------------------------------------------- idempotency keys

    @Test
    void the_same_idempotency_key_from_two_holders_gives_each_holder_his_own_quote() {
        String productId = defineProduct();
        String key = "quote-" + UUID.randomUUID();
        String first = "0x" + "c".repeat(40);
        String second = "0x" + "d".repeat(40);
        Map<String, Object> firstBody = quote(productId, "pool-a", 1_000_000_000L, 30);
        firstBody.put("holder", first);
        Map<String, Object> secondBody = quote(productId, "pool-a", 2_000_000_000L, 30);
        secondBody.put("holder", second);

        Response a = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(firstBody)
                .post("/quotes");
        Response b = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(secondBody)
                .post("/quotes");
        assertThat(a.statusCode()).as(a::asString).isEqualTo(201);
        assertThat(b.statusCode()).as(b::asString).isEqualTo(201);
        String firstQuote = a.jsonPath().getString("quoteId");
        String secondQuote = b.jsonPath().getString("quoteId");
        assertThat(firstQuote).isNotEqualTo(secondQuote);
        given().get("/quotes/" + firstQuote)
                .then()
                .statusCode(200)
                .body("holder", equalTo(first))
                .body("coverAmount", equalTo("1000000000"));
        given().get("/quotes/" + secondQuote)
                .then()
                .statusCode(200)
                .body("holder", equalTo(second))
                .body("coverAmount", equalTo("2000000000"));

        // the first holder's retry is his quote again, not a new one nor the other's
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(firstBody)
                .post("/quotes")
                .then()
                .statusCode(201)
                .body("quoteId", equalTo(firstQuote))
                .body("holder", equalTo(first));
        assertThat(kit.readAll(POLICY_EVENTS, firstQuote)).hasSize(1);
        assertThat(kit.readAll(POLICY_EVENTS, secondQuote)).hasSize(1);
    }

    @Test
    void a_quote_on_a_pool_the_read_model_does_not_know_is_refused_naming_the_pool() {
        String productId = defineProduct();
        postQuote(quote(productId, "pool-" + UUID.randomUUID(), 1_000_000, 30))
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("POOL_NOT_FOUND"))
                .body("field", equalTo("poolId"));
    }

    // ------------------------------------------------------------------ the pool refusing a command outright

    @Test
    void a_reservation_the_pool_rejects_outright_declines_the_purchase_at_once_with_the_pools_reason() {
        for (String reasonCode : List.of("AMOUNT_OUT_OF_RANGE", "PROCESSING_FAILED")) {
            String quoteId = quoteOnANewProduct();
            buyThroughRest(quoteId).then().statusCode(201);
            PolicyRequested requested = (PolicyRequested) kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 2)
                    .get(1);

            // what pool-service's command processor publishes when it refuses the ReserveCapacity its process manager
            // derived from PolicyRequested (CausedBy: the purchase's correlation id carried on)
            kit.send(
                    POOL_OUTCOMES,
                    "pool-a",
                    CommandOutcome.newBuilder()
                            .setCommandId(UUID.randomUUID().toString())
                            .setAggregateId("pool-a")
                            .setCommandType("io.coverclaims.schemas.pool.ReserveCapacity")
                            .setStatus(CommandStatus.REJECTED)
                            .setAggregateVersion(1)
                            .setReasonCode(reasonCode)
                            .setReasonMessage("refused by the pool")
                            .setField("AMOUNT_OUT_OF_RANGE".equals(reasonCode) ? "amount" : null)
                            .setCorrelationId(requested.getMetadata().getCorrelationId())
                            .setDecidedAt(requested.getMetadata().getOccurredAt())
                            .build());

            PolicyDeclined declined = (PolicyDeclined) kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 3)
                    .get(2);
            assertThat(declined.getReasonCode()).isEqualTo(reasonCode);
            assertThat(declined.getReason()).contains(reasonCode);
            assertThat(declined.getPremiumRefund()).isEqualTo(requested.getPremium());
            // declined on the pool's answer, not by the reservation deadline
            assertThat(declined.getMetadata().getOccurredAt()).isBefore(requested.getReservationDeadline());
            given().get("/policies/" + quoteId)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("DECLINED"))
                    .body("declineReasonCode", equalTo(reasonCode));
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** The development key ({@link Wallets}) of the holder of quotes made through REST. */
    static final int HOLDER_KEY = 1;

    /** Quotes made through REST are for this holder: the address of development key {@link #HOLDER_KEY}. */
    static final String HOLDER_OF_QUOTES = Wallets.address(HOLDER_KEY);

    /** Another development key: an address that holds none of the REST quotes. */
    static final int OTHER_KEY = 2;

    static String holder() {
        return "0x" + UUID.randomUUID().toString().replace("-", "") + "00000000";
    }

    /** A JSON request with the administrator's key. */
    static RequestSpecification asAdmin() {
        return given().contentType(ContentType.JSON)
                .header("Authorization", OperatorTokens.bearer(OperatorRoles.PRODUCT_ADMIN));
    }

    static Response postQuote(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/quotes");
    }

    /** The holder of REST quotes buying cover on {@code quoteId}, signed with his key. */
    static Response buyThroughRest(String quoteId) {
        return buySignedBy(HOLDER_KEY, Map.of("quoteId", quoteId, "holder", HOLDER_OF_QUOTES));
    }

    /** POST /policies with {@code body}, its BuyCover message signed by development key {@code key}. */
    static Response buySignedBy(int key, Map<String, ?> body) {
        return given().contentType(ContentType.JSON)
                .headers(Wallets.signed("BuyCover", buyMessage(body), Wallets.key(key)))
                .body(body)
                .post("/policies");
    }

    /**
     * The BuyCover message a holder signs for a purchase {@code body}: the holder in lower case, startAt in unix
     * milliseconds (0 when absent), premiumPaymentRef "" when absent.
     */
    static Map<String, Object> buyMessage(Map<String, ?> body) {
        Object startAt = body.get("startAt");
        Object premiumPaymentRef = body.get("premiumPaymentRef");
        return Map.of(
                "quoteId",
                body.get("quoteId"),
                "holder",
                body.get("holder").toString().toLowerCase(Locale.ROOT),
                "startAt",
                startAt == null ? 0L : Instant.parse(startAt.toString()).toEpochMilli(),
                "premiumPaymentRef",
                premiumPaymentRef == null ? "" : premiumPaymentRef);
    }

    /** POST {@code location}/cancellation with {@code body}, its CancelCover message signed by key {@code key}. */
    static Response cancelSignedBy(int key, String location, Map<String, ?> body) {
        return given().contentType(ContentType.JSON)
                .headers(Wallets.signed("CancelCover", cancelMessage(policyIdOf(location), body), Wallets.key(key)))
                .body(body)
                .post(location + "/cancellation");
    }

    /** The CancelCover message a holder signs to cancel {@code policyId} with {@code body}. */
    static Map<String, Object> cancelMessage(String policyId, Map<String, ?> body) {
        return Map.of(
                "policyId",
                policyId,
                "holder",
                body.get("holder").toString().toLowerCase(Locale.ROOT),
                "reason",
                body.get("reason"));
    }

    /** The policy id at the end of a policy's location. */
    static String policyIdOf(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    static Map<String, Object> product(String productId) {
        return Map.of(
                "productId",
                productId,
                "name",
                "Aave v3 exploit",
                "category",
                "PROTOCOL_EXPLOIT",
                "claimMethod",
                "ASSESSMENT",
                "asset",
                "USDC",
                "floorRateBps",
                200,
                "ceilingRateBps",
                1200);
    }

    static String newProductId() {
        return "prod-" + UUID.randomUUID();
    }

    static String defineProduct() {
        String productId = newProductId();
        asAdmin().body(product(productId)).post("/products").then().statusCode(201);
        return productId;
    }

    static Map<String, Object> quote(String productId, String poolId, long coverAmount, int periodDays) {
        return quote(productId, poolId, String.valueOf(coverAmount), periodDays);
    }

    /** A quote request; the amount is a decimal string, as JSON carries amounts. */
    static Map<String, Object> quote(String productId, String poolId, String coverAmount, int periodDays) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "productId",
                productId,
                "holder",
                HOLDER_OF_QUOTES,
                "coverAmount",
                coverAmount,
                "periodDays",
                periodDays));
        if (poolId != null) {
            body.put("poolId", poolId);
        }
        return body;
    }

    /** A quote (through REST, on a new product, pool-a, 5_000 USDC for 30 days) whose purchase the pool will answer so. */
    static String quoteThePoolAnswers(FakePool.Answer answer) {
        String quoteId = quoteOnANewProduct();
        pool.answer(quoteId, answer);
        return quoteId;
    }

    /** A quote through REST on a new product, pool-a, 5_000 USDC for 30 days: its id. */
    static String quoteOnANewProduct() {
        String productId = defineProduct();
        return postQuote(quote(productId, "pool-a", 5_000_000_000L, 30))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("quoteId");
    }

    /** Buys the quote for its holder through REST; returns the policy's location once it shows {@code status}. */
    static String buy(String quoteId, String status) {
        String location =
                buyThroughRest(quoteId).then().statusCode(201).extract().header("Location");
        awaitCondition(() -> status.equals(given().get(location).jsonPath().getString("status")));
        return location;
    }

    /** Quotes name a pool the read model of pool.events knows: {@code poolId} is created (empty) unless it exists. */
    static void ensurePool(KafkaTestKit kit, PoolCapacityView poolView, String poolId) {
        if (poolView.pool(poolId).isEmpty()) {
            kit.send(POOL_EVENTS, poolCreated(poolId, "USDC", 6, List.of()));
            awaitCondition(() -> poolView.pool(poolId).isPresent());
        }
    }

    static PoolCreated poolCreated(String poolId, String asset, int decimals, List<ProductWeight> products) {
        return PoolCreated.newBuilder()
                .setMetadata(KafkaTestKit.event(poolId, 1, "pool-service"))
                .setPoolId(poolId)
                .setName("test pool")
                .setManager("0x" + "a".repeat(40))
                .setAsset(asset)
                .setCapacityRatioBps(20_000)
                .setProducts(products)
                .setTrancheDurationMs(Duration.ofDays(91).toMillis())
                .setAssetDecimals(decimals)
                .build();
    }

    /** Another policy's cover reserved on {@code poolId}'s {@code productId} (see {@link #capacityReserved}). */
    static CapacityReserved someCoverReserved(
            String poolId,
            String productId,
            BigDecimal amount,
            BigDecimal eligibleStake,
            BigDecimal productCapacity,
            BigDecimal availableAfter) {
        return capacityReserved(
                poolId,
                "res-" + UUID.randomUUID(),
                "cov-" + UUID.randomUUID(),
                productId,
                amount,
                eligibleStake,
                productCapacity,
                availableAfter);
    }

    /** pool-service's CapacityReserved (version 2 of the pool, 30 days of cover, 2.0 ratio, the product at 100%). */
    static CapacityReserved capacityReserved(
            String poolId,
            String reservationId,
            String policyId,
            String productId,
            BigDecimal amount,
            BigDecimal eligibleStake,
            BigDecimal productCapacity,
            BigDecimal availableAfter) {
        return CapacityReserved.newBuilder()
                .setMetadata(KafkaTestKit.event(poolId, 2, "pool-service"))
                .setPoolId(poolId)
                .setReservationId(reservationId)
                .setPolicyId(policyId)
                .setProductId(productId)
                .setAmount(amount)
                .setCoverEndsAt(Instant.now().plus(Duration.ofDays(30)))
                .setEligibleStake(eligibleStake)
                .setCapacityRatioBps(20_000)
                .setProductWeightBps(10_000)
                .setProductCapacity(productCapacity)
                .setAvailableAfter(availableAfter)
                .build();
    }

    static RequestQuote requestQuote(String quoteId, String holder, Instant at, int periodDays) {
        return PolicyCommands.requestQuote(quoteId, "prod-x", "pool-a", 0L, holder, at, periodDays);
    }

    static void awaitCondition(java.util.function.BooleanSupplier condition) {
        awaitCondition(condition, () -> "");
    }

    static void awaitCondition(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> last) {
        Instant deadline = Instant.now().plus(KafkaTestKit.PATIENCE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now())
                    .as(() -> "condition not met within " + KafkaTestKit.PATIENCE + "; last: " + last.get())
                    .isBefore(deadline);
            KafkaTestKit.sleep(20);
        }
    }
}
