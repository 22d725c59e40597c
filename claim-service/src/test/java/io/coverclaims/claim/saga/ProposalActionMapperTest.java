package io.coverclaims.claim.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.governance.ProposalExecution.Mapping;
import io.coverclaims.schemas.claim.AppointAssessorGroup;
import io.coverclaims.schemas.claim.RevokeAssessor;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.governance.ParameterValue;
import io.coverclaims.schemas.governance.ProposalAction;
import io.coverclaims.schemas.governance.ProposalActionKind;
import io.coverclaims.schemas.governance.ProposalCancelled;
import io.coverclaims.schemas.governance.ProposalExecuted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** A governance proposal's actions → claim commands: what each kind becomes, and what is refused. */
class ProposalActionMapperTest {

    static final Instant EXECUTED_AT = Instant.parse("2026-06-01T12:00:00Z");
    static final String PROPOSAL = "prop-7";
    static final String A = "0x" + "a".repeat(40);
    static final String B = "0x" + "b".repeat(40);

    static EventMetadata executed(String eventId) {
        return EventMetadata.newBuilder()
                .setEventId(eventId)
                .setAggregateId(PROPOSAL)
                .setAggregateVersion(5)
                .setCausationId("cmd-execute")
                .setCorrelationId("corr-prop-7")
                .setOccurredAt(EXECUTED_AT)
                .setActor("governance-service")
                .build();
    }

    static ProposalAction action(ProposalActionKind kind, String target, Map<String, String> arguments) {
        return ProposalAction.newBuilder()
                .setKind(kind)
                .setTarget(target)
                .setArguments(arguments)
                .build();
    }

    static Mapping map(int index, ProposalAction action) {
        return ProposalActionMapper.map(executed("evt-1"), PROPOSAL, index, action);
    }

    static <T extends SpecificRecord> T command(Mapping mapping, Class<T> type) {
        assertThat(mapping).isInstanceOf(Mapping.Command.class);
        SpecificRecord command = ((Mapping.Command) mapping).command();
        assertThat(command).isInstanceOf(type);
        return type.cast(command);
    }

    static String refusal(Mapping mapping) {
        assertThat(mapping).isInstanceOf(Mapping.Refused.class);
        return ((Mapping.Refused) mapping).reason();
    }

    @Test
    void an_appoint_assessor_action_appoints_the_groups_members_for_governance_at_the_execution_time() {
        AppointAssessorGroup appoint = command(
                map(
                        0,
                        action(
                                ProposalActionKind.APPOINT_ASSESSOR,
                                "grp-custody",
                                Map.of(
                                        "category",
                                        "CUSTODY",
                                        "members",
                                        A + ", " + B.toUpperCase().replace("0X", "0x")))),
                AppointAssessorGroup.class);
        assertThat(appoint.getGroupId()).isEqualTo("grp-custody");
        assertThat(appoint.getCategory()).isEqualTo("CUSTODY");
        assertThat(appoint.getMembers()).containsExactly(A, B); // stripped, canonical
        assertThat(appoint.getMetadata().getAggregateId()).isEqualTo("grp-custody");
        assertThat(appoint.getMetadata().getActor()).isEqualTo("governance:prop-7");
        assertThat(appoint.getMetadata().getIssuedAt()).isEqualTo(EXECUTED_AT);
        assertThat(appoint.getMetadata().getCausationId()).isEqualTo("evt-1");
        assertThat(appoint.getMetadata().getCorrelationId()).isEqualTo("corr-prop-7");
    }

    @Test
    void an_appointment_without_a_category_takes_the_category_of_its_target_group() {
        AppointAssessorGroup appoint = command(
                map(0, action(ProposalActionKind.APPOINT_ASSESSOR, "grp-stablecoin-depeg", Map.of("members", A))),
                AppointAssessorGroup.class);
        assertThat(appoint.getCategory()).isEqualTo("STABLECOIN_DEPEG");
        assertThat(refusal(map(0, action(ProposalActionKind.APPOINT_ASSESSOR, "grp-weather", Map.of("members", A)))))
                .contains("category");
    }

    @Test
    void an_appoint_arbiter_action_appoints_the_group_of_category_arbiters() {
        AppointAssessorGroup appoint = command(
                map(2, action(ProposalActionKind.APPOINT_ARBITER, "grp-arbiters", Map.of("members", A + "," + B))),
                AppointAssessorGroup.class);
        assertThat(appoint.getGroupId()).isEqualTo("grp-arbiters");
        assertThat(appoint.getCategory()).isEqualTo("ARBITERS");
        assertThat(appoint.getMembers()).containsExactly(A, B);
    }

    @Test
    void the_arbiters_are_appointed_only_by_appoint_arbiter_and_it_appoints_nothing_else() {
        assertThat(refusal(map(
                        0,
                        action(
                                ProposalActionKind.APPOINT_ASSESSOR,
                                "grp-arbiters",
                                Map.of("category", "ARBITERS", "members", A)))))
                .contains("APPOINT_ARBITER");
        assertThat(refusal(map(
                        0,
                        action(
                                ProposalActionKind.APPOINT_ARBITER,
                                "grp-custody",
                                Map.of("category", "CUSTODY", "members", A)))))
                .contains("ARBITERS");
    }

    @Test
    void a_revoke_assessor_action_revokes_the_member_from_the_group() {
        RevokeAssessor revoke = command(
                map(1, action(ProposalActionKind.REVOKE_ASSESSOR, "grp-slashing", Map.of("member", " " + A + " "))),
                RevokeAssessor.class);
        assertThat(revoke.getGroupId()).isEqualTo("grp-slashing");
        assertThat(revoke.getMember()).isEqualTo(A);
        assertThat(revoke.getMetadata().getActor()).isEqualTo("governance:prop-7");
    }

    @Test
    void what_the_decider_judges_is_passed_on_as_it_is() {
        // not addresses, an unknown category, a group id of another category: the group's decider refuses them
        AppointAssessorGroup appoint = command(
                map(
                        0,
                        action(
                                ProposalActionKind.APPOINT_ASSESSOR,
                                "grp-custody",
                                Map.of("category", "SLASHING", "members", "alice,,0x12"))),
                AppointAssessorGroup.class);
        assertThat(appoint.getCategory()).isEqualTo("SLASHING");
        assertThat(appoint.getMembers()).containsExactly("alice", "", "0x12");
        RevokeAssessor revoke = command(
                map(0, action(ProposalActionKind.REVOKE_ASSESSOR, "grp-custody", Map.of("member", "bob"))),
                RevokeAssessor.class);
        assertThat(revoke.getMember()).isEqualTo("bob");
    }

    @Test
    void the_command_id_derives_from_the_execution_event_and_the_actions_index() {
        ProposalAction action = action(ProposalActionKind.REVOKE_ASSESSOR, "grp-custody", Map.of("member", A));
        String id = command(map(3, action), RevokeAssessor.class).getMetadata().getCommandId();
        assertThat(command(map(3, action), RevokeAssessor.class).getMetadata().getCommandId())
                .isEqualTo(id);
        assertThat(command(map(4, action), RevokeAssessor.class).getMetadata().getCommandId())
                .isNotEqualTo(id);
        assertThat(command(ProposalActionMapper.map(executed("evt-2"), PROPOSAL, 3, action), RevokeAssessor.class)
                        .getMetadata()
                        .getCommandId())
                .isNotEqualTo(id);
    }

    @Test
    void an_action_that_makes_no_command_is_refused_with_the_reason() {
        assertThat(refusal(map(0, action(ProposalActionKind.APPOINT_ASSESSOR, "custody", Map.of("members", A)))))
                .contains("target custody is no assessor group id");
        assertThat(refusal(map(0, action(ProposalActionKind.APPOINT_ASSESSOR, "grp-custody", Map.of()))))
                .contains("members");
        assertThat(refusal(map(0, action(ProposalActionKind.APPOINT_ARBITER, "grp-arbiters", Map.of("members", " ")))))
                .contains("members");
        assertThat(refusal(map(0, action(ProposalActionKind.REVOKE_ASSESSOR, "grp-custody", Map.of()))))
                .contains("member");
        assertThat(refusal(
                        map(0, action(ProposalActionKind.REVOKE_ASSESSOR, "0x" + "a".repeat(40), Map.of("member", A)))))
                .contains("no assessor group id");
        assertThat(refusal(map(
                        0,
                        action(ProposalActionKind.REVOKE_ASSESSOR, "grp-custody", Map.of("member", A, "memebr", B)))))
                .contains("[memebr]");
    }

    @Test
    void actions_of_other_contexts_are_not_claim_services() {
        for (ProposalActionKind kind : List.of(
                ProposalActionKind.REGISTER_ORACLE_SOURCE,
                ProposalActionKind.SET_GUARDIANS,
                ProposalActionKind.UPGRADE_POOL_CONTRACT,
                ProposalActionKind.UNKNOWN)) {
            assertThat(map(0, action(kind, "grp-custody", Map.of("members", A))))
                    .isEqualTo(new Mapping.NotOurs());
        }
    }

    @Test
    void an_executed_proposal_yields_its_claim_actions_in_order_and_skips_the_rest() {
        ProposalExecuted executed = ProposalExecuted.newBuilder()
                .setMetadata(executed("evt-9"))
                .setProposalId(PROPOSAL)
                .setChanges(List.of(ParameterValue.newBuilder()
                        .setName("claim.depositUnits")
                        .setLongValue(60L)
                        .build()))
                .setActions(List.of(
                        action(ProposalActionKind.APPOINT_ASSESSOR, "grp-custody", Map.of("members", A + "," + B)),
                        action(ProposalActionKind.REGISTER_ORACLE_SOURCE, "USDC-USD", Map.of("sourceId", "s")),
                        action(ProposalActionKind.REVOKE_ASSESSOR, "grp-custody", Map.of()),
                        action(ProposalActionKind.REVOKE_ASSESSOR, "grp-custody", Map.of("member", B))))
                .build();
        List<SpecificRecord> commands = ProposalActions.react(executed);
        assertThat(commands).hasSize(2);
        assertThat(commands.get(0)).isInstanceOf(AppointAssessorGroup.class);
        assertThat(((RevokeAssessor) commands.get(1)).getMember()).isEqualTo(B);
        // the revocation is the proposal's fourth action: its id is the index's, not its place among the commands
        String expected = command(
                        ProposalActionMapper.map(
                                executed.getMetadata(),
                                PROPOSAL,
                                3,
                                executed.getActions().get(3)),
                        RevokeAssessor.class)
                .getMetadata()
                .getCommandId();
        assertThat(((RevokeAssessor) commands.get(1)).getMetadata().getCommandId())
                .isEqualTo(expected);
        assertThat(ProposalActions.react(ProposalCancelled.newBuilder()
                        .setMetadata(executed("evt-10"))
                        .setProposalId(PROPOSAL)
                        .setReason("withdrawn")
                        .build()))
                .isEmpty();
    }
}
