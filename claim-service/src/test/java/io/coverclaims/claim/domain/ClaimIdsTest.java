package io.coverclaims.claim.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClaimIdsTest {

    static final String POLICY = "cov-11111111-2222-3333-4444-555555555555";

    @Test
    void a_claim_id_is_the_policys_uuid_and_the_claims_number_and_gives_the_policy_back() {
        String claim = ClaimIds.claimId(POLICY, 12);
        assertThat(claim)
                .isEqualTo("clm-11111111-2222-3333-4444-555555555555-12")
                .matches(ClaimIds.CLAIM_ID);
        assertThat(ClaimIds.policyIdOf(claim)).isEqualTo(POLICY);
        assertThat(ClaimIds.numberOf(claim)).isEqualTo(12);
        assertThat(ClaimIds.isClaimId("clm-11111111-2222-3333-4444-555555555555-0"))
                .isFalse();
        assertThatThrownBy(() -> ClaimIds.policyIdOf("pay-x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payouts_appeals_and_refunds_are_named_after_their_claim() {
        String claim = ClaimIds.claimId(POLICY, 1);
        assertThat(ClaimIds.payoutId(claim)).isEqualTo("pay-" + claim);
        assertThat(ClaimIds.appealId(claim)).isEqualTo("apl-" + claim);
        assertThat(ClaimIds.depositRefundId(claim)).isEqualTo(claim + "/deposit");
        assertThat(ClaimIds.bondRefundId(claim, "apl-" + claim)).isEqualTo(claim + "/apl-" + claim + "/bond");
    }

    @Test
    void incident_and_group_ids_follow_their_patterns() {
        assertThat(ClaimIds.isIncidentId("inc-aave-2026")).isTrue();
        assertThat(ClaimIds.isIncidentId("inc-Aave")).isFalse();
        assertThat(ClaimIds.isIncidentId("inc-" + "a".repeat(61))).isFalse();
        assertThat(ClaimIds.groupIdOf("PROTOCOL_EXPLOIT")).isEqualTo("grp-protocol-exploit");
        assertThat(ClaimIds.groupIdOf(ClaimIds.ARBITERS)).isEqualTo(ClaimIds.ARBITERS_GROUP_ID);
        assertThat(ClaimIds.CATEGORIES).allMatch(c -> ClaimIds.isGroupId(ClaimIds.groupIdOf(c)));
    }
}
