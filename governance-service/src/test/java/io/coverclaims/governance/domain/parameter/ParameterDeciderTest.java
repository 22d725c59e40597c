package io.coverclaims.governance.domain.parameter;

import io.coverclaims.governance.domain.parameter.ParameterCommand.ApplyParameterChange;
import io.coverclaims.governance.domain.parameter.ParameterCommand.InitializeParameter;
import io.coverclaims.governance.domain.parameter.ParameterEvent.ParameterChanged;
import io.coverclaims.governance.domain.parameter.ParameterEvent.ParameterInitialized;
import io.coverclaims.platform.testing.DeciderFixture;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ParameterDeciderTest {

    static final String NAME = "claim.depositUnits";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static DeciderFixture<ParameterCommand, ParameterEvent, ParameterState> fixture() {
        return DeciderFixture.of(ParameterDecider.DECIDER);
    }

    @Test
    void genesis_gives_a_parameter_its_first_value_once() {
        InitializeParameter genesis = new InitializeParameter(NAME, ParameterValue.ofLong(NAME, 50), "deposit", T0);
        fixture()
                .given()
                .when(genesis)
                .thenEvents(new ParameterInitialized(ParameterValue.ofLong(NAME, 50), "deposit"));
        fixture()
                .given(new ParameterInitialized(ParameterValue.ofLong(NAME, 50), "deposit"))
                .when(genesis)
                .thenRejected("ALREADY_INITIALIZED", "value");
    }

    @Test
    void a_change_records_the_value_before_it_the_proposal_and_takes_effect_at_its_time() {
        fixture()
                .given(new ParameterInitialized(ParameterValue.ofLong(NAME, 50), "deposit"))
                .when(new ApplyParameterChange(NAME, "prop-1", ParameterValue.ofLong(NAME, 75), T0))
                .thenEvents(new ParameterChanged(
                        "prop-1", ParameterValue.ofLong(NAME, 75), ParameterValue.ofLong(NAME, 50), T0));
    }

    @Test
    void a_value_for_another_parameter_is_refused() {
        fixture()
                .given()
                .when(new ApplyParameterChange(NAME, "prop-1", ParameterValue.ofLong("claim.other", 75), T0))
                .thenRejected("WRONG_PARAMETER", "value.name");
    }

    @Test
    void a_value_with_both_or_neither_kind_is_refused() {
        fixture()
                .given()
                .when(new InitializeParameter(NAME, new ParameterValue(NAME, 1L, "1"), "", T0))
                .thenRejected("INVALID_VALUE", "value");
    }

    @Test
    void a_parameter_changes_only_by_a_proposal() {
        fixture()
                .given(new ParameterInitialized(ParameterValue.ofLong(NAME, 50), "deposit"))
                .when(new ApplyParameterChange(NAME, "", ParameterValue.ofLong(NAME, 75), T0))
                .thenRejected("PROPOSAL_REQUIRED", "proposalId");
    }
}
