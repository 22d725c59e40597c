package io.coverclaims.oracle.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.governance.ProposalExecution.Mapping;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.governance.ProposalAction;
import io.coverclaims.schemas.governance.ProposalActionKind;
import io.coverclaims.schemas.governance.ProposalCreated;
import io.coverclaims.schemas.governance.ProposalExecuted;
import io.coverclaims.schemas.oracle.RegisterFeedSource;
import io.coverclaims.schemas.oracle.SourceKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** A governance proposal's REGISTER_ORACLE_SOURCE actions → RegisterFeedSource: what they become, what is refused. */
class ProposalActionMapperTest {

    static final Instant EXECUTED_AT = Instant.parse("2026-06-01T12:00:00Z");
    static final String PROPOSAL = "prop-11";
    static final String SIGNER = "0x" + "a".repeat(40);
    static final String AGGREGATOR = "0x" + "c".repeat(40);

    static EventMetadata executed(String eventId) {
        return EventMetadata.newBuilder()
                .setEventId(eventId)
                .setAggregateId(PROPOSAL)
                .setAggregateVersion(5)
                .setCausationId("cmd-execute")
                .setCorrelationId("corr-prop-11")
                .setOccurredAt(EXECUTED_AT)
                .setActor("governance-service")
                .build();
    }

    static Map<String, String> reporter() {
        Map<String, String> arguments = new HashMap<>();
        arguments.put("sourceId", "src-gov");
        arguments.put("name", "governed reporter");
        arguments.put("kind", "SIGNED_REPORTER");
        arguments.put("address", SIGNER.toUpperCase().replace("0X", "0x"));
        arguments.put("heartbeatSeconds", "90");
        arguments.put("decimals", "6");
        arguments.put("minPriceE8", "90000000");
        arguments.put("maxPriceE8", "110000000");
        return arguments;
    }

    static Map<String, String> with(Map<String, String> arguments, String name, String value) {
        Map<String, String> copy = new HashMap<>(arguments);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    static ProposalAction register(String feedId, Map<String, String> arguments) {
        return ProposalAction.newBuilder()
                .setKind(ProposalActionKind.REGISTER_ORACLE_SOURCE)
                .setTarget(feedId)
                .setArguments(arguments)
                .build();
    }

    static Mapping map(int index, ProposalAction action) {
        return ProposalActionMapper.map(executed("evt-1"), PROPOSAL, index, action);
    }

    static RegisterFeedSource command(Mapping mapping) {
        assertThat(mapping).isInstanceOf(Mapping.Command.class);
        SpecificRecord command = ((Mapping.Command) mapping).command();
        assertThat(command).isInstanceOf(RegisterFeedSource.class);
        return (RegisterFeedSource) command;
    }

    static String refusal(Mapping mapping) {
        assertThat(mapping).isInstanceOf(Mapping.Refused.class);
        return ((Mapping.Refused) mapping).reason();
    }

    @Test
    void a_signed_reporter_is_registered_with_every_argument_for_governance_at_the_execution_time() {
        RegisterFeedSource c = command(map(0, register("USDC-USD", reporter())));
        assertThat(c.getFeedId()).isEqualTo("USDC-USD");
        assertThat(c.getSourceId()).isEqualTo("src-gov");
        assertThat(c.getName()).isEqualTo("governed reporter");
        assertThat(c.getSourceKind()).isEqualTo(SourceKind.SIGNED_REPORTER);
        assertThat(c.getSigner()).isEqualTo(SIGNER); // canonical
        assertThat(c.getAggregator()).isNull();
        assertThat(c.getHeartbeatMs()).isEqualTo(90_000L);
        assertThat(c.getDecimals()).isEqualTo(6);
        assertThat(c.getMinPriceE8()).isEqualTo(90_000_000L);
        assertThat(c.getMaxPriceE8()).isEqualTo(110_000_000L);
        assertThat(c.getMetadata().getAggregateId()).isEqualTo("USDC-USD");
        assertThat(c.getMetadata().getActor()).isEqualTo("governance:prop-11");
        assertThat(c.getMetadata().getIssuedAt()).isEqualTo(EXECUTED_AT);
        assertThat(c.getMetadata().getCausationId()).isEqualTo("evt-1");
    }

    @Test
    void a_chainlink_aggregators_address_is_the_aggregator_and_it_has_no_signer() {
        RegisterFeedSource c = command(map(
                0, register("ETH-USD", with(with(reporter(), "kind", "CHAINLINK_AGGREGATOR"), "address", AGGREGATOR))));
        assertThat(c.getSourceKind()).isEqualTo(SourceKind.CHAINLINK_AGGREGATOR);
        assertThat(c.getAggregator()).isEqualTo(AGGREGATOR);
        assertThat(c.getSigner()).isNull();
    }

    @Test
    void optional_arguments_left_out_take_the_operator_endpoints_defaults() {
        Map<String, String> minimal = Map.of("sourceId", "src-min", "name", "minimal", "address", SIGNER);
        RegisterFeedSource c = command(map(0, register("USDC-USD", minimal)));
        assertThat(c.getSourceKind()).isEqualTo(SourceKind.SIGNED_REPORTER);
        assertThat(c.getHeartbeatMs()).isZero(); // the feed's maxStalenessMs
        assertThat(c.getDecimals()).isEqualTo(8);
        assertThat(c.getMinPriceE8()).isZero();
        assertThat(c.getMaxPriceE8()).isZero();
    }

    @Test
    void what_the_decider_judges_is_passed_on_as_it_is() {
        // a bad address, a bad source id, bounds the wrong way round, a negative heartbeat: the feed refuses them
        RegisterFeedSource c = command(map(
                0,
                register(
                        "USDC-USD",
                        with(
                                with(
                                        with(with(reporter(), "address", "0x12"), "sourceId", "Bad Id"),
                                        "minPriceE8",
                                        "5"),
                                "heartbeatSeconds",
                                "-1"))));
        assertThat(c.getSigner()).isEqualTo("0x12");
        assertThat(c.getSourceId()).isEqualTo("Bad Id");
        assertThat(c.getHeartbeatMs()).isEqualTo(-1_000L);
    }

    @Test
    void the_command_id_derives_from_the_execution_event_and_the_actions_index() {
        ProposalAction action = register("USDC-USD", reporter());
        String id = command(map(0, action)).getMetadata().getCommandId();
        assertThat(command(map(0, action)).getMetadata().getCommandId()).isEqualTo(id);
        assertThat(command(map(1, action)).getMetadata().getCommandId()).isNotEqualTo(id);
        assertThat(command(ProposalActionMapper.map(executed("evt-2"), PROPOSAL, 0, action))
                        .getMetadata()
                        .getCommandId())
                .isNotEqualTo(id);
    }

    @Test
    void an_action_that_makes_no_command_is_refused_with_the_reason() {
        assertThat(refusal(map(0, register("not a feed!", reporter())))).contains("no feed id");
        assertThat(refusal(map(0, register("USDC-USD", with(reporter(), "sourceId", null)))))
                .contains("sourceId");
        assertThat(refusal(map(0, register("USDC-USD", with(reporter(), "name", " ")))))
                .contains("name");
        assertThat(refusal(map(0, register("USDC-USD", with(reporter(), "address", null)))))
                .contains("address");
        assertThat(refusal(map(0, register("USDC-USD", with(reporter(), "kind", "PYTH")))))
                .contains("PYTH");
        assertThat(refusal(map(0, register("USDC-USD", with(reporter(), "heartbeatSeconds", "soon")))))
                .contains("heartbeatSeconds");
        assertThat(refusal(map(0, register("USDC-USD", with(reporter(), "decimals", "1.5")))))
                .contains("decimals");
        assertThat(refusal(map(0, register("USDC-USD", with(reporter(), "decimals", "4294967296")))))
                .contains("decimals");
        assertThat(refusal(map(0, register("USDC-USD", with(reporter(), "maxPriceE8", "9223372036854775808")))))
                .contains("maxPriceE8");
        assertThat(refusal(map(0, register("USDC-USD", with(reporter(), "heartbeatSeconds", "9223372036854776")))))
                .contains("heartbeatSeconds");
        assertThat(refusal(map(0, register("USDC-USD", with(reporter(), "signer", SIGNER)))))
                .contains("[signer]");
    }

    @Test
    void actions_of_other_contexts_are_not_oracle_services() {
        for (ProposalActionKind kind : List.of(
                ProposalActionKind.APPOINT_ASSESSOR,
                ProposalActionKind.REVOKE_ASSESSOR,
                ProposalActionKind.APPOINT_ARBITER,
                ProposalActionKind.SET_GUARDIANS,
                ProposalActionKind.UPGRADE_POOL_CONTRACT,
                ProposalActionKind.UNKNOWN)) {
            ProposalAction action = ProposalAction.newBuilder()
                    .setKind(kind)
                    .setTarget("USDC-USD")
                    .setArguments(reporter())
                    .build();
            assertThat(map(0, action)).isEqualTo(new Mapping.NotOurs());
        }
    }

    @Test
    void an_executed_proposal_yields_its_registrations_in_order_and_skips_the_rest() {
        ProposalExecuted executed = ProposalExecuted.newBuilder()
                .setMetadata(executed("evt-9"))
                .setProposalId(PROPOSAL)
                .setChanges(List.of())
                .setActions(List.of(
                        register("USDC-USD", with(reporter(), "decimals", "eight")),
                        ProposalAction.newBuilder()
                                .setKind(ProposalActionKind.APPOINT_ARBITER)
                                .setTarget("grp-arbiters")
                                .setArguments(Map.of("members", SIGNER))
                                .build(),
                        register("USDC-USD", reporter()),
                        register("DAI-USD", with(reporter(), "sourceId", "src-dai"))))
                .build();
        List<SpecificRecord> commands = ProposalActions.react(executed);
        assertThat(commands).hasSize(2);
        assertThat(((RegisterFeedSource) commands.get(0)).getFeedId()).isEqualTo("USDC-USD");
        assertThat(((RegisterFeedSource) commands.get(1)).getSourceId()).isEqualTo("src-dai");
        assertThat(((RegisterFeedSource) commands.get(0)).getMetadata().getCommandId())
                .isEqualTo(command(ProposalActionMapper.map(
                                executed.getMetadata(),
                                PROPOSAL,
                                2,
                                executed.getActions().get(2)))
                        .getMetadata()
                        .getCommandId());
        assertThat(ProposalActions.react(ProposalCreated.newBuilder()
                        .setMetadata(executed("evt-10"))
                        .setProposalId(PROPOSAL)
                        .setProposer(SIGNER)
                        .setTitle("t")
                        .setDescription("d")
                        .setChanges(List.of())
                        .setVotingStartsAt(EXECUTED_AT)
                        .setVotingEndsAt(EXECUTED_AT)
                        .setActions(List.of(register("USDC-USD", reporter())))
                        .setQuorumBps(1_500)
                        .setVoterWeightCapBps(500)
                        .setTimelockMs(0)
                        .setTotalWeight(BigDecimal.ONE)
                        .build()))
                .isEmpty();
    }
}
