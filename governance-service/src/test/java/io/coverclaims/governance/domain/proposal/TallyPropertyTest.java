package io.coverclaims.governance.domain.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.governance.domain.parameter.ParameterValue;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CastGovernanceVote;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CloseProposalVoting;
import io.coverclaims.governance.domain.proposal.ProposalCommand.ProposeChange;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalDefeated;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalPassed;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decider's tally against an independent model written here with plain BigInteger arithmetic: random snapshots
 * (small and huge stakes, up to 2^200), random rules and random voters (some voting twice, some not members); the
 * outcome, each counted weight and the quorum weight must agree. Plain seeded runs: a failure names its seed.
 */
class TallyPropertyTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    record ModelOutcome(boolean passed, BigInteger forW, BigInteger againstW, BigInteger abstainW, BigInteger quorum) {}

    /** The model: cap = floor(T x capBps / 1e4), quorum = ceil(T x qBps / 1e4), first vote per member counts. */
    static ModelOutcome model(List<BigInteger> stakes, int quorumBps, int capBps, List<int[]> votes) {
        BigInteger total = stakes.stream().reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger cap = total.multiply(BigInteger.valueOf(capBps)).divide(TEN_THOUSAND);
        BigInteger[] qr = total.multiply(BigInteger.valueOf(quorumBps)).divideAndRemainder(TEN_THOUSAND);
        BigInteger quorum = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        BigInteger[] sums = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO};
        boolean[] voted = new boolean[stakes.size() + 10];
        for (int[] vote : votes) {
            int member = vote[0];
            if (member >= stakes.size() || stakes.get(member).signum() == 0 || voted[member]) {
                continue;
            }
            voted[member] = true;
            sums[vote[1]] = sums[vote[1]].add(stakes.get(member).min(cap));
        }
        BigInteger turnout = sums[0].add(sums[1]).add(sums[2]);
        boolean passed = turnout.compareTo(quorum) >= 0 && sums[0].compareTo(sums[1]) > 0;
        return new ModelOutcome(passed, sums[0], sums[1], sums[2], quorum);
    }

    static String member(int i) {
        return String.format("0x%040x", i + 1);
    }

    @Test
    void the_tally_agrees_with_an_independent_model_over_random_snapshots_and_votes() {
        Decider<ProposalCommand, ProposalEvent, ProposalState> decider = ProposalFixtures.DECIDER;
        for (long seed = 1; seed <= 400; seed++) {
            Random random = new Random(seed);
            int members = 1 + random.nextInt(30);
            List<BigInteger> stakes = new ArrayList<>();
            List<VoterStake> snapshot = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                BigInteger stake = switch (random.nextInt(4)) {
                    case 0 -> BigInteger.ZERO;
                    case 1 -> new BigInteger(200, random);
                    default -> BigInteger.valueOf(1 + random.nextInt(1_000));
                };
                if (i == 0 && stake.signum() == 0) {
                    stake = BigInteger.ONE; // the proposer is a member
                }
                stakes.add(stake);
                snapshot.add(new VoterStake(member(i), Money.of(stake)));
            }
            int quorumBps = 1 + random.nextInt(10_000);
            int capBps = 1 + random.nextInt(10_000);
            ProposeChange propose = new ProposeChange(
                    "prop-p",
                    member(0),
                    "t",
                    "",
                    List.of(ParameterValue.ofLong("claim.depositUnits", 60)),
                    List.of(),
                    snapshot,
                    null,
                    new ProposalRules(1_000, quorumBps, capBps, 10),
                    T0);
            ProposalState state = apply(decider, decider.initialState(), propose);
            List<int[]> votes = new ArrayList<>();
            int count = random.nextInt(members + 5);
            for (int v = 0; v < count; v++) {
                int[] vote = {random.nextInt(members + 3), random.nextInt(3)};
                votes.add(vote);
                VoteSupport support = VoteSupport.values()[vote[1]];
                Decision<ProposalEvent> decision = decider.decide(
                        new CastGovernanceVote("prop-p", member(vote[0]), support, Money.ZERO, T0.plusMillis(v)),
                        state);
                if (decision instanceof Decision.Accepted<ProposalEvent> accepted) {
                    for (ProposalEvent event : accepted.events()) {
                        state = decider.evolve(state, event);
                    }
                }
            }
            ModelOutcome expected = model(stakes, quorumBps, capBps, votes);
            Decision<ProposalEvent> closed =
                    decider.decide(new CloseProposalVoting("prop-p", T0.plusMillis(1_000)), state);
            ProposalEvent outcome =
                    ((Decision.Accepted<ProposalEvent>) closed).events().getFirst();
            String why = "seed " + seed;
            if (expected.passed()) {
                assertThat(outcome).as(why).isInstanceOf(ProposalPassed.class);
                ProposalPassed passed = (ProposalPassed) outcome;
                assertThat(passed.forWeight().value()).as(why).isEqualTo(expected.forW());
                assertThat(passed.againstWeight().value()).as(why).isEqualTo(expected.againstW());
                assertThat(passed.abstainWeight().value()).as(why).isEqualTo(expected.abstainW());
                assertThat(passed.quorumWeight().value()).as(why).isEqualTo(expected.quorum());
                assertThat(passed.executableAt()).as(why).isEqualTo(T0.plusMillis(1_010));
            } else {
                assertThat(outcome).as(why).isInstanceOf(ProposalDefeated.class);
                ProposalDefeated defeated = (ProposalDefeated) outcome;
                assertThat(defeated.forWeight().value()).as(why).isEqualTo(expected.forW());
                assertThat(defeated.againstWeight().value()).as(why).isEqualTo(expected.againstW());
                assertThat(defeated.abstainWeight().value()).as(why).isEqualTo(expected.abstainW());
                assertThat(defeated.quorumWeight().value()).as(why).isEqualTo(expected.quorum());
                BigInteger turnout = expected.forW().add(expected.againstW()).add(expected.abstainW());
                assertThat(defeated.reasonCode())
                        .as(why)
                        .isEqualTo(turnout.compareTo(expected.quorum()) < 0 ? "QUORUM_NOT_MET" : "MAJORITY_AGAINST");
            }
        }
    }

    private static ProposalState apply(
            Decider<ProposalCommand, ProposalEvent, ProposalState> decider,
            ProposalState state,
            ProposalCommand command) {
        Decision<ProposalEvent> decision = decider.decide(command, state);
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        for (ProposalEvent event : ((Decision.Accepted<ProposalEvent>) decision).events()) {
            state = decider.evolve(state, event);
        }
        return state;
    }
}
