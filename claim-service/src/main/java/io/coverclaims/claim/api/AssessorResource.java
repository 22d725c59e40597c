package io.coverclaims.claim.api;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.view.ClaimsView;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.rest.OperatorHeaders;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.schemas.claim.AppointAssessorGroup;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Assessor groups per product category, the arbiters, and each assessor's open assessments. */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "assessors", description = "Assessor groups (one per product category), arbiters, open assessments")
public class AssessorResource {

    static final String CATEGORY = "PROTOCOL_EXPLOIT|STABLECOIN_DEPEG|CUSTODY|SLASHING|ARBITERS";

    @Inject
    ClaimEdge edge;

    @Inject
    ClaimsView claims;

    public record MembersRequest(
            @NotNull @Size(min = 1, max = 21)
            List<@NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE) String> members) {}

    @PUT
    @Path("assessor-groups/{category}")
    @RolesAllowed(OperatorRoles.CLAIMS_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @Operation(
            summary = "Appoint the assessor group of a product category, or the arbiters (operator, claims-admin)",
            description = "Replaces the members. A claim is assessed by the group its category had when it was "
                    + "submitted; an appeal is decided by an arbiter appointed when it was filed who was not one of "
                    + "the claim's assessors. For bootstrap: the normal path is a governance proposal "
                    + "(APPOINT_ASSESSOR, APPOINT_ARBITER, REVOKE_ASSESSOR; docs/claims.md).")
    @APIResponse(responseCode = "200", description = "appointed")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = ClaimEdge.OPERATOR_401)
    @APIResponse(responseCode = "403", description = ClaimEdge.OPERATOR_403)
    @APIResponse(responseCode = "422", description = "INVALID_MEMBERS, UNKNOWN_CATEGORY")
    public CompletionStage<Response> appoint(
            @PathParam("category") @Pattern(regexp = CATEGORY, message = "must be " + CATEGORY) String category,
            @Valid @NotNull MembersRequest request,
            @Valid @BeanParam OperatorHeaders headers) {
        String groupId = ClaimIds.groupIdOf(category);
        return edge.submit(
                AppointAssessorGroup.newBuilder()
                        .setMetadata(edge.operator(groupId, headers.idempotencyKey, groupId))
                        .setGroupId(groupId)
                        .setCategory(category)
                        .setMembers(
                                request.members().stream().map(Ids::canonical).toList())
                        .build(),
                headers,
                null);
    }

    @GET
    @Path("assessor-groups")
    @Operation(summary = "Every assessor group and the arbiters")
    public List<ClaimsView.Group> groups() {
        return claims.groups();
    }

    @GET
    @Path("assessor-groups/{category}")
    @Operation(summary = "One assessor group")
    @APIResponse(responseCode = "404", description = "GROUP_NOT_FOUND")
    public ClaimsView.Group group(
            @PathParam("category") @Pattern(regexp = CATEGORY, message = "must be " + CATEGORY) String category) {
        return claims.group(ClaimIds.groupIdOf(category))
                .orElseThrow(() ->
                        ProblemException.notFound("GROUP_NOT_FOUND", "no assessor group for " + category, "category"));
    }

    @GET
    @Path("assessors/{assessor}/assessments")
    @Operation(
            summary = "The claims an assessor has still to vote in, soonest voting end first",
            description = "Read model of claim.events (eventually consistent).")
    public List<ClaimsView.ClaimView> openAssessments(
            @PathParam("assessor") @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE) String assessor) {
        return claims.openAssessmentsOf(assessor);
    }
}
