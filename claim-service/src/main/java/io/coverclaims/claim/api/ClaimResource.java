package io.coverclaims.claim.api;

import io.coverclaims.claim.ClaimParameters;
import io.coverclaims.claim.GovernedClaimParameters;
import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.claim.ClaimsState;
import io.coverclaims.claim.view.ClaimsView;
import io.coverclaims.claim.view.ClaimsView.ClaimView;
import io.coverclaims.claim.view.PolicyBook;
import io.coverclaims.claim.view.PoolBook;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.query.AggregateQueries;
import io.coverclaims.platform.rest.OperatorHeaders;
import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.platform.rest.SignedHeaders;
import io.coverclaims.schemas.claim.AppealClaim;
import io.coverclaims.schemas.claim.CastAssessmentVote;
import io.coverclaims.schemas.claim.ClaimRules;
import io.coverclaims.schemas.claim.DecideAppeal;
import io.coverclaims.schemas.claim.SubmitClaim;
import io.coverclaims.schemas.claim.VoidAssessmentVote;
import io.coverclaims.schemas.claim.WithdrawClaim;
import io.coverclaims.schemas.common.CommandMetadata;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Claims: a policyholder's submission, assessors' votes, a claimant's appeal and an arbiter's decision, each signed by
 * the wallet that acts (EIP-712, docs/signing.md); an operator (claims-admin) voids a fraudulent vote in the cooldown.
 * The claim deposit and the appeal bond are paid on-chain into the pool contract ({@code payClaimBond}); the claim
 * moves on when chain-bridge has observed them. Reads come from claim-service's read model of claim.events
 * (eventually consistent). docs/claims.md tells the whole lifecycle.
 */
@Path("/claims")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "claims", description = "Submission, assessment, appeal, settlement and payment of claims (docs/claims.md)")
public class ClaimResource {

    static final String SUBMIT = "SubmitClaim";
    static final String WITHDRAW = "WithdrawClaim";
    static final String VOTE = "CastAssessmentVote";
    static final String APPEAL = "AppealClaim";
    static final String DECIDE_APPEAL = "DecideAppeal";

    @Inject
    ClaimEdge edge;

    @Inject
    SignedRequests signatures;

    @Inject
    ClaimsView claims;

    @Inject
    PolicyBook policies;

    @Inject
    PoolBook pools;

    @Inject
    ClaimParameters parameters;

    /** The governed claim parameters (governance.events), falling back to {@link #parameters}. */
    @Inject
    GovernedClaimParameters governed;

    @Inject
    AggregateQueries queries;

    public record SubmitRequest(
            @NotNull @Pattern(regexp = Ids.COVER_ID, message = Ids.COVER_ID_MESSAGE)
            String policyId,

            @NotNull
            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            @Schema(description = "the policy's holder; it signs the claim and is paid")
            String claimant,

            @NotNull
            @Schema(description = "when the loss happened; inside the cover period; signed as unix milliseconds")
            Instant incidentAt,

            @NotNull @Schema(description = "the loss claimed, at most the cover left (exact uint256 decimal string)")
            Money claimedAmount,

            @NotBlank @Size(max = 2000) String description,

            @Size(max = 500) @Schema(description = "where the evidence is; signed as \"\" when absent")
            String evidenceUri,

            @Pattern(regexp = ClaimIds.INCIDENT_ID, message = ClaimIds.INCIDENT_ID_MESSAGE)
            @Schema(description = "the declared incident the loss comes from; signed as \"\" when absent")
            String incidentId) {}

    public record WithdrawRequest(
            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String claimant,

            @NotBlank @Size(max = 500) String reason) {}

    public record VoteRequest(
            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String assessor,

            @NotNull
            @Pattern(regexp = "ACCEPT|DENY", message = "must be ACCEPT or DENY")
            @Schema(description = "ACCEPT or DENY (signed as that text)")
            String decision,

            @Schema(
                    description = "when accepting: the loss the assessor finds (default: the claimed amount); "
                            + "signed as 0 when absent")
            Money assessedLoss,

            @NotBlank @Size(max = 2000) String rationale) {}

    public record VoidRequest(@NotBlank @Size(max = 500) String reason) {}

    public record AppealRequest(
            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String appellant,

            @NotBlank @Size(max = 2000) String grounds) {}

    public record AppealDecisionRequest(
            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String arbiter,

            @NotNull
            @Pattern(regexp = "UPHOLD|REJECT", message = "must be UPHOLD or REJECT")
            @Schema(description = "UPHOLD (the claim is accepted) or REJECT (signed as that text)")
            String decision,

            @Schema(
                    description =
                            "when upholding: the loss the arbiter finds (default: the claimed amount); signed as 0")
            Money assessedLoss,

            @NotBlank @Size(max = 2000) String reason) {}

    /** What is still to be paid into the pool contract for the claim to move on. */
    public record PaymentDue(String kind, Money amount, String asset, String call) {}

    /** A claim with its whole history, what it waits for, and where its payout's proof is. */
    public record ClaimDocument(ClaimView claim, PaymentDue paymentDue, Map<String, String> links) {}

    // ------------------------------------------------------------------------------------------ submission

    @POST
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Submit a claim against one's own cover (signed by the policyholder)",
            description =
                    "EIP-712 SubmitClaim(policyId, claimant, incidentAt, claimedAmount, description, evidenceUri, "
                            + "incidentId, nonce, expiry) signed by the policy's holder. The claim id is assigned "
                            + "(clm-<policy uuid>-<n>) and is the Location. Assessment opens once the claim deposit is paid "
                            + "on-chain: ClaimsPool.payClaimBond(claimId, 0, amount) (paymentDue in GET /claims/{claimId}).")
    @APIResponse(responseCode = "201", description = "submitted; Location is the claim")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = ClaimEdge.SIGNED_401)
    @APIResponse(responseCode = "404", description = "POLICY_NOT_FOUND, INCIDENT_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description = "NOT_POLICYHOLDER, POLICY_NOT_ACTIVE, INCIDENT_OUTSIDE_COVER, INCIDENT_IN_FUTURE, "
                    + "CLAIM_PERIOD_ENDED, COVER_EXCEEDED, OPEN_CLAIM_EXISTS, NO_ASSESSORS, INCIDENT_WINDOW_CLOSED, "
                    + "INCIDENT_NOT_COVERED (the incident is about other products or pools, or happened outside the cover), "
                    + "CLAIM_ID_MISMATCH (another claim of the policy was just filed: sign again), "
                    + "PAUSED (claims paused by the guardians, for the pool or everywhere; field capability)")
    public CompletionStage<Response> submit(
            @Valid @NotNull SubmitRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        String claimant = Ids.canonical(request.claimant());
        Instant incidentAt = millis(request.incidentAt(), "incidentAt");
        positive(request.claimedAmount(), "claimedAmount");
        String evidenceUri = blankToNull(request.evidenceUri());
        String incidentId = blankToNull(request.incidentId());
        SignedRequests.Signed signed = signatures.verify(
                SUBMIT,
                Map.of(
                        "policyId", request.policyId(),
                        "claimant", claimant,
                        "incidentAt", BigInteger.valueOf(incidentAt.toEpochMilli()),
                        "claimedAmount", request.claimedAmount().value(),
                        "description", request.description(),
                        "evidenceUri", evidenceUri == null ? "" : evidenceUri,
                        "incidentId", incidentId == null ? "" : incidentId),
                signature);
        try {
            SubmitClaim command = submission(request, signed, claimant, incidentAt, evidenceUri, incidentId);
            return edge.submitSigned(
                    command, signed, headers, ClaimEdge.location(headers.uri, "claims", command.getClaimId()));
        } catch (ProblemException refused) {
            signatures.release(signed); // nothing was sent: the signed request may be sent again
            throw refused;
        }
    }

    /** The submission as the read models know the policy, its pool, its incident and its category's assessors. */
    private SubmitClaim submission(
            SubmitRequest request,
            SignedRequests.Signed signed,
            String claimant,
            Instant incidentAt,
            String evidenceUri,
            String incidentId) {
        PolicyBook.ClaimablePolicy policy = policies.policy(request.policyId())
                .orElseThrow(() -> ProblemException.notFound(
                        "POLICY_NOT_FOUND", "no active or past policy " + request.policyId(), "policyId"));
        String category = policies.product(policy.productId())
                .map(PolicyBook.Product::category)
                .orElse("UNKNOWN");
        PoolBook.Pool pool = pools.pool(policy.poolId())
                .orElseThrow(
                        () -> ProblemException.notFound("POOL_NOT_FOUND", "no pool " + policy.poolId(), "policyId"));
        Instant windowEndsAt = Instant.EPOCH;
        if (incidentId != null) {
            ClaimsView.IncidentView incident = claims.incident(incidentId)
                    .orElseThrow(() ->
                            ProblemException.notFound("INCIDENT_NOT_FOUND", "no incident " + incidentId, "incidentId"));
            // what an incident covers is fixed when it is declared: its products, the pools that had cover on them
            // (its ratio is shared among those pools' capital), and when it happened
            String notCovered = !incident.productIds().contains(policy.productId())
                    ? "is about " + incident.productIds() + ", not " + policy.productId()
                    : incident.pools().stream().noneMatch(p -> p.poolId().equals(policy.poolId()))
                            ? "was declared when " + policy.poolId() + " had no cover at risk on its products"
                            : incident.occurredAt().isBefore(policy.startAt())
                                            || !incident.occurredAt().isBefore(policy.endAt())
                                    ? "happened at " + incident.occurredAt() + ", outside the cover of "
                                            + policy.policyId()
                                    : null;
            if (notCovered != null) {
                throw new ProblemException(Problem.of(
                        422,
                        "INCIDENT_NOT_COVERED",
                        "incident " + incidentId + " " + notCovered + " (policy " + policy.policyId() + ")",
                        "incidentId"));
            }
            windowEndsAt = incident.claimWindowEndsAt();
        }
        String groupId = ClaimIds.groupIdOf(category);
        List<String> assessors =
                claims.group(groupId).map(ClaimsView.Group::members).orElse(List.of());
        // the policy's next claim id: exact from its aggregate when this instance holds it, else from the read model
        // (when that lags, the decider refuses the id: CLAIM_ID_MISMATCH, and the claimant signs again)
        String claimId = queries.localAggregate(policy.policyId())
                .map(aggregate -> aggregate.state() instanceof ClaimsState.PolicyClaims claimsOfPolicy
                        ? claimsOfPolicy.nextClaimId()
                        : null)
                .orElseGet(() -> ClaimIds.claimId(
                        policy.policyId(), claims.byPolicy(policy.policyId()).size() + 1));
        CommandMetadata metadata = edge.signed(policy.policyId(), signed, claimId);
        Money deposit = pool.wholeTokens(governed.depositUnits());
        return SubmitClaim.newBuilder()
                .setMetadata(metadata)
                .setClaimId(claimId)
                .setPolicyId(policy.policyId())
                .setClaimant(claimant)
                .setIncidentAt(incidentAt)
                .setClaimedAmount(decimal(request.claimedAmount()))
                .setDescription(request.description())
                .setEvidenceUri(evidenceUri)
                .setDepositAmount(decimal(deposit))
                .setDepositTxHash(null)
                .setIncidentId(incidentId)
                .setPolicyHolder(policy.holder())
                .setProductId(policy.productId())
                .setProductCategory(category)
                .setPoolId(policy.poolId())
                .setAsset(policy.asset())
                .setCoverStartAt(policy.startAt())
                .setCoverEndAt(policy.endAt())
                .setCoverLeft(decimal(policy.coverLeft()))
                .setPolicyStatus(policy.status().name())
                .setIncidentClaimWindowEndsAt(windowEndsAt)
                .setAssessorGroupId(groupId)
                .setAssessors(assessors)
                .setRules(rules(pool))
                .build();
    }

    /** The governed rules a claim is submitted under, recorded in it. */
    ClaimRules rules(PoolBook.Pool pool) {
        return ClaimRules.newBuilder()
                .setGracePeriodMs(governed.gracePeriod().toMillis())
                .setMinVotingMs(governed.minVoting().toMillis())
                .setExtensionWindowMs(governed.extensionWindow().toMillis())
                .setMaxExtensionMs(governed.maxExtension().toMillis())
                .setCooldownMs(governed.cooldown().toMillis())
                .setAppealWindowMs(governed.appealWindow().toMillis())
                .setAppealBondBps(governed.appealBondBps())
                .setAppealBondFloor(decimal(pool.wholeTokens(governed.appealBondFloorUnits())))
                .build();
    }

    @POST
    @Path("/{claimId}/withdrawal")
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Withdraw a claim before any vote is cast (signed by the claimant)",
            description = "EIP-712 WithdrawClaim(claimId, claimant, reason, nonce, expiry). A deposit already paid is "
                    + "refunded through the same Merkle redemption as payouts.")
    @APIResponse(responseCode = "200", description = "withdrawn")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = ClaimEdge.SIGNED_401)
    @APIResponse(responseCode = "404", description = "CLAIM_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description =
                    "NOT_CLAIMANT, NOT_WITHDRAWABLE, PAUSED (claims paused everywhere by the guardians; field capability)")
    public CompletionStage<Response> withdraw(
            @PathParam("claimId") @Pattern(regexp = ClaimIds.CLAIM_ID, message = ClaimIds.CLAIM_ID_MESSAGE)
                    String claimId,
            @Valid @NotNull WithdrawRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        String claimant = Ids.canonical(request.claimant());
        SignedRequests.Signed signed = signatures.verify(
                WITHDRAW, Map.of("claimId", claimId, "claimant", claimant, "reason", request.reason()), signature);
        return edge.submitSigned(
                WithdrawClaim.newBuilder()
                        .setMetadata(edge.signed(ClaimIds.policyIdOf(claimId), signed, claimId))
                        .setClaimId(claimId)
                        .setReason(request.reason())
                        .build(),
                signed,
                headers,
                null);
    }

    // ------------------------------------------------------------------------------------------ assessment

    @POST
    @Path("/{claimId}/votes")
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Vote on a claim (signed by an assessor of its group)",
            description =
                    "EIP-712 CastAssessmentVote(claimId, assessor, decision, assessedLoss, rationale, nonce, expiry)"
                            + " with decision ACCEPT or DENY and assessedLoss 0 when absent. One member, one vote: the weight is"
                            + " always 1 and never taken from the request. A vote in the last day of voting extends it (up to a"
                            + " day); voting closes early once every member has voted.")
    @APIResponse(responseCode = "200", description = "counted")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = ClaimEdge.SIGNED_401)
    @APIResponse(responseCode = "404", description = "CLAIM_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description = "NOT_AN_ASSESSOR, VOTING_CLOSED, NOT_ASSESSING, ALREADY_VOTED, INVALID_ASSESSED_LOSS, "
                    + "PAUSED (assessment paused by the guardians; field capability)")
    public CompletionStage<Response> vote(
            @PathParam("claimId") @Pattern(regexp = ClaimIds.CLAIM_ID, message = ClaimIds.CLAIM_ID_MESSAGE)
                    String claimId,
            @Valid @NotNull VoteRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        String assessor = Ids.canonical(request.assessor());
        boolean accept = request.decision().equals("ACCEPT");
        Money loss = request.assessedLoss();
        if (loss != null && !accept) {
            throw ProblemException.badRequest("assessedLoss", "only an accepting vote states a loss");
        }
        SignedRequests.Signed signed = signatures.verify(
                VOTE,
                Map.of(
                        "claimId",
                        claimId,
                        "assessor",
                        assessor,
                        "decision",
                        request.decision(),
                        "assessedLoss",
                        loss == null ? BigInteger.ZERO : loss.value(),
                        "rationale",
                        request.rationale()),
                signature);
        return edge.submitSigned(
                CastAssessmentVote.newBuilder()
                        .setMetadata(edge.signed(ClaimIds.policyIdOf(claimId), signed, claimId))
                        .setClaimId(claimId)
                        .setAssessor(assessor)
                        .setAccept(accept)
                        .setAssessedLoss(loss == null ? null : decimal(loss))
                        .setStakeWeight(BigDecimal.ONE)
                        .setRationale(request.rationale())
                        .build(),
                signed,
                headers,
                null);
    }

    @POST
    @Path("/{claimId}/votes/{assessor}/void")
    @RolesAllowed(OperatorRoles.CLAIMS_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @Operation(
            summary = "Void a fraudulent vote during the cooldown (operator, claims-admin)",
            description = "The claim is decided at the end of the cooldown without the voided votes.")
    @APIResponse(responseCode = "200", description = "voided")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = ClaimEdge.OPERATOR_401)
    @APIResponse(responseCode = "403", description = ClaimEdge.OPERATOR_403)
    @APIResponse(
            responseCode = "422",
            description =
                    "NOT_IN_COOLDOWN, VOTE_NOT_FOUND, PAUSED (assessment paused by the guardians; field capability)")
    public CompletionStage<Response> voidVote(
            @PathParam("claimId") @Pattern(regexp = ClaimIds.CLAIM_ID, message = ClaimIds.CLAIM_ID_MESSAGE)
                    String claimId,
            @PathParam("assessor") @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE) String assessor,
            @Valid @NotNull VoidRequest request,
            @Valid @BeanParam OperatorHeaders headers) {
        return edge.submit(
                VoidAssessmentVote.newBuilder()
                        .setMetadata(edge.operator(ClaimIds.policyIdOf(claimId), headers.idempotencyKey, claimId))
                        .setClaimId(claimId)
                        .setAssessor(Ids.canonical(assessor))
                        .setReason(request.reason())
                        .setBurnStake(false)
                        .build(),
                headers,
                null);
    }

    // ------------------------------------------------------------------------------------------ appeal

    @POST
    @Path("/{claimId}/appeal")
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Appeal a denial (or a draw) to an independent arbiter (signed by the claimant)",
            description = "EIP-712 AppealClaim(claimId, appellant, grounds, nonce, expiry), within the appeal window. "
                    + "The bond recorded at the denial (appealBond) is then paid on-chain: ClaimsPool.payClaimBond("
                    + "claimId, 1, amount); an arbiter decides once it is observed. An upheld appeal refunds the bond.")
    @APIResponse(responseCode = "200", description = "appealed")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = ClaimEdge.SIGNED_401)
    @APIResponse(responseCode = "404", description = "CLAIM_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description = "NOT_CLAIMANT, APPEAL_WINDOW_CLOSED, NOT_DENIED, NO_ARBITER, "
                    + "PAUSED (assessment paused by the guardians; field capability)")
    public CompletionStage<Response> appeal(
            @PathParam("claimId") @Pattern(regexp = ClaimIds.CLAIM_ID, message = ClaimIds.CLAIM_ID_MESSAGE)
                    String claimId,
            @Valid @NotNull AppealRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        String appellant = Ids.canonical(request.appellant());
        SignedRequests.Signed signed = signatures.verify(
                APPEAL, Map.of("claimId", claimId, "appellant", appellant, "grounds", request.grounds()), signature);
        ClaimView claim = claims.claim(claimId).orElse(null);
        if (claim == null) {
            signatures.release(signed); // nothing was sent: the signed request may be sent again
            throw ProblemException.notFound("CLAIM_NOT_FOUND", "no claim " + claimId, "claimId");
        }
        Money bond = claim.appealBond() == null ? Money.ZERO : claim.appealBond();
        List<String> arbiters = claims.group(ClaimIds.ARBITERS_GROUP_ID)
                .map(ClaimsView.Group::members)
                .orElse(List.of());
        return edge.submitSigned(
                AppealClaim.newBuilder()
                        .setMetadata(edge.signed(ClaimIds.policyIdOf(claimId), signed, claimId))
                        .setClaimId(claimId)
                        .setAppealId(ClaimIds.appealId(claimId))
                        .setAppellant(appellant)
                        .setBondAmount(decimal(bond))
                        .setGrounds(request.grounds())
                        .setBondTxHash(null)
                        .setArbiters(arbiters)
                        .build(),
                signed,
                headers,
                null);
    }

    @POST
    @Path("/{claimId}/appeal/decision")
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Decide an appeal (signed by an appointed arbiter who was not one of the claim's assessors)",
            description = "EIP-712 DecideAppeal(claimId, arbiter, decision, assessedLoss, reason, nonce, expiry) with "
                    + "decision UPHOLD or REJECT and assessedLoss 0 when absent. UPHOLD accepts the claim for the "
                    + "arbiter's assessed loss and refunds the bond; REJECT closes the claim.")
    @APIResponse(responseCode = "200", description = "decided")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = ClaimEdge.SIGNED_401)
    @APIResponse(responseCode = "404", description = "CLAIM_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description = "NOT_AN_ARBITER, APPEAL_NOT_READY (bond not paid yet), NO_APPEAL, INVALID_ASSESSED_LOSS, "
                    + "PAUSED (assessment paused by the guardians; field capability)")
    public CompletionStage<Response> decideAppeal(
            @PathParam("claimId") @Pattern(regexp = ClaimIds.CLAIM_ID, message = ClaimIds.CLAIM_ID_MESSAGE)
                    String claimId,
            @Valid @NotNull AppealDecisionRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        String arbiter = Ids.canonical(request.arbiter());
        boolean upheld = request.decision().equals("UPHOLD");
        Money loss = request.assessedLoss();
        if (loss != null && !upheld) {
            throw ProblemException.badRequest("assessedLoss", "only an upheld appeal states a loss");
        }
        SignedRequests.Signed signed = signatures.verify(
                DECIDE_APPEAL,
                Map.of(
                        "claimId",
                        claimId,
                        "arbiter",
                        arbiter,
                        "decision",
                        request.decision(),
                        "assessedLoss",
                        loss == null ? BigInteger.ZERO : loss.value(),
                        "reason",
                        request.reason()),
                signature);
        return edge.submitSigned(
                DecideAppeal.newBuilder()
                        .setMetadata(edge.signed(ClaimIds.policyIdOf(claimId), signed, claimId))
                        .setClaimId(claimId)
                        .setAppealId(ClaimIds.appealId(claimId))
                        .setArbiter(arbiter)
                        .setUpheld(upheld)
                        .setAssessedLoss(loss == null ? null : decimal(loss))
                        .setReason(request.reason())
                        .build(),
                signed,
                headers,
                null);
    }

    // ------------------------------------------------------------------------------------------ reads

    @GET
    @Path("/{claimId}")
    @Operation(
            summary = "A claim with its whole event history, what it waits for, and its proof link when settled",
            description = "Read model of claim.events: eventually consistent (a claim just submitted may be 404 for a "
                    + "moment). links.proof is chain-bridge's Merkle proof to redeem the payout with.")
    @APIResponse(responseCode = "404", description = "CLAIM_NOT_FOUND")
    public ClaimDocument get(
            @PathParam("claimId") @Pattern(regexp = ClaimIds.CLAIM_ID, message = ClaimIds.CLAIM_ID_MESSAGE)
                    String claimId) {
        ClaimView claim = claims.claim(claimId)
                .orElseThrow(() -> ProblemException.notFound("CLAIM_NOT_FOUND", "no claim " + claimId, "claimId"));
        return document(claim);
    }

    @GET
    @Operation(
            summary = "Claims by policy, by claimant or by incident (exactly one of the three), oldest first",
            description = "Read model of claim.events (eventually consistent).")
    @APIResponse(responseCode = "400", description = "none or more than one of policyId, claimant, incidentId")
    public List<ClaimDocument> list(
            @QueryParam("policyId") @Pattern(regexp = Ids.COVER_ID, message = Ids.COVER_ID_MESSAGE) String policyId,
            @QueryParam("claimant") @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE) String claimant,
            @QueryParam("incidentId") @Pattern(regexp = ClaimIds.INCIDENT_ID, message = ClaimIds.INCIDENT_ID_MESSAGE)
                    String incidentId) {
        int given = (policyId == null ? 0 : 1) + (claimant == null ? 0 : 1) + (incidentId == null ? 0 : 1);
        if (given != 1) {
            throw ProblemException.badRequest("policyId", "give exactly one of policyId, claimant or incidentId");
        }
        List<ClaimView> found = policyId != null
                ? claims.byPolicy(policyId)
                : claimant != null ? claims.byClaimant(claimant) : claims.byIncident(incidentId);
        return found.stream().map(this::document).toList();
    }

    ClaimDocument document(ClaimView claim) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/claims/" + claim.claimId());
        links.put("policy", "/claims?policyId=" + claim.policyId());
        if (claim.incidentId() != null) {
            links.put("incident", "/incidents/" + claim.incidentId());
        }
        if (claim.settledAmount() != null && claim.settledAmount().isPositive()) {
            links.put("proof", parameters.chainBridgeUrl() + "/settlements/claims/" + claim.claimId() + "/proof");
        }
        return new ClaimDocument(claim, due(claim), links);
    }

    private static PaymentDue due(ClaimView claim) {
        String call = "ClaimsPool.payClaimBond(\"" + claim.claimId() + "\", %d, amount) after approving the pool";
        return switch (claim.status()) {
            case "AWAITING_DEPOSIT" ->
                new PaymentDue(
                        "CLAIM_DEPOSIT",
                        claim.requiredDeposit().minus(claim.depositReceived()),
                        claim.asset(),
                        call.formatted(0));
            case "APPEALED" ->
                new PaymentDue(
                        "APPEAL_BOND",
                        claim.appealBond().minus(claim.bondReceived() == null ? Money.ZERO : claim.bondReceived()),
                        claim.asset(),
                        call.formatted(1));
            default -> null;
        };
    }

    // ------------------------------------------------------------------------------------------ helpers

    static BigDecimal decimal(Money amount) {
        return new BigDecimal(amount.value());
    }

    private static void positive(Money amount, String field) {
        if (!amount.isPositive()) {
            throw ProblemException.badRequest(field, "must be greater than 0");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A time signed as unix milliseconds: after 1970 and within the range of milliseconds, else 400. */
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
}
