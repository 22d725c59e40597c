package io.coverclaims.claim.api;

import io.coverclaims.claim.GovernedClaimParameters;
import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.saga.IncidentPlanner;
import io.coverclaims.claim.view.ClaimsView;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.rest.OperatorHeaders;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.schemas.claim.DeclareIncident;
import io.coverclaims.schemas.claim.IncidentPool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Incidents: one exploit that many claims name. Declared by an operator (claims-admin), or by
 * claim-service itself when oracle-service confirms an incident or a parametric trigger fires ({@code
 * ParametricTriggers}). docs/claims.md, "One exploit, many claims", gives the payout rule.
 */
@Path("/incidents")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "incidents", description = "Incidents that claims name, and the pro-rata rule that pays them")
public class IncidentResource {

    @Inject
    ClaimEdge edge;

    @Inject
    ClaimsView claims;

    @Inject
    GovernedClaimParameters parameters;

    @Inject
    IncidentPlanner planner;

    public record DeclareRequest(
            @NotNull @Pattern(regexp = ClaimIds.INCIDENT_ID, message = ClaimIds.INCIDENT_ID_MESSAGE)
            String incidentId,

            @NotBlank @Size(max = 200) String title,

            @NotNull @Size(min = 1, max = 50)
            List<
                            @NotNull
                            @Pattern(
                                    regexp = "^prod-[a-z0-9][a-z0-9-]{0,62}$",
                                    message = "must be prod- and lower-case letters, digits or dashes")
                            String>
                    productIds,

            @NotNull Instant occurredAt,

            @Positive
            @Max(31_622_400_000L)
            @Schema(description = "how long claims may name it, ms (default: coverclaims.claim.incident-claim-window)")
            Long claimWindowMs) {}

    @POST
    @RolesAllowed(OperatorRoles.CLAIMS_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @Operation(
            summary = "Declare an incident claims may name (operator, claims-admin)",
            description =
                    "Records each affected pool's capital and its worst case (all cover still at risk on the "
                            + "incident's products placed in it), from claim-service's read models of pool.events and "
                            + "policy.events: FULL when every pool covers its worst case (claims are paid in full as they are "
                            + "accepted), else PRO_RATA (paid one ratio once the claim window closed and every claim is decided).")
    @APIResponse(responseCode = "201", description = "declared; Location is the incident")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = ClaimEdge.OPERATOR_401)
    @APIResponse(responseCode = "403", description = ClaimEdge.OPERATOR_403)
    @APIResponse(
            responseCode = "422",
            description = "INCIDENT_EXISTS, NO_PRODUCTS, INVALID_WINDOW, "
                    + "PAUSED (claims paused everywhere by the guardians; field capability)")
    public CompletionStage<Response> declare(
            @Valid @NotNull DeclareRequest request, @Valid @BeanParam OperatorHeaders headers) {
        List<IncidentPool> figures = planner.coverAtRisk(request.productIds());
        long window = request.claimWindowMs() == null
                ? parameters.incidentClaimWindow().toMillis()
                : request.claimWindowMs();
        DeclareIncident command = DeclareIncident.newBuilder()
                .setMetadata(edge.operator(request.incidentId(), headers.idempotencyKey, request.incidentId()))
                .setIncidentId(request.incidentId())
                .setTitle(request.title())
                .setProductIds(request.productIds().stream().distinct().toList())
                .setOccurredAt(request.occurredAt())
                .setClaimWindowMs(window)
                .setPools(figures)
                .build();
        return edge.submit(command, headers, ClaimEdge.location(headers.uri, "incidents", request.incidentId()));
    }

    @GET
    @Path("/{incidentId}")
    @Operation(summary = "An incident: its pools' figures, its mode, its ratio once fixed, its claims and history")
    @APIResponse(responseCode = "404", description = "INCIDENT_NOT_FOUND")
    public ClaimsView.IncidentView get(
            @PathParam("incidentId") @Pattern(regexp = ClaimIds.INCIDENT_ID, message = ClaimIds.INCIDENT_ID_MESSAGE)
                    String incidentId) {
        return claims.incident(incidentId)
                .orElseThrow(() ->
                        ProblemException.notFound("INCIDENT_NOT_FOUND", "no incident " + incidentId, "incidentId"));
    }

    @GET
    @Operation(summary = "Every incident declared")
    public List<ClaimsView.IncidentView> list() {
        return claims.incidents();
    }
}
