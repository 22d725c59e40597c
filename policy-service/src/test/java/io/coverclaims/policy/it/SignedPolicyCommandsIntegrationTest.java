package io.coverclaims.policy.it;

import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.HOLDER_KEY;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.HOLDER_OF_QUOTES;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.OTHER_KEY;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.POLICY_COMMANDS;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.POLICY_EVENTS;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.buyMessage;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.buySignedBy;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.cancelMessage;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.ensurePool;
import static io.coverclaims.policy.it.PolicyServiceIntegrationTest.quoteOnANewProduct;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;

import io.coverclaims.platform.auth.CommandSigner;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.auth.SigningDomain;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.platform.testing.Wallets;
import io.coverclaims.policy.view.PoolCapacityView;
import io.coverclaims.schemas.policy.BuyCover;
import io.coverclaims.schemas.policy.CancelPolicy;
import io.coverclaims.schemas.policy.PolicyCancelled;
import io.coverclaims.schemas.policy.PolicyRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Buying and cancelling are wallet-signed (EIP-712 BuyCover and CancelCover, issue 9), through the real service and
 * broker: every refused signature is 401 problem+json naming the header and changes nothing. "Nothing" is read on
 * the topics: after the refused request the holder's valid one is sent, and policy.commands and policy.events of the
 * aggregate hold exactly what the valid one made (one partition per aggregate, in order: anything the refused one
 * had sent would be there before it).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class SignedPolicyCommandsIntegrationTest {

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

    // ------------------------------------------------------------------------------------------ purchases

    @Test
    void a_purchase_signed_by_another_key_than_the_holders_is_refused_wrong_signer_and_changes_nothing() {
        String quoteId = quoteOnANewProduct();
        Map<String, Object> purchase = purchase(quoteId);

        refused(send(purchase, Wallets.signed("BuyCover", buyMessage(purchase), Wallets.key(OTHER_KEY))))
                .body("code", equalTo("WRONG_SIGNER"))
                .body("field", equalTo(SignatureHeaders.SIGNATURE))
                .body("detail", containsString(Wallets.address(OTHER_KEY)));

        onlyTheHoldersPurchaseFollows(quoteId);
    }

    @Test
    void a_purchase_whose_signature_has_expired_is_refused_signature_expired_and_changes_nothing() {
        String quoteId = quoteOnANewProduct();
        Map<String, Object> purchase = purchase(quoteId);
        Map<String, String> expired = CommandSigner.sign(
                        Wallets.LOCAL,
                        "BuyCover",
                        buyMessage(purchase),
                        BigInteger.valueOf(42),
                        Instant.now().minusSeconds(60).getEpochSecond(),
                        Wallets.key(HOLDER_KEY))
                .headers();

        refused(send(purchase, expired))
                .body("code", equalTo("SIGNATURE_EXPIRED"))
                .body("field", equalTo(SignatureHeaders.EXPIRY));

        onlyTheHoldersPurchaseFollows(quoteId);
    }

    @Test
    void the_same_signed_purchase_sent_twice_is_accepted_once_and_the_replay_refused_nonce_already_used() {
        String quoteId = quoteOnANewProduct();
        Map<String, Object> purchase = purchase(quoteId);
        Map<String, String> signature = Wallets.signed("BuyCover", buyMessage(purchase), Wallets.key(HOLDER_KEY));

        send(purchase, signature).then().statusCode(201).body("holder", equalTo(HOLDER_OF_QUOTES));
        refused(send(purchase, signature))
                .body("code", equalTo("NONCE_ALREADY_USED"))
                .body("field", equalTo(SignatureHeaders.NONCE));
        // another Idempotency-Key does not make the replay another command: signed endpoints ignore the header
        Response withAnotherKey = given().contentType(ContentType.JSON)
                .headers(signature)
                .header("Idempotency-Key", "another-key")
                .body(purchase)
                .post("/policies");
        assertThat(withAnotherKey.statusCode()).as(withAnotherKey::asString).isEqualTo(401);
        assertThat(withAnotherKey.jsonPath().getString("code")).isEqualTo("NONCE_ALREADY_USED");

        List<SpecificRecord> events = kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 2);
        // a marker after the replays: the holder cancels (a new signature); the replays sent nothing before it
        cancelAsHolder(quoteId).then().statusCode(200);
        events = kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 3);
        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("QuoteIssued", "PolicyRequested", "PolicyCancelled");
        assertThat(kit.readAll(POLICY_EVENTS, quoteId))
                .filteredOn(PolicyRequested.class::isInstance)
                .hasSize(1);
        assertThat(kit.readAll(POLICY_COMMANDS, quoteId))
                .filteredOn(BuyCover.class::isInstance)
                .hasSize(1);
        PolicyRequested requested = (PolicyRequested) events.get(1);
        assertThat(requested.getMetadata().getActor()).isEqualTo(HOLDER_OF_QUOTES);
        assertThat(requested.getHolder()).isEqualTo(HOLDER_OF_QUOTES);
    }

    @Test
    void the_same_signed_purchase_sent_eight_times_at_once_is_accepted_once() throws Exception {
        String quoteId = quoteOnANewProduct();
        Map<String, Object> purchase = purchase(quoteId);
        Map<String, String> signature = Wallets.signed("BuyCover", buyMessage(purchase), Wallets.key(HOLDER_KEY));
        int copies = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService senders = Executors.newFixedThreadPool(copies);
        List<Future<Response>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < copies; i++) {
                sent.add(senders.submit(() -> {
                    start.await();
                    return send(purchase, signature);
                }));
            }
            start.countDown();
            List<String> answers = new ArrayList<>();
            for (Future<Response> answer : sent) {
                Response response = answer.get(KafkaTestKit.PATIENCE.toSeconds(), TimeUnit.SECONDS);
                answers.add(response.statusCode() + " " + response.jsonPath().getString("code"));
            }
            assertThat(answers).filteredOn(answer -> answer.startsWith("201")).hasSize(1);
            assertThat(answers)
                    .filteredOn(answer -> !answer.startsWith("201"))
                    .hasSize(copies - 1)
                    .allSatisfy(answer -> assertThat(answer).isEqualTo("401 NONCE_ALREADY_USED"));
        } finally {
            senders.shutdownNow();
        }

        kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 2);
        cancelAsHolder(quoteId).then().statusCode(200);
        assertThat(kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 3))
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("QuoteIssued", "PolicyRequested", "PolicyCancelled");
        assertThat(kit.readAll(POLICY_COMMANDS, quoteId))
                .filteredOn(BuyCover.class::isInstance)
                .hasSize(1);
    }

    @Test
    void an_unsigned_purchase_is_refused_signature_required_and_changes_nothing() {
        String quoteId = quoteOnANewProduct();

        refused(send(purchase(quoteId), Map.of()))
                .body("code", equalTo("SIGNATURE_REQUIRED"))
                .body("field", equalTo(SignatureHeaders.SIGNATURE))
                .body("detail", containsString("BuyCover"));

        onlyTheHoldersPurchaseFollows(quoteId);
    }

    @Test
    void a_malformed_signature_is_refused_signature_malformed_and_changes_nothing() {
        String quoteId = quoteOnANewProduct();
        Map<String, Object> purchase = purchase(quoteId);
        Map<String, String> valid = Wallets.signed("BuyCover", buyMessage(purchase), Wallets.key(HOLDER_KEY));
        String signature = valid.get(SignatureHeaders.SIGNATURE);

        for (String malformed : List.of(
                "0x1234",
                "not hex at all",
                signature.substring(2),
                signature + "00",
                // the valid signature with a v byte of 99
                signature.substring(0, signature.length() - 2) + "63",
                // its malleable twin (s -> n - s, v flipped): refused by EIP-2
                malleableTwin(signature))) {
            Map<String, String> headers = new HashMap<>(valid);
            headers.put(SignatureHeaders.SIGNATURE, malformed);
            refused(send(purchase, headers))
                    .body("code", equalTo("SIGNATURE_MALFORMED"))
                    .body("field", equalTo(SignatureHeaders.SIGNATURE));
        }

        onlyTheHoldersPurchaseFollows(quoteId);
    }

    @Test
    void hostile_signature_headers_are_refused_naming_the_header_and_change_nothing() {
        String quoteId = quoteOnANewProduct();
        Map<String, Object> purchase = purchase(quoteId);
        Map<String, Object> message = buyMessage(purchase);
        long inTenMinutes = Instant.now().plusSeconds(600).getEpochSecond();
        BigInteger twoTo256 = BigInteger.ONE.shiftLeft(256);

        // nonce and expiry that are no uint256 (a sign, a fraction, leading zeros, 2^256, hex), or no expiry at all
        for (Map.Entry<String, String> bad : List.of(
                Map.entry(SignatureHeaders.NONCE, "-1"),
                Map.entry(SignatureHeaders.NONCE, "1.5"),
                Map.entry(SignatureHeaders.NONCE, "007"),
                Map.entry(SignatureHeaders.NONCE, "0x10"),
                Map.entry(SignatureHeaders.NONCE, twoTo256.toString()),
                Map.entry(SignatureHeaders.NONCE, "9".repeat(5000)),
                Map.entry(SignatureHeaders.EXPIRY, "-" + inTenMinutes),
                Map.entry(SignatureHeaders.EXPIRY, "-1"),
                Map.entry(SignatureHeaders.EXPIRY, inTenMinutes + ".5"),
                Map.entry(SignatureHeaders.EXPIRY, twoTo256.toString()),
                Map.entry(SignatureHeaders.EXPIRY, ""))) {
            Map<String, String> headers = new HashMap<>(Wallets.signed("BuyCover", message, Wallets.key(HOLDER_KEY)));
            headers.put(bad.getKey(), bad.getValue());
            refused(send(purchase, headers))
                    .body("code", endsWith(bad.getValue().isEmpty() ? "_REQUIRED" : "_INVALID"))
                    .body("field", equalTo(bad.getKey()));
        }
        // an expiry signed years ahead: a signature must not stay valid for long
        refused(send(
                        purchase,
                        CommandSigner.sign(
                                        Wallets.LOCAL,
                                        "BuyCover",
                                        message,
                                        BigInteger.TEN,
                                        Instant.now()
                                                .plus(Duration.ofDays(3650))
                                                .getEpochSecond(),
                                        Wallets.key(HOLDER_KEY))
                                .headers()))
                .body("code", equalTo("EXPIRY_TOO_FAR"))
                .body("field", equalTo(SignatureHeaders.EXPIRY));
        // a valid signature with another nonce or expiry than it signed: another message, another signer recovered
        Map<String, String> otherNonce = new HashMap<>(Wallets.signed("BuyCover", message, Wallets.key(HOLDER_KEY)));
        otherNonce.put(
                SignatureHeaders.NONCE,
                new BigInteger(otherNonce.get(SignatureHeaders.NONCE))
                        .add(BigInteger.ONE)
                        .toString());
        refused(send(purchase, otherNonce)).body("code", equalTo("WRONG_SIGNER"));
        Map<String, String> otherExpiry = new HashMap<>(Wallets.signed("BuyCover", message, Wallets.key(HOLDER_KEY)));
        otherExpiry.put(SignatureHeaders.EXPIRY, Long.toString(inTenMinutes - 7));
        refused(send(purchase, otherExpiry)).body("code", equalTo("WRONG_SIGNER"));
        // the holder's signature of the same purchase on another chain, or for another contract
        for (SigningDomain elsewhere : List.of(
                SigningDomain.of(1, "0x5fbdb2315678afecb367f032d93f642f64180aa3"),
                SigningDomain.of(31337, "0x" + "e".repeat(40)))) {
            refused(send(
                            purchase,
                            CommandSigner.sign(elsewhere, "BuyCover", message, Wallets.key(HOLDER_KEY))
                                    .headers()))
                    .body("code", equalTo("WRONG_SIGNER"));
        }
        // the holder's signature of another purchase (another start, another payment reference, another quote)
        for (Map<String, Object> tampered : List.of(
                with(
                        purchase,
                        "startAt",
                        Instant.now()
                                .plus(Duration.ofDays(2))
                                .truncatedTo(ChronoUnit.MILLIS)
                                .toString()),
                with(purchase, "premiumPaymentRef", "tx-somebody-else"),
                with(purchase, "quoteId", quoteOnANewProduct()))) {
            refused(send(tampered, Wallets.signed("BuyCover", message, Wallets.key(HOLDER_KEY))))
                    .body("code", equalTo("WRONG_SIGNER"));
        }
        // the holder's signature of a cancellation, sent with a purchase
        refused(send(
                        purchase,
                        Wallets.signed(
                                "CancelCover",
                                Map.of("policyId", quoteId, "holder", HOLDER_OF_QUOTES, "reason", "x"),
                                Wallets.key(HOLDER_KEY))))
                .body("code", equalTo("WRONG_SIGNER"));
        // someone else's valid signature of his own purchase, sent with the holder's body
        Map<String, Object> theirs = new HashMap<>(purchase);
        theirs.put("holder", Wallets.address(OTHER_KEY));
        refused(send(purchase, Wallets.signed("BuyCover", buyMessage(theirs), Wallets.key(OTHER_KEY))))
                .body("code", equalTo("WRONG_SIGNER"));
        // a signature no key made (r is no point's x): nobody recovered
        Map<String, String> nobodys = new HashMap<>(Wallets.signed("BuyCover", message, Wallets.key(HOLDER_KEY)));
        nobodys.put(SignatureHeaders.SIGNATURE, "0x" + "0".repeat(63) + "5" + "0".repeat(63) + "1" + "1b");
        refused(send(purchase, nobodys))
                .body("code", oneOf("SIGNATURE_INVALID", "WRONG_SIGNER"))
                .body("field", equalTo(SignatureHeaders.SIGNATURE));

        onlyTheHoldersPurchaseFollows(quoteId);
    }

    @Test
    void a_start_that_cannot_be_signed_in_unix_milliseconds_is_refused_400_naming_start_at() {
        String quoteId = quoteOnANewProduct();
        for (String startAt : List.of("1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "+1000000000-01-01T00:00:00Z")) {
            Map<String, Object> purchase = with(purchase(quoteId), "startAt", startAt);
            given().contentType(ContentType.JSON)
                    .headers(Wallets.signed(
                            "BuyCover",
                            Map.of(
                                    "quoteId",
                                    quoteId,
                                    "holder",
                                    HOLDER_OF_QUOTES,
                                    "startAt",
                                    0L,
                                    "premiumPaymentRef",
                                    ""),
                            Wallets.key(HOLDER_KEY)))
                    .body(purchase)
                    .post("/policies")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("startAt"));
        }

        onlyTheHoldersPurchaseFollows(quoteId);
    }

    @Test
    void a_purchase_signed_with_the_largest_nonce_and_a_start_to_the_microsecond_applies_what_was_signed() {
        String quoteId = quoteOnANewProduct();
        Instant start = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> signedPurchase = with(purchase(quoteId), "startAt", start.toString());
        signedPurchase.put("premiumPaymentRef", "tx-0xabc");
        // the body says the start to the microsecond: milliseconds are signed and applied
        Map<String, Object> sent =
                with(signedPurchase, "startAt", start.plusNanos(123_000).toString());
        BigInteger largest = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        Map<String, String> headers = CommandSigner.sign(
                        Wallets.LOCAL,
                        "BuyCover",
                        buyMessage(signedPurchase),
                        largest,
                        Instant.now().plusSeconds(300).getEpochSecond(),
                        Wallets.key(HOLDER_KEY))
                .headers();

        send(sent, headers).then().statusCode(201).body("startAt", equalTo(start.toString()));
        refused(send(sent, headers)).body("code", equalTo("NONCE_ALREADY_USED"));

        PolicyRequested requested = (PolicyRequested)
                kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 2).get(1);
        assertThat(requested.getStartAt()).isEqualTo(start);
        assertThat(requested.getPremiumPaymentRef()).isEqualTo("tx-0xabc");
        assertThat(requested.getMetadata().getActor()).isEqualTo(HOLDER_OF_QUOTES);
    }

    @Test
    void a_holder_address_in_mixed_case_signs_and_buys_as_its_canonical_form() {
        String quoteId = quoteOnANewProduct();
        Map<String, Object> purchase = with(purchase(quoteId), "holder", checksumLike(HOLDER_OF_QUOTES));

        send(purchase, Wallets.signed("BuyCover", buyMessage(purchase), Wallets.key(HOLDER_KEY)))
                .then()
                .statusCode(201)
                .body("holder", equalTo(HOLDER_OF_QUOTES));
        BuyCover command = (BuyCover)
                kit.await(POLICY_COMMANDS, quoteId, found -> found.size() >= 2).get(1);
        assertThat(command.getHolder()).isEqualTo(HOLDER_OF_QUOTES);
        assertThat(command.getMetadata().getActor()).isEqualTo(HOLDER_OF_QUOTES);
    }

    // -------------------------------------------------------------------------------------- cancellations

    @Test
    void a_cancellation_signed_by_someone_other_than_the_holder_is_refused_and_the_holders_is_accepted_as_his() {
        String quoteId = quoteOnANewProduct();
        buySignedBy(HOLDER_KEY, purchase(quoteId)).then().statusCode(201);
        kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 2);
        String path = "/policies/" + quoteId + "/cancellation";
        Map<String, Object> cancellation = Map.of("holder", HOLDER_OF_QUOTES, "reason", "sold the position");

        // another key signs the holder's cancellation
        Response byAnother = given().contentType(ContentType.JSON)
                .headers(Wallets.signed("CancelCover", cancelMessage(quoteId, cancellation), Wallets.key(OTHER_KEY)))
                .body(cancellation)
                .post(path);
        assertThat(byAnother.statusCode()).as(byAnother::asString).isEqualTo(401);
        assertThat(byAnother.contentType()).startsWith("application/problem+json");
        assertThat(byAnother.jsonPath().getString("code")).isEqualTo("WRONG_SIGNER");
        assertThat(byAnother.jsonPath().getString("field")).isEqualTo(SignatureHeaders.SIGNATURE);
        // unsigned, and the holder's signature of another policy's cancellation
        refused(given().contentType(ContentType.JSON).body(cancellation).post(path))
                .body("code", equalTo("SIGNATURE_REQUIRED"));
        String elsewhere = quoteOnANewProduct();
        refused(given().contentType(ContentType.JSON)
                        .headers(Wallets.signed(
                                "CancelCover", cancelMessage(elsewhere, cancellation), Wallets.key(HOLDER_KEY)))
                        .body(cancellation)
                        .post(path))
                .body("code", equalTo("WRONG_SIGNER"));

        Response byHolder = cancelAsHolder(quoteId);
        assertThat(byHolder.statusCode()).as(byHolder::asString).isEqualTo(200);
        assertThat(byHolder.jsonPath().getString("status")).isEqualTo("ACCEPTED");

        List<SpecificRecord> events = kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 3);
        assertThat(events)
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("QuoteIssued", "PolicyRequested", "PolicyCancelled");
        PolicyCancelled cancelled = (PolicyCancelled) events.get(2);
        assertThat(cancelled.getMetadata().getActor()).isEqualTo(HOLDER_OF_QUOTES);
        assertThat(kit.readAll(POLICY_COMMANDS, quoteId))
                .filteredOn(CancelPolicy.class::isInstance)
                .singleElement()
                .satisfies(command -> assertThat(
                                ((CancelPolicy) command).getMetadata().getActor())
                        .isEqualTo(HOLDER_OF_QUOTES));
    }

    // ------------------------------------------------------------------------------------------ OpenAPI

    @Test
    void
            the_openapi_document_lists_the_wallet_and_operator_schemes_and_purchases_and_cancellations_require_the_wallet() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("components.securitySchemes.wallet.type", equalTo("apiKey"))
                .body("components.securitySchemes.wallet.in", equalTo("header"))
                .body("components.securitySchemes.wallet.name", equalTo(SignatureHeaders.SIGNATURE))
                .body("components.securitySchemes.operator.type", equalTo("http"))
                .body("components.securitySchemes.operator.scheme", equalTo("bearer"))
                .body("paths.'/policies'.post.security.wallet", hasItem(List.of()))
                .body("paths.'/policies'.post.responses.'401'.description", not(nullValue()))
                .body("paths.'/policies'.post.parameters.name", hasItem(SignatureHeaders.NONCE))
                .body("paths.'/policies'.post.parameters.name", not(hasItem("Idempotency-Key")))
                .body("paths.'/policies/{policyId}/cancellation'.post.security.wallet", hasItem(List.of()))
                .body("paths.'/quotes'.post.security", nullValue())
                .body("paths.'/products'.post.security.operator", hasItem(List.of()));
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The holder of REST quotes buying {@code quoteId}. */
    static Map<String, Object> purchase(String quoteId) {
        Map<String, Object> purchase = new HashMap<>();
        purchase.put("quoteId", quoteId);
        purchase.put("holder", HOLDER_OF_QUOTES);
        return purchase;
    }

    static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }

    static Response send(Map<String, Object> purchase, Map<String, String> headers) {
        return given().contentType(ContentType.JSON)
                .headers(headers)
                .body(purchase)
                .post("/policies");
    }

    /** The response is a 401 problem naming a header; the caller checks its code. */
    static ValidatableResponse refused(Response response) {
        return response.then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("field", not(nullValue()))
                .body("detail", not(nullValue()));
    }

    /** The holder cancels policy {@code policyId}, signed with a new nonce. */
    static Response cancelAsHolder(String policyId) {
        Map<String, Object> cancellation = Map.of("holder", HOLDER_OF_QUOTES, "reason", "sold the position");
        return given().contentType(ContentType.JSON)
                .headers(Wallets.signed("CancelCover", cancelMessage(policyId, cancellation), Wallets.key(HOLDER_KEY)))
                .body(cancellation)
                .post("/policies/" + policyId + "/cancellation");
    }

    /**
     * After a refused purchase of {@code quoteId}: the holder's valid one is accepted, and the aggregate's commands
     * and events are exactly the quote's and that purchase's. The refused request sent nothing.
     */
    static void onlyTheHoldersPurchaseFollows(String quoteId) {
        buySignedBy(HOLDER_KEY, purchase(quoteId)).then().statusCode(201);
        assertThat(kit.await(POLICY_EVENTS, quoteId, found -> found.size() >= 2))
                .extracting(event -> event.getClass().getSimpleName())
                .containsExactly("QuoteIssued", "PolicyRequested");
        assertThat(kit.readAll(POLICY_COMMANDS, quoteId))
                .extracting(command -> command.getClass().getSimpleName())
                .containsExactly("RequestQuote", "BuyCover");
    }

    /** The valid signature's malleable twin: s replaced by n - s and v flipped; the same signer, refused (EIP-2). */
    static String malleableTwin(String signature) {
        byte[] bytes = Numeric.hexStringToByteArray(signature);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
        BigInteger n = Sign.CURVE_PARAMS.getN();
        byte[] twinS = Numeric.toBytesPadded(n.subtract(s), 32);
        System.arraycopy(twinS, 0, bytes, 32, 32);
        bytes[64] = (byte) (bytes[64] == 27 ? 28 : 27);
        return Numeric.toHexString(bytes);
    }

    /** An address with some of its letters upper-case, as a checksummed address would be. */
    static String checksumLike(String address) {
        StringBuilder mixed = new StringBuilder("0x");
        for (int i = 2; i < address.length(); i++) {
            char c = address.charAt(i);
            mixed.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
        }
        return mixed.toString();
    }
}
