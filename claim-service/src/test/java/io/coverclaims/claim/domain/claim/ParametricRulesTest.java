package io.coverclaims.claim.domain.claim;

import static io.coverclaims.claim.domain.claim.ClaimFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.claim.ClaimCommand.OpenParametricClaim;
import io.coverclaims.claim.domain.claim.ClaimCommand.ReleaseClaimPayout;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimAccepted;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPayoutRequested;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimSettled;
import io.coverclaims.claim.domain.claim.ClaimEvent.ParametricClaimOpened;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Claims opened and accepted by an oracle trigger, with no claim filed: one test per rule. */
class ParametricRulesTest {

    static final String TRIGGER = "trg-usdc-depeg";
    static final String DEPEG = "inc-usdc-depeg-1";
    static final Instant FIRED = T0;
    /** Depeg price 0.97: 1e6 - 97_000_000 / 100 = 30_000 ppm = 3 % of cover. */
    static final int PPM = 30_000;

    static OpenParametricClaim open(Money coverLeft, Instant firedAt, String status, int ppm) {
        return new OpenParametricClaim(
                "",
                POLICY,
                TRIGGER,
                DEPEG,
                firedAt,
                PRODUCT,
                POOL,
                HOLDER,
                ASSET,
                COVER,
                coverLeft,
                status,
                COVER_START,
                COVER_END,
                ppm,
                97_000_000L,
                "DEPEG",
                firedAt);
    }

    static OpenParametricClaim open() {
        return open(COVER, FIRED, "ACTIVE", PPM);
    }

    static ParametricClaimOpened opened(String claimId, Money payout) {
        return new ParametricClaimOpened(
                claimId,
                POLICY,
                PRODUCT,
                POOL,
                HOLDER,
                ASSET,
                TRIGGER,
                DEPEG,
                FIRED,
                COVER,
                payout,
                PPM,
                97_000_000L,
                "DEPEG");
    }

    static ClaimAccepted accepted(String claimId, Money payout) {
        return new ClaimAccepted(
                claimId,
                POLICY,
                POOL,
                HOLDER,
                ClaimKind.PARAMETRIC,
                payout,
                payout,
                payout,
                false,
                Money.ZERO,
                Money.ZERO,
                Money.ZERO,
                DEPEG,
                null);
    }

    @Test
    void a_fired_trigger_opens_and_accepts_the_claim_at_cover_times_the_payout_share() {
        Money payout = Money.of(300); // 10 000 x 30 000 / 1e6
        fixture()
                .given()
                .when(open())
                .thenEvents(opened(CLAIM, payout), accepted(CLAIM, payout))
                .thenState(state -> assertThat(
                                ((PolicyClaims) state).claims().get(CLAIM).phase())
                        .isInstanceOf(ClaimPhase.Accepted.class));
    }

    @Test
    void the_payout_is_rounded_down_in_the_pools_favour() {
        // 10 000 x 33 333 / 1e6 = 333.33 -> 333
        fixture()
                .given()
                .when(open(COVER, FIRED, "ACTIVE", 33_333))
                .thenEventsSatisfy(events -> assertThat(((ParametricClaimOpened) events.getFirst()).payoutAmount())
                        .isEqualTo(Money.of(333)));
    }

    @Test
    void the_payout_never_exceeds_the_cover_left() {
        fixture()
                .given()
                .when(open(Money.of(100), FIRED, "ACTIVE", PPM))
                .thenEventsSatisfy(events -> assertThat(((ClaimAccepted) events.get(1)).payoutAmount())
                        .isEqualTo(Money.of(100)));
    }

    @Test
    void the_same_triggers_claim_is_opened_once() {
        Money payout = Money.of(300);
        fixture()
                .given(opened(CLAIM, payout), accepted(CLAIM, payout))
                .when(open())
                .thenNoEvents();
    }

    @Test
    void a_policy_whose_cover_did_not_run_when_the_trigger_fired_gets_no_claim() {
        fixture()
                .given()
                .when(open(COVER, COVER_START.minusMillis(1), "ACTIVE", PPM))
                .thenRejected("INCIDENT_OUTSIDE_COVER", "firedAt");
        fixture()
                .given()
                .when(open(COVER, COVER_END, "EXPIRED", PPM))
                .thenRejected("INCIDENT_OUTSIDE_COVER", "firedAt");
        fixture().given().when(open(COVER, FIRED, "REQUESTED", PPM)).thenRejected("POLICY_NOT_ACTIVE", "policyId");
    }

    @Test
    void a_payout_share_outside_one_ppm_to_one_hundred_percent_is_rejected() {
        fixture().given().when(open(COVER, FIRED, "ACTIVE", 0)).thenRejected("INVALID_PAYOUT_RULE", "payoutPpm");
        fixture()
                .given()
                .when(open(COVER, FIRED, "ACTIVE", 1_000_001))
                .thenRejected("INVALID_PAYOUT_RULE", "payoutPpm");
    }

    @Test
    void a_payout_that_rounds_to_nothing_opens_no_claim() {
        fixture()
                .given()
                .when(new OpenParametricClaim(
                        "",
                        POLICY,
                        TRIGGER,
                        DEPEG,
                        FIRED,
                        PRODUCT,
                        POOL,
                        HOLDER,
                        ASSET,
                        Money.of(10),
                        Money.of(10),
                        "ACTIVE",
                        COVER_START,
                        COVER_END,
                        1,
                        0,
                        "EXPLOIT",
                        FIRED))
                .thenRejected("NO_COVER_LEFT", "policyId");
    }

    @Test
    void a_parametric_claim_is_numbered_after_the_policys_earlier_claims_and_opens_beside_an_open_one() {
        String second = ClaimIds.claimId(POLICY, 2);
        fixture().given(submitted()).when(open()).thenEventsSatisfy(events -> {
            assertThat(((ParametricClaimOpened) events.getFirst()).claimId()).isEqualTo(second);
            // the discretionary claim holds none of the cover until accepted: the whole share is paid
            assertThat(((ClaimAccepted) events.get(1)).payoutAmount()).isEqualTo(Money.of(300));
        });
    }

    @Test
    void a_claim_id_other_than_the_next_is_rejected() {
        OpenParametricClaim c = open();
        fixture()
                .given()
                .when(new OpenParametricClaim(
                        ClaimIds.claimId(POLICY, 7),
                        c.policyId(),
                        c.triggerId(),
                        c.incidentId(),
                        c.firedAt(),
                        c.productId(),
                        c.poolId(),
                        c.claimant(),
                        c.asset(),
                        c.coverAmount(),
                        c.coverLeft(),
                        c.policyStatus(),
                        c.coverStartAt(),
                        c.coverEndAt(),
                        c.payoutPpm(),
                        c.depegPriceE8(),
                        c.triggerKind(),
                        c.at()))
                .thenRejected("CLAIM_ID_MISMATCH", "claimId");
    }

    @Test
    void an_open_parametric_claim_blocks_a_discretionary_submission() {
        Money payout = Money.of(300);
        fixture()
                .given(opened(CLAIM, payout), accepted(CLAIM, payout))
                .when(submit(d -> d.claimId = ClaimIds.claimId(POLICY, 2)))
                .thenRejected("OPEN_CLAIM_EXISTS", "policyId");
    }

    @Test
    void the_incident_releases_a_parametric_claim_through_the_same_payout_request() {
        Money payout = Money.of(300);
        fixture()
                .given(opened(CLAIM, payout), accepted(CLAIM, payout))
                .when(new ReleaseClaimPayout(CLAIM, DEPEG, 500_000, FIRED))
                .thenEventsSatisfy(events -> {
                    ClaimPayoutRequested requested = (ClaimPayoutRequested) events.getFirst();
                    assertThat(requested.payoutAmount()).isEqualTo(payout);
                    assertThat(requested.amount()).isEqualTo(Money.of(150));
                    assertThat(requested.incidentId()).isEqualTo(DEPEG);
                });
    }

    @Test
    void a_settled_parametric_payout_reduces_the_cover_left_for_a_later_claim() {
        Money payout = Money.of(300);
        List<ClaimEvent> history = List.of(
                opened(CLAIM, payout),
                accepted(CLAIM, payout),
                new ClaimPayoutRequested(CLAIM, POLICY, POOL, PAYOUT, HOLDER, ASSET, payout, DEPEG, 1_000_000, payout),
                new ClaimSettled(
                        CLAIM, POLICY, POOL, PAYOUT, HOLDER, ASSET, payout, payout, 1_000_000, DEPEG, 1_000_000));
        fixture()
                .given(history)
                .when(submit(d -> {
                    d.claimId = ClaimIds.claimId(POLICY, 2);
                    d.claimedAmount = COVER;
                }))
                .thenRejected("COVER_EXCEEDED", "claimedAmount");
    }
}
