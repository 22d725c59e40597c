package io.coverclaims.governance.api;

import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.gateway.CommandGateway;
import io.coverclaims.platform.gateway.CommandResult;
import io.coverclaims.platform.gateway.Commands;
import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.platform.rest.SignedHeaders;
import io.coverclaims.schemas.common.CommandMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the governance resources share: the ids they accept, the metadata of a signed command and sending it. Every
 * write here is signed by the member or guardian it acts for (EIP-712, docs/signing.md): the signer is the actor and
 * the signed nonce keys the command.
 */
@ApplicationScoped
public class GovernanceEdge {

    /** A proposal id: prop- and 1 to 64 letters, digits, dots, dashes or underscores. */
    public static final String PROPOSAL_ID = "^prop-[A-Za-z0-9._-]{1,64}$";

    public static final String PROPOSAL_ID_MESSAGE =
            "must be prop- followed by 1 to 64 letters, digits, dots, dashes or underscores";

    /** A pause request id: 1 to 80 letters, digits, dots, colons, dashes or underscores. */
    public static final String REQUEST_ID = "^[A-Za-z0-9._:-]{1,80}$";

    public static final String REQUEST_ID_MESSAGE =
            "must be 1 to 80 letters, digits, dots, colons, dashes or underscores";

    /** A parameter name: dotted segments of letters and digits (claim.depositUnits). */
    public static final String PARAMETER_NAME = "^[a-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*){1,5}$";

    public static final String PARAMETER_NAME_MESSAGE = "must be a dotted parameter name, e.g. claim.depositUnits";

    /** A pool id or feed id a pause is limited to. */
    public static final String SCOPE = "^[A-Za-z0-9._:-]{1,80}$";

    public static final String SCOPE_MESSAGE = "must be a pool id or feed id (1 to 80 letters, digits, ._:-)";

    static final String SIGNED_401 = "not signed by the address it acts for, naming the header: SIGNATURE_REQUIRED, "
            + "SIGNATURE_MALFORMED, NONCE_REQUIRED, NONCE_INVALID, EXPIRY_REQUIRED, EXPIRY_INVALID, SIGNATURE_EXPIRED, "
            + "EXPIRY_TOO_FAR, SIGNATURE_INVALID, WRONG_SIGNER, NONCE_ALREADY_USED (a replay)";

    private final Commands commands = Commands.configured();

    @Inject
    CommandGateway gateway;

    /** A wallet-signed command on the aggregate: the signer acts, the signed nonce keys it, its time now. */
    CommandMetadata signed(String aggregateId, SignedRequests.Signed signed) {
        return commands.metadata(aggregateId, signed.signer(), null, signed.commandKey(), null);
    }

    CompletionStage<Response> submitSigned(
            SpecificRecord command, SignedRequests.Signed signed, SignedHeaders headers, URI created) {
        return gateway.submitSigned(command, signed, headers.uri, headers.prefer, answer(created));
    }

    /**
     * Like {@link #submitSigned(SpecificRecord, SignedRequests.Signed, SignedHeaders, URI)}, naming in a refusal the
     * request's field instead of the command's ({@code fields}: command field to request field), e.g. the pause
     * commands' {@code admin} is the request's {@code guardian}.
     */
    CompletionStage<Response> submitSigned(
            SpecificRecord command,
            SignedRequests.Signed signed,
            SignedHeaders headers,
            URI created,
            Map<String, String> fields) {
        return submitSigned(command, signed, headers, created).thenApply(response -> renamed(response, fields));
    }

    static Response renamed(Response response, Map<String, String> fields) {
        if (response.getEntity() instanceof Problem problem
                && problem.field() != null
                && fields.containsKey(problem.field())) {
            return Problem.of(problem.status(), problem.code(), problem.detail(), fields.get(problem.field()))
                    .toResponse();
        }
        return response;
    }

    private static Function<CommandResult, Response> answer(URI created) {
        return created == null
                ? result -> Response.ok(result).build()
                : result -> Response.created(created).entity(result).build();
    }

    static URI location(UriInfo uri, String... segments) {
        var builder = uri.getBaseUriBuilder();
        for (String segment : segments) {
            builder.path(segment);
        }
        return builder.build();
    }

    /** A 422 problem naming the field, for business rules the edge checks before anything is signed or sent. */
    static ProblemException unprocessable(String code, String detail, String field) {
        return new ProblemException(Problem.of(Problem.UNPROCESSABLE_CONTENT, code, detail, field));
    }
}
