package io.coverclaims.platform.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.governance.ParameterChanged;
import io.coverclaims.schemas.governance.ParameterInitialized;
import io.coverclaims.schemas.governance.ParameterValue;
import io.coverclaims.schemas.governance.PauseFlag;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GovernedParametersTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void a_governed_value_replaces_the_fallback_and_a_missing_one_leaves_it() {
        GovernedParameters parameters =
                GovernedParameters.NONE.with(GovernedParameter.ofLong("claim.depositUnits", 80, AT, "prop-1"));

        assertThat(parameters.longValue("claim.depositUnits", 50)).isEqualTo(80);
        assertThat(parameters.longValue("claim.appealBondBps", 100)).isEqualTo(100);
        assertThat(parameters.parameter("claim.depositUnits").orElseThrow().proposalId())
                .isEqualTo("prop-1");
    }

    @Test
    void the_latest_value_of_a_parameter_wins() {
        GovernedParameters parameters = GovernedParameters.NONE
                .with(GovernedParameter.ofLong("oracle.quorum", 2, AT, null))
                .with(GovernedParameter.ofLong("oracle.quorum", 3, AT.plusSeconds(60), "prop-2"));

        assertThat(parameters.longValue("oracle.quorum")).contains(3L);
        assertThat(parameters.all()).hasSize(1);
    }

    @Test
    void a_string_parameter_is_no_number() {
        GovernedParameters parameters =
                GovernedParameters.NONE.with(GovernedParameter.ofString("pool.curve", "linear", AT, null));

        assertThat(parameters.longValue("pool.curve")).isEmpty();
        assertThat(parameters.stringValue("pool.curve")).contains("linear");
    }

    @Test
    void a_parameter_holds_exactly_one_kind_of_value() {
        assertThatThrownBy(() -> new GovernedParameter("x", null, null, AT, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GovernedParameter("x", 1L, "1", AT, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void governance_events_set_and_clear_flags_and_set_parameters_in_the_store() {
        EventMetadata metadata = EventMetadata.newBuilder()
                .setEventId("e1")
                .setAggregateId("pause-flags")
                .setAggregateVersion(3)
                .setCausationId("c1")
                .setCorrelationId("c1")
                .setOccurredAt(AT)
                .setActor("0xaa")
                .build();
        PauseFlagChanged paused = PauseFlagChanged.newBuilder()
                .setMetadata(metadata)
                .setRequestId("req-1")
                .setFlag(PauseFlag.ORACLES)
                .setPaused(true)
                .setApprovers(List.of("0xaa", "0xbb"))
                .setScope("feed-eth-usd")
                .setBreaker(null)
                .build();
        List<GovernanceStore.Change> set = GovernanceStore.apply(paused);
        assertThat(set).singleElement().satisfies(change -> {
            assertThat(change.key())
                    .isEqualTo(GovernanceStore.pauseKey(PauseKey.of(Capability.PARAMETRIC_TRIGGERS, "feed-eth-usd")));
            assertThat(change.value()).isNotNull();
        });
        PauseFlagChanged lifted =
                PauseFlagChanged.newBuilder(paused).setPaused(false).build();
        assertThat(GovernanceStore.apply(lifted)).singleElement().satisfies(change -> {
            assertThat(change.key()).isEqualTo(set.getFirst().key());
            assertThat(change.value()).isNull();
        });
        PauseFlagChanged unknown =
                PauseFlagChanged.newBuilder(paused).setFlag(PauseFlag.UNKNOWN).build();
        assertThat(GovernanceStore.apply(unknown)).isEmpty();

        ParameterValue deposit = ParameterValue.newBuilder()
                .setName("claim.depositUnits")
                .setLongValue(75L)
                .setStringValue(null)
                .build();
        assertThat(GovernanceStore.apply(ParameterInitialized.newBuilder()
                        .setMetadata(metadata)
                        .setValue(deposit)
                        .setDescription("claim deposit")
                        .build()))
                .singleElement()
                .satisfies(change -> assertThat(change.key()).isEqualTo("param\u0000claim.depositUnits"));
        assertThat(GovernanceStore.apply(ParameterChanged.newBuilder()
                        .setMetadata(metadata)
                        .setProposalId("prop-1")
                        .setValue(deposit)
                        .setPrevious(null)
                        .setEffectiveAt(AT)
                        .build()))
                .hasSize(1);
    }
}
