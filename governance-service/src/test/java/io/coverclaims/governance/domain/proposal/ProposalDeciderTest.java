package io.coverclaims.governance.domain.proposal;

import static io.coverclaims.governance.domain.proposal.ProposalFixtures.DECIDER;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.ENDS;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.EXECUTABLE;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.ID;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.T0;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.cancel;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.close;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.created;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.deposit;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.execute;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.member;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.members;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.propose;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.stake;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.vote;
import static io.coverclaims.governance.domain.proposal.ProposalFixtures.voted;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.governance.domain.parameter.ParameterValue;
import io.coverclaims.governance.domain.proposal.ProposalCommand.CastGovernanceVote;
import io.coverclaims.governance.domain.proposal.ProposalCommand.ProposeChange;
import io.coverclaims.governance.domain.proposal.ProposalEvent.GovernanceVoteCast;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalCancelled;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalCreated;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalDefeated;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalExecuted;
import io.coverclaims.governance.domain.proposal.ProposalEvent.ProposalPassed;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.DeciderFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProposalDeciderTest {

    private static DeciderFixture<ProposalCommand, ProposalEvent, ProposalState> fixture() {
        return DeciderFixture.of(DECIDER);
    }

    // ------------------------------------------------------------------------------------------------ proposing

    @Test
    void a_member_proposes_and_the_proposal_records_its_rules_window_snapshot_and_total_weight() {
        ProposeChange command = propose(List.of(stake(1, 300), stake(2, 700)));
        fixture().given().when(command).thenEventsSatisfy(events -> {
            assertThat(events).hasSize(1);
            ProposalCreated created = (ProposalCreated) events.getFirst();
            assertThat(created.votingStartsAt()).isEqualTo(T0);
            assertThat(created.votingEndsAt()).isEqualTo(ENDS);
            assertThat(created.quorumBps()).isEqualTo(1_500);
            assertThat(created.voterWeightCapBps()).isEqualTo(500);
            assertThat(created.timelockMs()).isEqualTo(ProposalFixtures.TIMELOCK_MS);
            assertThat(created.totalWeight()).isEqualTo(Money.of(1_000));
            assertThat(created.stakeSnapshot()).hasSize(2);
            assertThat(created.snapshotPosition()).isEqualTo("0:41");
            assertThat(created).isEqualTo(created(command));
        });
    }

    @Test
    void only_a_member_with_stake_in_the_snapshot_may_propose() {
        fixture()
                .given()
                .when(propose(List.of(stake(2, 100)), member(1), List.of(deposit(75))))
                .thenRejected("NOT_A_MEMBER", "proposer");
        fixture()
                .given()
                .when(propose(List.of(stake(1, 0), stake(2, 100)), member(1), List.of(deposit(75))))
                .thenRejected("NOT_A_MEMBER", "proposer");
    }

    @Test
    void a_proposal_changes_something_or_takes_an_action() {
        fixture().given().when(propose(members(3), member(1), List.of())).thenRejected("NOTHING_PROPOSED", "changes");
    }

    @Test
    void an_unknown_parameter_is_refused_naming_the_change() {
        fixture()
                .given()
                .when(propose(members(3), member(1), List.of(ParameterValue.ofLong("claim.noSuchThing", 1))))
                .thenRejected("UNKNOWN_PARAMETER", "changes[0].name");
    }

    @Test
    void a_value_outside_the_catalogue_bounds_is_refused_naming_the_change_value() {
        fixture()
                .given()
                .when(propose(
                        members(3),
                        member(1),
                        List.of(ParameterValue.ofString("pool.minDeposit", "5"), deposit(1_001))))
                .thenRejected("OUT_OF_BOUNDS", "changes[1].value");
        fixture()
                .given()
                .when(propose(members(3), member(1), List.of(deposit(1_000))))
                .thenEventsSatisfy(events -> assertThat(events).hasSize(1));
    }

    @Test
    void a_value_of_the_wrong_kind_is_refused() {
        fixture()
                .given()
                .when(propose(members(3), member(1), List.of(ParameterValue.ofLong("pool.minDeposit", 5))))
                .thenRejected("INVALID_VALUE", "changes[0].value");
    }

    @Test
    void a_parameter_is_changed_at_most_once_per_proposal() {
        fixture()
                .given()
                .when(propose(members(3), member(1), List.of(deposit(60), deposit(70))))
                .thenRejected("DUPLICATE_CHANGE", "changes[1].name");
    }

    @Test
    void a_guardian_set_action_needs_a_threshold_within_its_guardians() {
        ProposeChange command = new ProposeChange(
                ID,
                member(1),
                "New guardians",
                "",
                List.of(),
                List.of(new ProposalAction(
                        ProposalActionKind.SET_GUARDIANS,
                        "guardians",
                        Map.of("guardians", member(7) + "," + member(8), "threshold", "3"))),
                members(3),
                null,
                ProposalFixtures.RULES,
                T0);
        fixture().given().when(command).thenRejected("INVALID_ACTION", "actions[0].arguments.threshold");
    }

    @Test
    void a_proposal_id_is_used_once() {
        ProposeChange command = propose(members(3));
        fixture().given(created(command)).when(command).thenRejected("PROPOSAL_EXISTS", "proposalId");
    }

    // ------------------------------------------------------------------------------------------------ voting

    @Test
    void a_vote_weighs_the_voters_snapshot_stake_whatever_weight_the_command_claims() {
        CastGovernanceVote claimsMore =
                new CastGovernanceVote(ID, member(2), VoteSupport.FOR, Money.of(1_000_000), T0.plusSeconds(1));
        fixture()
                .given(created(propose(members(40))))
                .when(claimsMore)
                .thenEvents(new GovernanceVoteCast(ID, member(2), VoteSupport.FOR, Money.of(100), Money.of(100)));
    }

    @Test
    void a_whale_counts_for_at_most_the_voter_weight_cap_of_five_percent() {
        List<VoterStake> snapshot = new ArrayList<>(List.of(stake(1, 10_000)));
        for (int i = 2; i <= 20; i++) {
            snapshot.add(stake(i, 100));
        }
        // total 11 900: the cap is floor(11 900 x 500 / 10 000) = 595
        fixture()
                .given(created(propose(snapshot)))
                .when(vote(1, VoteSupport.FOR))
                .thenEvents(new GovernanceVoteCast(ID, member(1), VoteSupport.FOR, Money.of(10_000), Money.of(595)));
    }

    @Test
    void an_address_without_stake_in_the_snapshot_has_no_vote() {
        fixture()
                .given(created(propose(members(5))))
                .when(vote(99, VoteSupport.FOR))
                .thenRejected("NOT_A_MEMBER", "voter");
    }

    @Test
    void a_member_votes_once() {
        fixture()
                .given(created(propose(members(5))), voted(2, VoteSupport.FOR, 100, 100))
                .when(vote(2, VoteSupport.AGAINST))
                .thenRejected("ALREADY_VOTED", "voter");
    }

    @Test
    void a_vote_at_or_after_the_end_of_voting_is_refused() {
        fixture()
                .given(created(propose(members(5))))
                .when(new CastGovernanceVote(ID, member(2), VoteSupport.FOR, Money.ZERO, ENDS))
                .thenRejected("VOTING_CLOSED", "proposalId");
    }

    @Test
    void a_vote_on_an_unknown_proposal_is_not_found() {
        fixture().given().when(vote(2, VoteSupport.FOR)).thenRejected("PROPOSAL_NOT_FOUND", "proposalId");
    }

    // ------------------------------------------------------------------------------------------------ quorum

    /** 40 members of 100: total 4 000, quorum ceil(4 000 x 15 %) = 600, six votes. */
    private static List<ProposalEvent> votes(int forVotes, int againstVotes, int abstainVotes) {
        List<ProposalEvent> history = new ArrayList<>(List.of(created(propose(members(40)))));
        int member = 1;
        for (int i = 0; i < forVotes; i++) {
            history.add(voted(member++, VoteSupport.FOR, 100, 100));
        }
        for (int i = 0; i < againstVotes; i++) {
            history.add(voted(member++, VoteSupport.AGAINST, 100, 100));
        }
        for (int i = 0; i < abstainVotes; i++) {
            history.add(voted(member++, VoteSupport.ABSTAIN, 100, 100));
        }
        return history;
    }

    @Test
    void a_turnout_exactly_at_the_quorum_passes_and_is_executable_after_the_timelock() {
        fixture()
                .given(votes(6, 0, 0))
                .when(close(ENDS))
                .thenEvents(new ProposalPassed(ID, Money.of(600), Money.ZERO, Money.ZERO, Money.of(600), EXECUTABLE));
    }

    @Test
    void a_turnout_one_vote_below_the_quorum_is_defeated_quorum_not_met() {
        fixture()
                .given(votes(5, 0, 0))
                .when(close(ENDS))
                .thenEvents(new ProposalDefeated(
                        ID, Money.of(500), Money.ZERO, Money.ZERO, Money.of(600), "QUORUM_NOT_MET"));
    }

    @Test
    void one_unit_of_weight_below_the_quorum_is_defeated() {
        // total 4 001 makes the quorum ceil(600.15) = 601: six votes of 100 are one short
        List<VoterStake> snapshot = new ArrayList<>(members(40));
        snapshot.add(stake(41, 1));
        List<ProposalEvent> history = new ArrayList<>(List.of(created(propose(snapshot))));
        for (int i = 1; i <= 6; i++) {
            history.add(voted(i, VoteSupport.FOR, 100, 100));
        }
        fixture().given(history).when(close(ENDS)).thenEventsSatisfy(events -> {
            ProposalDefeated defeated = (ProposalDefeated) events.getFirst();
            assertThat(defeated.quorumWeight()).isEqualTo(Money.of(601));
            assertThat(defeated.reasonCode()).isEqualTo("QUORUM_NOT_MET");
        });
    }

    @Test
    void abstentions_count_toward_the_quorum_but_not_the_majority() {
        fixture()
                .given(votes(1, 0, 5))
                .when(close(ENDS))
                .thenEvents(
                        new ProposalPassed(ID, Money.of(100), Money.ZERO, Money.of(500), Money.of(600), EXECUTABLE));
    }

    @Test
    void a_tie_is_no_majority_for_and_is_defeated_majority_against() {
        fixture()
                .given(votes(3, 3, 0))
                .when(close(ENDS))
                .thenEvents(new ProposalDefeated(
                        ID, Money.of(300), Money.of(300), Money.ZERO, Money.of(600), "MAJORITY_AGAINST"));
    }

    @Test
    void voting_is_not_closed_before_its_end() {
        fixture().given(votes(6, 0, 0)).when(close(ENDS.minusMillis(1))).thenRejected("VOTING_OPEN", "proposalId");
    }

    // ------------------------------------------------------------------------------------------------ timelock

    private static List<ProposalEvent> passed() {
        List<ProposalEvent> history = new ArrayList<>(votes(6, 0, 0));
        history.add(new ProposalPassed(ID, Money.of(600), Money.ZERO, Money.ZERO, Money.of(600), EXECUTABLE));
        return history;
    }

    @Test
    void a_passed_proposal_is_not_executed_before_its_timelock_ends() {
        fixture().given(passed()).when(execute(EXECUTABLE.minusMillis(1))).thenRejected("TIMELOCKED", "proposalId");
    }

    @Test
    void a_passed_proposal_is_executed_at_the_end_of_its_timelock_with_its_changes() {
        fixture()
                .given(passed())
                .when(execute(EXECUTABLE))
                .thenEvents(new ProposalExecuted(ID, List.of(deposit(75)), List.of()));
    }

    @Test
    void a_proposal_is_executed_once() {
        List<ProposalEvent> history = new ArrayList<>(passed());
        history.add(new ProposalExecuted(ID, List.of(deposit(75)), List.of()));
        fixture()
                .given(history)
                .when(execute(EXECUTABLE.plusSeconds(5)))
                .thenRejected("ALREADY_EXECUTED", "proposalId");
    }

    @Test
    void a_defeated_proposal_is_never_executed() {
        List<ProposalEvent> history = new ArrayList<>(votes(5, 0, 0));
        history.add(new ProposalDefeated(ID, Money.of(500), Money.ZERO, Money.ZERO, Money.of(600), "QUORUM_NOT_MET"));
        fixture().given(history).when(execute(EXECUTABLE)).thenRejected("NOT_PASSED", "proposalId");
    }

    // ------------------------------------------------------------------------------------------------ cancellation

    @Test
    void the_proposer_cancels_before_voting_ends() {
        fixture()
                .given(votes(2, 0, 0))
                .when(cancel(member(1), ENDS.minusMillis(1)))
                .thenEvents(new ProposalCancelled(ID, "changed my mind"));
    }

    @Test
    void no_one_but_the_proposer_may_cancel() {
        fixture()
                .given(votes(2, 0, 0))
                .when(cancel(member(2), T0.plusSeconds(5)))
                .thenRejected("NOT_PROPOSER", "proposer");
    }

    @Test
    void a_proposal_is_not_cancelled_once_voting_has_ended() {
        fixture().given(votes(2, 0, 0)).when(cancel(member(1), ENDS)).thenRejected("VOTING_CLOSED", "proposalId");
        fixture()
                .given(passed())
                .when(cancel(member(1), ENDS.plusSeconds(1)))
                .thenRejected("VOTING_CLOSED", "proposalId");
    }

    @Test
    void a_cancelled_proposal_takes_no_votes_and_its_late_close_does_nothing() {
        List<ProposalEvent> history = new ArrayList<>(votes(2, 0, 0));
        history.add(new ProposalCancelled(ID, "changed my mind"));
        fixture().given(history).when(vote(10, VoteSupport.FOR)).thenRejected("VOTING_CLOSED", "proposalId");
        fixture().given(history).when(close(ENDS)).thenNoEvents();
    }
}
