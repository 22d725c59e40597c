package io.coverclaims.policy.api;

import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.auth.SignedRequests;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/policies")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "policies",
        description = "Cover bought on a quote: Requested -> Active -> Expired | Cancelled, or Declined. "
                + "Buying and cancelling are signed by the holder's wallet (EIP-712, docs/signing.md)")
public class PolicyResource {

    /** The typed message a holder signs to buy cover (schemas' signed-commands.json). */
    static final String BUY_COVER = "BuyCover";

    /** The typed message a holder signs to cancel a policy (schemas' signed-commands.json). */
    static final String CANCEL_COVER = "CancelCover";

    /** The refusals of a signature, as SignedRequests and the gateway answer them. */
    static final String SIGNATURE_REFUSALS = "the holder's signature is missing or does not hold (problem+json naming "
            + "the header): SIGNATURE_REQUIRED, SIGNATURE_MALFORMED, NONCE_REQUIRED, NONCE_INVALID, EXPIRY_REQUIRED, "
            + "EXPIRY_INVALID, SIGNATURE_EXPIRED, EXPIRY_TOO_FAR, SIGNATURE_INVALID, WRONG_SIGNER (signed by another "
            + "address than the holder, or another message than the request's), NONCE_ALREADY_USED (a replay)";

    @Inject
    AggregateResponses responses;

    @Inject
    SignedRequests signatures;

    @Inject
    PolicyEventsView view;

    public record BuyRequest(
            @NotNull @Pattern(regexp = Ids.COVER_ID, message = Ids.COVER_ID_MESSAGE)
            String quoteId,

            @NotNull
            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            @Schema(description = "the address the quote was issued to; it signs the purchase")
            String holder,

            @Schema(
                    description = "when cover starts (default: at the purchase); milliseconds are kept, finer is "
                            + "dropped; signed as unix milliseconds, 0 when absent")
            Instant startAt,

            @Size(max = 200) @Schema(description = "the premium payment's reference; signed as \"\" when absent")
            String premiumPaymentRef) {}

    public record CancelRequest(
            @NotNull
            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            @Schema(description = "the policy's holder; it signs the cancellation")
            String holder,

            @NotBlank @Size(max = 500) String reason) {}

    @POST
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Buy cover on a quote (signed by the holder)",
            description = "The policy takes the quote's id and starts Requested: "
                    + "policy-service asks the quote's pool for capacity (PolicyRequested); the pool's answer activates or declines it. "
                    + "Poll GET /policies/{policyId}. The request must carry the holder's EIP-712 signature of "
                    + "BuyCover(quoteId, holder, startAt, premiumPaymentRef, nonce, expiry) in X-Signature, "
                    + "X-Signature-Nonce and X-Signature-Expiry (docs/signing.md); the signer is the command's actor "
                    + "and the nonce keys the command: an Idempotency-Key header is ignored, and the same signed "
                    + "request sent again is refused 401 NONCE_ALREADY_USED.")
    @APIResponse(responseCode = "201", description = "requested; the policy (status REQUESTED)")
    @APIResponse(
            responseCode = "202",
            description = "sent, not decided within the wait: poll the Location (or GET /policies/{quoteId})")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = SIGNATURE_REFUSALS)
    @APIResponse(responseCode = "404", description = "QUOTE_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description = "QUOTE_EXPIRED, QUOTE_ALREADY_USED, HOLDER_MISMATCH, START_IN_THE_PAST, "
                    + "PAUSED (cover-sales paused everywhere by the guardians; field capability), ...")
    public CompletionStage<Response> buy(
            @Valid @NotNull BuyRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedCommandHeaders headers) {
        String policyId = request.quoteId();
        String holder = Ids.canonical(request.holder());
        Instant startAt = signableStart(request.startAt());
        String premiumPaymentRef = request.premiumPaymentRef() == null
                        || request.premiumPaymentRef().isEmpty()
                ? null
                : request.premiumPaymentRef();
        SignedRequests.Signed signed = signatures.verify(
                BUY_COVER,
                Map.of(
                        "quoteId",
                        request.quoteId(),
                        "holder",
                        holder,
                        "startAt",
                        startAt == null ? 0L : startAt.toEpochMilli(),
                        "premiumPaymentRef",
                        premiumPaymentRef == null ? "" : premiumPaymentRef),
                signature);
        BuyCover command = BuyCover.newBuilder()
                .setMetadata(responses.metadata(policyId, signed, policyId))
                .setPolicyId(policyId)
                .setQuoteId(request.quoteId())
                .setHolder(holder)
                .setStartAt(startAt)
                .setPremiumPaymentRef(premiumPaymentRef)
                .build();
        return responses.createSigned(
                command,
                signed,
                policyId,
                headers,
                CoverState.Bought.class,
                (policy, version) -> CoverViews.PolicyView.of(policy, version, false));
    }

    /**
     * The start the holder signs and the purchase applies: {@code startAt} to the millisecond (the signed message
     * carries unix milliseconds, 0 for none), or null for none. A start at or before 1970-01-01T00:00:00Z, or past
     * what milliseconds can count, cannot be signed: 400 naming startAt.
     */
    static Instant signableStart(Instant startAt) {
        if (startAt == null) {
            return null;
        }
        Instant millis = startAt.truncatedTo(ChronoUnit.MILLIS);
        try {
            if (millis.toEpochMilli() > 0) {
                return millis;
            }
        } catch (ArithmeticException beyondMillis) {
            // past 292 million years from now: not a start anyone signs
        }
        throw ProblemException.badRequest(
                "startAt", "must be after 1970-01-01T00:00:00Z and within the range of unix milliseconds");
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
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Cancel a policy (signed by its holder)",
            description = "Refund = floor(premium x unused share of the period); "
                    + "a policy still Requested is refunded in full. The pool releases the capacity. The request must "
                    + "carry the holder's EIP-712 signature of CancelCover(policyId, holder, reason, nonce, expiry) in "
                    + "X-Signature, X-Signature-Nonce and X-Signature-Expiry (docs/signing.md); the signer is the "
                    + "command's actor and the nonce keys the command: an Idempotency-Key header is ignored, and the "
                    + "same signed request sent again is refused 401 NONCE_ALREADY_USED.")
    @APIResponse(responseCode = "200", description = "cancelled")
    @APIResponse(responseCode = "202", description = "sent, not decided within the wait: poll the Location")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = SIGNATURE_REFUSALS)
    @APIResponse(responseCode = "404", description = "POLICY_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description = "NOT_POLICY_HOLDER (the signer does not hold the policy), POLICY_NOT_CANCELLABLE, "
                    + "POLICY_ENDED")
    public CompletionStage<Response> cancel(
            @PathParam("policyId") @Pattern(regexp = Ids.COVER_ID, message = Ids.COVER_ID_MESSAGE) String policyId,
            @Valid @NotNull CancelRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedCommandHeaders headers) {
        SignedRequests.Signed signed = signatures.verify(
                CANCEL_COVER,
                Map.of("policyId", policyId, "holder", Ids.canonical(request.holder()), "reason", request.reason()),
                signature);
        return responses.submitSigned(
                CancelPolicy.newBuilder()
                        .setMetadata(responses.metadata(
                                policyId, signed, UUID.randomUUID().toString()))
                        .setPolicyId(policyId)
                        .setReason(request.reason())
                        .build(),
                signed,
                headers);
    }
}
