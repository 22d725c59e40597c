package io.coverclaims.claim.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.claim.saga.ProposalActionMapper;
import io.coverclaims.platform.governance.ProposalExecution.Mapping;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.schemas.claim.AssessorGroupAppointed;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.governance.ProposalAction;
import io.coverclaims.schemas.governance.ProposalActionKind;
import io.coverclaims.schemas.governance.ProposalExecuted;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Governance takes over claims-admin, through the real broker: a ProposalExecuted record written to governance.events
 * (as governance-service would) appoints the SLASHING assessors and the arbiters and revokes one assessor, each
 * command issued by {@code governance:<proposalId>}; an action the decider refuses (revoking a non-member) is
 * answered with its outcome and stops nothing; the same execution delivered again is decided as duplicates and
 * appends nothing.
 *
 * <p>This test writes governance.events in claim-service's own test JVM, which is acceptable: no other test of this JVM
 * reads that topic (only the service does: its governance-actions application, and the kernel's store of pause flags
 * and parameters, which a ProposalExecuted does not change). Other tests may write pause flags there; appointments are
 * never paused. The groups it appoints (SLASHING, ARBITERS) are appointed by no other test of this JVM, and its
 * addresses and proposal id are fresh.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class GovernanceActionsIntegrationTest {

    static KafkaTestKit topics;

    @BeforeAll
    static void open() {
        topics = new KafkaTestKit();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    static String address() {
        return "0x" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "0".repeat(32);
    }

    static ProposalAction action(ProposalActionKind kind, String target, Map<String, String> arguments) {
        return ProposalAction.newBuilder()
                .setKind(kind)
                .setTarget(target)
                .setArguments(arguments)
                .build();
    }

    static List<String> members(String category) {
        Response[] last = new Response[1];
        KafkaTestKit.awaitTrue("group " + category + " in the read model", Duration.ofSeconds(60), () -> {
            last[0] = given().get("/assessor-groups/" + category);
            return last[0].statusCode() == 200;
        });
        return last[0].jsonPath().getList("members", String.class);
    }

    static void awaitMembers(String category, List<String> expected) {
        Response[] last = new Response[1];
        try {
            KafkaTestKit.awaitTrue("group " + category + " = " + expected, Duration.ofSeconds(60), () -> {
                last[0] = given().get("/assessor-groups/" + category);
                return last[0].statusCode() == 200
                        && last[0].jsonPath().getList("members", String.class).equals(expected);
            });
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; last answer " + (last[0] == null ? "none" : last[0].asString()), e);
        }
    }

    static String commandId(ProposalExecuted executed, int index) {
        Mapping mapping = ProposalActionMapper.map(
                executed.getMetadata(),
                executed.getProposalId(),
                index,
                executed.getActions().get(index));
        return WireMetadata.ofCommand(((Mapping.Command) mapping).command()).getCommandId();
    }

    static List<CommandOutcome> outcomes(String commandId, int count) {
        return topics.await(
                "claim.command-outcomes",
                CommandOutcome.class,
                o -> o.getCommandId().equals(commandId),
                count);
    }

    @Test
    void an_executed_proposal_appoints_assessors_and_arbiters_and_revokes_a_member_exactly_once() {
        String proposalId = "prop-" + UUID.randomUUID();
        List<String> assessors = IntStream.range(0, 3).mapToObj(i -> address()).toList();
        List<String> arbiters = IntStream.range(0, 2).mapToObj(i -> address()).toList();
        String stranger = address();
        ProposalExecuted executed = ProposalExecuted.newBuilder()
                .setMetadata(KafkaTestKit.event(proposalId, 6, "governance-service"))
                .setProposalId(proposalId)
                .setChanges(List.of())
                .setActions(List.of(
                        // mixed case and spaces: the members are appointed in canonical form
                        action(
                                ProposalActionKind.APPOINT_ASSESSOR,
                                "grp-slashing",
                                Map.of(
                                        "category",
                                        "SLASHING",
                                        "members",
                                        assessors.get(0).toUpperCase().replace("0X", "0x") + ", " + assessors.get(1)
                                                + "," + assessors.get(2))),
                        action(ProposalActionKind.REVOKE_ASSESSOR, "grp-slashing", Map.of("member", assessors.get(1))),
                        action(ProposalActionKind.REVOKE_ASSESSOR, "grp-slashing", Map.of("member", stranger)),
                        action(
                                ProposalActionKind.APPOINT_ARBITER,
                                "grp-arbiters",
                                Map.of("members", String.join(",", arbiters))),
                        // not claim-service's: oracle-service carries it out
                        action(
                                ProposalActionKind.REGISTER_ORACLE_SOURCE,
                                "USDC-USD",
                                Map.of("sourceId", "src-x", "name", "x", "address", stranger))))
                .build();
        topics.send("governance.events", proposalId, executed);

        // appointed, then one revoked: decided in the proposal's order, against the group's members then
        awaitMembers("SLASHING", List.of(assessors.get(0), assessors.get(2)));
        awaitMembers("ARBITERS", arbiters);
        List<AssessorGroupAppointed> appointed = topics.await(
                "claim.events",
                AssessorGroupAppointed.class,
                e -> e.getMetadata().getActor().equals("governance:" + proposalId),
                3);
        assertThat(appointed)
                .extracting(e -> e.getGroupId() + " " + e.getMembers())
                .containsExactlyInAnyOrder(
                        "grp-slashing " + assessors,
                        "grp-slashing " + List.of(assessors.get(0), assessors.get(2)),
                        "grp-arbiters " + arbiters);
        // the decider's refusal is the command's outcome, and the actions after it were carried out
        CommandOutcome refused = outcomes(commandId(executed, 2), 1).getFirst();
        assertThat(refused.getStatus().name()).isEqualTo("REJECTED");
        assertThat(refused.getReasonCode()).isEqualTo("NOT_A_MEMBER");
        assertThat(refused.getField()).isEqualTo("member");

        // the same execution again (a replay, a re-delivery): every command is a duplicate, nothing is appended
        topics.send("governance.events", proposalId, executed);
        for (int index : new int[] {0, 1, 2, 3}) {
            assertThat(outcomes(commandId(executed, index), 2))
                    .extracting(CommandOutcome::getDuplicate)
                    .containsExactly(false, true);
        }
        assertThat(topics.readAll(
                        "claim.events",
                        AssessorGroupAppointed.class,
                        e -> e.getMetadata().getActor().equals("governance:" + proposalId)))
                .hasSize(3);
        assertThat(members("SLASHING")).containsExactly(assessors.get(0), assessors.get(2));
    }
}
