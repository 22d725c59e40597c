package io.coverclaims.governance.domain.proposal;

import io.coverclaims.governance.domain.parameter.ParameterValue;
import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;

/** What happened to a proposal; each event records the figures its decision rested on. */
public sealed interface ProposalEvent {

    record ProposalCreated(
            String proposalId,
            String proposer,
            String title,
            String description,
            List<ParameterValue> changes,
            Instant votingStartsAt,
            Instant votingEndsAt,
            List<ProposalAction> actions,
            List<VoterStake> stakeSnapshot,
            String snapshotPosition,
            int quorumBps,
            int voterWeightCapBps,
            long timelockMs,
            Money totalWeight)
            implements ProposalEvent {}

    record GovernanceVoteCast(String proposalId, String voter, VoteSupport support, Money weight, Money countedWeight)
            implements ProposalEvent {}

    record ProposalPassed(
            String proposalId,
            Money forWeight,
            Money againstWeight,
            Money abstainWeight,
            Money quorumWeight,
            Instant executableAt)
            implements ProposalEvent {}

    record ProposalDefeated(
            String proposalId,
            Money forWeight,
            Money againstWeight,
            Money abstainWeight,
            Money quorumWeight,
            String reasonCode)
            implements ProposalEvent {}

    record ProposalExecuted(String proposalId, List<ParameterValue> changes, List<ProposalAction> actions)
            implements ProposalEvent {}

    record ProposalCancelled(String proposalId, String reason) implements ProposalEvent {}
}
