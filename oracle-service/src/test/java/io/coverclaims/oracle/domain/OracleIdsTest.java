package io.coverclaims.oracle.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The oracle context's ids: patterns and the incident id of a trigger's n-th firing. */
class OracleIdsTest {

    @Test
    void the_nth_firing_of_a_trigger_opens_the_incident_named_after_it() {
        assertThat(OracleIds.firingIncidentId("trg-usdc-depeg", 1)).isEqualTo("inc-usdc-depeg-1");
        assertThat(OracleIds.firingIncidentId("trg-usdc-depeg", 12)).isEqualTo("inc-usdc-depeg-12");
    }

    @Test
    void the_longest_trigger_id_still_makes_a_valid_incident_id() {
        String longest = "trg-" + "a".repeat(51);
        assertThat(OracleIds.isTriggerId(longest)).isTrue();
        assertThat(OracleIds.isTriggerId(longest + "a")).isFalse();
        assertThat(OracleIds.isIncidentId(OracleIds.firingIncidentId(longest, 99_999_999)))
                .isTrue();
    }

    @Test
    void no_incident_id_exists_for_a_firing_before_the_first_or_of_a_malformed_trigger() {
        assertThatThrownBy(() -> OracleIds.firingIncidentId("trg-usdc-depeg", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OracleIds.firingIncidentId("usdc-depeg", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void feed_and_source_ids_follow_their_patterns() {
        assertThat(OracleIds.isFeedId("USDC-USD")).isTrue();
        assertThat(OracleIds.isFeedId("incidents-ethereum")).isTrue();
        assertThat(OracleIds.isFeedId("eth_usd.v2")).isTrue();
        assertThat(OracleIds.isFeedId("-USDC")).isFalse();
        assertThat(OracleIds.isFeedId(null)).isFalse();
        assertThat(OracleIds.isSourceId("chainlink.usdc-usd")).isTrue();
        assertThat(OracleIds.isSourceId("Chainlink")).isFalse();
        assertThat(OracleIds.isProductId("prod-usdc-cover")).isTrue();
        assertThat(OracleIds.isIncidentId("inc-aave-v3-drain")).isTrue();
        assertThat(OracleIds.isIncidentId("inc-Aave")).isFalse();
    }
}
