package io.coverclaims.governance.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.governance.domain.pause.PauseDecider;
import io.coverclaims.platform.schedule.Deadline;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.governance.ApplyParameterChange;
import io.coverclaims.schemas.governance.CloseProposalVoting;
import io.coverclaims.schemas.governance.ExecuteProposal;
import io.coverclaims.schemas.governance.ExpirePauseChange;
import io.coverclaims.schemas.governance.ParameterValue;
import io.coverclaims.schemas.governance.PauseChangeRequested;
import io.coverclaims.schemas.governance.PauseFlag;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import io.coverclaims.schemas.governance.ProposalAction;
import io.coverclaims.schemas.governance.ProposalActionKind;
import io.coverclaims.schemas.governance.ProposalCancelled;
import io.coverclaims.schemas.governance.ProposalCreated;
import io.coverclaims.schemas.governance.ProposalExecuted;
import io.coverclaims.schemas.governance.ProposalPassed;
import io.coverclaims.schemas.governance.SetGuardians;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GovernanceDeadlinesTest {

    static final Instant ENDS = Instant.parse("2026-01-04T00:00:00Z");
    static final Instant EXECUTABLE = Instant.parse("2026-01-05T00:00:00Z");
    final GovernanceDeadlines planner = new GovernanceDeadlines();

    private static EventMetadata event(String aggregateId) {
        return KafkaTestKit.event(aggregateId, 1, "test");
    }

    @Test
    void voting_closes_at_its_end_without_a_call_and_a_cancellation_drops_the_deadline() {
        ProposalCreated created = ProposalCreated.newBuilder()
                .setMetadata(event("prop-1"))
                .setProposalId("prop-1")
                .setProposer("0x01")
                .setTitle("t")
                .setDescription("")
                .setChanges(List.of())
                .setVotingStartsAt(ENDS.minusSeconds(60))
                .setVotingEndsAt(ENDS)
                .setQuorumBps(1500)
                .setVoterWeightCapBps(500)
                .setTimelockMs(0)
                .setTotalWeight(BigDecimal.TEN)
                .build();
        Deadline.Schedule close = (Deadline.Schedule) planner.plan(created).getFirst();
        assertThat(close.dueAt()).isEqualTo(ENDS);
        assertThat(close.command()).isInstanceOf(CloseProposalVoting.class);
        assertThat(WireMetadata.ofCommand(close.command()).getIssuedAt()).isEqualTo(ENDS);
        assertThat(planner.plan(created).getFirst()).isEqualTo(close); // same event, same command id

        ProposalCancelled cancelled = new ProposalCancelled(event("prop-1"), "prop-1", "no");
        assertThat(planner.plan(cancelled)).containsExactly(Deadline.cancel(close.key()));
    }

    @Test
    void a_passed_proposal_is_executed_at_the_end_of_its_timelock() {
        ProposalPassed passed = new ProposalPassed(
                event("prop-1"),
                "prop-1",
                BigDecimal.TEN,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                BigDecimal.ONE,
                EXECUTABLE);
        Deadline.Schedule execute = (Deadline.Schedule) planner.plan(passed).getFirst();
        assertThat(execute.dueAt()).isEqualTo(EXECUTABLE);
        assertThat(((ExecuteProposal) execute.command()).getProposalId()).isEqualTo("prop-1");
        assertThat(WireMetadata.ofCommand(execute.command()).getIssuedAt()).isEqualTo(EXECUTABLE);
    }

    @Test
    void an_executed_proposal_applies_each_change_to_its_parameter_and_sets_new_guardians() {
        ProposalExecuted executed = new ProposalExecuted(
                event("prop-1"),
                "prop-1",
                List.of(new ParameterValue("claim.depositUnits", 75L, null)),
                List.of(
                        new ProposalAction(
                                ProposalActionKind.SET_GUARDIANS,
                                "guardians",
                                Map.of(
                                        "guardians",
                                        "0x00000000000000000000000000000000000000A1,0x00000000000000000000000000000000000000b2",
                                        "threshold",
                                        "2")),
                        new ProposalAction(
                                ProposalActionKind.APPOINT_ASSESSOR,
                                "0x00000000000000000000000000000000000000c3",
                                Map.of())));
        List<Deadline> plans = planner.plan(executed);
        assertThat(plans).hasSize(2).allMatch(d -> d instanceof Deadline.Send);
        ApplyParameterChange apply = (ApplyParameterChange) ((Deadline.Send) plans.get(0)).command();
        assertThat(apply.getMetadata().getAggregateId()).isEqualTo("claim.depositUnits");
        assertThat(apply.getProposalId()).isEqualTo("prop-1");
        assertThat(apply.getValue().getLongValue()).isEqualTo(75L);
        SetGuardians guardians = (SetGuardians) ((Deadline.Send) plans.get(1)).command();
        assertThat(guardians.getMetadata().getAggregateId()).isEqualTo(PauseDecider.AGGREGATE_ID);
        assertThat(guardians.getGuardians())
                .containsExactly(
                        "0x00000000000000000000000000000000000000a1", "0x00000000000000000000000000000000000000b2");
        assertThat(guardians.getThreshold()).isEqualTo(2);
        assertThat(guardians.getProposalId()).isEqualTo("prop-1");
        // the same event again yields the same command ids: each is decided once
        assertThat(planner.plan(executed).get(0).key()).isEqualTo(plans.get(0).key());
    }

    @Test
    void a_pause_request_expires_at_its_expiry_unless_the_flag_changes_first() {
        Instant expires = ENDS.plusSeconds(600);
        PauseChangeRequested requested = new PauseChangeRequested(
                event("pause-flags"), "r1", PauseFlag.CLAIMS, true, "0x01", "why", 2, expires, null);
        Deadline.Schedule expire = (Deadline.Schedule) planner.plan(requested).getFirst();
        assertThat(expire.dueAt()).isEqualTo(expires);
        assertThat(((ExpirePauseChange) expire.command()).getRequestId()).isEqualTo("r1");
        PauseFlagChanged changed = new PauseFlagChanged(
                event("pause-flags"), "r1", PauseFlag.CLAIMS, true, List.of("0x01", "0x02"), null, null);
        assertThat(planner.plan(changed)).containsExactly(Deadline.cancel(expire.key()));
    }
}
