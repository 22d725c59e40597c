package io.coverclaims.platform.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/**
 * EIP-712 typed data of one signed command: the JSON a wallet's {@code eth_signTypedData_v4} takes, its digest
 * (web3j's {@link StructuredDataEncoder}), signing with a key and recovering the signer from a signature.
 *
 * <p>Message values: {@code string} as text, {@code address} as 0x-hex, {@code uint256} as a decimal string (so any
 * value up to 2^256 - 1 survives JSON).
 */
public final class TypedData {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** secp256k1's n / 2: a signature with a larger s is the malleable twin of another (EIP-2), refused. */
    private static final BigInteger HALF_CURVE_ORDER = Sign.CURVE_PARAMS.getN().shiftRight(1);

    private TypedData() {}

    /** The typed data of {@code type} with {@code message} (every field of the type, values as above). */
    public static ObjectNode of(SigningDomain domain, SignedCommandType type, Map<String, ?> message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode types = root.putObject("types");
        ArrayNode domainType = types.putArray("EIP712Domain");
        domainType.addObject().put("name", "name").put("type", "string");
        domainType.addObject().put("name", "version").put("type", "string");
        domainType.addObject().put("name", "chainId").put("type", "uint256");
        domainType.addObject().put("name", "verifyingContract").put("type", "address");
        ArrayNode commandType = types.putArray(type.name());
        type.fields().forEach(f -> commandType.addObject().put("name", f.name()).put("type", f.type()));
        root.put("primaryType", type.name());
        ObjectNode domainNode = root.putObject("domain");
        domainNode.put("name", domain.name());
        domainNode.put("version", domain.version());
        domainNode.put("chainId", domain.chainId().toString());
        domainNode.put("verifyingContract", domain.verifyingContract());
        ObjectNode messageNode = root.putObject("message");
        for (SignedCommandType.Field f : type.fields()) {
            Object value = message.get(f.name());
            if (value == null) {
                throw new IllegalArgumentException(type.name() + " message lacks " + f.name());
            }
            messageNode.put(f.name(), value.toString());
        }
        if (message.size() != type.fields().size()) {
            throw new IllegalArgumentException(
                    type.name() + " message has fields the type does not: " + message.keySet());
        }
        return root;
    }

    /** The 32-byte digest a wallet signs: keccak256(0x1901 || domainSeparator || hashStruct(message)). */
    public static byte[] digest(ObjectNode typedData) {
        try {
            return new StructuredDataEncoder(JSON.writeValueAsString(typedData)).hashStructuredData();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 65-byte signature r || s || v (v = 27 or 28) of {@code digest} by {@code key}, as 0x-hex. */
    public static String sign(byte[] digest, ECKeyPair key) {
        Sign.SignatureData signature = Sign.signMessage(digest, key, false);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Numeric.toHexString(bytes);
    }

    /** Why a signature cannot be read, or empty when it is well formed. */
    public static Optional<String> malformed(String signature) {
        if (signature == null || !signature.matches("^0x[0-9a-fA-F]{130}$")) {
            return Optional.of("must be 0x and 65 bytes of hex (r, s, v)");
        }
        byte[] bytes = Numeric.hexStringToByteArray(signature);
        int v = bytes[64] & 0xff;
        if (v != 27 && v != 28 && v != 0 && v != 1) {
            return Optional.of("v must be 27 or 28 (or 0 or 1), not " + v);
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
        if (r.signum() == 0 || r.compareTo(Sign.CURVE_PARAMS.getN()) >= 0 || s.signum() == 0) {
            return Optional.of("r and s must be in 1..n-1");
        }
        if (s.compareTo(HALF_CURVE_ORDER) > 0) {
            return Optional.of("s must be in the lower half of the curve order (EIP-2)");
        }
        return Optional.empty();
    }

    /**
     * The address (canonical: lower-case 0x-hex) whose key made {@code signature} over {@code digest}, or empty when
     * no key could have. The signature must be well formed ({@link #malformed}).
     */
    public static Optional<String> recover(byte[] digest, String signature) {
        byte[] bytes = Numeric.hexStringToByteArray(signature);
        byte v = bytes[64] < 27 ? (byte) (bytes[64] + 27) : bytes[64];
        Sign.SignatureData data =
                new Sign.SignatureData(v, Arrays.copyOfRange(bytes, 0, 32), Arrays.copyOfRange(bytes, 32, 64));
        try {
            BigInteger publicKey = Sign.signedMessageHashToKey(digest, data);
            return Optional.of("0x" + Keys.getAddress(publicKey).toLowerCase(Locale.ROOT));
        } catch (java.security.SignatureException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The canonical address of {@code key}. */
    public static String address(ECKeyPair key) {
        return "0x" + Keys.getAddress(key).toLowerCase(Locale.ROOT);
    }
}
