package io.coverclaims.policy.api;

import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.policy.domain.cover.CoverState;
import io.coverclaims.policy.view.PolicyEventsView;
import io.coverclaims.schemas.policy.BuyCover;
import io.coverclaims.schemas.policy.CancelPolicy;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/policies")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "policies",
        description = "Cover bought on a quote: Requested -> Active -> Expired | Cancelled, or Declined")
public class PolicyResource {

    @Inject
    AggregateResponses responses;

    @Inject
    PolicyEventsView view;

    public record BuyRequest(
            @NotNull @Pattern(regexp = Ids.COVER_ID, message = Ids.COVER_ID_MESSAGE)
            String quoteId,

            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String holder,

            Instant startAt,
            @Size(max = 200) String premiumPaymentRef) {}

    public record CancelRequest(
            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String holder,

            @NotBlank @Size(max = 500) String reason) {}

    @POST
    @Operation(
            summary = "Buy cover on a quote",
            description = "The policy takes the quote's id and starts Requested: "
                    + "policy-service asks the quote's pool for capacity (PolicyRequested); the pool's answer activates or declines it. "
                    + "Poll GET /policies/{policyId}.")
    @APIResponse(responseCode = "201", description = "requested; the policy (status REQUESTED)")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "404", description = "QUOTE_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description = "QUOTE_EXPIRED, QUOTE_ALREADY_USED, HOLDER_MISMATCH, START_IN_THE_PAST, ...")
    public CompletionStage<Response> buy(@Valid @NotNull BuyRequest request, @Valid @BeanParam CommandHeaders headers) {
        String policyId = request.quoteId();
        BuyCover command = BuyCover.newBuilder()
                .setMetadata(responses.metadata(policyId, request.holder(), headers, policyId))
                .setPolicyId(policyId)
                .setQuoteId(request.quoteId())
                .setHolder(request.holder())
                .setStartAt(request.startAt())
                .setPremiumPaymentRef(request.premiumPaymentRef())
                .build();
        return responses.create(
                command,
                policyId,
                headers,
                CoverState.Bought.class,
                (policy, version) -> CoverViews.PolicyView.of(policy, version, false));
    }

    @GET
    @Path("/{policyId}")
    @Operation(summary = "A policy and its whole event history (quote included), read-your-writes")
    @APIResponse(responseCode = "404", description = "POLICY_NOT_FOUND")
    public Response get(
            @PathParam("policyId") @Pattern(regexp = Ids.COVER_ID, message = Ids.COVER_ID_MESSAGE) String policyId,
            @Context UriInfo uri,
            @HeaderParam("X-Coverclaims-Routed") String routed) {
        return responses.read(
                policyId,
                uri,
                routed,
                CoverState.Bought.class,
                (policy, version) -> CoverViews.PolicyView.of(policy, version, true),
                () -> ProblemException.notFound("POLICY_NOT_FOUND", "no policy " + policyId, "policyId"));
    }

    @GET
    @Operation(
            summary =
                    "The policies of an owner address, newest first (read model of policy.events, eventually consistent)")
    @APIResponse(responseCode = "400", description = "owner missing or not an address")
    public List<CoverViews.PolicyView> byOwner(
            @QueryParam("owner") @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE) String owner) {
        return view.policiesOf(owner).stream()
                .map(state -> CoverViews.PolicyView.of(state, null, false))
                .toList();
    }

    @POST
    @Path("/{policyId}/cancellation")
    @Operation(
            summary = "Cancel a policy (its holder)",
            description = "Refund = floor(premium x unused share of the period); "
                    + "a policy still Requested is refunded in full. The pool releases the capacity.")
    @APIResponse(responseCode = "200", description = "cancelled")
    @APIResponse(responseCode = "404", description = "POLICY_NOT_FOUND")
    @APIResponse(responseCode = "422", description = "NOT_POLICY_HOLDER, POLICY_NOT_CANCELLABLE, POLICY_ENDED")
    public CompletionStage<Response> cancel(
            @PathParam("policyId") @Pattern(regexp = Ids.COVER_ID, message = Ids.COVER_ID_MESSAGE) String policyId,
            @Valid @NotNull CancelRequest request,
            @Valid @BeanParam CommandHeaders headers) {
        return responses.submit(
                CancelPolicy.newBuilder()
                        .setMetadata(responses.metadata(policyId, request.holder(), headers))
                        .setPolicyId(policyId)
                        .setReason(request.reason())
                        .build(),
                headers);
    }
}
