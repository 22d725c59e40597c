package io.coverclaims.governance.domain.proposal;

import io.coverclaims.governance.domain.parameter.ParameterValue;
import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A proposal's lifecycle: voting, then passed (and executed), defeated or cancelled. */
public sealed interface ProposalState {

    /** What a proposal was made with: its content, its snapshot and its rules. */
    record Terms(
            String proposalId,
            String proposer,
            List<ParameterValue> changes,
            List<ProposalAction> actions,
            Map<String, Money> stakes,
            Money totalWeight,
            int quorumBps,
            int voterWeightCapBps,
            long timelockMs,
            Instant votingEndsAt) {

        /** The member's stake in the snapshot (zero when it is no member). */
        public Money stakeOf(String member) {
            return stakes.getOrDefault(member, Money.ZERO);
        }

        /** The most one voter counts for: floor(totalWeight x voterWeightCapBps / 10 000). */
        public Money weightCap() {
            return totalWeight.mulDivFloor(voterWeightCapBps, 10_000);
        }

        /** The counted weight needed for the vote to count: ceil(totalWeight x quorumBps / 10 000). */
        public Money quorumWeight() {
            return totalWeight.mulDivCeil(quorumBps, 10_000);
        }
    }

    /** One voter's counted vote. */
    record Vote(VoteSupport support, Money weight, Money countedWeight) {}

    /** Counted weights by support. */
    record Tally(Money forWeight, Money againstWeight, Money abstainWeight) {
        public static final Tally EMPTY = new Tally(Money.ZERO, Money.ZERO, Money.ZERO);

        Tally plus(VoteSupport support, Money counted) {
            return switch (support) {
                case FOR -> new Tally(forWeight.plus(counted), againstWeight, abstainWeight);
                case AGAINST -> new Tally(forWeight, againstWeight.plus(counted), abstainWeight);
                case ABSTAIN, UNKNOWN -> new Tally(forWeight, againstWeight, abstainWeight.plus(counted));
            };
        }

        public Money turnout() {
            return forWeight.plus(againstWeight).plus(abstainWeight);
        }
    }

    record NoProposal() implements ProposalState {}

    record Voting(Terms terms, Map<String, Vote> votes, Tally tally) implements ProposalState {
        Voting with(String voter, Vote vote) {
            Map<String, Vote> next = new TreeMap<>(votes);
            next.put(voter, vote);
            return new Voting(terms, next, tally.plus(vote.support(), vote.countedWeight()));
        }
    }

    record Passed(Terms terms, Tally tally, Instant executableAt) implements ProposalState {}

    record Defeated(Terms terms, Tally tally, String reasonCode) implements ProposalState {}

    record Executed(Terms terms, Tally tally) implements ProposalState {}

    record Cancelled(Terms terms, String reason) implements ProposalState {}
}
