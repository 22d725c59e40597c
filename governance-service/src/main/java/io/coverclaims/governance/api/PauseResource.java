package io.coverclaims.governance.api;

import io.coverclaims.governance.GovernanceCatalogue;
import io.coverclaims.governance.GovernanceContext;
import io.coverclaims.governance.domain.pause.PauseCommand.ApprovePauseChange;
import io.coverclaims.governance.domain.pause.PauseCommand.RequestPauseChange;
import io.coverclaims.governance.domain.pause.PauseDecider;
import io.coverclaims.governance.domain.pause.PauseFlag;
import io.coverclaims.governance.view.GovernanceView;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.governance.Capability;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.platform.rest.SignedHeaders;
import io.coverclaims.schemas.common.CommandMetadata;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The emergency pause: the guardian set, each capability's state (and its scoped pauses), the pending requests, and
 * k-of-n pause and unpause requests signed by guardians (EIP-712 RequestPauseChange and ApprovePauseChange). A
 * capability is named as the REST APIs name it ({@link Capability}: all, cover-sales, claims, assessment, payouts,
 * deposits, withdrawals, parametric-triggers, anchoring).
 */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pause", description = "Guardians and the emergency pause per capability (docs/governance.md)")
public class PauseResource {

    static final String REQUEST = "RequestPauseChange";
    static final String APPROVE = "ApprovePauseChange";
    static final String TTL = "governance.pauseRequestTtlMs";

    /** The commands' fields as the requests name them: the acting guardian is the command's admin. */
    static final Map<String, String> REQUEST_FIELDS = Map.of("admin", "guardian", "flag", "capability");

    static final String CAPABILITIES =
            "all|cover-sales|claims|assessment|payouts|deposits|withdrawals|parametric-triggers|anchoring";

    @Inject
    GovernanceEdge edge;

    @Inject
    SignedRequests signatures;

    @Inject
    GovernanceView governance;

    public record PauseRequest(
            @NotNull
            @Pattern(regexp = GovernanceEdge.REQUEST_ID, message = GovernanceEdge.REQUEST_ID_MESSAGE)
            @Schema(description = "chosen by the requesting guardian (it is signed); used once")
            String requestId,

            @NotNull
            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            @Schema(description = "the requesting guardian; it signs, and counts as the first approval")
            String guardian,

            @NotNull @Pattern(regexp = "^(" + CAPABILITIES + ")$", message = "must be one of " + CAPABILITIES)
            String capability,

            @NotNull @Schema(description = "true to pause, false to unpause (signed as 1 or 0)")
            Boolean paused,

            @Pattern(regexp = GovernanceEdge.SCOPE, message = GovernanceEdge.SCOPE_MESSAGE)
            @Schema(description = "a pool id or feed id the pause is limited to; absent (signed \"\"): everywhere")
            String scope,

            @NotNull @Size(max = 2000) String reason) {}

    public record ApprovalRequest(
            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE) @Schema(description = "it signs")
            String guardian) {}

    /** A capability's state everywhere (its unscoped flag). */
    public record CapabilityState(
            String capability,
            String flag,
            boolean paused,
            Instant since,
            String requestId,
            List<String> approvers,
            String breaker) {}

    /** A pause (or its lifting) limited to one pool or feed. */
    public record ScopedState(
            String capability,
            String flag,
            String scope,
            boolean paused,
            Instant since,
            String requestId,
            List<String> approvers,
            String breaker) {}

    public record PauseView(
            List<CapabilityState> capabilities,
            List<ScopedState> scoped,
            List<RequestView> pending,
            List<GovernanceView.Trip> breakerTrips) {}

    public record RequestView(
            String requestId,
            String capability,
            String scope,
            boolean paused,
            String requestedBy,
            String reason,
            int requiredApprovals,
            List<String> approvers,
            Instant requestedAt,
            Instant expiresAt,
            String status,
            Instant settledAt) {}

    @GET
    @Path("guardians")
    @Operation(
            summary = "The guardian set and its threshold k",
            description = "Who may sign pause requests, and how many different guardians must sign one for it to "
                    + "take effect; since and proposalId (null: genesis) say how it was set.")
    @APIResponse(responseCode = "404", description = "GUARDIANS_NOT_FOUND: genesis has not reached the read model")
    public GovernanceView.Guardians guardians() {
        return governance
                .guardians()
                .orElseThrow(
                        () -> ProblemException.notFound("GUARDIANS_NOT_FOUND", "no guardian set yet", "guardians"));
    }

    @GET
    @Path("pause")
    @Operation(
            summary = "Each capability's pause state, the scoped pauses, the pending requests and breaker trips",
            description = "capabilities: every capability (all, cover-sales, ...) with paused and how it was set "
                    + "(requestId, approvers, or breaker: the circuit-breaker rule). scoped: pauses limited to a pool "
                    + "or feed. pending: requests still collecting approvals. Read model of governance.events.")
    public PauseView pause() {
        Map<String, GovernanceView.Flag> unscoped = governance.flags().stream()
                .filter(f -> f.scope() == null)
                .collect(Collectors.toMap(GovernanceView.Flag::flag, Function.identity()));
        List<CapabilityState> capabilities = Arrays.stream(Capability.values())
                .map(c -> {
                    GovernanceView.Flag flag = unscoped.get(c.flag().name());
                    return flag == null
                            ? new CapabilityState(c.restName(), c.flag().name(), false, null, null, List.of(), null)
                            : new CapabilityState(
                                    c.restName(),
                                    flag.flag(),
                                    flag.paused(),
                                    flag.since(),
                                    flag.requestId(),
                                    flag.approvers(),
                                    flag.breaker());
                })
                .toList();
        List<ScopedState> scoped = governance.flags().stream()
                .filter(f -> f.scope() != null)
                .map(f -> new ScopedState(
                        capabilityName(f.flag()),
                        f.flag(),
                        f.scope(),
                        f.paused(),
                        f.since(),
                        f.requestId(),
                        f.approvers(),
                        f.breaker()))
                .toList();
        List<RequestView> pending = governance.requests().stream()
                .filter(r -> GovernanceView.PENDING.equals(r.status()))
                .map(PauseResource::view)
                .toList();
        return new PauseView(capabilities, scoped, pending, governance.trips());
    }

    @GET
    @Path("pause-requests/{requestId}")
    @Operation(summary = "A pause request: its approvals so far and its status (PENDING, APPLIED or EXPIRED)")
    @APIResponse(responseCode = "404", description = "REQUEST_NOT_FOUND")
    public RequestView request(
            @PathParam("requestId")
                    @Pattern(regexp = GovernanceEdge.REQUEST_ID, message = GovernanceEdge.REQUEST_ID_MESSAGE)
                    String requestId) {
        return governance
                .request(requestId)
                .map(PauseResource::view)
                .orElseThrow(() ->
                        ProblemException.notFound("REQUEST_NOT_FOUND", "no pause request " + requestId, "requestId"));
    }

    @POST
    @Path("pause-requests")
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Request a pause or unpause of a capability (signed by a guardian)",
            description = "EIP-712 RequestPauseChange(requestId, guardian, capability, paused, scope, reason, nonce, "
                    + "expiry), paused 1 or 0, scope \"\" when absent. The guardian's signature is the first "
                    + "approval; the flag changes when k different guardians have signed (with k = 1 at once). The "
                    + "request waits governance.pauseRequestTtlMs for the others, then expires.")
    @APIResponse(responseCode = "200", description = "requested (or, with k = 1, applied)")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = GovernanceEdge.SIGNED_401)
    @APIResponse(
            responseCode = "422",
            description = "refused, naming the field: NOT_A_GUARDIAN (guardian), ALREADY_PAUSED / NOT_PAUSED (paused: "
                    + "the capability has that state already), REQUEST_EXISTS (requestId)")
    public CompletionStage<Response> requestChange(
            @Valid @NotNull PauseRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        Capability capability = Capability.fromRestName(request.capability())
                .orElseThrow(() -> ProblemException.badRequest("capability", "must be one of " + CAPABILITIES));
        String guardian = Ids.canonical(request.guardian());
        String scope = request.scope();
        SignedRequests.Signed signed = signatures.verify(
                REQUEST,
                Map.of(
                        "requestId",
                        request.requestId(),
                        "guardian",
                        guardian,
                        "capability",
                        capability.restName(),
                        "paused",
                        request.paused() ? BigInteger.ONE : BigInteger.ZERO,
                        "scope",
                        scope == null ? "" : scope,
                        "reason",
                        request.reason()),
                signature);
        CommandMetadata metadata = edge.signed(PauseDecider.AGGREGATE_ID, signed);
        RequestPauseChange command = new RequestPauseChange(
                request.requestId(),
                PauseFlag.valueOf(capability.flag().name()),
                request.paused(),
                signed.signer(),
                request.reason(),
                scope,
                ttlMs(),
                metadata.getIssuedAt());
        return edge.submitSigned(
                GovernanceContext.PAUSE_FLAGS.mapping().writeCommand(command, metadata),
                signed,
                headers,
                GovernanceEdge.location(headers.uri, "pause-requests", request.requestId()),
                REQUEST_FIELDS);
    }

    @POST
    @Path("pause-requests/{requestId}/approvals")
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Approve a pending pause request (signed by another guardian)",
            description = "EIP-712 ApprovePauseChange(requestId, guardian, nonce, expiry). The k-th different "
                    + "guardian's approval changes the flag (PauseFlagChanged, naming the approvers).")
    @APIResponse(responseCode = "200", description = "approved (and applied when it was the k-th)")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = GovernanceEdge.SIGNED_401)
    @APIResponse(responseCode = "404", description = "REQUEST_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description = "refused, naming the field: NOT_A_GUARDIAN (guardian), ALREADY_APPROVED (guardian: the same "
                    + "guardian again), REQUEST_EXPIRED, REQUEST_SETTLED, ALREADY_PAUSED / NOT_PAUSED")
    public CompletionStage<Response> approve(
            @PathParam("requestId")
                    @Pattern(regexp = GovernanceEdge.REQUEST_ID, message = GovernanceEdge.REQUEST_ID_MESSAGE)
                    String requestId,
            @Valid @NotNull ApprovalRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        String guardian = Ids.canonical(request.guardian());
        SignedRequests.Signed signed =
                signatures.verify(APPROVE, Map.of("requestId", requestId, "guardian", guardian), signature);
        CommandMetadata metadata = edge.signed(PauseDecider.AGGREGATE_ID, signed);
        ApprovePauseChange command = new ApprovePauseChange(requestId, signed.signer(), metadata.getIssuedAt());
        return edge.submitSigned(
                GovernanceContext.PAUSE_FLAGS.mapping().writeCommand(command, metadata),
                signed,
                headers,
                null,
                REQUEST_FIELDS);
    }

    private long ttlMs() {
        return governance
                .longValue(TTL)
                .orElseGet(() -> GovernanceCatalogue.get()
                        .spec(TTL)
                        .orElseThrow(() -> new IllegalStateException("the catalogue lacks " + TTL))
                        .defaultValue()
                        .longValueExact());
    }

    private static String capabilityName(String flag) {
        return Capability.fromFlagName(flag).map(Capability::restName).orElse(flag);
    }

    private static RequestView view(GovernanceView.Request r) {
        return new RequestView(
                r.requestId(),
                capabilityName(r.flag()),
                r.scope(),
                r.paused(),
                r.requestedBy(),
                r.reason(),
                r.requiredApprovals(),
                r.approvers(),
                r.requestedAt(),
                r.expiresAt(),
                r.status(),
                r.settledAt());
    }
}
