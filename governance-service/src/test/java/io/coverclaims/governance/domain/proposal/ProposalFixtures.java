package io.coverclaims.governance.domain.proposal;

import io.coverclaims.governance.domain.parameter.ParameterCatalogue;
import io.coverclaims.governance.domain.parameter.ParameterSpec;
import io.coverclaims.governance.domain.parameter.ParameterType;
import io.coverclaims.governance.domain.parameter.ParameterValue;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CancelProposal;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CastGovernanceVote;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CloseProposalVoting;
import io.coverclaims.governance.domain.proposal.ProposalCommand.ExecuteProposal;
import io.coverclaims.governance.domain.proposal.ProposalCommand.ProposeChange;
import io.coverclaims.governance.domain.proposal.ProposalEvent.GovernanceVoteCast;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalCreated;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.money.Money;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Proposals for the decider tests: a small catalogue, members with round stakes, the default rules. */
final class ProposalFixtures {

    static final String ID = "prop-1";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final long VOTING_MS = 3 * 86_400_000L;
    static final long TIMELOCK_MS = 86_400_000L;
    static final Instant ENDS = T0.plusMillis(VOTING_MS);
    static final Instant EXECUTABLE = ENDS.plusMillis(TIMELOCK_MS);
    static final ProposalRules RULES = new ProposalRules(VOTING_MS, 1_500, 500, TIMELOCK_MS);

    static final ParameterCatalogue CATALOGUE = ParameterCatalogue.of(List.of(
            new ParameterSpec(
                    "claim.depositUnits",
                    "claim-service",
                    ParameterType.LONG,
                    "whole tokens",
                    BigInteger.valueOf(50),
                    BigInteger.ZERO,
                    BigInteger.valueOf(1_000),
                    "claim deposit"),
            new ParameterSpec(
                    "pool.minDeposit",
                    "pool-service",
                    ParameterType.AMOUNT,
                    "smallest unit",
                    BigInteger.TEN,
                    BigInteger.ONE,
                    new BigInteger("1000000000000000000000000"),
                    "an amount")));

    static final Decider<ProposalCommand, ProposalEvent, ProposalState> DECIDER = ProposalDecider.decider(CATALOGUE);

    static String member(int i) {
        return String.format("0x%040x", i);
    }

    static VoterStake stake(int member, long amount) {
        return new VoterStake(member(member), Money.of(amount));
    }

    static ParameterValue deposit(long units) {
        return ParameterValue.ofLong("claim.depositUnits", units);
    }

    static ProposeChange propose(List<VoterStake> snapshot, String proposer, List<ParameterValue> changes) {
        return new ProposeChange(
                ID, proposer, "Raise the claim deposit", "why", changes, List.of(), snapshot, "0:41", RULES, T0);
    }

    static ProposeChange propose(List<VoterStake> snapshot) {
        return propose(snapshot, member(1), List.of(deposit(75)));
    }

    /** The ProposalCreated the decider makes of {@code command}. */
    static ProposalCreated created(ProposeChange command) {
        Money total = command.stakeSnapshot().stream().map(VoterStake::stake).reduce(Money.ZERO, Money::plus);
        return new ProposalCreated(
                command.proposalId(),
                command.proposer(),
                command.title(),
                command.description(),
                command.changes(),
                command.at(),
                command.at().plusMillis(command.rules().votingPeriodMs()),
                command.actions(),
                command.stakeSnapshot(),
                command.snapshotPosition(),
                command.rules().quorumBps(),
                command.rules().voterWeightCapBps(),
                command.rules().timelockMs(),
                total);
    }

    /** n members with 100 each. */
    static List<VoterStake> members(int n) {
        List<VoterStake> stakes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            stakes.add(stake(i, 100));
        }
        return stakes;
    }

    static CastGovernanceVote vote(int member, VoteSupport support) {
        return new CastGovernanceVote(ID, member(member), support, Money.ZERO, T0.plusSeconds(60));
    }

    static GovernanceVoteCast voted(int member, VoteSupport support, long weight, long counted) {
        return new GovernanceVoteCast(ID, member(member), support, Money.of(weight), Money.of(counted));
    }

    static CloseProposalVoting close(Instant at) {
        return new CloseProposalVoting(ID, at);
    }

    static ExecuteProposal execute(Instant at) {
        return new ExecuteProposal(ID, at);
    }

    static CancelProposal cancel(String actor, Instant at) {
        return new CancelProposal(ID, "changed my mind", actor, at);
    }
}
