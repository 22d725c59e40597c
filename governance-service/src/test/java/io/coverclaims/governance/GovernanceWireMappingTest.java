package io.coverclaims.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.testing.WireRoundTrip;
import org.junit.jupiter.api.Test;

class GovernanceWireMappingTest {

    @Test
    void every_parameter_command_and_event_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(GovernanceContext.PARAMETER)).isEqualTo(4);
    }

    @Test
    void every_proposal_command_and_event_survives_its_wire_record_including_action_arguments() {
        assertThat(WireRoundTrip.assertRoundTrips(GovernanceContext.PROPOSAL)).isEqualTo(11);
    }

    @Test
    void every_pause_command_and_event_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(GovernanceContext.PAUSE_FLAGS))
                .isEqualTo(11);
    }

    @Test
    void every_catalogue_default_is_a_value_of_its_parameter() {
        var catalogue = GovernanceCatalogue.get();
        assertThat(catalogue.specs()).isNotEmpty();
        catalogue
                .specs()
                .forEach(spec -> assertThat(spec.check(spec.defaultParameterValue()))
                        .as(spec.name())
                        .isEmpty());
    }
}
