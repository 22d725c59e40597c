package io.coverclaims.claim.domain.claim;

import static io.coverclaims.claim.domain.claim.ClaimFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.claim.ClaimCommand.MarkClaimPaid;
import io.coverclaims.claim.domain.claim.ClaimCommand.RecordPayoutDeclined;
import io.coverclaims.claim.domain.claim.ClaimCommand.ReleaseClaimPayout;
import io.coverclaims.claim.domain.claim.ClaimCommand.SettleClaim;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimAccepted;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPaid;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPayoutDeclined;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPayoutRequested;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimRefundDue;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimSettled;
import io.coverclaims.claim.domain.claim.ClaimEvent.PayoutRefused;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** From acceptance to payment: release, settlement, decline, redemption: one test per rule. */
class SettlementRulesTest {

    static final Instant AFTER = COOLDOWN_ENDS.plusMillis(HOUR);

    static ClaimAccepted accepted(String incidentId) {
        return new ClaimAccepted(
                CLAIM,
                POLICY,
                POOL,
                HOLDER,
                ClaimKind.DISCRETIONARY,
                CLAIMED,
                Money.of(800),
                Money.of(800),
                true,
                Money.of(2),
                ONE,
                DEPOSIT,
                incidentId,
                null);
    }

    static ClaimRefundDue depositRefund() {
        return new ClaimRefundDue(
                CLAIM, POLICY, POOL, CLAIM + "/deposit", RefundKind.CLAIM_DEPOSIT, HOLDER, ASSET, DEPOSIT);
    }

    static ClaimPayoutRequested requested(String incidentId, long ratio, long amount) {
        return new ClaimPayoutRequested(
                CLAIM, POLICY, POOL, PAYOUT, HOLDER, ASSET, Money.of(800), incidentId, ratio, Money.of(amount));
    }

    /** Accepted for 800, held for its incident. */
    static List<ClaimEvent> held() {
        List<ClaimEvent> history = history(acceptedByVote(), accepted(INCIDENT), depositRefund());
        history.set(0, submitted(d -> d.incidentId = INCIDENT));
        return history;
    }

    static List<ClaimEvent> payoutRequested() {
        return history(acceptedByVote(), accepted(null), depositRefund(), requested(null, 1_000_000, 800));
    }

    static ClaimSettled settled() {
        return new ClaimSettled(
                CLAIM, POLICY, POOL, PAYOUT, HOLDER, ASSET, Money.of(800), Money.of(800), 1_000_000, null, 1_000_000);
    }

    static ClaimPaid paidEvent() {
        return new ClaimPaid(CLAIM, POLICY, POOL, PAYOUT, "0xbatch", HOLDER, Money.of(800), "0xtx", 42);
    }

    /** The first claim, paid 800. */
    static List<ClaimEvent> paidHistory() {
        return history(payoutRequested(), settled(), paidEvent());
    }

    @Test
    void a_settled_claim_awaiting_its_redemption_does_not_block_the_policys_next_claim() {
        fixture()
                .given(history(payoutRequested(), settled()))
                .when(submit(d -> {
                    d.claimId = ClaimIds.claimId(POLICY, 2);
                    d.at = AFTER;
                }))
                .thenEventsSatisfy(
                        events -> assertThat(events.getFirst()).isInstanceOf(ClaimEvent.ClaimSubmitted.class));
    }

    @Test
    void a_released_incident_claim_asks_its_pool_for_its_ratio_of_the_payout_rounded_down() {
        fixture()
                .given(held())
                .when(new ReleaseClaimPayout(CLAIM, INCIDENT, 333_333, AFTER))
                .thenEvents(requested(INCIDENT, 333_333, 266)); // 800 x 0.333333 = 266.66
    }

    @Test
    void a_payout_released_again_is_nothing_to_do() {
        fixture()
                .given(history(held(), requested(INCIDENT, 500_000, 400)))
                .when(new ReleaseClaimPayout(CLAIM, INCIDENT, 500_000, AFTER))
                .thenNoEvents();
    }

    @Test
    void only_an_accepted_claim_of_the_incident_named_is_released() {
        fixture()
                .given(held())
                .when(new ReleaseClaimPayout(CLAIM, "inc-other", 500_000, AFTER))
                .thenRejected("INCIDENT_MISMATCH", "incidentId");
        List<ClaimEvent> assessingIncident = history(assessing());
        assessingIncident.set(0, submitted(d -> d.incidentId = INCIDENT));
        fixture()
                .given(assessingIncident)
                .when(new ReleaseClaimPayout(CLAIM, INCIDENT, 500_000, AFTER))
                .thenRejected("NOT_ACCEPTED", "claimId");
        fixture()
                .given(held())
                .when(new ReleaseClaimPayout(CLAIM, INCIDENT, 1_000_001, AFTER))
                .thenRejected("INVALID_RATIO", "ratioPpm");
    }

    @Test
    void the_pools_reservation_of_the_payout_requested_settles_the_claim() {
        fixture()
                .given(payoutRequested())
                .when(new SettleClaim(CLAIM, POOL, PAYOUT, Money.of(800), 1_000_000, AFTER))
                .thenEvents(settled())
                .thenState(state -> assertThat(((PolicyClaims) state).settled()).isEqualTo(Money.of(800)));
    }

    @Test
    void a_pro_rata_reservation_settles_the_claim_for_what_the_pool_reserved() {
        fixture()
                .given(payoutRequested())
                .when(new SettleClaim(CLAIM, POOL, PAYOUT, Money.of(600), 750_000, AFTER))
                .thenEvents(new ClaimSettled(
                        CLAIM,
                        POLICY,
                        POOL,
                        PAYOUT,
                        HOLDER,
                        ASSET,
                        Money.of(800),
                        Money.of(600),
                        750_000,
                        null,
                        1_000_000));
    }

    @Test
    void the_same_reservation_twice_is_nothing_to_do() {
        fixture()
                .given(history(payoutRequested(), settled()))
                .when(new SettleClaim(CLAIM, POOL, PAYOUT, Money.of(800), 1_000_000, AFTER))
                .thenNoEvents();
    }

    @Test
    void a_reservation_the_claim_did_not_ask_for_is_refused_so_the_pool_releases_it() {
        String unknown = ClaimIds.claimId(POLICY, 7);
        fixture()
                .given()
                .when(new SettleClaim(unknown, POOL, "pay-" + unknown, ONE, 1_000_000, AFTER))
                .thenEvents(new PayoutRefused(unknown, POOL, "pay-" + unknown, "CLAIM_NOT_FOUND"));
        fixture()
                .given(payoutRequested())
                .when(new SettleClaim(CLAIM, POOL, "pay-other", ONE, 1_000_000, AFTER))
                .thenEvents(new PayoutRefused(CLAIM, POOL, "pay-other", "PAYOUT_NOT_REQUESTED"));
        fixture()
                .given(held())
                .when(new SettleClaim(CLAIM, POOL, PAYOUT, ONE, 1_000_000, AFTER))
                .thenEvents(new PayoutRefused(CLAIM, POOL, PAYOUT, "PAYOUT_NOT_REQUESTED"));
        fixture()
                .given(payoutRequested())
                .when(new SettleClaim(CLAIM, POOL, PAYOUT, Money.of(801), 1_000_000, AFTER))
                .thenEvents(new PayoutRefused(CLAIM, POOL, PAYOUT, "RESERVED_MORE_THAN_REQUESTED"));
        fixture()
                .given(payoutRequested())
                .when(new SettleClaim(CLAIM, "pool-b", PAYOUT, ONE, 1_000_000, AFTER))
                .thenEvents(new PayoutRefused(CLAIM, "pool-b", PAYOUT, "WRONG_POOL"));
    }

    @Test
    void a_declined_payout_is_recorded_and_the_claim_stays_accepted_unpaid() {
        fixture()
                .given(payoutRequested())
                .when(new RecordPayoutDeclined(CLAIM, PAYOUT, "INSUFFICIENT_CAPITAL", AFTER))
                .thenEvents(new ClaimPayoutDeclined(CLAIM, POOL, PAYOUT, "INSUFFICIENT_CAPITAL"))
                .thenState(state -> assertThat(
                                ((PolicyClaims) state).claims().get(CLAIM).phase())
                        .isInstanceOf(ClaimPhase.PayoutDeclined.class));
        fixture()
                .given(payoutRequested())
                .when(new RecordPayoutDeclined(CLAIM, "pay-other", "INSUFFICIENT_CAPITAL", AFTER))
                .thenNoEvents();
    }

    @Test
    void a_settled_claim_is_paid_once_redeemed_on_chain() {
        MarkClaimPaid redeemed = new MarkClaimPaid(CLAIM, "0xbatch", HOLDER, Money.of(800), "0xtx", 42, AFTER);
        fixture().given(history(payoutRequested(), settled())).when(redeemed).thenEvents(paidEvent());
        fixture().given(paidHistory()).when(redeemed).thenNoEvents();
        fixture().given(payoutRequested()).when(redeemed).thenRejected("NOT_SETTLED", "claimId");
    }

    @Test
    void a_paid_claim_frees_the_policy_for_its_next_claim_on_the_cover_left() {
        fixture()
                .given(paidHistory())
                .when(submit(d -> {
                    d.claimId = ClaimIds.claimId(POLICY, 2);
                    d.at = APPEAL_DEADLINE;
                }))
                .thenEventsSatisfy(events -> assertThat(((ClaimEvent.ClaimSubmitted) events.getFirst()).coverAmount())
                        .isEqualTo(Money.of(9_200)));
    }
}
