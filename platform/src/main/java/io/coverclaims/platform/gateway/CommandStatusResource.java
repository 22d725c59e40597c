package io.coverclaims.platform.gateway;

import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.query.AggregateQueries;
import io.coverclaims.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/** Where a 202 points: the outcome of a command, once decided, from the instance that decided it. */
@Path(CommandStatusResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
// the two ways a caller proves who it is, declared once for every service's OpenAPI document (Swagger UI's Authorize)
@SecuritySchemes({
    @SecurityScheme(
            securitySchemeName = OperatorRoles.BEARER_SCHEME,
            type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            bearerFormat = "JWT",
            description = "An operator's token with the operation's role in its groups claim "
                    + "(pool-admin, product-admin, claims-admin, arbiter, oracle-admin, guardian); "
                    + "locally: ./claims token --role <role>"),
    @SecurityScheme(
            securitySchemeName = OperatorRoles.WALLET_SCHEME,
            type = SecuritySchemeType.APIKEY,
            in = SecuritySchemeIn.HEADER,
            apiKeyName = SignatureHeaders.SIGNATURE,
            description = "EIP-712 signature of the command's typed message by the acting address, with the message's "
                    + "nonce and expiry in X-Signature-Nonce and X-Signature-Expiry (docs/signing.md; ./claims sign)")
})
public class CommandStatusResource {

    static final String PATH = "/commands";

    @Inject
    AggregateQueries queries;

    @GET
    @Path("/{aggregateId}/{commandId}")
    @Operation(summary = "The outcome of a command; 404 while it is not decided yet")
    public Response outcome(
            @PathParam("aggregateId") String aggregateId,
            @PathParam("commandId") String commandId,
            @Context UriInfo uri,
            @HeaderParam("X-Coverclaims-Routed") String routed) {
        return queries.route(
                aggregateId,
                uri,
                routed,
                () -> queries.localDecision(commandId)
                        .filter(decided -> decided.aggregateId().equals(aggregateId))
                        .map(decided -> Response.ok(CommandResult.of(decided.toOutcome(false)))
                                .build())
                        .orElseGet(() -> Problem.of(
                                        Response.Status.NOT_FOUND,
                                        "COMMAND_NOT_FOUND",
                                        "no outcome for command " + commandId + " yet",
                                        "commandId")
                                .toResponse()));
    }
}
