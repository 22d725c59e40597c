package io.coverclaims.platform.auth;

import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies wallet-signed commands at the REST edge: the request's EIP-712 signature over the command's typed message
 * (its fields, a nonce and an expiry, in the deployment's domain) must recover to the address the command acts for.
 * The recovered address becomes the command's actor.
 *
 * <p>Every refusal is 401 problem+json naming the header (or field) and the reason, before anything is sent:
 * SIGNATURE_REQUIRED, SIGNATURE_MALFORMED, NONCE_REQUIRED, NONCE_INVALID, EXPIRY_REQUIRED, EXPIRY_INVALID,
 * SIGNATURE_EXPIRED, EXPIRY_TOO_FAR, SIGNATURE_INVALID, WRONG_SIGNER, NONCE_ALREADY_USED.
 *
 * <p>Replays: this instance remembers each address's nonces until their expiry ({@link NonceWindow}). The command's
 * id is derived from the signer and the nonce ({@link Signed#commandKey()}), so a copy sent to another instance, or
 * after a restart, reaches the command processor as a duplicate of a decided command; the gateway answers that 401
 * NONCE_ALREADY_USED too, and no event follows ({@code CommandGateway.submitSigned}).
 */
@ApplicationScoped
public class SignedRequests {

    private static final Pattern UINT = Pattern.compile("^(0|[1-9][0-9]{0,77})$");
    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    @ConfigProperty(name = "coverclaims.signing.chain-id", defaultValue = "31337")
    long chainId;

    @ConfigProperty(name = "coverclaims.signing.verifying-contract")
    String verifyingContract;

    @ConfigProperty(name = "coverclaims.signing.max-validity", defaultValue = "1h")
    Duration maxValidity;

    Clock clock = Clock.systemUTC();

    private final NonceWindow nonces = new NonceWindow();

    /** A verified request: who signed it, and the nonce and expiry it was signed with. */
    public record Signed(String signer, BigInteger nonce, Instant expiry) {
        /** What keys the command (its Idempotency-Key): the same signed message always makes the same command id. */
        public String commandKey() {
            return "eip712-nonce-" + nonce;
        }
    }

    /** A verifier outside CDI (tools, benchmarks) for {@code domain}, with the default one-hour window. */
    public static SignedRequests forDomain(SigningDomain domain) {
        return forDomain(domain, Clock.systemUTC());
    }

    /** A verifier outside CDI for {@code domain}, with the default one-hour window, reading {@code clock}. */
    public static SignedRequests forDomain(SigningDomain domain, Clock clock) {
        SignedRequests verifier = new SignedRequests();
        verifier.chainId = domain.chainId().longValueExact();
        verifier.verifyingContract = domain.verifyingContract();
        verifier.maxValidity = Duration.ofHours(1);
        verifier.clock = clock;
        return verifier;
    }

    public SigningDomain domain() {
        return SigningDomain.of(chainId, verifyingContract);
    }

    /**
     * Verifies that {@code headers} hold a valid, unexpired, unused signature of command {@code typeName} whose
     * message is {@code fields} (every field of the type but nonce and expiry, in the catalogue's value forms).
     *
     * @throws ProblemException 401 naming the header and the reason
     */
    public Signed verify(String typeName, Map<String, ?> fields, SignatureHeaders headers) {
        SignedCommandType type = SigningCatalogue.get().type(typeName);
        if (headers == null || headers.signature == null || headers.signature.isBlank()) {
            throw refused(
                    "SIGNATURE_REQUIRED",
                    SignatureHeaders.SIGNATURE,
                    typeName + " must be signed by the address it acts for (EIP-712, see docs/signing.md)");
        }
        TypedData.malformed(headers.signature).ifPresent(reason -> {
            throw refused("SIGNATURE_MALFORMED", SignatureHeaders.SIGNATURE, reason);
        });
        BigInteger nonce = uint(headers.nonce, SignatureHeaders.NONCE, "NONCE");
        BigInteger expirySeconds = uint(headers.expiry, SignatureHeaders.EXPIRY, "EXPIRY");
        Instant now = clock.instant();
        if (expirySeconds.compareTo(BigInteger.valueOf(now.getEpochSecond())) <= 0) {
            throw refused(
                    "SIGNATURE_EXPIRED",
                    SignatureHeaders.EXPIRY,
                    "the signature expired at " + expirySeconds + " (unix seconds); it is now " + now.getEpochSecond());
        }
        long latest = now.plus(maxValidity).getEpochSecond();
        if (expirySeconds.compareTo(BigInteger.valueOf(latest)) > 0) {
            throw refused(
                    "EXPIRY_TOO_FAR",
                    SignatureHeaders.EXPIRY,
                    "expiry must be at most " + maxValidity.toSeconds() + " s ahead (at most " + latest + ")");
        }
        Map<String, Object> message = new LinkedHashMap<>(fields);
        message.put("nonce", nonce);
        message.put("expiry", expirySeconds);
        byte[] digest = TypedData.digest(TypedData.of(domain(), type, message));
        String signer = TypedData.recover(digest, headers.signature)
                .orElseThrow(() -> refused(
                        "SIGNATURE_INVALID",
                        SignatureHeaders.SIGNATURE,
                        "no key could have made this signature over the " + typeName + " message"));
        type.signerField().ifPresent(field -> {
            String actsFor = String.valueOf(fields.get(field)).toLowerCase(Locale.ROOT);
            if (!actsFor.equals(signer)) {
                throw refused(
                        "WRONG_SIGNER",
                        SignatureHeaders.SIGNATURE,
                        "the " + typeName + " message was signed by " + signer + " (or is not the message signed), but "
                                + field + " is " + actsFor);
            }
        });
        Instant expiry = Instant.ofEpochSecond(expirySeconds.longValueExact());
        if (!nonces.use(signer, nonce, expiry, now)) {
            throw nonceAlreadyUsed(signer, nonce);
        }
        return new Signed(signer, nonce, expiry);
    }

    /** Frees the nonce of a verified request that was never sent (the command could not be written to Kafka). */
    public void release(Signed signed) {
        nonces.release(signed.signer(), signed.nonce());
    }

    /** The refusal of a replayed (or reused) nonce. */
    public static ProblemException nonceAlreadyUsed(String signer, BigInteger nonce) {
        return refused(
                "NONCE_ALREADY_USED",
                SignatureHeaders.NONCE,
                "nonce " + nonce + " of " + signer + " was already used: sign the command again with a new nonce");
    }

    private static BigInteger uint(String value, String header, String what) {
        if (value == null || value.isBlank()) {
            throw refused(
                    what + "_REQUIRED",
                    header,
                    "the signed message's " + what.toLowerCase(Locale.ROOT) + " is required (decimal)");
        }
        if (!UINT.matcher(value).matches() || new BigInteger(value).compareTo(UINT256_LIMIT) >= 0) {
            throw refused(
                    what + "_INVALID", header, "must be a decimal uint256 (0 to 2^256 - 1, no sign, no leading zeros)");
        }
        return new BigInteger(value);
    }

    private static ProblemException refused(String code, String field, String detail) {
        return new ProblemException(Problem.of(401, code, detail, field));
    }
}
