package io.coverclaims.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.platform.rest.ProblemException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;

class SignedRequestsTest {

    static final ECKeyPair ALICE =
            CommandSigner.key("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    static final ECKeyPair BOB =
            CommandSigner.key("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    static final String ALICE_ADDRESS = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final SigningDomain DOMAIN = SigningDomain.of(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");

    final SignedRequests verifier = verifier();

    static SignedRequests verifier() {
        return SignedRequests.forDomain(DOMAIN, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Map<String, Object> cancel(String holder) {
        return Map.of("policyId", "pol-1", "holder", holder, "reason", "sold the position");
    }

    static SignatureHeaders headers(CommandSigner.SignedMessage signed) {
        return new SignatureHeaders(signed.signature(), signed.nonce().toString(), Long.toString(signed.expiry()));
    }

    static CommandSigner.SignedMessage sign(Map<String, Object> fields, long nonce, Instant expiry, ECKeyPair key) {
        return CommandSigner.sign(
                DOMAIN, "CancelCover", fields, BigInteger.valueOf(nonce), expiry.getEpochSecond(), key);
    }

    static String code(Throwable e) {
        return ((ProblemException) e).problem().code();
    }

    @Test
    void the_recovered_signer_is_the_address_the_key_belongs_to() {
        assertThat(TypedData.address(ALICE)).isEqualTo(ALICE_ADDRESS);
        var signed = sign(cancel(ALICE_ADDRESS), 7, NOW.plusSeconds(60), ALICE);
        SignedRequests.Signed verified = verifier.verify("CancelCover", cancel(ALICE_ADDRESS), headers(signed));
        assertThat(verified.signer()).isEqualTo(ALICE_ADDRESS);
        assertThat(verified.nonce()).isEqualTo(7);
    }

    @Test
    void a_mixed_case_holder_is_the_same_address() {
        String mixed = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
        var signed = sign(cancel(mixed), 1, NOW.plusSeconds(60), ALICE);
        assertThat(verifier.verify("CancelCover", cancel(mixed), headers(signed))
                        .signer())
                .isEqualTo(ALICE_ADDRESS);
    }

    @Test
    void a_message_signed_by_another_key_is_a_wrong_signer() {
        var signed = sign(cancel(ALICE_ADDRESS), 1, NOW.plusSeconds(60), BOB);
        assertThatThrownBy(() -> verifier.verify("CancelCover", cancel(ALICE_ADDRESS), headers(signed)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("WRONG_SIGNER"))
                .satisfies(e ->
                        assertThat(((ProblemException) e).problem().status()).isEqualTo(401));
    }

    @Test
    void a_signature_over_other_fields_does_not_authorise_these() {
        var signed = sign(cancel(ALICE_ADDRESS), 1, NOW.plusSeconds(60), ALICE);
        Map<String, Object> tampered =
                Map.of("policyId", "pol-2", "holder", ALICE_ADDRESS, "reason", "sold the position");
        assertThatThrownBy(() -> verifier.verify("CancelCover", tampered, headers(signed)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("WRONG_SIGNER"));
    }

    @Test
    void a_signature_for_another_chain_or_contract_does_not_verify_here() {
        var otherChain = CommandSigner.sign(
                SigningDomain.of(1, "0x5FbDB2315678afecb367f032d93F642f64180aa3"),
                "CancelCover",
                cancel(ALICE_ADDRESS),
                BigInteger.ONE,
                NOW.plusSeconds(60).getEpochSecond(),
                ALICE);
        assertThatThrownBy(() -> verifier.verify("CancelCover", cancel(ALICE_ADDRESS), headers(otherChain)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("WRONG_SIGNER"));
    }

    @Test
    void an_expired_signature_is_refused() {
        var signed = sign(cancel(ALICE_ADDRESS), 1, NOW, ALICE);
        assertThatThrownBy(() -> verifier.verify("CancelCover", cancel(ALICE_ADDRESS), headers(signed)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("SIGNATURE_EXPIRED"))
                .satisfies(e ->
                        assertThat(((ProblemException) e).problem().field()).isEqualTo("X-Signature-Expiry"));
    }

    @Test
    void an_expiry_beyond_the_window_is_refused_so_nonce_memory_stays_bounded() {
        var signed = sign(cancel(ALICE_ADDRESS), 1, NOW.plus(Duration.ofHours(2)), ALICE);
        assertThatThrownBy(() -> verifier.verify("CancelCover", cancel(ALICE_ADDRESS), headers(signed)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("EXPIRY_TOO_FAR"));
    }

    @Test
    void a_nonce_is_used_once_per_address() {
        var signed = sign(cancel(ALICE_ADDRESS), 42, NOW.plusSeconds(60), ALICE);
        verifier.verify("CancelCover", cancel(ALICE_ADDRESS), headers(signed));
        assertThatThrownBy(() -> verifier.verify("CancelCover", cancel(ALICE_ADDRESS), headers(signed)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("NONCE_ALREADY_USED"))
                .satisfies(e ->
                        assertThat(((ProblemException) e).problem().field()).isEqualTo("X-Signature-Nonce"));
        String bob = TypedData.address(BOB);
        var bobs = sign(cancel(bob), 42, NOW.plusSeconds(60), BOB);
        assertThat(verifier.verify("CancelCover", cancel(bob), headers(bobs)).signer())
                .isEqualTo(bob);
    }

    @Test
    void missing_or_malformed_headers_are_refused_naming_the_header() {
        var signed = sign(cancel(ALICE_ADDRESS), 1, NOW.plusSeconds(60), ALICE);
        String nonce = "1";
        String expiry = Long.toString(signed.expiry());
        assertRefused(new SignatureHeaders(null, nonce, expiry), "SIGNATURE_REQUIRED", "X-Signature");
        assertRefused(new SignatureHeaders("0x1234", nonce, expiry), "SIGNATURE_MALFORMED", "X-Signature");
        assertRefused(new SignatureHeaders(signed.signature(), null, expiry), "NONCE_REQUIRED", "X-Signature-Nonce");
        assertRefused(new SignatureHeaders(signed.signature(), "-1", expiry), "NONCE_INVALID", "X-Signature-Nonce");
        assertRefused(
                new SignatureHeaders(
                        signed.signature(), BigInteger.ONE.shiftLeft(256).toString(), expiry),
                "NONCE_INVALID",
                "X-Signature-Nonce");
        assertRefused(new SignatureHeaders(signed.signature(), nonce, "soon"), "EXPIRY_INVALID", "X-Signature-Expiry");
        assertRefused(new SignatureHeaders(signed.signature(), nonce, null), "EXPIRY_REQUIRED", "X-Signature-Expiry");
    }

    @Test
    void the_malleable_high_s_twin_of_a_signature_is_refused() {
        var signed = sign(cancel(ALICE_ADDRESS), 1, NOW.plusSeconds(60), ALICE);
        byte[] bytes = Numeric.hexStringToByteArray(signed.signature());
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(bytes, 32, 64));
        byte[] twinS =
                Numeric.toBytesPadded(org.web3j.crypto.Sign.CURVE_PARAMS.getN().subtract(s), 32);
        System.arraycopy(twinS, 0, bytes, 32, 32);
        bytes[64] = (byte) (bytes[64] == 27 ? 28 : 27);
        assertRefused(
                new SignatureHeaders(Numeric.toHexString(bytes), "1", Long.toString(signed.expiry())),
                "SIGNATURE_MALFORMED",
                "X-Signature");
    }

    @Test
    void the_eip712_digest_of_the_spec_example_is_the_spec_s() {
        // EIP-712's own example (Mail from Cow to Bob): digest 0xbe609aee...; checks the encoder we verify with
        String mail = """
                {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
                {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
                "Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
                "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
                "primaryType":"Mail","domain":{"name":"Ether Mail","version":"1","chainId":1,
                "verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
                "message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
                "to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}
                """;
        try {
            byte[] digest = new org.web3j.crypto.StructuredDataEncoder(mail).hashStructuredData();
            assertThat(Numeric.toHexString(digest))
                    .isEqualTo("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertRefused(SignatureHeaders headers, String code, String field) {
        assertThatThrownBy(() -> verifier.verify("CancelCover", cancel(ALICE_ADDRESS), headers))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().code()).isEqualTo(code);
                    assertThat(e.problem().field()).isEqualTo(field);
                    assertThat(e.problem().status()).isEqualTo(401);
                });
    }
}
