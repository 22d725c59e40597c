package io.coverclaims.claim.api;

import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.gateway.CommandGateway;
import io.coverclaims.platform.gateway.CommandResult;
import io.coverclaims.platform.gateway.Commands;
import io.coverclaims.platform.rest.OperatorHeaders;
import io.coverclaims.platform.rest.SignedHeaders;
import io.coverclaims.schemas.common.CommandMetadata;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/** What the claim resources share: the metadata of a signed or an operator's command, and sending it. */
@ApplicationScoped
public class ClaimEdge {

    static final String OPERATOR_401 = "no valid operator token (TOKEN_REQUIRED, TOKEN_INVALID), field Authorization";
    static final String OPERATOR_403 = "a token without the claims-admin role (ROLE_REQUIRED), field Authorization";
    static final String SIGNED_401 = "not signed by the address it acts for, naming the header: SIGNATURE_REQUIRED, "
            + "SIGNATURE_MALFORMED, NONCE_REQUIRED, NONCE_INVALID, EXPIRY_REQUIRED, EXPIRY_INVALID, SIGNATURE_EXPIRED, "
            + "EXPIRY_TOO_FAR, SIGNATURE_INVALID, WRONG_SIGNER, NONCE_ALREADY_USED (a replay)";

    private final Commands commands = Commands.configured();

    @Inject
    CommandGateway gateway;

    @Inject
    SecurityIdentity identity;

    /** A wallet-signed command on {@code aggregateId}: the signer acts, the signed nonce keys it, its time now. */
    CommandMetadata signed(String aggregateId, SignedRequests.Signed signed, String correlationId) {
        return commands.metadata(aggregateId, signed.signer(), null, signed.commandKey(), correlationId);
    }

    /** An operator's command: the token's subject acts; its id is the Idempotency-Key (or a new one), its time now. */
    CommandMetadata operator(String aggregateId, String idempotencyKey, String correlationId) {
        return commands.metadata(aggregateId, OperatorRoles.actor(identity), null, idempotencyKey, correlationId);
    }

    CompletionStage<Response> submitSigned(
            SpecificRecord command, SignedRequests.Signed signed, SignedHeaders headers, URI created) {
        return gateway.submitSigned(command, signed, headers.uri, headers.prefer, answer(created));
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
}
