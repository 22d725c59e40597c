package io.coverclaims.governance.domain.proposal;

import io.coverclaims.governance.domain.parameter.ParameterValue;
import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;

/** What a proposal (id: its proposalId) is asked to do. */
public sealed interface ProposalCommand {

    String proposalId();

    /** A member proposes changes and actions; the edge adds the stake snapshot and the governed voting rules. */
    record ProposeChange(
            String proposalId,
            String proposer,
            String title,
            String description,
            List<ParameterValue> changes,
            List<ProposalAction> actions,
            List<VoterStake> stakeSnapshot,
            String snapshotPosition,
            ProposalRules rules,
            Instant at)
            implements ProposalCommand {}

    /** A member votes; its weight is its stake in the proposal's snapshot (the command's weight is not trusted). */
    record CastGovernanceVote(String proposalId, String voter, VoteSupport support, Money weight, Instant at)
            implements ProposalCommand {}

    /** The scheduler, at votingEndsAt: tallies the votes. */
    record CloseProposalVoting(String proposalId, Instant at) implements ProposalCommand {}

    /** The scheduler, at executableAt: executes a passed proposal. */
    record ExecuteProposal(String proposalId, Instant at) implements ProposalCommand {}

    /** The proposer (the signer: {@code actor}) withdraws the proposal before voting ends. */
    record CancelProposal(String proposalId, String reason, String actor, Instant at) implements ProposalCommand {}
}
