package io.coverclaims.oracle.api;

import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.gateway.CommandGateway;
import io.coverclaims.platform.gateway.CommandResult;
import io.coverclaims.platform.gateway.Commands;
import io.coverclaims.platform.rest.OperatorHeaders;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.platform.rest.SignedHeaders;
import io.coverclaims.schemas.common.CommandMetadata;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the oracle resources share: the round ids they accept (the other ids are the domain's {@code OracleIds}),
 * the metadata of a signed or an operator's command, and sending it. Every oracle command goes to oracle.commands keyed by its feed: the feed aggregate decides its sources, its
 * observations, its incidents and the triggers bound to it.
 */
@ApplicationScoped
public class OracleEdge {

    /** A source's round: 1 to 80 letters, digits, dots, colons, dashes or underscores (a Chainlink round id). */
    public static final String ROUND_ID = "^[A-Za-z0-9._:-]{1,80}$";

    public static final String ROUND_ID_MESSAGE =
            "must be 1 to 80 letters, digits, dots, colons, dashes or underscores";

    static final String OPERATOR_401 = "no valid operator token (TOKEN_REQUIRED, TOKEN_INVALID), field Authorization";
    static final String OPERATOR_403 = "a token without the oracle-admin role (ROLE_REQUIRED), field Authorization";
    static final String SIGNED_401 = "not signed by the reporter it names, naming the header: SIGNATURE_REQUIRED, "
            + "SIGNATURE_MALFORMED, NONCE_REQUIRED, NONCE_INVALID, EXPIRY_REQUIRED, EXPIRY_INVALID, SIGNATURE_EXPIRED, "
            + "EXPIRY_TOO_FAR, SIGNATURE_INVALID, WRONG_SIGNER, NONCE_ALREADY_USED (a replay)";

    private final Commands commands = Commands.configured();

    @Inject
    CommandGateway gateway;

    @Inject
    SecurityIdentity identity;

    /** A wallet-signed command on the feed: the signer acts, the signed nonce keys it, its time now. */
    CommandMetadata signed(String feedId, SignedRequests.Signed signed) {
        return commands.metadata(feedId, signed.signer(), null, signed.commandKey(), null);
    }

    /** An operator's command on the feed: the token's subject acts; keyed by the Idempotency-Key (or new), now. */
    CommandMetadata operator(String feedId, String idempotencyKey) {
        return commands.metadata(feedId, OperatorRoles.actor(identity), null, idempotencyKey, null);
    }

    CompletionStage<Response> submitSigned(
            SpecificRecord command, SignedRequests.Signed signed, SignedHeaders headers) {
        return gateway.submitSigned(command, signed, headers.uri, headers.prefer, answer(null));
    }

    CompletionStage<Response> submit(SpecificRecord command, OperatorHeaders headers, URI created) {
        return gateway.submit(command, headers.uri, headers.prefer, answer(created));
    }

    private static Function<CommandResult, Response> answer(URI created) {
        return created == null
                ? result -> Response.ok(result).build()
                : result -> Response.created(created).entity(result).build();
    }

    /** The absolute location of a path under the service's base URI. */
    static URI location(UriInfo uri, String... segments) {
        var builder = uri.getBaseUriBuilder();
        for (String segment : segments) {
            builder.path(segment);
        }
        return builder.build();
    }

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
