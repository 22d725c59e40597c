package io.coverclaims.oracle.api;

import io.coverclaims.platform.gateway.CommandEdge;
import io.coverclaims.platform.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the oracle resources share: the round ids they accept (the other ids are the domain's {@code OracleIds}),
 * and its texts; the metadata of a signed or an operator's command and sending it are the kernel's {@link CommandEdge}.
 * Every oracle command goes to oracle.commands keyed by its feed: the feed aggregate decides its sources, its
 * observations, its incidents and the triggers bound to it.
 */
@ApplicationScoped
public class OracleEdge extends CommandEdge {

    /** A source's round: 1 to 80 letters, digits, dots, colons, dashes or underscores (a Chainlink round id). */
    public static final String ROUND_ID = "^[A-Za-z0-9._:-]{1,80}$";

    public static final String ROUND_ID_MESSAGE =
            "must be 1 to 80 letters, digits, dots, colons, dashes or underscores";

    static final String OPERATOR_403 = "a token without the oracle-admin role (ROLE_REQUIRED), field Authorization";
    /** Names the reporter where the kernel's text names the address the request acts for. */
    static final String SIGNED_401 = "not signed by the reporter it names, naming the header: SIGNATURE_REQUIRED, "
            + "SIGNATURE_MALFORMED, NONCE_REQUIRED, NONCE_INVALID, EXPIRY_REQUIRED, EXPIRY_INVALID, SIGNATURE_EXPIRED, "
            + "EXPIRY_TOO_FAR, SIGNATURE_INVALID, WRONG_SIGNER, NONCE_ALREADY_USED (a replay)";

    /** A time signed and recorded as unix milliseconds: after 1970 and within the range of milliseconds, else 400. */
    static Instant millis(Instant time, String field) {
        Instant millis = time.truncatedTo(ChronoUnit.MILLIS);
        try {
            if (millis.toEpochMilli() > 0) {
                return millis;
            }
        } catch (ArithmeticException beyond) {
            // past what milliseconds count: not a time anyone signs
        }
        throw ProblemException.badRequest(field, "must be after 1970-01-01T00:00:00Z and within unix milliseconds");
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
