package io.coverclaims.platform.gateway;

import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.rest.OperatorHeaders;
import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.platform.rest.SignedHeaders;
import io.coverclaims.schemas.common.CommandMetadata;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * What every service's REST writes share, from the request to the answer: the metadata of a wallet-signed command
 * (the signer acts, the signed nonce keys it) or of an operator's (the token's subject acts, the Idempotency-Key keys
 * it), sending it through the {@link CommandGateway} and answering 200 with the result, or 201 with the new resource's
 * location. A service's edge ({@code ClaimEdge}, {@code OracleEdge}, {@code GovernanceEdge}) extends it with its ids
 * and the texts of its OpenAPI answers; its resources build the commands.
 */
public abstract class CommandEdge {

    /** The 401 of a wallet-signed write, for {@code @APIResponse}. */
    public static final String SIGNED_401 = "not signed by the address it acts for, naming the header: "
            + "SIGNATURE_REQUIRED, SIGNATURE_MALFORMED, NONCE_REQUIRED, NONCE_INVALID, EXPIRY_REQUIRED, EXPIRY_INVALID, "
            + "SIGNATURE_EXPIRED, EXPIRY_TOO_FAR, SIGNATURE_INVALID, WRONG_SIGNER, NONCE_ALREADY_USED (a replay)";

    /** The 401 of an operator's write, for {@code @APIResponse}. */
    public static final String OPERATOR_401 =
            "no valid operator token (TOKEN_REQUIRED, TOKEN_INVALID), field Authorization";

    private final Commands commands = Commands.configured();

    @Inject
    protected CommandGateway gateway;

    @Inject
    protected SecurityIdentity identity;

    /** A wallet-signed command on {@code aggregateId}: the signer acts, the signed nonce keys it, its time now. */
    public CommandMetadata signed(String aggregateId, SignedRequests.Signed signed) {
        return signed(aggregateId, signed, null);
    }

    /** Like {@link #signed(String, SignedRequests.Signed)}, correlated with {@code correlationId} (e.g. the claim). */
    public CommandMetadata signed(String aggregateId, SignedRequests.Signed signed, String correlationId) {
        return commands.metadata(aggregateId, signed.signer(), null, signed.commandKey(), correlationId);
    }

    /** An operator's command: the token's subject acts; its id is the Idempotency-Key (or a new one), its time now. */
    public CommandMetadata operator(String aggregateId, String idempotencyKey) {
        return operator(aggregateId, idempotencyKey, null);
    }

    /** Like {@link #operator(String, String)}, correlated with {@code correlationId}. */
    public CommandMetadata operator(String aggregateId, String idempotencyKey, String correlationId) {
        return commands.metadata(aggregateId, OperatorRoles.actor(identity), null, idempotencyKey, correlationId);
    }

    /** Sends a signed command; accepted: 200 with the result. */
    public CompletionStage<Response> submitSigned(
            SpecificRecord command, SignedRequests.Signed signed, SignedHeaders headers) {
        return submitSigned(command, signed, headers, null);
    }

    /** Sends a signed command; accepted: 201 at {@code created}, or 200 when it is null. */
    public CompletionStage<Response> submitSigned(
            SpecificRecord command, SignedRequests.Signed signed, SignedHeaders headers, URI created) {
        return gateway.submitSigned(command, signed, headers.uri, headers.prefer, answer(created));
    }

    /**
     * Like {@link #submitSigned(SpecificRecord, SignedRequests.Signed, SignedHeaders, URI)}, naming in a refusal the
     * request's field instead of the command's ({@code fields}: command field to request field), e.g. the pause
     * commands' {@code admin} is the request's {@code guardian}.
     */
    public CompletionStage<Response> submitSigned(
            SpecificRecord command,
            SignedRequests.Signed signed,
            SignedHeaders headers,
            URI created,
            Map<String, String> fields) {
        return submitSigned(command, signed, headers, created).thenApply(response -> renamed(response, fields));
    }

    /** Sends an operator's command; accepted: 201 at {@code created}, or 200 when it is null. */
    public CompletionStage<Response> submit(SpecificRecord command, OperatorHeaders headers, URI created) {
        return gateway.submit(command, headers.uri, headers.prefer, answer(created));
    }

    /** The absolute location of a path under the service's base URI, the segments appended in order. */
    public static URI location(UriInfo uri, String... segments) {
        var builder = uri.getBaseUriBuilder();
        for (String segment : segments) {
            builder.path(segment);
        }
        return builder.build();
    }

    /** A 422 problem naming the field, for business rules the edge checks before anything is signed or sent. */
    public static ProblemException unprocessable(String code, String detail, String field) {
        return new ProblemException(Problem.of(Problem.UNPROCESSABLE_CONTENT, code, detail, field));
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
}
