package io.coverclaims.pool.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.platform.auth.CommandSigner;
import io.coverclaims.platform.auth.SigningDomain;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.Wallets;
import io.coverclaims.schemas.pool.CapitalWithdrawn;
import io.coverclaims.schemas.pool.WithdrawalCancelled;
import io.coverclaims.schemas.pool.WithdrawalRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/**
 * Withdrawals through the real service and broker are the provider's wallet's to request, complete and cancel: an
 * EIP-712 signature verified before anything is sent (401 naming the header otherwise, and nothing on pool.events),
 * the signer the command's actor, the signed nonce the command's key (a replay is 401 NONCE_ALREADY_USED), and only
 * the withdrawal's provider may complete or cancel it (the pool decides: 422 NOT_WITHDRAWAL_OWNER).
 *
 * <p>"Nothing on pool.events" is checked after a marker: a valid request sent after the refused ones is the only
 * WithdrawalRequested of its pool (a pool's events are one partition, in order).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class PoolSignedWithdrawalsIntegrationTest extends PoolApi {

    static final String AMOUNT = "1000";

    /** A pool with ALICE's stake of 1 000 000 (cooldown 0, 1 s tranches: a withdrawal may complete a second later). */
    static String poolWithAlicesStake() {
        String poolId = createPool(1_000, 0);
        deposit(poolId, ALICE, 1_000_000, null).then().statusCode(201);
        return poolId;
    }

    /** Sends a valid request of ALICE's after the refused ones: it must be the pool's only WithdrawalRequested. */
    static void onlyTheMarkerWasRequested(String poolId, int tranche) {
        Response marker = requestWithdrawal(poolId, ALICE, tranche, "7", ALICE_KEY);
        marker.then().statusCode(201);
        String markerId = idOf(marker);
        awaitPoolEvent(
                poolId, WithdrawalRequested.class, e -> e.getWithdrawalId().equals(markerId));
        assertThat(withdrawalsRequested(poolId))
                .as("the refused requests sent nothing")
                .extracting(WithdrawalRequested::getWithdrawalId)
                .containsExactly(markerId);
    }

    static void refused(Response response, String code, String field) {
        response.then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo(code))
                .body("field", equalTo(field));
    }

    @Test
    void a_withdrawal_request_signed_by_another_key_is_refused_401_wrong_signer_and_emits_nothing() {
        String poolId = poolWithAlicesStake();
        int tranche = trancheOf(poolId, ALICE);

        Response forged = requestWithdrawal(poolId, ALICE, tranche, AMOUNT, MALLORY_KEY);
        refused(forged, "WRONG_SIGNER", "X-Signature");
        forged.then().body("detail", containsString(MALLORY));
        // ALICE's own signature over another body (Mallory as recipient) recovers to someone else: refused the same
        Map<String, String> alices =
                Wallets.signed("RequestWithdrawal", withdrawalFields(poolId, ALICE, tranche, AMOUNT), ALICE_KEY);
        Map<String, Object> redirected = new HashMap<>(withdrawalBody(ALICE, tranche, AMOUNT));
        redirected.put("recipient", MALLORY);
        refused(
                signedWith(alices).body(redirected).post("/pools/" + poolId + "/withdrawals"),
                "WRONG_SIGNER",
                "X-Signature");
        // ... and so is her signature for another pool, or for another chain
        String otherPool = createPool();
        refused(
                signedWith(Wallets.signed(
                                "RequestWithdrawal", withdrawalFields(otherPool, ALICE, tranche, AMOUNT), ALICE_KEY))
                        .body(withdrawalBody(ALICE, tranche, AMOUNT))
                        .post("/pools/" + poolId + "/withdrawals"),
                "WRONG_SIGNER",
                "X-Signature");
        SigningDomain mainnet = SigningDomain.of(1, Wallets.LOCAL.verifyingContract());
        refused(
                signedWith(CommandSigner.sign(
                                        mainnet,
                                        "RequestWithdrawal",
                                        withdrawalFields(poolId, ALICE, tranche, AMOUNT),
                                        ALICE_KEY)
                                .headers())
                        .body(withdrawalBody(ALICE, tranche, AMOUNT))
                        .post("/pools/" + poolId + "/withdrawals"),
                "WRONG_SIGNER",
                "X-Signature");

        onlyTheMarkerWasRequested(poolId, tranche);
    }

    @Test
    void an_expired_withdrawal_request_is_refused_401_signature_expired_and_emits_nothing() {
        String poolId = poolWithAlicesStake();
        int tranche = trancheOf(poolId, ALICE);
        long now = System.currentTimeMillis() / 1000;

        for (long expiry : List.of(now - 1, now - 3_600)) {
            refused(
                    signedWith(signed(poolId, tranche, BigInteger.valueOf(expiry + 7), expiry))
                            .body(withdrawalBody(ALICE, tranche, AMOUNT))
                            .post("/pools/" + poolId + "/withdrawals"),
                    "SIGNATURE_EXPIRED",
                    "X-Signature-Expiry");
        }
        // valid for longer than the service allows (1 h): refused too
        refused(
                signedWith(signed(
                                poolId,
                                tranche,
                                BigInteger.TEN,
                                now + Duration.ofHours(2).toSeconds()))
                        .body(withdrawalBody(ALICE, tranche, AMOUNT))
                        .post("/pools/" + poolId + "/withdrawals"),
                "EXPIRY_TOO_FAR",
                "X-Signature-Expiry");

        onlyTheMarkerWasRequested(poolId, tranche);
    }

    @Test
    void an_unsigned_withdrawal_request_is_refused_401_signature_required_and_emits_nothing() {
        String poolId = poolWithAlicesStake();
        int tranche = trancheOf(poolId, ALICE);

        refused(
                given().contentType("application/json")
                        .body(withdrawalBody(ALICE, tranche, AMOUNT))
                        .post("/pools/" + poolId + "/withdrawals"),
                "SIGNATURE_REQUIRED",
                "X-Signature");
        // the old way of naming the caller names no one
        refused(
                given().contentType("application/json")
                        .header("X-Actor", ALICE)
                        .header("Idempotency-Key", "wd-1")
                        .body(withdrawalBody(ALICE, tranche, AMOUNT))
                        .post("/pools/" + poolId + "/withdrawals"),
                "SIGNATURE_REQUIRED",
                "X-Signature");
        // a signature without its nonce or expiry
        Map<String, String> headers = new HashMap<>(
                Wallets.signed("RequestWithdrawal", withdrawalFields(poolId, ALICE, tranche, AMOUNT), ALICE_KEY));
        headers.remove("X-Signature-Nonce");
        refused(
                signedWith(headers)
                        .body(withdrawalBody(ALICE, tranche, AMOUNT))
                        .post("/pools/" + poolId + "/withdrawals"),
                "NONCE_REQUIRED",
                "X-Signature-Nonce");

        onlyTheMarkerWasRequested(poolId, tranche);
    }

    @Test
    void the_same_signed_withdrawal_request_sent_twice_is_refused_401_nonce_already_used_the_second_time() {
        String poolId = poolWithAlicesStake();
        int tranche = trancheOf(poolId, ALICE);
        Map<String, String> signature =
                Wallets.signed("RequestWithdrawal", withdrawalFields(poolId, ALICE, tranche, AMOUNT), ALICE_KEY);

        Response first = signedWith(signature)
                .body(withdrawalBody(ALICE, tranche, AMOUNT))
                .post("/pools/" + poolId + "/withdrawals");
        first.then().statusCode(201).body("status", equalTo("ACCEPTED"));
        String withdrawalId = idOf(first);
        Response again = signedWith(signature)
                .body(withdrawalBody(ALICE, tranche, AMOUNT))
                .post("/pools/" + poolId + "/withdrawals");
        refused(again, "NONCE_ALREADY_USED", "X-Signature-Nonce");
        // the same message with the recipient spelled out is the same signed message: a replay too
        Map<String, Object> explicit = new HashMap<>(withdrawalBody(ALICE, tranche, AMOUNT));
        explicit.put("recipient", ALICE.toUpperCase().replace("0X", "0x"));
        refused(
                signedWith(signature).body(explicit).post("/pools/" + poolId + "/withdrawals"),
                "NONCE_ALREADY_USED",
                "X-Signature-Nonce");

        awaitPoolEvent(
                poolId, WithdrawalRequested.class, e -> e.getWithdrawalId().equals(withdrawalId));
        onlyTheMarkerAfter(poolId, tranche, withdrawalId);
        WithdrawalRequested requested = withdrawalsRequested(poolId).getFirst();
        assertThat(requested.getMetadata().getActor()).as("the signer acts").isEqualTo(ALICE);
        assertThat(requested.getMetadata().getCorrelationId()).isEqualTo(withdrawalId);
        assertThat(requested.getRecipient()).isEqualTo(ALICE);
    }

    @Test
    void the_withdrawal_id_derives_from_the_signer_and_the_nonce_and_an_idempotency_key_changes_nothing() {
        String poolId = poolWithAlicesStake();
        deposit(poolId, BOB, 1_000_000, null).then().statusCode(201);
        int tranche = trancheOf(poolId, ALICE);
        int bobsTranche = trancheOf(poolId, BOB); // 1 s tranches: maybe another one
        long expiry = System.currentTimeMillis() / 1000 + 600;
        BigInteger nonce = BigInteger.valueOf(42);

        // ALICE and BOB sign with the same nonce and send the same Idempotency-Key: two withdrawals
        Response alices = signedWith(CommandSigner.sign(
                                Wallets.LOCAL,
                                "RequestWithdrawal",
                                withdrawalFields(poolId, ALICE, tranche, AMOUNT),
                                nonce,
                                expiry,
                                ALICE_KEY)
                        .headers())
                .header("Idempotency-Key", "same-key")
                .body(withdrawalBody(ALICE, tranche, AMOUNT))
                .post("/pools/" + poolId + "/withdrawals");
        Response bobs = signedWith(CommandSigner.sign(
                                Wallets.LOCAL,
                                "RequestWithdrawal",
                                withdrawalFields(poolId, BOB, bobsTranche, AMOUNT),
                                nonce,
                                expiry,
                                BOB_KEY)
                        .headers())
                .header("Idempotency-Key", "same-key")
                .body(withdrawalBody(BOB, bobsTranche, AMOUNT))
                .post("/pools/" + poolId + "/withdrawals");
        alices.then().statusCode(201).body("duplicate", equalTo(false));
        bobs.then().statusCode(201).body("duplicate", equalTo(false));
        assertThat(idOf(alices)).startsWith("wd-").isNotEqualTo(idOf(bobs));
        // ALICE again with the same Idempotency-Key and a new nonce: a third withdrawal, not a retry
        Response again = signedWith(Wallets.signed(
                        "RequestWithdrawal", withdrawalFields(poolId, ALICE, tranche, AMOUNT), ALICE_KEY))
                .header("Idempotency-Key", "same-key")
                .body(withdrawalBody(ALICE, tranche, AMOUNT))
                .post("/pools/" + poolId + "/withdrawals");
        again.then().statusCode(201).body("duplicate", equalTo(false));
        assertThat(idOf(again)).isNotIn(idOf(alices), idOf(bobs));
        given().get("/pools/" + poolId).then().body("pendingWithdrawals", equalTo("3000"));
    }

    @Test
    void completing_or_cancelling_another_providers_withdrawal_is_refused_and_changes_nothing() {
        String poolId = poolWithAlicesStake();
        int tranche = trancheOf(poolId, ALICE);
        Response requested = requestWithdrawal(poolId, ALICE, tranche, AMOUNT, ALICE_KEY);
        requested.then().statusCode(201);
        String withdrawalId = idOf(requested);
        // the tranche (1 s) has ended and there is no cooldown: only ownership stands in the way
        awaitCompletable(poolId, withdrawalId);

        for (Response stranger : List.of(
                completeWithdrawal(poolId, withdrawalId, MALLORY_KEY),
                cancelWithdrawal(poolId, withdrawalId, MALLORY_KEY),
                cancelWithdrawal(poolId, withdrawalId, BOB_KEY))) {
            stranger.then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("code", equalTo("NOT_WITHDRAWAL_OWNER"))
                    .body("field", equalTo("withdrawalId"));
        }
        // unsigned: refused before the pool is asked
        refused(
                given().post("/pools/" + poolId + "/withdrawals/" + withdrawalId + "/complete"),
                "SIGNATURE_REQUIRED",
                "X-Signature");
        refused(
                given().post("/pools/" + poolId + "/withdrawals/" + withdrawalId + "/cancel"),
                "SIGNATURE_REQUIRED",
                "X-Signature");
        given().get("/pools/" + poolId + "/withdrawals/" + withdrawalId)
                .then()
                .statusCode(200)
                .body("status", equalTo("PENDING"));
        given().get("/pools/" + poolId).then().body("capital", equalTo("1000000"));

        // ALICE's own completion goes through; a replay of it is refused, a second one with a new nonce is a no-op
        Map<String, String> complete = withdrawalSignature("CompleteWithdrawal", poolId, withdrawalId, ALICE_KEY);
        signedWith(complete)
                .post("/pools/" + poolId + "/withdrawals/" + withdrawalId + "/complete")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACCEPTED"));
        refused(
                signedWith(complete).post("/pools/" + poolId + "/withdrawals/" + withdrawalId + "/complete"),
                "NONCE_ALREADY_USED",
                "X-Signature-Nonce");
        completeWithdrawal(poolId, withdrawalId, ALICE_KEY).then().statusCode(200);
        CapitalWithdrawn withdrawn = awaitPoolEvent(
                poolId, CapitalWithdrawn.class, e -> e.getWithdrawalId().equals(withdrawalId));
        assertThat(withdrawn.getMetadata().getActor()).isEqualTo(ALICE);
        assertThat(withdrawn.getMetadata().getCorrelationId())
                .as("a withdrawal's commands are correlated by its id")
                .isEqualTo(withdrawalId);
        assertThat(topics.readAll("pool.events", poolId))
                .filteredOn(e -> e instanceof CapitalWithdrawn || e instanceof WithdrawalCancelled)
                .hasSize(1);
    }

    @Test
    void a_stranger_probing_the_signature_headers_is_answered_401_naming_the_header_and_nothing_is_sent() {
        String poolId = poolWithAlicesStake();
        int tranche = trancheOf(poolId, ALICE);
        Map<String, String> valid =
                Wallets.signed("RequestWithdrawal", withdrawalFields(poolId, ALICE, tranche, AMOUNT), ALICE_KEY);
        String signature = valid.get("X-Signature");
        byte[] bytes = Numeric.hexStringToByteArray(signature);
        bytes[64] = 99;
        String v99 = Numeric.toHexString(bytes);
        String twoTo256 = BigInteger.TWO.pow(256).toString();
        // the malleable twin (n - s, the other v) of ALICE's signature recovers to ALICE too: refused (EIP-2)
        byte[] twin = Numeric.hexStringToByteArray(signature);
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(twin, 32, 64));
        System.arraycopy(
                Numeric.toBytesPadded(org.web3j.crypto.Sign.CURVE_PARAMS.getN().subtract(s), 32), 0, twin, 32, 32);
        twin[64] = (byte) (twin[64] == 27 ? 28 : 27);
        String malleable = Numeric.toHexString(twin);

        record Probe(String header, String value, String code, String field) {
            Probe(String header, String value, String code) {
                this(header, value, code, header);
            }
        }
        for (Probe probe : List.of(
                new Probe("X-Signature", v99, "SIGNATURE_MALFORMED"),
                new Probe("X-Signature", malleable, "SIGNATURE_MALFORMED"),
                new Probe("X-Signature", signature.substring(0, 40), "SIGNATURE_MALFORMED"),
                new Probe("X-Signature", "0x" + "00".repeat(65), "SIGNATURE_MALFORMED"),
                new Probe("X-Signature", "", "SIGNATURE_REQUIRED"),
                new Probe("X-Signature-Nonce", twoTo256, "NONCE_INVALID"),
                new Probe("X-Signature-Nonce", "-1", "NONCE_INVALID"),
                new Probe("X-Signature-Nonce", "0x10", "NONCE_INVALID"),
                new Probe("X-Signature-Nonce", "007", "NONCE_INVALID"),
                new Probe("X-Signature-Nonce", "9".repeat(5_000), "NONCE_INVALID"),
                new Probe("X-Signature-Expiry", twoTo256, "EXPIRY_INVALID"),
                new Probe("X-Signature-Expiry", "99999999999999999999", "EXPIRY_TOO_FAR"),
                new Probe("X-Signature-Expiry", "", "EXPIRY_REQUIRED"),
                // another nonce or expiry than the ones signed: the signature is over another message
                new Probe("X-Signature-Nonce", "1", "WRONG_SIGNER", "X-Signature"),
                new Probe(
                        "X-Signature-Expiry",
                        String.valueOf(Long.parseLong(valid.get("X-Signature-Expiry")) - 1),
                        "WRONG_SIGNER",
                        "X-Signature"))) {
            Map<String, String> headers = new HashMap<>(valid);
            headers.put(probe.header(), probe.value());
            refused(
                    signedWith(headers)
                            .body(withdrawalBody(ALICE, tranche, AMOUNT))
                            .post("/pools/" + poolId + "/withdrawals"),
                    probe.code(),
                    probe.field());
        }
        // the largest nonce there is is a nonce like any other
        BigInteger largest = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        long expiry = System.currentTimeMillis() / 1000 + 600;
        Map<String, String> huge = signed(poolId, tranche, largest, expiry);
        signedWith(huge)
                .body(withdrawalBody(ALICE, tranche, AMOUNT))
                .post("/pools/" + poolId + "/withdrawals")
                .then()
                .statusCode(201);
        refused(
                signedWith(huge).body(withdrawalBody(ALICE, tranche, AMOUNT)).post("/pools/" + poolId + "/withdrawals"),
                "NONCE_ALREADY_USED",
                "X-Signature-Nonce");
        // the original signature was never used by the refused probes: it still works once
        signedWith(valid)
                .body(withdrawalBody(ALICE, tranche, AMOUNT))
                .post("/pools/" + poolId + "/withdrawals")
                .then()
                .statusCode(201);
        assertThat(withdrawalsRequestedEventually(poolId, 2)).hasSize(2);
    }

    @Test
    void another_providers_withdrawal_id_cannot_be_read_as_ones_own_to_complete_or_cancel() {
        String poolId = poolWithAlicesStake();
        String otherPool = poolWithAlicesStake();
        int tranche = trancheOf(poolId, ALICE);
        Response requested = requestWithdrawal(poolId, ALICE, tranche, AMOUNT, ALICE_KEY);
        requested.then().statusCode(201);
        String withdrawalId = idOf(requested);

        // ALICE's signature for this withdrawal in another pool (or with the id changed) is not one for this one
        Map<String, String> forOtherPool = withdrawalSignature("CancelWithdrawal", otherPool, withdrawalId, ALICE_KEY);
        Response crossPool =
                signedWith(forOtherPool).post("/pools/" + poolId + "/withdrawals/" + withdrawalId + "/cancel");
        // no signer field: the signature recovers to some address that is not the provider's
        crossPool
                .then()
                .statusCode(422)
                .body("code", equalTo("NOT_WITHDRAWAL_OWNER"))
                .body("field", equalTo("withdrawalId"));
        // a complete signature sent to cancel is another message too
        Map<String, String> completeSigned = withdrawalSignature("CompleteWithdrawal", poolId, withdrawalId, ALICE_KEY);
        signedWith(completeSigned)
                .post("/pools/" + poolId + "/withdrawals/" + withdrawalId + "/cancel")
                .then()
                .statusCode(422)
                .body("code", equalTo("NOT_WITHDRAWAL_OWNER"));
        // an unknown withdrawal is 404 whoever asks
        cancelWithdrawal(poolId, "wd-nope", MALLORY_KEY)
                .then()
                .statusCode(404)
                .body("code", equalTo("WITHDRAWAL_NOT_FOUND"));
        given().get("/pools/" + poolId + "/withdrawals/" + withdrawalId).then().body("status", equalTo("PENDING"));

        cancelWithdrawal(poolId, withdrawalId, ALICE_KEY).then().statusCode(200);
        given().get("/pools/" + poolId + "/withdrawals/" + withdrawalId).then().body("status", equalTo("CANCELLED"));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** ALICE's RequestWithdrawal of {@link #AMOUNT} signed with a chosen nonce and expiry. */
    static Map<String, String> signed(String poolId, int tranche, BigInteger nonce, long expiry) {
        return CommandSigner.sign(
                        Wallets.LOCAL,
                        "RequestWithdrawal",
                        withdrawalFields(poolId, ALICE, tranche, AMOUNT),
                        nonce,
                        expiry,
                        ALICE_KEY)
                .headers();
    }

    /** Waits for the withdrawal's cooldown end (the view's cooldownEndsAt) to pass. */
    static void awaitCompletable(String poolId, String withdrawalId) {
        java.time.Instant endsAt =
                java.time.Instant.parse(given().get("/pools/" + poolId + "/withdrawals/" + withdrawalId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("cooldownEndsAt"));
        while (!java.time.Instant.now().isAfter(endsAt.plusMillis(50))) {
            io.coverclaims.platform.testing.KafkaTestKit.sleep(50);
        }
    }

    /** The first {@code count} WithdrawalRequested of the pool, waited for; then all there are. */
    static List<WithdrawalRequested> withdrawalsRequestedEventually(String poolId, int count) {
        topics.await("pool.events", poolId, WithdrawalRequested.class, e -> true, count);
        return withdrawalsRequested(poolId);
    }

    /** The marker check for a pool that already has {@code first} (accepted once): no other request got through. */
    static void onlyTheMarkerAfter(String poolId, int tranche, String first) {
        Response marker = requestWithdrawal(poolId, ALICE, tranche, "7", ALICE_KEY);
        marker.then().statusCode(201);
        String markerId = idOf(marker);
        awaitPoolEvent(
                poolId, WithdrawalRequested.class, e -> e.getWithdrawalId().equals(markerId));
        assertThat(withdrawalsRequested(poolId))
                .extracting(WithdrawalRequested::getWithdrawalId)
                .containsExactly(first, markerId);
    }
}
