package io.coverclaims.claim.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.OperatorTokens;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.platform.testing.Wallets;
import io.coverclaims.schemas.chain.ClaimBondKind;
import io.coverclaims.schemas.chain.ClaimBondObserved;
import io.coverclaims.schemas.claim.ClaimAccepted;
import io.coverclaims.schemas.claim.ClaimPayoutRequested;
import io.coverclaims.schemas.claim.ClaimSubmitted;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.policy.ProductCategory;
import io.coverclaims.schemas.policy.ProductDefined;
import io.coverclaims.schemas.pool.PoolCreated;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

/**
 * claim-service through its REST API and the real broker, with policy.events, pool.events and chain.events written as
 * policy-service, pool-service and chain-bridge would: a policyholder's signed claim, its deposit observed on-chain,
 * three assessors' signed votes, the cooldown, acceptance and the payout request; and what a stranger sends refused
 * with problem+json naming the field (unsigned, signed by someone else, another holder's policy, bad amounts, unknown
 * ids), with nothing emitted.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class ClaimServiceIntegrationTest {

    static final ECKeyPair HOLDER_KEY = Wallets.key(1);
    static final String HOLDER = Wallets.address(1);
    static final ECKeyPair MALLORY_KEY = Wallets.key(5);
    static final String MALLORY = Wallets.address(5);
    static final List<Integer> ASSESSOR_WALLETS = List.of(2, 3, 4);
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    static KafkaTestKit topics;

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

    /** A pool, a PROTOCOL_EXPLOIT product and an active policy of HOLDER's, as the other contexts publish them. */
    static String policy(String poolId, String productId, long cover) {
        String policyId = "cov-" + UUID.randomUUID();
        topics.send(
                "pool.events",
                poolId,
                PoolCreated.newBuilder()
                        .setMetadata(KafkaTestKit.event(poolId, 1, "operator:test"))
                        .setPoolId(poolId)
                        .setName("p")
                        .setManager(HOLDER)
                        .setAsset("tUSD")
                        .setCapacityRatioBps(20_000)
                        .setProducts(List.of())
                        .setTrancheDurationMs(Duration.ofDays(91).toMillis())
                        .setAssetDecimals(6)
                        .build());
        topics.send(
                "policy.events",
                productId,
                ProductDefined.newBuilder()
                        .setMetadata(KafkaTestKit.event(productId, 1, "operator:test"))
                        .setProductId(productId)
                        .setName("exploit cover")
                        .setCategory(ProductCategory.PROTOCOL_EXPLOIT)
                        .setClaimMethod(ClaimMethod.values()[0])
                        .setAsset("tUSD")
                        .setFloorRateBps(200)
                        .setCeilingRateBps(1_200)
                        .setMinPeriodDays(1)
                        .setMaxPeriodDays(365)
                        .build());
        topics.send(
                "policy.events",
                policyId,
                PolicyActivated.newBuilder()
                        .setMetadata(KafkaTestKit.event(policyId, 3, "policy-service"))
                        .setPolicyId(policyId)
                        .setProductId(productId)
                        .setPoolId(poolId)
                        .setHolder(HOLDER)
                        .setAsset("tUSD")
                        .setReservationId("res-" + policyId)
                        .setCoverAmount(BigDecimal.valueOf(cover))
                        .setPremium(BigDecimal.valueOf(cover / 100))
                        .setStartAt(NOW.minus(Duration.ofDays(5)))
                        .setEndAt(NOW.plus(Duration.ofDays(25)))
                        .build());
        return policyId;
    }

    static void appointAssessors() {
        given().contentType(ContentType.JSON)
                .header("Authorization", OperatorTokens.bearer(OperatorRoles.CLAIMS_ADMIN))
                .body(Map.of(
                        "members",
                        ASSESSOR_WALLETS.stream().map(Wallets::address).toList()))
                .put("/assessor-groups/PROTOCOL_EXPLOIT")
                .then()
                .statusCode(200);
        // the read model the edge takes a claim's assessors from follows claim.events
        Response[] group = new Response[1];
        try {
            KafkaTestKit.awaitTrue("the assessor group in claim-service's read model", Duration.ofSeconds(60), () -> {
                group[0] = given().get("/assessor-groups/PROTOCOL_EXPLOIT");
                return group[0].statusCode() == 200
                        && group[0].jsonPath().getList("members").size() == ASSESSOR_WALLETS.size();
            });
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; last answer " + group[0].statusCode() + " "
                            + group[0].asString() + "; readiness "
                            + given().get("/q/health/ready").asString()
                            + "; claim.events holds "
                            + topics.readAll("claim.events", r -> true).size() + " records",
                    e);
        }
    }

    static Map<String, Object> claimBody(String policyId, String claimant, String amount) {
        Map<String, Object> body = new HashMap<>();
        body.put("policyId", policyId);
        body.put("claimant", claimant);
        body.put("incidentAt", NOW.minus(Duration.ofDays(1)).toString());
        body.put("claimedAmount", amount);
        body.put("description", "drained by an exploit");
        return body;
    }

    static Map<String, Object> claimFields(String policyId, String claimant, String amount) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("policyId", policyId);
        fields.put("claimant", claimant);
        fields.put(
                "incidentAt", BigInteger.valueOf(NOW.minus(Duration.ofDays(1)).toEpochMilli()));
        fields.put("claimedAmount", new BigInteger(amount));
        fields.put("description", "drained by an exploit");
        fields.put("evidenceUri", "");
        fields.put("incidentId", "");
        return fields;
    }

    static RequestSpecification signed(String command, Map<String, ?> fields, ECKeyPair key) {
        return given().contentType(ContentType.JSON).headers(Wallets.signed(command, fields, key));
    }

    static Response submit(String policyId, String claimant, String amount, ECKeyPair key) {
        return signed("SubmitClaim", claimFields(policyId, claimant, amount), key)
                .body(claimBody(policyId, claimant, amount))
                .post("/claims");
    }

    static <T> T awaitClaim(String claimId, Response[] last, String status) {
        KafkaTestKit.awaitTrue("claim " + claimId + " " + status, Duration.ofSeconds(60), () -> {
            last[0] = given().get("/claims/" + claimId);
            return last[0].statusCode() == 200
                    && status.equals(last[0].jsonPath().getString("claim.status"));
        });
        return null;
    }

    @Test
    void a_signed_claim_is_assessed_after_its_deposit_and_accepted_for_the_median_loss() {
        appointAssessors();
        String policyId = policy("pool-" + UUID.randomUUID(), "prod-claims-it", 10_000_000);
        Response[] attempt = new Response[1];
        KafkaTestKit.awaitTrue("the policy in claim-service's read model", Duration.ofSeconds(30), () -> {
            attempt[0] = submit(policyId, HOLDER, "8000000", HOLDER_KEY);
            return attempt[0].statusCode() != 404;
        });
        Response submitted = attempt[0];
        assertThat(submitted.statusCode()).as(submitted.asString()).isEqualTo(201);
        String claimId = policyId.replace("cov-", "clm-") + "-1";
        assertThat(submitted.header("Location")).endsWith("/claims/" + claimId);
        ClaimSubmitted event = topics.await(
                        "claim.events",
                        ClaimSubmitted.class,
                        e -> e.getClaimId().equals(claimId),
                        1)
                .getFirst();
        assertThat(event.getDepositAmount()).isEqualByComparingTo("50000000"); // 50 tUSD
        assertThat(event.getAssessors()).hasSize(3);

        Response[] last = new Response[1];
        awaitClaim(claimId, last, "AWAITING_DEPOSIT");
        last[0].then().body("paymentDue.kind", equalTo("CLAIM_DEPOSIT")).body("paymentDue.amount", equalTo("50000000"));

        topics.send(
                "chain.events",
                "pool-x",
                ClaimBondObserved.newBuilder()
                        .setMetadata(KafkaTestKit.event(UUID.randomUUID() + ":0", 1, "chain-bridge"))
                        .setChainId(31337)
                        .setTxHash("0x" + "f".repeat(64))
                        .setLogIndex(0)
                        .setBlockNumber(10)
                        .setBlockHash("0x" + "e".repeat(64))
                        .setContract("0x" + "c".repeat(40))
                        .setPoolId("pool-x")
                        .setClaimId(claimId)
                        .setKind(ClaimBondKind.CLAIM_DEPOSIT)
                        .setPayer(HOLDER)
                        .setAmount(new BigDecimal("50000000"))
                        .setAsset("tUSD")
                        .setConfirmations(2)
                        .setRequiredConfirmations(2)
                        .build());
        awaitClaim(claimId, last, "ASSESSING");

        // a stranger's vote is refused by the claim: not one of its assessors
        vote(claimId, MALLORY, MALLORY_KEY, "6000000").then().statusCode(422).body("code", equalTo("NOT_AN_ASSESSOR"));
        String[] losses = {"7000000", "5000000", "6000000"};
        for (int i = 0; i < 3; i++) {
            int wallet = ASSESSOR_WALLETS.get(i);
            vote(claimId, Wallets.address(wallet), Wallets.key(wallet), losses[i])
                    .then()
                    .statusCode(200);
        }
        ClaimAccepted accepted = topics.await(
                        "claim.events", ClaimAccepted.class, e -> e.getClaimId().equals(claimId), 1)
                .getFirst();
        assertThat(accepted.getPayoutAmount()).isEqualByComparingTo("6000000");
        assertThat(accepted.getPartial()).isTrue();
        assertThat(topics.await(
                                "claim.events",
                                ClaimPayoutRequested.class,
                                e -> e.getClaimId().equals(claimId),
                                1)
                        .getFirst()
                        .getPayoutId())
                .isEqualTo("pay-" + claimId);
        awaitClaim(claimId, last, "PAYOUT_REQUESTED");
        assertThat(last[0].jsonPath().getList("claim.history.type", String.class))
                .startsWith("ClaimSubmitted", "ClaimDepositReceived", "AssessmentOpened")
                .contains("AssessmentClosed", "ClaimAccepted", "ClaimPayoutRequested");
        given().get("/claims?claimant=" + HOLDER).then().statusCode(200);
        given().get("/assessors/" + Wallets.address(2) + "/assessments").then().statusCode(200);
    }

    static Response vote(String claimId, String assessor, ECKeyPair key, String loss) {
        Map<String, Object> fields = Map.of(
                "claimId",
                claimId,
                "assessor",
                assessor,
                "decision",
                "ACCEPT",
                "assessedLoss",
                new BigInteger(loss),
                "rationale",
                "checked on-chain");
        return signed("CastAssessmentVote", fields, key)
                .body(Map.of(
                        "assessor",
                        assessor,
                        "decision",
                        "ACCEPT",
                        "assessedLoss",
                        loss,
                        "rationale",
                        "checked on-chain"))
                .post("/claims/" + claimId + "/votes");
    }

    @Test
    void what_a_stranger_sends_is_refused_naming_the_field_and_emits_nothing() {
        String policyId = policy("pool-" + UUID.randomUUID(), "prod-claims-it", 1_000_000);
        // unsigned
        given().contentType(ContentType.JSON)
                .body(claimBody(policyId, HOLDER, "100"))
                .post("/claims")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        // signed by another key than the claimant named
        signed("SubmitClaim", claimFields(policyId, HOLDER, "100"), MALLORY_KEY)
                .body(claimBody(policyId, HOLDER, "100"))
                .post("/claims")
                .then()
                .statusCode(401)
                .body("code", equalTo("WRONG_SIGNER"));
        // amounts that are no uint256, or zero
        for (String bad : List.of("-1", "1.5", "1" + "0".repeat(80), "abc")) {
            given().contentType(ContentType.JSON)
                    .body(claimBody(policyId, HOLDER, bad))
                    .post("/claims")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        // a wrong id, an unknown claim, a list without its one filter
        given().get("/claims/not-a-claim").then().statusCode(400);
        given().get("/claims/clm-" + UUID.randomUUID() + "-1")
                .then()
                .statusCode(404)
                .body("code", equalTo("CLAIM_NOT_FOUND"));
        given().get("/claims").then().statusCode(400).contentType("application/problem+json");
        // an unknown policy; the same signed request again is answered the same, not as a replay: nothing was sent
        String unknown = "cov-" + UUID.randomUUID();
        Map<String, String> once = Wallets.signed("SubmitClaim", claimFields(unknown, HOLDER, "100"), HOLDER_KEY);
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON)
                    .headers(once)
                    .body(claimBody(unknown, HOLDER, "100"))
                    .post("/claims")
                    .then()
                    .statusCode(404)
                    .body("code", equalTo("POLICY_NOT_FOUND"))
                    .body("field", equalTo("policyId"));
        }
        // an incident that is about other products cannot be named
        String incidentId = "inc-it-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .header("Authorization", OperatorTokens.bearer(OperatorRoles.CLAIMS_ADMIN))
                .body(Map.of(
                        "incidentId",
                        incidentId,
                        "title",
                        "another protocol",
                        "productIds",
                        List.of("prod-other"),
                        "occurredAt",
                        NOW.minus(Duration.ofDays(2)).toString()))
                .post("/incidents")
                .then()
                .statusCode(201);
        Map<String, Object> naming = claimFields(policyId, HOLDER, "100");
        naming.put("incidentId", incidentId);
        Map<String, Object> namingBody = claimBody(policyId, HOLDER, "100");
        namingBody.put("incidentId", incidentId);
        KafkaTestKit.awaitTrue(
                "the incident and the policy in claim-service's read models", Duration.ofSeconds(30), () -> {
                    Response answer = signed("SubmitClaim", naming, HOLDER_KEY)
                            .body(namingBody)
                            .post("/claims");
                    return answer.statusCode() == 422
                            && "INCIDENT_NOT_COVERED".equals(answer.jsonPath().getString("code"))
                            && "incidentId".equals(answer.jsonPath().getString("field"));
                });
        // operators only, with the role
        given().contentType(ContentType.JSON)
                .body(Map.of("members", List.of(MALLORY)))
                .put("/assessor-groups/PROTOCOL_EXPLOIT")
                .then()
                .statusCode(401);
        given().contentType(ContentType.JSON)
                .header("Authorization", OperatorTokens.bearer(OperatorRoles.POOL_ADMIN))
                .body(Map.of("members", List.of(MALLORY)))
                .put("/assessor-groups/PROTOCOL_EXPLOIT")
                .then()
                .statusCode(403);
        // Mallory, signing as herself, claims on HOLDER's policy: the claim refuses it (once the policy is known)
        KafkaTestKit.awaitTrue(
                "the policy in claim-service's read model",
                Duration.ofSeconds(30),
                () -> submit(policyId, MALLORY, "100", MALLORY_KEY).statusCode() != 404);
        assertThat(topics.readAll(
                        "claim.events",
                        ClaimSubmitted.class,
                        e -> e.getPolicyId().equals(policyId)))
                .isEmpty();
        submit(policyId, MALLORY, "100", MALLORY_KEY)
                .then()
                .statusCode(422)
                .body("code", equalTo("NOT_POLICYHOLDER"))
                .body("field", equalTo("claimant"));
        // more than the cover
        submit(policyId, HOLDER, "1000001", HOLDER_KEY)
                .then()
                .statusCode(422)
                .body("code", equalTo("COVER_EXCEEDED"))
                .body("field", equalTo("claimedAmount"));
        assertThat(topics.readAll(
                        "claim.events",
                        ClaimSubmitted.class,
                        e -> e.getPolicyId().equals(policyId)))
                .isEmpty();
    }
}
