package io.coverclaims.governance.domain.proposal;

import io.coverclaims.governance.domain.proposal.ProposalCommand.CancelProposal;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CastGovernanceVote;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CloseProposalVoting;
import io.coverclaims.governance.domain.proposal.ProposalCommand.ExecuteProposal;
import io.coverclaims.governance.domain.proposal.ProposalEvent.GovernanceVoteCast;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalCancelled;
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
import io.coverclaims.governance.domain.proposal.ProposalState.Voting;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.Money;

/**
 * Votes, the tally, execution and cancellation.
 *
 * <ul>
 *   <li>A vote counts while voting is open (before votingEndsAt), once per voter; its weight is the voter's stake in
 *       the proposal's snapshot (the command's weight is ignored), counted up to floor(totalWeight x cap / 10 000).
 *   <li>At votingEndsAt the proposal passes when the counted turnout (for + against + abstain) reaches
 *       ceil(totalWeight x quorum / 10 000) and for exceeds against; it is then executable from votingEndsAt +
 *       timelock. Otherwise it is defeated: QUORUM_NOT_MET, else MAJORITY_AGAINST (a tie is no majority for).
 *   <li>Only its proposer cancels a proposal, and only while voting is open.
 * </ul>
 */
final class VotingRules {

    static final String QUORUM_NOT_MET = "QUORUM_NOT_MET";
    static final String MAJORITY_AGAINST = "MAJORITY_AGAINST";

    private VotingRules() {}

    static Decision<ProposalEvent> vote(CastGovernanceVote c, ProposalState state) {
        if (state instanceof NoProposal) {
            return notFound(c.proposalId());
        }
        if (!(state instanceof Voting voting) || !c.at().isBefore(voting.terms().votingEndsAt())) {
            return Decision.reject("VOTING_CLOSED", "voting on " + c.proposalId() + " is closed", "proposalId");
        }
        if (c.support() == null || c.support() == VoteSupport.UNKNOWN) {
            return Decision.reject("INVALID_SUPPORT", "a vote is FOR, AGAINST or ABSTAIN", "support");
        }
        if (c.voter() == null || !Ids.isAddress(c.voter())) {
            return Decision.reject("INVALID_ADDRESS", "the voter must be an address", "voter");
        }
        String voter = Ids.canonical(c.voter());
        Terms terms = voting.terms();
        Money weight = terms.stakeOf(voter);
        if (!weight.isPositive()) {
            return Decision.reject(
                    "NOT_A_MEMBER",
                    voter + " had no stake when " + c.proposalId() + " was made: it has no vote",
                    "voter");
        }
        if (voting.votes().containsKey(voter)) {
            return Decision.reject("ALREADY_VOTED", voter + " has voted on " + c.proposalId() + " already", "voter");
        }
        return Decision.accept(
                new GovernanceVoteCast(c.proposalId(), voter, c.support(), weight, weight.min(terms.weightCap())));
    }

    static Decision<ProposalEvent> close(CloseProposalVoting c, ProposalState state) {
        return switch (state) {
            case NoProposal n -> notFound(c.proposalId());
            case Voting voting -> {
                Terms terms = voting.terms();
                if (c.at().isBefore(terms.votingEndsAt())) {
                    yield Decision.reject(
                            "VOTING_OPEN",
                            "voting on " + c.proposalId() + " ends at " + terms.votingEndsAt(),
                            "proposalId");
                }
                Tally tally = voting.tally();
                Money quorum = terms.quorumWeight();
                if (tally.turnout().isLessThan(quorum)) {
                    yield Decision.accept(defeated(c.proposalId(), tally, quorum, QUORUM_NOT_MET));
                }
                if (!tally.forWeight().isGreaterThan(tally.againstWeight())) {
                    yield Decision.accept(defeated(c.proposalId(), tally, quorum, MAJORITY_AGAINST));
                }
                yield Decision.accept(new ProposalPassed(
                        c.proposalId(),
                        tally.forWeight(),
                        tally.againstWeight(),
                        tally.abstainWeight(),
                        quorum,
                        terms.votingEndsAt().plusMillis(terms.timelockMs())));
            }
            // tallied or cancelled already: a late deadline has nothing to do
            case Passed p -> Decision.nothingToDo();
            case Defeated d -> Decision.nothingToDo();
            case Executed e -> Decision.nothingToDo();
            case Cancelled x -> Decision.nothingToDo();
        };
    }

    static Decision<ProposalEvent> execute(ExecuteProposal c, ProposalState state) {
        return switch (state) {
            case NoProposal n -> notFound(c.proposalId());
            case Passed passed -> {
                if (c.at().isBefore(passed.executableAt())) {
                    yield Decision.reject(
                            "TIMELOCKED",
                            c.proposalId() + " is executable from " + passed.executableAt() + " (its timelock)",
                            "proposalId");
                }
                yield Decision.accept(new ProposalExecuted(
                        c.proposalId(), passed.terms().changes(), passed.terms().actions()));
            }
            case Executed e ->
                Decision.reject("ALREADY_EXECUTED", c.proposalId() + " was executed already", "proposalId");
            case Voting v -> notPassed(c.proposalId(), "is still being voted on");
            case Defeated d -> notPassed(c.proposalId(), "was defeated (" + d.reasonCode() + ")");
            case Cancelled x -> notPassed(c.proposalId(), "was cancelled");
        };
    }

    static Decision<ProposalEvent> cancel(CancelProposal c, ProposalState state) {
        return switch (state) {
            case NoProposal n -> notFound(c.proposalId());
            case Voting voting -> {
                String actor = c.actor() == null ? "" : c.actor().toLowerCase(java.util.Locale.ROOT);
                if (!actor.equals(voting.terms().proposer())) {
                    yield Decision.reject(
                            "NOT_PROPOSER",
                            "only the proposer " + voting.terms().proposer() + " may cancel " + c.proposalId(),
                            "proposer");
                }
                if (!c.at().isBefore(voting.terms().votingEndsAt())) {
                    yield Decision.reject(
                            "VOTING_CLOSED",
                            "voting on " + c.proposalId() + " has ended: it cannot be cancelled",
                            "proposalId");
                }
                yield Decision.accept(new ProposalCancelled(c.proposalId(), c.reason() == null ? "" : c.reason()));
            }
            case Passed p -> votingClosed(c.proposalId());
            case Defeated d -> votingClosed(c.proposalId());
            case Executed e -> votingClosed(c.proposalId());
            case Cancelled x ->
                Decision.reject("ALREADY_CANCELLED", c.proposalId() + " was cancelled already", "proposalId");
        };
    }

    private static ProposalDefeated defeated(String proposalId, Tally tally, Money quorum, String reason) {
        return new ProposalDefeated(
                proposalId, tally.forWeight(), tally.againstWeight(), tally.abstainWeight(), quorum, reason);
    }

    private static Decision<ProposalEvent> notFound(String proposalId) {
        return Decision.reject("PROPOSAL_NOT_FOUND", "no proposal " + proposalId, "proposalId");
    }

    private static Decision<ProposalEvent> notPassed(String proposalId, String why) {
        return Decision.reject("NOT_PASSED", proposalId + " " + why, "proposalId");
    }

    private static Decision<ProposalEvent> votingClosed(String proposalId) {
        return Decision.reject(
                "VOTING_CLOSED", "voting on " + proposalId + " has ended: it cannot be cancelled", "proposalId");
    }
}
