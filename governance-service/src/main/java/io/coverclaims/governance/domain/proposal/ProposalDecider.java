package io.coverclaims.governance.domain.proposal;

import io.coverclaims.governance.domain.parameter.ParameterCatalogue;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CancelProposal;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CastGovernanceVote;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CloseProposalVoting;
import io.coverclaims.governance.domain.proposal.ProposalCommand.ExecuteProposal;
import io.coverclaims.governance.domain.proposal.ProposalCommand.ProposeChange;
import io.coverclaims.governance.domain.proposal.ProposalEvent.GovernanceVoteCast;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalCancelled;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalCreated;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalDefeated;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalExecuted;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalPassed;
import io.coverclaims.governance.domain.proposal.ProposalState.Cancelled;
import io.coverclaims.governance.domain.proposal.ProposalState.Defeated;
import io.coverclaims.governance.domain.proposal.ProposalState.Executed;
import io.coverclaims.governance.domain.proposal.ProposalState.NoProposal;
import io.coverclaims.governance.domain.proposal.ProposalState.Passed;
import io.coverclaims.governance.domain.proposal.ProposalState.Tally;
import io.coverclaims.governance.domain.proposal.ProposalState.Terms;
import io.coverclaims.governance.domain.proposal.ProposalState.Vote;
import io.coverclaims.governance.domain.proposal.ProposalState.Voting;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A proposal: made by a member with the stake snapshot and the governed voting rules of its time
 * ({@link CreationRules}); voted on by the snapshot's members with capped weights, tallied at the end of voting,
 * executed after its timelock, or cancelled by its proposer before voting ends ({@link VotingRules}).
 */
public final class ProposalDecider {

    private ProposalDecider() {}

    /** The decider, checking proposed changes against {@code catalogue} (decide only: a replay never reads it). */
    public static Decider<ProposalCommand, ProposalEvent, ProposalState> decider(ParameterCatalogue catalogue) {
        return Decider.of(
                new NoProposal(), (command, state) -> decide(catalogue, command, state), ProposalDecider::evolve);
    }

    static Decision<ProposalEvent> decide(ParameterCatalogue catalogue, ProposalCommand command, ProposalState state) {
        return switch (command) {
            case ProposeChange c -> CreationRules.propose(catalogue, c, state);
            case CastGovernanceVote c -> VotingRules.vote(c, state);
            case CloseProposalVoting c -> VotingRules.close(c, state);
            case ExecuteProposal c -> VotingRules.execute(c, state);
            case CancelProposal c -> VotingRules.cancel(c, state);
        };
    }

    static ProposalState evolve(ProposalState state, ProposalEvent event) {
        return switch (event) {
            case ProposalCreated e -> new Voting(terms(e), new TreeMap<>(), Tally.EMPTY);
            case GovernanceVoteCast e ->
                state instanceof Voting v
                        ? v.with(e.voter(), new Vote(e.support(), e.weight(), e.countedWeight()))
                        : state;
            case ProposalPassed e ->
                state instanceof Voting v
                        ? new Passed(
                                v.terms(),
                                new Tally(e.forWeight(), e.againstWeight(), e.abstainWeight()),
                                e.executableAt())
                        : state;
            case ProposalDefeated e ->
                state instanceof Voting v
                        ? new Defeated(
                                v.terms(),
                                new Tally(e.forWeight(), e.againstWeight(), e.abstainWeight()),
                                e.reasonCode())
                        : state;
            case ProposalExecuted e -> state instanceof Passed p ? new Executed(p.terms(), p.tally()) : state;
            case ProposalCancelled e -> state instanceof Voting v ? new Cancelled(v.terms(), e.reason()) : state;
        };
    }

    private static Terms terms(ProposalCreated e) {
        Map<String, Money> stakes = new LinkedHashMap<>();
        e.stakeSnapshot().forEach(s -> stakes.put(s.member(), s.stake()));
        return new Terms(
                e.proposalId(),
                e.proposer(),
                e.changes(),
                e.actions(),
                new TreeMap<>(stakes),
                e.totalWeight(),
                e.quorumBps(),
                e.voterWeightCapBps(),
                e.timelockMs(),
                e.votingEndsAt());
    }
}
