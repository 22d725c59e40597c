package io.coverclaims.platform.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;

/**
 * The client side of a wallet-signed command, for people and tests ({@code ./claims sign} uses it): builds the
 * command's typed message from its fields, a nonce and an expiry, and signs its digest with a private key.
 *
 * <pre>{@code
 * SignedMessage signed = CommandSigner.sign(domain, "CancelCover",
 *         Map.of("policyId", id, "holder", holder, "reason", "sold the position"), key);
 * request.headers(signed.headers());
 * }</pre>
 */
public final class CommandSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** How long a signature made by {@link #sign(SigningDomain, String, Map, ECKeyPair)} stays valid. */
    public static final long DEFAULT_VALIDITY_SECONDS = 600;

    private CommandSigner() {}

    /** One signed message: its typed data, digest, signature and the headers a request carries it in. */
    public record SignedMessage(
            ObjectNode typedData, byte[] digest, String signature, BigInteger nonce, long expiry, String signer) {
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(SignatureHeaders.SIGNATURE, signature);
            headers.put(SignatureHeaders.NONCE, nonce.toString());
            headers.put(SignatureHeaders.EXPIRY, Long.toString(expiry));
            return headers;
        }

        public String digestHex() {
            return Numeric.toHexString(digest);
        }
    }

    /** Signs with a fresh random nonce, valid for {@link #DEFAULT_VALIDITY_SECONDS}. */
    public static SignedMessage sign(SigningDomain domain, String command, Map<String, ?> fields, ECKeyPair key) {
        return sign(
                domain,
                command,
                fields,
                new BigInteger(64, RANDOM),
                System.currentTimeMillis() / 1000 + DEFAULT_VALIDITY_SECONDS,
                key);
    }

    /** Signs {@code command}'s message of {@code fields} (all but nonce and expiry) with {@code nonce} and {@code expiry}. */
    public static SignedMessage sign(
            SigningDomain domain, String command, Map<String, ?> fields, BigInteger nonce, long expiry, ECKeyPair key) {
        Map<String, Object> message = new LinkedHashMap<>(fields);
        message.put("nonce", nonce);
        message.put("expiry", BigInteger.valueOf(expiry));
        ObjectNode typedData = TypedData.of(domain, SigningCatalogue.get().type(command), message);
        byte[] digest = TypedData.digest(typedData);
        return new SignedMessage(typedData, digest, TypedData.sign(digest, key), nonce, expiry, TypedData.address(key));
    }

    /** The key of a 0x-hex private key. */
    public static ECKeyPair key(String privateKeyHex) {
        return ECKeyPair.create(Numeric.toBigInt(privateKeyHex));
    }
}
