package io.coverclaims.governance.api;

import io.coverclaims.governance.GovernanceCatalogue;
import io.coverclaims.governance.GovernanceContext;
import io.coverclaims.governance.domain.parameter.ParameterSpec;
import io.coverclaims.governance.domain.parameter.ParameterValue;
import io.coverclaims.governance.domain.proposal.ProposalAction;
import io.coverclaims.governance.domain.proposal.ProposalActionKind;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CancelProposal;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CastGovernanceVote;
import io.coverclaims.governance.domain.proposal.ProposalCommand.ProposeChange;
import io.coverclaims.governance.domain.proposal.ProposalRules;
import io.coverclaims.governance.domain.proposal.VoteSupport;
import io.coverclaims.governance.domain.proposal.VoterStake;
import io.coverclaims.governance.view.GovernanceView;
import io.coverclaims.governance.view.StakeBook;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.platform.rest.SignedHeaders;
import io.coverclaims.schemas.common.CommandMetadata;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Proposals: a member (stake in a pool) proposes parameter changes and actions, signed (EIP-712 ProposeChange over
 * the payload's hash); the edge adds the stake snapshot (every member's stake across pools, from pool.events) and
 * the governed voting rules in force. Members vote, signed (CastGovernanceVote), with their snapshotted stake,
 * capped. The scheduler closes the voting, and executes a passed proposal after its timelock. The proposer may cancel
 * before voting ends (CancelProposal). docs/governance.md.
 */
@Path("/proposals")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "proposals", description = "Proposals, stake-weighted votes, timelocked execution (docs/governance.md)")
public class ProposalResource {

    static final String PROPOSE = "ProposeChange";
    static final String VOTE = "CastGovernanceVote";
    static final String CANCEL = "CancelProposal";

    static final String VOTING_PERIOD = "governance.votingPeriodMs";
    static final String QUORUM = "governance.quorumBps";
    static final String WEIGHT_CAP = "governance.voterWeightCapBps";
    static final String TIMELOCK = "governance.timelockMs";

    /** The most the changes and actions may take as canonical JSON (payloadHash's input): 64 KiB. */
    static final int MAX_PAYLOAD_CHARS = 65_536;

    static final String KINDS =
            "APPOINT_ASSESSOR|REVOKE_ASSESSOR|APPOINT_ARBITER|REGISTER_ORACLE_SOURCE|SET_GUARDIANS|UPGRADE_POOL_CONTRACT";

    @Inject
    GovernanceEdge edge;

    @Inject
    SignedRequests signatures;

    @Inject
    GovernanceView governance;

    @Inject
    StakeBook stakes;

    public record ChangeRequest(
            @NotNull
            @Pattern(regexp = GovernanceEdge.PARAMETER_NAME, message = GovernanceEdge.PARAMETER_NAME_MESSAGE)
            @Schema(description = "a governed parameter (GET /parameters)")
            String name,

            @NotNull
            @Size(max = 100)
            @Pattern(regexp = "^-?(0|[1-9][0-9]*)$", message = "must be a decimal integer (a string)")
            @Schema(
                    description = "the new value, a decimal integer as a string: durations in ms, bps, ppm, amounts; "
                            + "one outside the parameter's bounds (however large) is refused 422 OUT_OF_BOUNDS")
            String value) {}

    public record ActionRequest(
            @NotNull @Pattern(regexp = "^(" + KINDS + ")$", message = "must be one of " + KINDS)
            String kind,

            @NotBlank
            @Size(max = 200)
            @Schema(description = "an address, a feed id, or \"guardians\" for SET_GUARDIANS")
            String target,

            @Schema(
                    description =
                            "SET_GUARDIANS: guardians (comma-separated addresses), threshold; "
                                    + "REGISTER_ORACLE_SOURCE: sourceId, kind, address, ...; UPGRADE_POOL_CONTRACT: implementation")
            @Size(max = 20)
            Map<@NotBlank @Size(max = 64) String, @NotNull @Size(max = 4000) String> arguments) {}

    public record ProposeRequest(
            @NotNull
            @Pattern(regexp = GovernanceEdge.PROPOSAL_ID, message = GovernanceEdge.PROPOSAL_ID_MESSAGE)
            @Schema(description = "chosen by the proposer (it is signed): prop-…")
            String proposalId,

            @NotNull
            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            @Schema(description = "the member proposing; it signs")
            String proposer,

            @NotBlank @Size(max = 200) String title,
            @Size(max = 5000) String description,
            @Valid @Size(max = 50) List<@NotNull @Valid ChangeRequest> changes,
            @Valid @Size(max = 20) List<@NotNull @Valid ActionRequest> actions) {}

    public record VoteRequest(
            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE) @Schema(description = "it signs")
            String voter,

            @NotNull @Pattern(regexp = "^(FOR|AGAINST|ABSTAIN)$", message = "must be FOR, AGAINST or ABSTAIN")
            String support) {}

    public record CancelRequest(
            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE) @Schema(description = "it signs")
            String proposer,

            @NotNull @Size(max = 2000) String reason) {}

    @POST
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Propose parameter changes and actions (signed by a member)",
            description =
                    "EIP-712 ProposeChange(proposalId, proposer, title, description, payloadHash, nonce, expiry), payloadHash "
                            + "the hex SHA-256 of the canonical JSON of changes and actions (docs/governance.md). The edge "
                            + "records every member's stake (the snapshot, from pool.events) and the governed rules "
                            + "(governance.votingPeriodMs, quorumBps, voterWeightCapBps, timelockMs); voting starts now.")
    @APIResponse(responseCode = "201", description = "proposed; Location is the proposal")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = GovernanceEdge.SIGNED_401)
    @APIResponse(
            responseCode = "422",
            description = "refused, naming the field: UNKNOWN_PARAMETER (changes[i].name), OUT_OF_BOUNDS and "
                    + "INVALID_VALUE (changes[i].value), DUPLICATE_CHANGE, INVALID_ACTION (actions[i]...), "
                    + "NOTHING_PROPOSED, NOT_A_MEMBER (proposer: no stake), PROPOSAL_EXISTS")
    public CompletionStage<Response> propose(
            @Valid @NotNull ProposeRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        var catalogue = GovernanceCatalogue.get();
        List<ChangeRequest> changeRequests = request.changes() == null ? List.of() : request.changes();
        List<ActionRequest> actionRequests = request.actions() == null ? List.of() : request.actions();
        List<ParameterValue> changes = new ArrayList<>();
        for (int i = 0; i < changeRequests.size(); i++) {
            ChangeRequest change = changeRequests.get(i);
            String field = "changes[" + i + "]";
            ParameterSpec spec = catalogue
                    .spec(change.name())
                    .orElseThrow(() -> GovernanceEdge.unprocessable(
                            "UNKNOWN_PARAMETER", "no governed parameter " + change.name(), field + ".name"));
            // a decimal integer (validated) past the bounds, however large, is out of bounds, not unreadable
            BigInteger number = new BigInteger(change.value());
            if (number.compareTo(spec.min()) < 0 || number.compareTo(spec.max()) > 0) {
                throw GovernanceEdge.unprocessable(
                        "OUT_OF_BOUNDS",
                        spec.name() + " must be within [" + spec.min() + ", " + spec.max() + "] (" + spec.unit()
                                + "), not " + change.value(),
                        field + ".value");
            }
            ParameterValue value = spec.parse(change.value())
                    .orElseThrow(() -> ProblemException.badRequest(
                            field + ".value", "must be a " + spec.type().name().toLowerCase() + " value"));
            spec.check(value).ifPresent(problem -> {
                throw GovernanceEdge.unprocessable(problem.code(), problem.message(), field + ".value");
            });
            changes.add(value);
        }
        List<ProposalAction> actions = actionRequests.stream()
                .map(a -> new ProposalAction(
                        ProposalActionKind.valueOf(a.kind()),
                        a.target(),
                        a.arguments() == null ? Map.of() : a.arguments()))
                .toList();
        List<PayloadHash.Change> hashedChanges = changeRequests.stream()
                .map(c -> new PayloadHash.Change(c.name(), c.value()))
                .toList();
        List<PayloadHash.Action> hashedActions = actionRequests.stream()
                .map(a -> new PayloadHash.Action(a.kind(), a.target(), a.arguments()))
                .toList();
        String canonical = PayloadHash.canonicalJson(hashedChanges, hashedActions);
        if (canonical.length() > MAX_PAYLOAD_CHARS) {
            // bounded before it is signed or sent: a command past the broker's record size would fail to be written
            throw ProblemException.badRequest(
                    "actions",
                    "the changes and actions may take at most " + MAX_PAYLOAD_CHARS
                            + " characters as the canonical JSON that payloadHash hashes");
        }
        String payloadHash = PayloadHash.ofCanonicalJson(canonical);
        String proposer = Ids.canonical(request.proposer());
        SignedRequests.Signed signed = signatures.verify(
                PROPOSE,
                Map.of(
                        "proposalId",
                        request.proposalId(),
                        "proposer",
                        proposer,
                        "title",
                        request.title(),
                        "description",
                        request.description() == null ? "" : request.description(),
                        "payloadHash",
                        payloadHash),
                signature);
        StakeBook.Snapshot snapshot = stakes.snapshot();
        CommandMetadata metadata = edge.signed(request.proposalId(), signed);
        ProposeChange command = new ProposeChange(
                request.proposalId(),
                proposer,
                request.title(),
                request.description() == null ? "" : request.description(),
                changes,
                actions,
                snapshot.stakes().stream()
                        .map(s -> new VoterStake(s.member(), s.stake()))
                        .toList(),
                snapshot.position(),
                rules(),
                metadata.getIssuedAt());
        return edge.submitSigned(
                GovernanceContext.PROPOSAL.mapping().writeCommand(command, metadata),
                signed,
                headers,
                GovernanceEdge.location(headers.uri, "proposals", request.proposalId()));
    }

    /** The governed voting rules now: the parameters' current values, else the catalogue's defaults. */
    ProposalRules rules() {
        return new ProposalRules(
                governed(VOTING_PERIOD), (int) governed(QUORUM), (int) governed(WEIGHT_CAP), governed(TIMELOCK));
    }

    private long governed(String name) {
        return governance
                .longValue(name)
                .orElseGet(() -> GovernanceCatalogue.get()
                        .spec(name)
                        .orElseThrow(() -> new IllegalStateException("the catalogue lacks " + name))
                        .defaultValue()
                        .longValueExact());
    }

    @POST
    @Path("/{proposalId}/votes")
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Vote on a proposal (signed by the member)",
            description = "EIP-712 CastGovernanceVote(proposalId, voter, support, nonce, expiry). The weight is the "
                    + "voter's stake in the proposal's snapshot, counted up to voterWeightCapBps of the total; one "
                    + "vote per member, while voting is open.")
    @APIResponse(responseCode = "200", description = "counted")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = GovernanceEdge.SIGNED_401)
    @APIResponse(responseCode = "404", description = "PROPOSAL_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description = "refused, naming the field: NOT_A_MEMBER (voter: no stake in the snapshot), ALREADY_VOTED, "
                    + "VOTING_CLOSED")
    public CompletionStage<Response> vote(
            @PathParam("proposalId")
                    @Pattern(regexp = GovernanceEdge.PROPOSAL_ID, message = GovernanceEdge.PROPOSAL_ID_MESSAGE)
                    String proposalId,
            @Valid @NotNull VoteRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        String voter = Ids.canonical(request.voter());
        SignedRequests.Signed signed = signatures.verify(
                VOTE, Map.of("proposalId", proposalId, "voter", voter, "support", request.support()), signature);
        CommandMetadata metadata = edge.signed(proposalId, signed);
        CastGovernanceVote command = new CastGovernanceVote(
                proposalId,
                voter,
                VoteSupport.valueOf(request.support()),
                governance.weightOf(proposalId, voter),
                metadata.getIssuedAt());
        return edge.submitSigned(
                GovernanceContext.PROPOSAL.mapping().writeCommand(command, metadata), signed, headers, null);
    }

    @POST
    @Path("/{proposalId}/cancellation")
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Cancel a proposal (signed by its proposer, before voting ends)",
            description = "EIP-712 CancelProposal(proposalId, proposer, reason, nonce, expiry).")
    @APIResponse(responseCode = "200", description = "cancelled")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = GovernanceEdge.SIGNED_401)
    @APIResponse(responseCode = "404", description = "PROPOSAL_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description = "refused, naming the field: NOT_PROPOSER (proposer), VOTING_CLOSED, ALREADY_CANCELLED")
    public CompletionStage<Response> cancel(
            @PathParam("proposalId")
                    @Pattern(regexp = GovernanceEdge.PROPOSAL_ID, message = GovernanceEdge.PROPOSAL_ID_MESSAGE)
                    String proposalId,
            @Valid @NotNull CancelRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        String proposer = Ids.canonical(request.proposer());
        SignedRequests.Signed signed = signatures.verify(
                CANCEL, Map.of("proposalId", proposalId, "proposer", proposer, "reason", request.reason()), signature);
        CommandMetadata metadata = edge.signed(proposalId, signed);
        CancelProposal command =
                new CancelProposal(proposalId, request.reason(), signed.signer(), metadata.getIssuedAt());
        return edge.submitSigned(
                GovernanceContext.PROPOSAL.mapping().writeCommand(command, metadata), signed, headers, null);
    }

    @GET
    @Operation(
            summary = "Every proposal, newest first, with its state and tallies",
            description = "state VOTING, PASSED, DEFEATED, EXECUTED or CANCELLED; counted weights for, against and "
                    + "abstaining, and the quorum weight. Read model of governance.events (eventually consistent).")
    public List<GovernanceView.ProposalSummary> list() {
        return governance.proposals();
    }

    @GET
    @Path("/{proposalId}")
    @Operation(
            summary = "A proposal: its changes and actions, rules, snapshot total, tallies and votes",
            description = "totalWeight is the snapshot's total stake; quorumWeight = ceil(totalWeight x quorumBps / "
                    + "10000); voterWeightCap = floor(totalWeight x voterWeightCapBps / 10000); each vote with its "
                    + "weight and counted weight.")
    @APIResponse(responseCode = "404", description = "PROPOSAL_NOT_FOUND")
    public GovernanceView.Proposal get(
            @PathParam("proposalId")
                    @Pattern(regexp = GovernanceEdge.PROPOSAL_ID, message = GovernanceEdge.PROPOSAL_ID_MESSAGE)
                    String proposalId) {
        return governance
                .proposal(proposalId)
                .orElseThrow(() ->
                        ProblemException.notFound("PROPOSAL_NOT_FOUND", "no proposal " + proposalId, "proposalId"));
    }
}
