package io.coverclaims.claim.domain.claim;

import static io.coverclaims.claim.domain.claim.ClaimFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.claim.domain.claim.ClaimCommand.AppealClaim;
import io.coverclaims.claim.domain.claim.ClaimCommand.CloseAppealWindow;
import io.coverclaims.claim.domain.claim.ClaimCommand.DecideAppeal;
import io.coverclaims.claim.domain.claim.ClaimCommand.RecordAppealBond;
import io.coverclaims.claim.domain.claim.ClaimEvent.AppealBondReceived;
import io.coverclaims.claim.domain.claim.ClaimEvent.AppealDecided;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimAccepted;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimAppealed;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimClosed;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimDenied;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPayoutRequested;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimRefundDue;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Appeals: filing, the bond, the arbiter's decision, the window: one test per rule. */
class AppealRulesTest {

    static final Instant DURING = COOLDOWN_ENDS.plusMillis(DAY);

    static ClaimDenied denial() {
        return new ClaimDenied(
                CLAIM,
                POLICY,
                HOLDER,
                AssessmentOutcome.DENIED,
                ONE,
                Money.of(2),
                Money.ZERO,
                7 * DAY,
                APPEAL_DEADLINE,
                BOND_FLOOR);
    }

    static List<ClaimEvent> denied() {
        return history(deniedByVote(), denial());
    }

    static AppealClaim appeal(Instant at) {
        return new AppealClaim(
                CLAIM, APPEAL, HOLDER, BOND_FLOOR, "the exploit is on-chain", null, List.of(A1, ARB1, ARB2), at);
    }

    static ClaimAppealed appealed() {
        return new ClaimAppealed(
                CLAIM, APPEAL, HOLDER, BOND_FLOOR, "the exploit is on-chain", null, List.of(ARB1, ARB2));
    }

    static AppealBondReceived bondReceived(long amount, long total, String txHash) {
        return new AppealBondReceived(CLAIM, APPEAL, HOLDER, Money.of(amount), Money.of(total), BOND_FLOOR, txHash, 0);
    }

    static List<ClaimEvent> underAppeal() {
        return history(denied(), appealed(), bondReceived(25, 25, "0xb1"));
    }

    static DecideAppeal decide(String arbiter, boolean upheld, Long loss) {
        return new DecideAppeal(CLAIM, APPEAL, arbiter, upheld, loss == null ? null : Money.of(loss), "why", DURING);
    }

    @Test
    void the_claimant_appeals_a_denial_with_the_bond_before_the_deadline_to_arbiters_who_did_not_assess_it() {
        fixture().given(denied()).when(appeal(APPEAL_DEADLINE)).thenEvents(appealed());
    }

    @Test
    void an_appeal_after_the_deadline_is_rejected() {
        fixture()
                .given(denied())
                .when(appeal(APPEAL_DEADLINE.plusMillis(1)))
                .thenRejected("APPEAL_WINDOW_CLOSED", "claimId");
    }

    @Test
    void only_the_claimant_appeals() {
        fixture()
                .given(denied())
                .when(new AppealClaim(CLAIM, APPEAL, OTHER, BOND_FLOOR, "g", null, List.of(ARB1), DURING))
                .thenRejected("NOT_CLAIMANT", "appellant");
    }

    @Test
    void an_appeal_posts_exactly_the_recorded_bond() {
        fixture()
                .given(denied())
                .when(new AppealClaim(CLAIM, APPEAL, HOLDER, Money.of(24), "g", null, List.of(ARB1), DURING))
                .thenRejected("INVALID_BOND", "bondAmount");
    }

    @Test
    void an_appeal_with_no_arbiter_but_the_claims_assessors_is_rejected() {
        fixture()
                .given(denied())
                .when(new AppealClaim(CLAIM, APPEAL, HOLDER, BOND_FLOOR, "g", null, List.of(A1, A2), DURING))
                .thenRejected("NO_ARBITER", "arbiters");
    }

    @Test
    void a_claim_has_one_appeal_with_the_id_derived_from_it() {
        fixture()
                .given(denied())
                .when(new AppealClaim(CLAIM, "apl-other", HOLDER, BOND_FLOOR, "g", null, List.of(ARB1), DURING))
                .thenRejected("APPEAL_ID_MISMATCH", "appealId");
        fixture().given(history(denied(), appealed())).when(appeal(DURING)).thenRejected("ALREADY_APPEALED", "claimId");
    }

    @Test
    void only_a_denied_claim_is_appealed() {
        fixture().given(assessing()).when(appeal(OPENED_AT)).thenRejected("NOT_DENIED", "claimId");
    }

    @Test
    void the_appeal_goes_before_an_arbiter_once_its_bond_is_paid() {
        fixture()
                .given(history(denied(), appealed()))
                .when(new RecordAppealBond(CLAIM, HOLDER, Money.of(10), "0xb1", 0, DURING))
                .thenEvents(bondReceived(10, 10, "0xb1"))
                .thenState(state -> assertThat(
                                ((PolicyClaims) state).claims().get(CLAIM).phase())
                        .isInstanceOf(ClaimPhase.Appealed.class));
        fixture()
                .given(history(denied(), appealed(), bondReceived(10, 10, "0xb1")))
                .when(new RecordAppealBond(CLAIM, HOLDER, Money.of(15), "0xb2", 0, DURING))
                .thenEvents(bondReceived(15, 25, "0xb2"))
                .thenState(state -> assertThat(
                                ((PolicyClaims) state).claims().get(CLAIM).phase())
                        .isInstanceOf(ClaimPhase.UnderAppeal.class));
    }

    @Test
    void a_bond_paid_when_none_is_awaited_is_recorded_and_refunded_at_once() {
        fixture()
                .given(underAppeal())
                .when(new RecordAppealBond(CLAIM, OTHER, Money.of(5), "0xb9", 2, DURING))
                .thenEvents(
                        new AppealBondReceived(CLAIM, APPEAL, OTHER, Money.of(5), BOND_FLOOR, BOND_FLOOR, "0xb9", 2),
                        new ClaimRefundDue(
                                CLAIM,
                                POLICY,
                                POOL,
                                CLAIM + "/" + APPEAL + "/bond/0xb9:2",
                                RefundKind.APPEAL_BOND,
                                OTHER,
                                ASSET,
                                Money.of(5)));
        fixture()
                .given(underAppeal())
                .when(new RecordAppealBond(CLAIM, HOLDER, Money.of(25), "0xb1", 0, DURING))
                .thenNoEvents();
    }

    @Test
    void an_arbiter_decides_only_once_the_bond_is_paid() {
        fixture()
                .given(history(denied(), appealed()))
                .when(decide(ARB1, true, null))
                .thenRejected("APPEAL_NOT_READY", "appealId");
        fixture().given(denied()).when(decide(ARB1, true, null)).thenRejected("NO_APPEAL", "appealId");
    }

    @Test
    void only_an_arbiter_of_the_appeal_who_did_not_assess_the_claim_decides() {
        fixture().given(underAppeal()).when(decide(A1, true, null)).thenRejected("NOT_AN_ARBITER", "arbiter");
        fixture().given(underAppeal()).when(decide(OTHER, true, null)).thenRejected("NOT_AN_ARBITER", "arbiter");
    }

    @Test
    void an_upheld_appeal_refunds_deposit_and_bond_and_accepts_the_claim_for_the_arbiters_loss() {
        fixture()
                .given(underAppeal())
                .when(decide(ARB2, true, 600L))
                .thenEvents(
                        new AppealDecided(CLAIM, APPEAL, ARB2, true, Money.of(600), "why", BOND_FLOOR),
                        new ClaimAccepted(
                                CLAIM,
                                POLICY,
                                POOL,
                                HOLDER,
                                ClaimKind.DISCRETIONARY,
                                CLAIMED,
                                Money.of(600),
                                Money.of(600),
                                true,
                                ONE,
                                Money.of(2),
                                DEPOSIT,
                                null,
                                APPEAL),
                        new ClaimRefundDue(
                                CLAIM,
                                POLICY,
                                POOL,
                                CLAIM + "/deposit",
                                RefundKind.CLAIM_DEPOSIT,
                                HOLDER,
                                ASSET,
                                DEPOSIT),
                        new ClaimRefundDue(
                                CLAIM,
                                POLICY,
                                POOL,
                                CLAIM + "/" + APPEAL + "/bond",
                                RefundKind.APPEAL_BOND,
                                HOLDER,
                                ASSET,
                                BOND_FLOOR),
                        new ClaimPayoutRequested(
                                CLAIM,
                                POLICY,
                                POOL,
                                PAYOUT,
                                HOLDER,
                                ASSET,
                                Money.of(600),
                                null,
                                1_000_000,
                                Money.of(600)));
    }

    @Test
    void an_upheld_appeal_without_a_loss_accepts_the_claimed_amount_and_a_loss_beyond_it_is_rejected() {
        fixture()
                .given(underAppeal())
                .when(decide(ARB1, true, null))
                .thenEventsSatisfy(events -> assertThat(((ClaimAccepted) events.get(1)).payoutAmount())
                        .isEqualTo(CLAIMED));
        fixture()
                .given(underAppeal())
                .when(decide(ARB1, true, 1_001L))
                .thenRejected("INVALID_ASSESSED_LOSS", "assessedLoss");
    }

    @Test
    void a_rejected_appeal_keeps_the_bond_and_closes_the_claim() {
        fixture()
                .given(underAppeal())
                .when(decide(ARB1, false, null))
                .thenEvents(
                        new AppealDecided(CLAIM, APPEAL, ARB1, false, null, "why", Money.ZERO),
                        new ClaimClosed(CLAIM, POLICY, ClaimClosure.APPEAL_REJECTED, null))
                .thenState(
                        state -> assertThat(((PolicyClaims) state).openClaim()).isEmpty());
    }

    @Test
    void the_appeal_window_passing_without_an_appeal_closes_the_claim() {
        fixture()
                .given(denied())
                .when(new CloseAppealWindow(CLAIM, APPEAL_DEADLINE))
                .thenEvents(new ClaimClosed(CLAIM, POLICY, ClaimClosure.APPEAL_WINDOW_PASSED, null));
        fixture()
                .given(denied())
                .when(new CloseAppealWindow(CLAIM, APPEAL_DEADLINE.minusMillis(1)))
                .thenNoEvents();
        fixture()
                .given(history(denied(), appealed()))
                .when(new CloseAppealWindow(CLAIM, APPEAL_DEADLINE))
                .thenNoEvents();
    }
}
