package io.coverclaims.claim.domain.claim;

import static io.coverclaims.claim.domain.claim.ClaimFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.claim.ClaimCommand.RecordClaimDeposit;
import io.coverclaims.claim.domain.claim.ClaimCommand.WithdrawClaim;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimClosed;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimRefundDue;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimWithdrawn;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Submitting a claim, paying its deposit, withdrawing it: one test per rule. */
class SubmissionRulesTest {

    @Test
    void a_claim_by_the_policyholder_within_cover_is_submitted_awaiting_its_deposit() {
        fixture()
                .given()
                .when(submit())
                .thenEvents(submitted())
                .thenState(state -> assertThat(
                                ((PolicyClaims) state).claims().get(CLAIM).phase())
                        .isInstanceOf(ClaimPhase.AwaitingDeposit.class));
    }

    @Test
    void a_claim_by_anyone_but_the_policyholder_is_rejected() {
        fixture().given().when(submit(d -> d.claimant = OTHER)).thenRejected("NOT_POLICYHOLDER", "claimant");
    }

    @Test
    void a_claim_on_a_policy_neither_active_expired_nor_cancelled_is_rejected() {
        fixture().given().when(submit(d -> d.policyStatus = "REQUESTED")).thenRejected("POLICY_NOT_ACTIVE", "policyId");
        fixture()
                .given()
                .when(submit(d -> d.policyStatus = "EXPIRED"))
                .thenEvents(submitted(d -> d.policyStatus = "EXPIRED"));
        fixture().given().when(submit(d -> d.policyStatus = "CANCELLED")).thenEvents(submitted());
    }

    @Test
    void an_incident_before_the_cover_starts_or_from_its_end_is_outside_cover() {
        fixture()
                .given()
                .when(submit(d -> d.incidentAt = COVER_START.minusMillis(1)))
                .thenRejected("INCIDENT_OUTSIDE_COVER", "incidentAt");
        fixture()
                .given()
                .when(submit(d -> {
                    d.incidentAt = COVER_END;
                    d.at = COVER_END.plusMillis(DAY);
                }))
                .thenRejected("INCIDENT_OUTSIDE_COVER", "incidentAt");
        fixture()
                .given()
                .when(submit(d -> d.incidentAt = COVER_START))
                .thenEvents(submitted(d -> d.incidentAt = COVER_START));
    }

    @Test
    void an_incident_in_the_future_is_rejected() {
        fixture()
                .given()
                .when(submit(d -> d.incidentAt = T0.plusMillis(1)))
                .thenRejected("INCIDENT_IN_FUTURE", "incidentAt");
    }

    @Test
    void a_claim_is_filed_at_the_latest_a_grace_period_after_cover_ends() {
        Instant last = COVER_END.plusMillis(RULES.gracePeriodMs());
        fixture().given().when(submit(d -> d.at = last.plusMillis(1))).thenRejected("CLAIM_PERIOD_ENDED", "policyId");
        fixture().given().when(submit(d -> d.at = last)).thenEvents(submitted(d -> d.at = last));
    }

    @Test
    void a_claim_of_nothing_is_rejected() {
        fixture()
                .given()
                .when(submit(d -> d.claimedAmount = Money.ZERO))
                .thenRejected("INVALID_AMOUNT", "claimedAmount");
    }

    @Test
    void a_claim_beyond_the_cover_left_is_rejected() {
        fixture()
                .given()
                .when(submit(d -> d.claimedAmount = COVER.plus(ONE)))
                .thenRejected("COVER_EXCEEDED", "claimedAmount");
        fixture()
                .given()
                .when(submit(d -> d.claimedAmount = COVER))
                .thenEvents(submitted(d -> d.claimedAmount = COVER));
    }

    @Test
    void the_aggregates_own_book_limits_the_cover_when_the_snapshot_lags_behind() {
        String second = ClaimIds.claimId(POLICY, 2);
        // the first claim was paid 800; the snapshot still says 10 000 are left
        List<ClaimEvent> paid = SettlementRulesTest.paidHistory();
        fixture()
                .given(paid)
                .when(submit(d -> {
                    d.claimId = second;
                    d.claimedAmount = Money.of(9_201);
                    d.at = APPEAL_DEADLINE;
                }))
                .thenRejected("COVER_EXCEEDED", "claimedAmount");
        fixture()
                .given(paid)
                .when(submit(d -> {
                    d.claimId = second;
                    d.claimedAmount = Money.of(9_200);
                    d.at = APPEAL_DEADLINE;
                }))
                .thenEventsSatisfy(events -> assertThat(((ClaimEvent.ClaimSubmitted) events.getFirst()).coverAmount())
                        .isEqualTo(Money.of(9_200)));
    }

    @Test
    void a_second_claim_while_one_is_open_is_rejected() {
        fixture()
                .given(submitted())
                .when(submit(d -> d.claimId = ClaimIds.claimId(POLICY, 2)))
                .thenRejected("OPEN_CLAIM_EXISTS", "policyId");
    }

    @Test
    void a_claim_must_have_the_next_id_of_the_policy() {
        fixture()
                .given()
                .when(submit(d -> d.claimId = ClaimIds.claimId(POLICY, 2)))
                .thenRejected("CLAIM_ID_MISMATCH", "claimId");
        fixture()
                .given()
                .when(submit(d -> d.policyId = "cov-not-a-uuid"))
                .thenRejected("INVALID_POLICY_ID", "policyId");
    }

    @Test
    void a_claim_with_no_assessor_appointed_is_rejected() {
        fixture().given().when(submit(d -> d.assessors = List.of())).thenRejected("NO_ASSESSORS", "productCategory");
    }

    @Test
    void negative_claim_parameters_are_rejected() {
        fixture()
                .given()
                .when(submit(d -> d.rules = new ClaimRules(-1, 1, 1, 1, 1, 1, 1, Money.ZERO)))
                .thenRejected("INVALID_RULES", "rules");
    }

    @Test
    void a_claim_naming_an_incident_is_filed_within_the_incidents_claim_window() {
        fixture()
                .given()
                .when(submit(d -> {
                    d.incidentId = INCIDENT;
                    d.incidentClaimWindowEndsAt = T0.minusMillis(1);
                }))
                .thenRejected("INCIDENT_WINDOW_CLOSED", "incidentId");
        fixture()
                .given()
                .when(submit(d -> {
                    d.incidentId = INCIDENT;
                    d.incidentClaimWindowEndsAt = T0;
                }))
                .thenEvents(submitted(d -> d.incidentId = INCIDENT));
    }

    @Test
    void a_claim_requiring_no_deposit_opens_voting_at_once() {
        fixture()
                .given()
                .when(submit(d -> d.depositAmount = Money.ZERO))
                .thenEvents(submitted(d -> d.depositAmount = Money.ZERO), opened(CLAIM, T0, Money.ZERO));
    }

    // ------------------------------------------------------------------ deposit

    static RecordClaimDeposit deposit(long amount, String txHash, Instant at) {
        return new RecordClaimDeposit(CLAIM, HOLDER, Money.of(amount), txHash, 0, at);
    }

    @Test
    void a_partial_deposit_is_recorded_and_voting_waits_for_the_rest() {
        fixture()
                .given(submitted())
                .when(deposit(20, "0xd1", OPENED_AT))
                .thenEvents(depositReceived(CLAIM, 20, 20, "0xd1"));
    }

    @Test
    void the_deposit_completed_opens_voting_for_the_minimum_voting_period() {
        fixture()
                .given(submitted(), depositReceived(CLAIM, 20, 20, "0xd1"))
                .when(deposit(30, "0xd2", OPENED_AT))
                .thenEvents(depositReceived(CLAIM, 30, 50, "0xd2"), opened(CLAIM, OPENED_AT, DEPOSIT))
                .thenState(state -> assertThat(
                                ((PolicyClaims) state).claims().get(CLAIM).phase())
                        .isEqualTo(new ClaimPhase.Assessing(VOTING_ENDS, VOTING_ENDS, List.of())));
    }

    @Test
    void the_same_payment_recorded_twice_is_nothing_to_do() {
        fixture()
                .given(submitted(), depositReceived(CLAIM, 20, 20, "0xd1"))
                .when(deposit(20, "0xD1", OPENED_AT))
                .thenNoEvents();
    }

    @Test
    void a_deposit_paid_when_none_is_awaited_is_recorded_and_refunded_at_once() {
        fixture()
                .given(assessing())
                .when(new RecordClaimDeposit(CLAIM, OTHER, Money.of(7), "0xd9", 3, OPENED_AT))
                .thenEvents(
                        new ClaimEvent.ClaimDepositReceived(CLAIM, OTHER, Money.of(7), DEPOSIT, DEPOSIT, "0xd9", 3),
                        new ClaimRefundDue(
                                CLAIM,
                                POLICY,
                                POOL,
                                CLAIM + "/deposit/0xd9:3",
                                RefundKind.CLAIM_DEPOSIT,
                                OTHER,
                                ASSET,
                                Money.of(7)))
                .thenState(state -> assertThat(
                                ((PolicyClaims) state).claims().get(CLAIM).depositHeld())
                        .isEqualTo(DEPOSIT));
    }

    @Test
    void a_payment_for_an_unknown_claim_is_rejected() {
        fixture()
                .given(submitted())
                .when(new RecordClaimDeposit(ClaimIds.claimId(POLICY, 2), HOLDER, ONE, "0x1", 0, T0))
                .thenRejected("CLAIM_NOT_FOUND", "claimId");
    }

    // ------------------------------------------------------------------ withdrawal

    @Test
    void the_claimant_withdraws_a_claim_awaiting_its_deposit() {
        fixture()
                .given(submitted(d -> d.incidentId = INCIDENT))
                .when(new WithdrawClaim(CLAIM, "resolved", HOLDER, T0))
                .thenEvents(
                        new ClaimWithdrawn(CLAIM, POLICY, "resolved", Money.ZERO),
                        new ClaimClosed(CLAIM, POLICY, ClaimClosure.WITHDRAWN, INCIDENT))
                .thenState(
                        state -> assertThat(((PolicyClaims) state).openClaim()).isEmpty());
    }

    @Test
    void a_claim_withdrawn_before_any_vote_refunds_its_deposit() {
        fixture()
                .given(assessing())
                .when(new WithdrawClaim(CLAIM, "resolved", HOLDER, OPENED_AT))
                .thenEvents(
                        new ClaimWithdrawn(CLAIM, POLICY, "resolved", DEPOSIT),
                        new ClaimRefundDue(
                                CLAIM,
                                POLICY,
                                POOL,
                                CLAIM + "/deposit",
                                RefundKind.CLAIM_DEPOSIT,
                                HOLDER,
                                ASSET,
                                DEPOSIT),
                        new ClaimClosed(CLAIM, POLICY, ClaimClosure.WITHDRAWN, null));
    }

    @Test
    void a_claim_with_a_vote_cast_cannot_be_withdrawn() {
        fixture()
                .given(history(assessing(), voted(A1, false, null, VOTING_ENDS)))
                .when(new WithdrawClaim(CLAIM, "resolved", HOLDER, OPENED_AT))
                .thenRejected("NOT_WITHDRAWABLE", "claimId");
    }

    @Test
    void only_the_claimant_withdraws_a_claim() {
        fixture()
                .given(submitted())
                .when(new WithdrawClaim(CLAIM, "resolved", OTHER, T0))
                .thenRejected("NOT_CLAIMANT", "claimant");
    }
}
