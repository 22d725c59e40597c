package io.coverclaims.governance.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coverclaims.governance.api.PayloadHash;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.auth.TypedData;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.RestFuzz;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.platform.testing.Wallets;
import io.coverclaims.schemas.governance.GovernanceVoteCast;
import io.coverclaims.schemas.governance.PauseChangeApproved;
import io.coverclaims.schemas.governance.PauseChangeRequested;
import io.coverclaims.schemas.governance.ProposalCreated;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * governance-service's REST API against a hostile stranger, through the real broker: wrong JSON types, huge,
 * negative and out-of-bounds values, unknown parameters and capabilities, malformed addresses, oversize strings,
 * missing, forged and replayed EIP-712 signatures, a vote or an approval signed by another address than the one it
 * names, a non-guardian's pause request, unknown proposals and requests, and a proposal id taken over by another
 * proposer. Every refusal is problem+json naming the field (or the header), and nothing reaches governance.events for
 * a refused request. The write endpoints are also fuzzed from one valid signed request each ({@link RestFuzz}):
 * nothing answers 5xx.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class GovernanceRestFuzzTest {

    static final String EVENTS = "governance.events";
    static final ObjectMapper JSON = new ObjectMapper();
    static final int RANDOM_REQUESTS = 40;
    static final String TWO_300 = BigInteger.TWO.pow(300).toString();

    static KafkaTestKit topics;
    static ECKeyPair memberKey;
    static String member;
    static ECKeyPair otherKey;
    static String other;

    @BeforeAll
    static void open() throws Exception {
        topics = new KafkaTestKit();
        memberKey = Keys.createEcKeyPair();
        member = TypedData.address(memberKey);
        otherKey = Keys.createEcKeyPair();
        other = TypedData.address(otherKey);
        deposit("pool-fuzz-" + run(), member, 1_000);
        deposit("pool-fuzz-" + run(), other, 1_000);
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
        for (String address : List.of(member, other)) {
            GovernanceServiceIntegrationTest.await(
                    "stake of " + address,
                    () -> "1000"
                            .equals(given().get("/stakes/" + address).jsonPath().getString("stake")));
        }
    }

    // ------------------------------------------------------------------------------------------------ proposals

    @Test
    void proposals_with_wrong_types_huge_negative_or_unknown_values_are_refused_naming_the_field() {
        String id = "prop-bad-" + run();
        // a number where a string is expected, an array for an object, an object for an array
        Response numberValue =
                send(proposal(id, member, "t", List.of(Map.of("name", "claim.depositUnits", "value", 75))), memberKey);
        assertRefused(numberValue, 400, "INVALID_REQUEST", "value");
        // named as Bean Validation names it (changes[0].value), not with Jackson's path dots (changes.[0].value)
        assertThat(numberValue.jsonPath().getList("invalidParams.name", String.class))
                .as(numberValue.asString())
                .containsExactly("changes[0].value");
        assertRefused(
                send(proposal(id, member, "t", List.of(List.of("claim.depositUnits", "75"))), memberKey),
                400,
                "INVALID_REQUEST",
                "changes");
        assertRefused(
                send(proposal(id, member, "t", Map.of("name", "claim.depositUnits", "value", "75")), memberKey),
                400,
                "INVALID_REQUEST",
                "changes");
        Map<String, Object> numberTitle = proposal(id, member, "t", change("claim.depositUnits", "75"));
        numberTitle.put("title", 42);
        assertRefused(sendUnsigned(numberTitle), 400, "INVALID_REQUEST", "title");
        Map<String, Object> arrayProposer = proposal(id, member, "t", change("claim.depositUnits", "75"));
        arrayProposer.put("proposer", List.of(member));
        assertRefused(sendUnsigned(arrayProposer), 400, "INVALID_REQUEST", "proposer");

        // a value of 2^300, past a long, negative, or outside the catalogue's bounds: OUT_OF_BOUNDS on the value
        for (String value :
                List.of(TWO_300, "-" + TWO_300, BigInteger.TWO.pow(70).toString(), "-5", "1000000001")) {
            assertRefused(
                    send(proposal(id, member, "t", change("claim.depositUnits", value)), memberKey),
                    422,
                    "OUT_OF_BOUNDS",
                    "changes[0].value");
        }
        // no decimal integer at all
        for (String value : List.of("1.5", "1e3", "0x10", "", " 7", "007", "x".repeat(5000))) {
            assertRefused(
                    send(proposal(id, member, "t", change("claim.depositUnits", value)), memberKey),
                    400,
                    "INVALID_REQUEST",
                    "changes[0].value");
        }
        // an unknown parameter, one listed twice, none at all
        assertRefused(
                send(
                        proposal(
                                id,
                                member,
                                "t",
                                List.of(
                                        Map.of("name", "claim.depositUnits", "value", "60"),
                                        Map.of("name", "claim.noSuchThing", "value", "1"))),
                        memberKey),
                422,
                "UNKNOWN_PARAMETER",
                "changes[1].name");
        assertRefused(
                send(
                        proposal(
                                id,
                                member,
                                "t",
                                List.of(
                                        Map.of("name", "claim.depositUnits", "value", "60"),
                                        Map.of("name", "claim.depositUnits", "value", "61"))),
                        memberKey),
                422,
                "DUPLICATE_CHANGE",
                "changes[1].name");
        assertRefused(send(proposal(id, member, "t", List.of()), memberKey), 422, "NOTHING_PROPOSED", "changes");
        assertRefused(
                send(proposal(id, member, "t", change("Claim..deposit", "1")), memberKey),
                400,
                "INVALID_REQUEST",
                "changes[0].name");

        // malformed addresses, ids and oversize strings
        for (String address : List.of("0x123", "0x" + "g".repeat(40), member.substring(2), member + "00", "")) {
            assertRefused(
                    sendUnsigned(proposal(id, address, "t", change("claim.depositUnits", "60"))),
                    400,
                    "INVALID_REQUEST",
                    "proposer");
        }
        for (String badId : List.of("prop-", "nope", "prop-" + "x".repeat(65), "prop-a/b", "prop-\u00e9")) {
            assertRefused(
                    sendUnsigned(proposal(badId, member, "t", change("claim.depositUnits", "60"))),
                    400,
                    "INVALID_REQUEST",
                    "proposalId");
        }
        assertRefused(
                send(proposal(id, member, "t".repeat(201), change("claim.depositUnits", "60")), memberKey),
                400,
                "INVALID_REQUEST",
                "title");
        Map<String, Object> longDescription = proposal(id, member, "t", change("claim.depositUnits", "60"));
        longDescription.put("description", "d".repeat(5001));
        assertRefused(send(longDescription, memberKey), 400, "INVALID_REQUEST", "description");

        // a bad action: an unknown kind, an address target that is none, arguments past their bounds
        assertRefused(
                send(proposalWithAction(id, Map.of("kind", "MINT_TOKENS", "target", member)), memberKey),
                400,
                "INVALID_REQUEST",
                "actions[0].kind");
        assertRefused(
                send(proposalWithAction(id, Map.of("kind", "APPOINT_ASSESSOR", "target", "0xnope")), memberKey),
                422,
                "INVALID_ACTION",
                "actions[0].target");
        // too many arguments; within every field's bound, but far past what a command may carry
        assertRefused(send(heavy(id, 1, 25), memberKey), 400, "INVALID_REQUEST", "actions[0].arguments");
        Response tooLarge = send(heavy(id, 20, 19), memberKey);
        assertRefused(tooLarge, 400, "INVALID_REQUEST", "actions");
        assertThat(tooLarge.jsonPath().getString("field")).isEqualTo("actions");

        assertNothingEmitted(id);
    }

    @Test
    void a_missing_forged_altered_or_replayed_signature_is_refused_401_naming_the_header() {
        String id = "prop-sig-" + run();
        Map<String, Object> body = proposal(id, member, "Deposit 61", change("claim.depositUnits", "61"));
        assertRefused(sendUnsigned(body), 401, "SIGNATURE_REQUIRED", SignatureHeaders.SIGNATURE);

        Map<String, String> headers = new LinkedHashMap<>(signed(body, memberKey));
        headers.put(SignatureHeaders.SIGNATURE, "0x" + "ab".repeat(65));
        assertRefused(sendWith(body, headers), 401, null, SignatureHeaders.SIGNATURE);
        headers.put(SignatureHeaders.SIGNATURE, "not a signature");
        assertRefused(sendWith(body, headers), 401, "SIGNATURE_MALFORMED", SignatureHeaders.SIGNATURE);
        Map<String, String> noNonce = new LinkedHashMap<>(signed(body, memberKey));
        noNonce.remove(SignatureHeaders.NONCE);
        assertRefused(sendWith(body, noNonce), 401, "NONCE_REQUIRED", SignatureHeaders.NONCE);
        Map<String, String> hugeNonce = new LinkedHashMap<>(signed(body, memberKey));
        hugeNonce.put(SignatureHeaders.NONCE, TWO_300);
        assertRefused(sendWith(body, hugeNonce), 401, "NONCE_INVALID", SignatureHeaders.NONCE);
        Map<String, String> negativeExpiry = new LinkedHashMap<>(signed(body, memberKey));
        negativeExpiry.put(SignatureHeaders.EXPIRY, "-1");
        assertRefused(sendWith(body, negativeExpiry), 401, "EXPIRY_INVALID", SignatureHeaders.EXPIRY);

        // signed by another key than the proposer's: WRONG_SIGNER
        assertRefused(sendWith(body, signed(body, otherKey)), 401, "WRONG_SIGNER", SignatureHeaders.SIGNATURE);
        // the proposer's signature over another payload (the value changed after signing)
        Map<String, String> signedBody = signed(body, memberKey);
        Map<String, Object> altered = proposal(id, member, "Deposit 61", change("claim.depositUnits", "999"));
        assertRefused(sendWith(altered, signedBody), 401, "WRONG_SIGNER", SignatureHeaders.SIGNATURE);

        // the real thing once, then its replay
        Map<String, String> good = signed(body, memberKey);
        sendWith(body, good).then().statusCode(201);
        assertRefused(sendWith(body, good), 401, "NONCE_ALREADY_USED", SignatureHeaders.NONCE);
        topics.await(EVENTS, ProposalCreated.class, e -> e.getProposalId().equals(id), 1);
        KafkaTestKit.sleep(500);
        assertThat(topics.readAll(
                        EVENTS, ProposalCreated.class, e -> e.getProposalId().equals(id)))
                .hasSize(1);
    }

    @Test
    void a_proposal_id_taken_by_another_proposer_leaves_the_first_proposal_untouched() {
        String id = "prop-taken-" + run();
        send(proposal(id, member, "Deposit 62", change("claim.depositUnits", "62")), memberKey)
                .then()
                .statusCode(201);
        ProposalCreated first = topics.await(
                        EVENTS, ProposalCreated.class, e -> e.getProposalId().equals(id), 1)
                .getFirst();

        // another member, another payload, the same id; the first proposer again with another payload
        assertRefused(
                send(proposal(id, other, "Deposit 0", change("claim.depositUnits", "0")), otherKey),
                422,
                "PROPOSAL_EXISTS",
                "proposalId");
        assertRefused(
                send(proposal(id, member, "Deposit 63", change("claim.depositUnits", "63")), memberKey),
                422,
                "PROPOSAL_EXISTS",
                "proposalId");

        GovernanceServiceIntegrationTest.await(
                "the proposal in the read model",
                () -> given().get("/proposals/" + id).statusCode() == 200);
        Response proposal = given().get("/proposals/" + id);
        assertThat(proposal.jsonPath().getString("proposer")).isEqualTo(member);
        assertThat(proposal.jsonPath().getString("title")).isEqualTo("Deposit 62");
        assertThat(proposal.jsonPath().getString("changes[0].value")).isEqualTo("62");
        KafkaTestKit.sleep(500);
        List<SpecificRecord> events = topics.readAll(EVENTS, id);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).isEqualTo(first);
    }

    @Test
    void a_vote_for_another_voter_or_on_an_unknown_proposal_is_refused_and_counts_nothing() {
        String id = "prop-votes-" + run();
        send(proposal(id, member, "Deposit 64", change("claim.depositUnits", "64")), memberKey)
                .then()
                .statusCode(201);
        topics.await(EVENTS, ProposalCreated.class, e -> e.getProposalId().equals(id), 1);

        // the other member's vote, signed by the first member: WRONG_SIGNER naming the signature header
        Map<String, Object> forOther = Map.of("voter", other, "support", "AGAINST");
        assertRefused(
                vote(id, forOther, Wallets.signed("CastGovernanceVote", voteFields(id, other, "AGAINST"), memberKey)),
                401,
                "WRONG_SIGNER",
                SignatureHeaders.SIGNATURE);
        // signed for another proposal, or another support, than the one sent
        assertRefused(
                vote(
                        id,
                        Map.of("voter", other, "support", "FOR"),
                        Wallets.signed("CastGovernanceVote", voteFields(id, other, "AGAINST"), otherKey)),
                401,
                "WRONG_SIGNER",
                SignatureHeaders.SIGNATURE);
        assertRefused(
                vote(
                        id,
                        Map.of("voter", other, "support", "FOR"),
                        Wallets.signed("CastGovernanceVote", voteFields("prop-elsewhere", other, "FOR"), otherKey)),
                401,
                "WRONG_SIGNER",
                SignatureHeaders.SIGNATURE);
        // wrong types and values
        assertRefused(vote(id, Map.of("voter", other, "support", 1), Map.of()), 400, "INVALID_REQUEST", "support");
        assertRefused(
                vote(
                        id,
                        Map.of("voter", other, "support", "YES"),
                        Wallets.signed("CastGovernanceVote", voteFields(id, other, "YES"), otherKey)),
                400,
                "INVALID_REQUEST",
                "support");
        assertRefused(
                vote(id, Map.of("voter", List.of(other), "support", "FOR"), Map.of()), 400, "INVALID_REQUEST", "voter");
        assertRefused(vote(id, Map.of("voter", "0xabc", "support", "FOR"), Map.of()), 400, "INVALID_REQUEST", "voter");

        // an unknown proposal: 404, nothing emitted
        String unknown = "prop-unknown-" + run();
        assertRefused(
                vote(
                        unknown,
                        Map.of("voter", other, "support", "FOR"),
                        Wallets.signed("CastGovernanceVote", voteFields(unknown, other, "FOR"), otherKey)),
                404,
                "PROPOSAL_NOT_FOUND",
                "proposalId");
        Map<String, String> cancelHeaders = Wallets.signed(
                "CancelProposal", Map.of("proposalId", unknown, "proposer", other, "reason", "x"), otherKey);
        given().contentType(ContentType.JSON)
                .headers(cancelHeaders)
                .body(Map.of("proposer", other, "reason", "x"))
                .post("/proposals/" + unknown + "/cancellation")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("PROPOSAL_NOT_FOUND"));
        // someone else than the proposer cancelling
        Map<String, String> notMine = Wallets.signed(
                "CancelProposal", Map.of("proposalId", id, "proposer", other, "reason", "mine now"), otherKey);
        given().contentType(ContentType.JSON)
                .headers(notMine)
                .body(Map.of("proposer", other, "reason", "mine now"))
                .post("/proposals/" + id + "/cancellation")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("NOT_PROPOSER"))
                .body("field", equalTo("proposer"));

        KafkaTestKit.sleep(500);
        assertThat(topics.readAll(
                        EVENTS, GovernanceVoteCast.class, e -> e.getProposalId().equals(id)))
                .isEmpty();
        assertNothingEmitted(unknown);
        assertThat(topics.readAll(EVENTS, id)).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------------ pause

    @Test
    void pause_requests_from_strangers_forged_approvals_and_unknown_requests_change_nothing() {
        String run = run();
        String g7 = Wallets.address(7);
        String g8 = Wallets.address(8);
        GovernanceServiceIntegrationTest.await(
                "the genesis guardians", () -> given().get("/guardians").statusCode() == 200);

        // a non-guardian, signing for itself: 422 naming the guardian field
        String stranger = "fuzz-stranger-" + run;
        assertRefused(
                pauseRequest(stranger, member, "payouts", false, "pool-" + run, memberKey),
                422,
                "NOT_A_GUARDIAN",
                "guardian");
        // a stranger naming a guardian, signing with its own key
        assertRefused(
                pauseRequest(stranger, g7, "payouts", true, "pool-" + run, memberKey),
                401,
                "WRONG_SIGNER",
                SignatureHeaders.SIGNATURE);
        // an unknown capability, a malformed guardian, a wrong type, an oversize reason or scope
        assertRefused(
                pauseRequest(stranger, g7, "everything", true, "pool-" + run, Wallets.key(7)),
                400,
                "INVALID_REQUEST",
                "capability");
        assertRefused(
                pauseRequest(stranger, g7, "CLAIMS", true, "pool-" + run, Wallets.key(7)),
                400,
                "INVALID_REQUEST",
                "capability");
        assertRefused(
                postPause(pauseBody(stranger, "0x" + "z".repeat(40), "claims", true, null, "r"), Map.of()),
                400,
                "INVALID_REQUEST",
                "guardian");
        Map<String, Object> typed = pauseBody(stranger, g7, "claims", true, null, "r");
        typed.put("paused", "true");
        assertRefused(postPause(typed, Map.of()), 400, "INVALID_REQUEST", "paused");
        typed.put("paused", 1);
        assertRefused(postPause(typed, Map.of()), 400, "INVALID_REQUEST", "paused");
        typed.put("paused", true);
        typed.put("capability", List.of("claims"));
        assertRefused(postPause(typed, Map.of()), 400, "INVALID_REQUEST", "capability");
        Map<String, Object> longReason = pauseBody(stranger, g7, "claims", true, null, "r".repeat(2001));
        assertRefused(postPause(longReason, Map.of()), 400, "INVALID_REQUEST", "reason");
        Map<String, Object> longScope = pauseBody(stranger, g7, "claims", true, "s".repeat(81), "r");
        assertRefused(postPause(longScope, Map.of()), 400, "INVALID_REQUEST", "scope");
        Map<String, Object> badId = pauseBody("a b", g7, "claims", true, null, "r");
        assertRefused(postPause(badId, Map.of()), 400, "INVALID_REQUEST", "requestId");

        // a real pending request (guardian 7, a scoped pause of a pool no one uses)
        String requestId = "fuzz-pause-" + run;
        pauseRequest(requestId, g7, "payouts", true, "pool-" + run, Wallets.key(7))
                .then()
                .statusCode(201);
        topics.await(EVENTS, PauseChangeRequested.class, e -> e.getRequestId().equals(requestId), 1);
        // guardian 8's approval signed with guardian 9's key, and a stranger's approval naming guardian 8
        assertRefused(approve(requestId, g8, Wallets.key(9)), 401, "WRONG_SIGNER", SignatureHeaders.SIGNATURE);
        assertRefused(approve(requestId, g8, memberKey), 401, "WRONG_SIGNER", SignatureHeaders.SIGNATURE);
        // a stranger approving for itself; the requesting guardian again
        assertRefused(approve(requestId, member, memberKey), 422, "NOT_A_GUARDIAN", "guardian");
        assertRefused(approve(requestId, g7, Wallets.key(7)), 422, "ALREADY_APPROVED", "guardian");
        // an unknown request: 404
        String unknown = "fuzz-unknown-" + run;
        assertRefused(approve(unknown, g8, Wallets.key(8)), 404, "REQUEST_NOT_FOUND", "requestId");
        assertRefused(
                given().contentType(ContentType.JSON)
                        .headers(Wallets.signed(
                                "ApprovePauseChange", Map.of("requestId", requestId, "guardian", g8), Wallets.key(8)))
                        .body(Map.of("guardian", 8))
                        .post("/pause-requests/" + requestId + "/approvals"),
                400,
                "INVALID_REQUEST",
                "guardian");

        KafkaTestKit.sleep(500);
        assertThat(topics.readAll(
                        EVENTS, PauseChangeApproved.class, e -> e.getRequestId().equals(requestId)))
                .isEmpty();
        assertThat(topics.readAll(
                        EVENTS,
                        PauseChangeRequested.class,
                        e -> e.getRequestId().equals(stranger)
                                || e.getRequestId().equals(unknown)
                                || e.getRequestId().equals(requestId)))
                .extracting(PauseChangeRequested::getRequestId)
                .containsExactly(requestId);
        assertThat(topics.readAll(
                        EVENTS, PauseChangeApproved.class, e -> e.getRequestId().equals(unknown)))
                .isEmpty();
        given().get("/pause-requests/" + requestId)
                .then()
                .statusCode(200)
                .body("approvers", org.hamcrest.Matchers.contains(g7))
                .body("status", equalTo("PENDING"));
    }

    @Test
    void hostile_paths_on_the_read_endpoints_are_refused_naming_the_field() {
        for (String path : List.of(
                "/proposals/" + "x".repeat(300),
                "/proposals/prop-%00",
                "/proposals/prop-..%2F..%2Fetc",
                "/parameters/" + "a.".repeat(200) + "b",
                "/parameters/%E2%80%AE",
                "/parameters/claim.nothing",
                "/stakes/0x123",
                "/stakes/" + "0x" + "g".repeat(40),
                "/pause-requests/%20",
                "/pause-requests/" + "r".repeat(81),
                "/proposals/prop-x/votes/extra")) {
            Response response = given().urlEncodingEnabled(false).get(path);
            assertThat(response.statusCode())
                    .as(path + " -> " + response.asString())
                    .isBetween(400, 499);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("code")).as(path).isNotBlank();
            assertThat(response.jsonPath().getString("field")).as(path).isNotBlank();
        }
    }

    // ------------------------------------------------------------------------------------------------ RestFuzz

    @Test
    void signed_writes_never_fail_and_every_refusal_names_a_field() throws Exception {
        String run = run();
        // a proposal (its fuzz sends only mutations: each is refused 400 or 401; the description is signed too, so a
        // relayer cannot change it)
        String proposalId = "prop-fuzz-" + run;
        Map<String, Object> valid = proposal(proposalId, member, "Fuzz", change("claim.depositUnits", "65"));
        assertThat(fuzz("POST", "/proposals", valid, freshlySigned(() -> signed(valid, memberKey))))
                .containsKeys(400, 401);

        // a vote on a proposal that exists
        String votedOn = "prop-fuzz-votes-" + run;
        send(proposal(votedOn, member, "Fuzz votes", change("claim.depositUnits", "66")), memberKey)
                .then()
                .statusCode(201);
        topics.await(EVENTS, ProposalCreated.class, e -> e.getProposalId().equals(votedOn), 1);
        Map<String, Object> ballot = Map.of("voter", other, "support", "AGAINST");
        assertThat(fuzz(
                        "POST",
                        "/proposals/" + votedOn + "/votes",
                        ballot,
                        freshlySigned(() ->
                                Wallets.signed("CastGovernanceVote", voteFields(votedOn, other, "AGAINST"), otherKey))))
                .containsKeys(400, 401);
        Map<String, Object> cancellation = Map.of("proposer", member, "reason", "fuzzed");
        assertThat(fuzz(
                        "POST",
                        "/proposals/" + votedOn + "/cancellation",
                        cancellation,
                        freshlySigned(() -> Wallets.signed(
                                "CancelProposal",
                                Map.of("proposalId", votedOn, "proposer", member, "reason", "fuzzed"),
                                memberKey))))
                .containsKeys(400, 401);

        // a guardian lifting a scoped pause that is not there (NOT_PAUSED when valid), and approving an unknown one
        String g7 = Wallets.address(7);
        String g8 = Wallets.address(8);
        String requestId = "fuzz-lift-" + run;
        Map<String, Object> lift = pauseBody(requestId, g7, "deposits", false, "pool-fuzz-" + run, "fuzzed");
        assertThat(fuzz(
                        "POST",
                        "/pause-requests",
                        lift,
                        freshlySigned(() -> Wallets.signed(
                                "RequestPauseChange",
                                pauseFields(requestId, g7, "deposits", false, "pool-fuzz-" + run, "fuzzed"),
                                Wallets.key(7)))))
                .containsKeys(400, 401);
        String unknown = "fuzz-approve-" + run;
        assertThat(fuzz(
                        "POST",
                        "/pause-requests/" + unknown + "/approvals",
                        Map.of("guardian", g8),
                        freshlySigned(() -> Wallets.signed(
                                "ApprovePauseChange", Map.of("requestId", unknown, "guardian", g8), Wallets.key(8)))))
                .containsKeys(400, 401);

        KafkaTestKit.sleep(500);
        assertThat(topics.readAll(
                        EVENTS, GovernanceVoteCast.class, e -> e.getProposalId().equals(votedOn)))
                .isEmpty();
        assertThat(topics.readAll(EVENTS, votedOn)).hasSize(1);
        assertThat(topics.readAll(EVENTS, proposalId)).hasSizeLessThanOrEqualTo(1);
        assertThat(topics.readAll(
                        EVENTS,
                        PauseChangeRequested.class,
                        e -> e.getRequestId().equals(requestId)))
                .isEmpty();
        assertThat(topics.readAll(
                        EVENTS, PauseChangeApproved.class, e -> e.getRequestId().equals(unknown)))
                .isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static Map<Integer, Integer> fuzz(String method, String path, Object body, Map<String, Supplier<String>> headers)
            throws Exception {
        Map<Integer, Integer> counts = RestFuzz.of(method, path, JSON.writeValueAsString(body), headers)
                .run(RANDOM_REQUESTS);
        System.out.println("FUZZ " + method + " " + path + " " + new TreeMap<>(counts));
        assertThat(counts.keySet()).allSatisfy(status -> assertThat(status).isLessThan(500));
        return counts;
    }

    /** The three signature headers, signed afresh for each request (so no mutation is refused as a replay). */
    static Map<String, Supplier<String>> freshlySigned(Supplier<Map<String, String>> sign) {
        AtomicReference<Map<String, String>> current = new AtomicReference<>(sign.get());
        Map<String, Supplier<String>> headers = new LinkedHashMap<>();
        headers.put(SignatureHeaders.SIGNATURE, () -> {
            current.set(sign.get());
            return current.get().get(SignatureHeaders.SIGNATURE);
        });
        headers.put(SignatureHeaders.NONCE, () -> current.get().get(SignatureHeaders.NONCE));
        headers.put(SignatureHeaders.EXPIRY, () -> current.get().get(SignatureHeaders.EXPIRY));
        return headers;
    }

    static void assertRefused(Response response, int status, String code, String field) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.asString()).startsWith("application/problem+json");
        if (code != null) {
            assertThat(response.jsonPath().getString("code"))
                    .as(response.asString())
                    .isEqualTo(code);
        }
        String named = response.jsonPath().getString("field");
        List<String> params = response.jsonPath().getList("invalidParams.name");
        assertThat(named == null ? String.join(",", params) : named)
                .as(response.asString())
                .contains(field);
    }

    static void assertNothingEmitted(String aggregateId) {
        KafkaTestKit.sleep(300);
        assertThat(topics.readAll(EVENTS, aggregateId)).isEmpty();
    }

    static List<Map<String, Object>> change(String name, String value) {
        return List.of(Map.of("name", name, "value", value));
    }

    static Map<String, Object> proposal(String proposalId, String proposer, String title, Object changes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("proposalId", proposalId);
        body.put("proposer", proposer);
        body.put("title", title);
        body.put("description", "fuzz");
        body.put("changes", changes);
        return body;
    }

    /** {@code actions} oracle source registrations of {@code arguments} arguments of 4000 characters each. */
    static Map<String, Object> heavy(String proposalId, int actions, int arguments) {
        Map<String, String> many = new TreeMap<>();
        for (int i = 0; i < arguments; i++) {
            many.put("arg" + i, "v".repeat(4000));
        }
        many.put("sourceId", "src");
        List<Map<String, Object>> heavy = new java.util.ArrayList<>();
        for (int i = 0; i < actions; i++) {
            heavy.add(Map.of("kind", "REGISTER_ORACLE_SOURCE", "target", "FEED-" + i, "arguments", many));
        }
        Map<String, Object> body = proposal(proposalId, member, "t", List.of());
        body.put("actions", heavy);
        return body;
    }

    static Map<String, Object> proposalWithAction(String proposalId, Map<String, Object> action) {
        Map<String, Object> body = proposal(proposalId, member, "t", List.of());
        body.put("actions", List.of(action));
        return body;
    }

    /** The ProposeChange signature of {@code body} (its payload hashed as the edge does), where it can be made. */
    @SuppressWarnings("unchecked")
    static Map<String, String> signed(Map<String, Object> body, ECKeyPair key) {
        List<PayloadHash.Change> changes = new java.util.ArrayList<>();
        if (body.get("changes") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> change) {
                    changes.add(new PayloadHash.Change(
                            String.valueOf(change.get("name")), String.valueOf(change.get("value"))));
                }
            }
        }
        List<PayloadHash.Action> actions = new java.util.ArrayList<>();
        if (body.get("actions") instanceof List<?> list) {
            for (Object item : list) {
                Map<String, Object> action = (Map<String, Object>) item;
                actions.add(new PayloadHash.Action(
                        String.valueOf(action.get("kind")), String.valueOf(action.get("target")), (Map<String, String>)
                                action.get("arguments")));
            }
        }
        return Wallets.signed(
                "ProposeChange",
                Map.of(
                        "proposalId",
                        String.valueOf(body.get("proposalId")),
                        "proposer",
                        String.valueOf(body.get("proposer")).toLowerCase(java.util.Locale.ROOT),
                        "title",
                        String.valueOf(body.get("title")),
                        "description",
                        body.get("description") == null ? "" : String.valueOf(body.get("description")),
                        "payloadHash",
                        PayloadHash.of(changes, actions)),
                key);
    }

    static Response send(Map<String, Object> body, ECKeyPair key) {
        return sendWith(body, signed(body, key));
    }

    static Response sendWith(Map<String, Object> body, Map<String, String> headers) {
        return given().contentType(ContentType.JSON).headers(headers).body(body).post("/proposals");
    }

    static Response sendUnsigned(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/proposals");
    }

    static Map<String, Object> voteFields(String proposalId, String voter, String support) {
        return Map.of("proposalId", proposalId, "voter", voter, "support", support);
    }

    static Response vote(String proposalId, Map<String, Object> body, Map<String, String> headers) {
        return given().contentType(ContentType.JSON)
                .headers(headers)
                .body(body)
                .post("/proposals/" + proposalId + "/votes");
    }

    static Map<String, Object> pauseBody(
            String requestId, String guardian, String capability, Object paused, String scope, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("guardian", guardian);
        body.put("capability", capability);
        body.put("paused", paused);
        if (scope != null) {
            body.put("scope", scope);
        }
        body.put("reason", reason);
        return body;
    }

    static Map<String, Object> pauseFields(
            String requestId, String guardian, String capability, boolean paused, String scope, String reason) {
        return Map.of(
                "requestId",
                requestId,
                "guardian",
                guardian,
                "capability",
                capability,
                "paused",
                paused ? BigInteger.ONE : BigInteger.ZERO,
                "scope",
                scope == null ? "" : scope,
                "reason",
                reason);
    }

    static Response pauseRequest(
            String requestId, String guardian, String capability, boolean paused, String scope, ECKeyPair key) {
        String reason = "fuzz " + requestId;
        return postPause(
                pauseBody(requestId, guardian, capability, paused, scope, reason),
                Wallets.signed(
                        "RequestPauseChange",
                        pauseFields(requestId, guardian, capability, paused, scope, reason),
                        key));
    }

    static Response postPause(Map<String, Object> body, Map<String, String> headers) {
        return given().contentType(ContentType.JSON).headers(headers).body(body).post("/pause-requests");
    }

    static Response approve(String requestId, String guardian, ECKeyPair key) {
        return given().contentType(ContentType.JSON)
                .headers(
                        Wallets.signed("ApprovePauseChange", Map.of("requestId", requestId, "guardian", guardian), key))
                .body(Map.of("guardian", guardian))
                .post("/pause-requests/" + requestId + "/approvals");
    }

    static void deposit(String poolId, String provider, long amount) {
        topics.send(
                "pool.events",
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
}
