package io.coverclaims.governance.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.governance.api.PayloadHash;
import io.coverclaims.platform.auth.TypedData;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.platform.testing.Wallets;
import io.coverclaims.schemas.governance.GovernanceVoteCast;
import io.coverclaims.schemas.governance.ParameterChanged;
import io.coverclaims.schemas.governance.PauseChangeRequested;
import io.coverclaims.schemas.governance.PauseFlag;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import io.coverclaims.schemas.governance.ProposalCreated;
import io.coverclaims.schemas.governance.ProposalExecuted;
import io.coverclaims.schemas.governance.ProposalPassed;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.FundsSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * governance-service through its REST API and the real broker. A proposal: members' deposits on pool.events become
 * their voting weights; a member proposes a new claim deposit, signed; members vote, signed, each counted up to the
 * 5 % cap; the scheduler closes the voting (exactly at the quorum: it passes), waits out the timelock and executes
 * the proposal with no call, and ParameterChanged appears on governance.events and in GET /parameters. The pause: one
 * genesis guardian's signed request pauses nothing; a second, different guardian's approval pauses claims, naming
 * both; a non-guardian, the same guardian twice and a forged signature are refused.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class GovernanceServiceIntegrationTest {

    static final String EVENTS = "governance.events";
    static final String POOL_EVENTS = "pool.events";

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

    // ------------------------------------------------------------------------------------------------ proposals

    @Test
    void a_passed_proposal_changes_a_parameter_after_its_timelock_with_no_call() throws Exception {
        String run = run();
        ECKeyPair[] keys = {
            Keys.createEcKeyPair(), Keys.createEcKeyPair(), Keys.createEcKeyPair(), Keys.createEcKeyPair()
        };
        String[] members = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            members[i] = TypedData.address(keys[i]);
            deposit("pool-gov-" + run, members[i], 1_000);
        }
        ECKeyPair outsider = Keys.createEcKeyPair();
        for (String member : members) {
            await(
                    "stake of " + member,
                    () -> "1000"
                            .equals(given().get("/stakes/" + member).jsonPath().getString("stake")));
        }
        await(
                "genesis of claim.depositUnits",
                () -> given().get("/parameters/claim.depositUnits").jsonPath().getString("parameter.value") != null);
        String before = given().get("/parameters/claim.depositUnits").jsonPath().getString("parameter.value");
        String next = String.valueOf(Long.parseLong(before) + 25);

        // bad input is refused before anything is signed or sent, naming the field
        propose("prop-bad-" + run, members[0], "claim.depositUnits", "2000000000", keys[0])
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("OUT_OF_BOUNDS"))
                .body("field", equalTo("changes[0].value"));
        propose("prop-bad-" + run, members[0], "claim.noSuchThing", "1", keys[0])
                .then()
                .statusCode(422)
                .body("code", equalTo("UNKNOWN_PARAMETER"))
                .body("field", equalTo("changes[0].name"));
        // someone without stake may not propose
        propose("prop-out-" + run, TypedData.address(outsider), "claim.depositUnits", next, outsider)
                .then()
                .statusCode(422)
                .body("code", equalTo("NOT_A_MEMBER"))
                .body("field", equalTo("proposer"));

        String proposalId = "prop-it-" + run;
        propose(proposalId, members[0], "claim.depositUnits", next, keys[0])
                .then()
                .statusCode(201)
                .body("status", equalTo("ACCEPTED"));
        ProposalCreated created = topics.await(
                        EVENTS, ProposalCreated.class, e -> e.getProposalId().equals(proposalId), 1)
                .getFirst();
        BigInteger total = created.getTotalWeight().toBigIntegerExact();
        assertThat(total).isGreaterThanOrEqualTo(BigInteger.valueOf(4_000));
        assertThat(created.getStakeSnapshot()).extracting(s -> s.getMember()).contains(members);
        await(
                "proposal in the read model",
                () -> given().get("/proposals/" + proposalId).statusCode() == 200);

        // three of the four vote: each counts up to the cap; the outsider has no vote; one vote each
        vote(proposalId, members[0], "FOR", keys[0]).then().statusCode(200).body("status", equalTo("ACCEPTED"));
        Map<String, String> signedB = Wallets.signed(
                "CastGovernanceVote", Map.of("proposalId", proposalId, "voter", members[1], "support", "FOR"), keys[1]);
        given().contentType(ContentType.JSON)
                .headers(signedB)
                .body(Map.of("voter", members[1], "support", "FOR"))
                .post("/proposals/" + proposalId + "/votes")
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .headers(signedB)
                .body(Map.of("voter", members[1], "support", "FOR"))
                .post("/proposals/" + proposalId + "/votes")
                .then()
                .statusCode(401)
                .body("code", equalTo("NONCE_ALREADY_USED"));
        vote(proposalId, members[2], "ABSTAIN", keys[2]).then().statusCode(200);
        vote(proposalId, members[0], "AGAINST", keys[0])
                .then()
                .statusCode(422)
                .body("code", equalTo("ALREADY_VOTED"))
                .body("field", equalTo("voter"));
        vote(proposalId, TypedData.address(outsider), "FOR", outsider)
                .then()
                .statusCode(422)
                .body("code", equalTo("NOT_A_MEMBER"))
                .body("field", equalTo("voter"));
        vote(proposalId, members[3], "FOR", keys[2]) // signed by another key than the voter's
                .then()
                .statusCode(401)
                .body("code", equalTo("WRONG_SIGNER"))
                .body("field", equalTo("X-Signature"));
        BigInteger cap = total.multiply(BigInteger.valueOf(500)).divide(BigInteger.valueOf(10_000));
        List<GovernanceVoteCast> votes = topics.await(
                EVENTS, GovernanceVoteCast.class, e -> e.getProposalId().equals(proposalId), 3);
        assertThat(votes)
                .allSatisfy(v -> assertThat(v.getCountedWeight().toBigIntegerExact())
                        .isEqualTo(BigInteger.valueOf(1_000).min(cap)));

        // no one calls again: the scheduler closes the voting, then executes after the timelock
        ProposalPassed passed = topics.await(
                        EVENTS, ProposalPassed.class, e -> e.getProposalId().equals(proposalId), 1)
                .getFirst();
        assertThat(passed.getExecutableAt()).isEqualTo(created.getVotingEndsAt().plusMillis(created.getTimelockMs()));
        ProposalExecuted executed = topics.await(
                        EVENTS, ProposalExecuted.class, e -> e.getProposalId().equals(proposalId), 1)
                .getFirst();
        assertThat(executed.getMetadata().getOccurredAt()).isAfterOrEqualTo(passed.getExecutableAt());
        ParameterChanged changed = topics.await(
                        EVENTS, ParameterChanged.class, e -> e.getProposalId().equals(proposalId), 1)
                .getFirst();
        assertThat(changed.getValue().getName()).isEqualTo("claim.depositUnits");
        assertThat(changed.getValue().getLongValue()).isEqualTo(Long.parseLong(next));
        assertThat(changed.getPrevious().getLongValue()).isEqualTo(Long.parseLong(before));
        assertThat(changed.getEffectiveAt()).isEqualTo(passed.getExecutableAt());

        await(
                "the new value in GET /parameters",
                () -> next.equals(
                        given().get("/parameters/claim.depositUnits").jsonPath().getString("parameter.value")));
        Response parameter = given().get("/parameters/claim.depositUnits");
        assertThat(parameter.jsonPath().getString("parameter.proposalId")).isEqualTo(proposalId);
        assertThat(parameter.jsonPath().getList("history.proposalId")).contains(proposalId);
        Response proposal = given().get("/proposals/" + proposalId);
        assertThat(proposal.jsonPath().getString("state")).isEqualTo("EXECUTED");
        assertThat(proposal.jsonPath().getList("votes")).hasSize(3);
        assertThat(proposal.jsonPath().getString("quorumWeight"))
                .isEqualTo(total.multiply(BigInteger.valueOf(1_500))
                        .add(BigInteger.valueOf(9_999))
                        .divide(BigInteger.valueOf(10_000))
                        .toString());

        // executed: too late to cancel
        Map<String, Object> cancel = Map.of("proposer", members[0], "reason", "too late");
        given().contentType(ContentType.JSON)
                .headers(Wallets.signed(
                        "CancelProposal",
                        Map.of("proposalId", proposalId, "proposer", members[0], "reason", "too late"),
                        keys[0]))
                .body(cancel)
                .post("/proposals/" + proposalId + "/cancellation")
                .then()
                .statusCode(422)
                .body("code", equalTo("VOTING_CLOSED"));
    }

    @Test
    void unknown_proposals_parameters_and_requests_are_not_found() {
        given().get("/proposals/prop-nothing-here").then().statusCode(404).body("code", equalTo("PROPOSAL_NOT_FOUND"));
        given().get("/parameters/claim.nothingHere")
                .then()
                .statusCode(404)
                .body("code", equalTo("PARAMETER_NOT_FOUND"));
        given().get("/pause-requests/nothing-here").then().statusCode(404).body("code", equalTo("REQUEST_NOT_FOUND"));
        given().get("/proposals/not-a-proposal").then().statusCode(400);
    }

    // ------------------------------------------------------------------------------------------------ pause

    @Test
    void two_of_three_guardians_pause_claims_and_one_alone_cannot() {
        String run = run();
        String g7 = Wallets.address(7);
        String g8 = Wallets.address(8);
        String g9 = Wallets.address(9);
        await("the genesis guardians", () -> given().get("/guardians").statusCode() == 200);
        given().get("/guardians")
                .then()
                .body("threshold", equalTo(2))
                .body("guardians", org.hamcrest.Matchers.contains(g7, g8, g9));

        // a malformed capability names its field; a request signed by another key than the guardian it names is 401
        given().contentType(ContentType.JSON)
                .headers(Wallets.signed(
                        "RequestPauseChange", pauseFields("x-" + run, g7, "everything", 1), Wallets.key(7)))
                .body(pauseBody("x-" + run, g7, "everything", true))
                .post("/pause-requests")
                .then()
                .statusCode(400)
                .body("field", equalTo("capability"));
        String requestId = "pause-claims-" + run;
        given().contentType(ContentType.JSON)
                .headers(Wallets.signed("RequestPauseChange", pauseFields(requestId, g7, "claims", 1), Wallets.key(8)))
                .body(pauseBody(requestId, g7, "claims", true))
                .post("/pause-requests")
                .then()
                .statusCode(401)
                .body("code", equalTo("WRONG_SIGNER"));

        // guardian 7 alone: requested, not paused
        given().contentType(ContentType.JSON)
                .headers(Wallets.signed("RequestPauseChange", pauseFields(requestId, g7, "claims", 1), Wallets.key(7)))
                .body(pauseBody(requestId, g7, "claims", true))
                .post("/pause-requests")
                .then()
                .statusCode(201)
                .body("status", equalTo("ACCEPTED"));
        PauseChangeRequested requested = topics.await(
                        EVENTS,
                        PauseChangeRequested.class,
                        e -> e.getRequestId().equals(requestId),
                        1)
                .getFirst();
        assertThat(requested.getRequiredApprovals()).isEqualTo(2);
        await(
                "the pending request",
                () -> given().get("/pause-requests/" + requestId).statusCode() == 200);
        assertThat(claims().getBoolean("paused")).isFalse();
        assertThat(given().get("/pause").jsonPath().getList("pending.requestId"))
                .contains(requestId);

        // a non-guardian, and the same guardian again, are refused; the flag stays as it was
        approve(requestId, Wallets.address(1), 1).then().statusCode(422).body("code", equalTo("NOT_A_GUARDIAN"));
        approve(requestId, g7, 7)
                .then()
                .statusCode(422)
                .body("code", equalTo("ALREADY_APPROVED"))
                .body("field", equalTo("guardian"));
        assertThat(topics.readAll(
                        EVENTS, PauseFlagChanged.class, e -> e.getRequestId().equals(requestId)))
                .isEmpty();

        // a second, different guardian: claims are paused, naming both
        long signedAt = System.currentTimeMillis();
        approve(requestId, g8, 8).then().statusCode(200).body("status", equalTo("ACCEPTED"));
        PauseFlagChanged paused = topics.await(
                        EVENTS, PauseFlagChanged.class, e -> e.getRequestId().equals(requestId), 1)
                .getFirst();
        assertThat(paused.getFlag()).isEqualTo(PauseFlag.CLAIMS);
        assertThat(paused.getPaused()).isTrue();
        assertThat(paused.getApprovers()).containsExactly(g7, g8);
        assertThat(paused.getScope()).isNull();
        await("claims paused in GET /pause", () -> claims().getBoolean("paused"));
        System.out.println("PAUSE second_signature_to_read_model_ms=" + (System.currentTimeMillis() - signedAt));

        // pausing it again is refused; lifting it takes two guardians as well
        String again = "pause-again-" + run;
        given().contentType(ContentType.JSON)
                .headers(Wallets.signed("RequestPauseChange", pauseFields(again, g9, "claims", 1), Wallets.key(9)))
                .body(pauseBody(again, g9, "claims", true))
                .post("/pause-requests")
                .then()
                .statusCode(422)
                .body("code", equalTo("ALREADY_PAUSED"))
                .body("field", equalTo("paused"));
        String lift = "unpause-claims-" + run;
        given().contentType(ContentType.JSON)
                .headers(Wallets.signed("RequestPauseChange", pauseFields(lift, g9, "claims", 0), Wallets.key(9)))
                .body(pauseBody(lift, g9, "claims", false))
                .post("/pause-requests")
                .then()
                .statusCode(201);
        approve(lift, g7, 7).then().statusCode(200);
        PauseFlagChanged lifted = topics.await(
                        EVENTS, PauseFlagChanged.class, e -> e.getRequestId().equals(lift), 1)
                .getFirst();
        assertThat(lifted.getPaused()).isFalse();
        assertThat(lifted.getApprovers()).containsExactly(g9, g7);
        await("claims running in GET /pause", () -> !claims().getBoolean("paused"));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static io.restassured.path.json.JsonPath claims() {
        Response pause = given().get("/pause");
        List<Map<String, Object>> capabilities = pause.jsonPath().getList("capabilities");
        int index = 0;
        for (Map<String, Object> capability : capabilities) {
            if ("claims".equals(capability.get("capability"))) {
                return pause.jsonPath().setRootPath("capabilities[" + index + "]");
            }
            index++;
        }
        throw new AssertionError("no claims capability in " + pause.asString());
    }

    private static Map<String, Object> pauseFields(String requestId, String guardian, String capability, int paused) {
        return Map.of(
                "requestId",
                requestId,
                "guardian",
                guardian,
                "capability",
                capability,
                "paused",
                BigInteger.valueOf(paused),
                "scope",
                "",
                "reason",
                "incident " + requestId);
    }

    private static Map<String, Object> pauseBody(String requestId, String guardian, String capability, boolean paused) {
        return Map.of(
                "requestId", requestId,
                "guardian", guardian,
                "capability", capability,
                "paused", paused,
                "reason", "incident " + requestId);
    }

    private static Response approve(String requestId, String guardian, int key) {
        return given().contentType(ContentType.JSON)
                .headers(Wallets.signed(
                        "ApprovePauseChange", Map.of("requestId", requestId, "guardian", guardian), Wallets.key(key)))
                .body(Map.of("guardian", guardian))
                .post("/pause-requests/" + requestId + "/approvals");
    }

    private static Response propose(String proposalId, String proposer, String name, String value, ECKeyPair key) {
        String payloadHash = PayloadHash.of(List.of(new PayloadHash.Change(name, value)), List.of());
        Map<String, Object> body = new HashMap<>();
        body.put("proposalId", proposalId);
        body.put("proposer", proposer);
        body.put("title", "Claim deposit " + value);
        body.put("description", "integration test");
        body.put("changes", List.of(Map.of("name", name, "value", value)));
        return given().contentType(ContentType.JSON)
                .headers(Wallets.signed(
                        "ProposeChange",
                        Map.of(
                                "proposalId",
                                proposalId,
                                "proposer",
                                proposer,
                                "title",
                                "Claim deposit " + value,
                                "description",
                                "integration test",
                                "payloadHash",
                                payloadHash),
                        key))
                .body(body)
                .post("/proposals");
    }

    private static Response vote(String proposalId, String voter, String support, ECKeyPair key) {
        return given().contentType(ContentType.JSON)
                .headers(Wallets.signed(
                        "CastGovernanceVote",
                        Map.of("proposalId", proposalId, "voter", voter, "support", support),
                        key))
                .body(Map.of("voter", voter, "support", support))
                .post("/proposals/" + proposalId + "/votes");
    }

    private static void deposit(String poolId, String provider, long amount) {
        topics.send(
                POOL_EVENTS,
                poolId,
                CapitalDeposited.newBuilder()
                        .setMetadata(KafkaTestKit.event(poolId, 1, "pool-service"))
                        .setPoolId(poolId)
                        .setDepositId("dep-" + UUID.randomUUID())
                        .setProvider(provider)
                        .setAmount(BigDecimal.valueOf(amount))
                        .setTrancheId(1)
                        .setTrancheEndsAt(Instant.now().plus(Duration.ofDays(90)))
                        .setTrancheDurationMs(Duration.ofDays(90).toMillis())
                        .setSource(FundsSource.API)
                        .setTotalStake(BigDecimal.valueOf(amount))
                        .build());
    }

    static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static void await(String what, BooleanSupplier condition) {
        KafkaTestKit.awaitTrue(what, Duration.ofSeconds(60), condition);
    }
}
