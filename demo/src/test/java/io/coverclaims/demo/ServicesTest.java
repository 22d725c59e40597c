package io.coverclaims.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicesTest {

    @Test
    void the_governance_genesis_gives_claim_service_the_demo_values_of_its_claim_parameters_in_the_catalogues_units() {
        assertThat(Services.GOVERNANCE_GENESIS)
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry("governance.votingPeriodMs", "20000"),
                        Map.entry("governance.timelockMs", "5000"),
                        Map.entry("governance.pauseRequestTtlMs", "600000"),
                        Map.entry("claim.minVotingMs", "10000"),
                        Map.entry("claim.cooldownMs", "3000"),
                        Map.entry("claim.appealWindowMs", "20000"),
                        Map.entry("claim.incidentClaimWindowMs", "25000"),
                        Map.entry("claim.parametricIncidentWindowMs", "10000"),
                        Map.entry("claim.depositUnits", "5"),
                        Map.entry("claim.appealBondFloorUnits", "10"),
                        Map.entry("governance.breaker.payoutSharePpm", "1000000")));
    }

    @Test
    void a_configured_duration_is_the_governed_parameter_in_milliseconds_and_a_count_stays_as_it_is() {
        assertThat(Services.governed("coverclaims.claim.incident-claim-window", "PT25S"))
                .isEqualTo(Map.entry("claim.incidentClaimWindowMs", "25000"));
        assertThat(Services.governed("coverclaims.claim.deposit-units", "5"))
                .isEqualTo(Map.entry("claim.depositUnits", "5"));
    }
}
