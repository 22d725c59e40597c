package io.coverclaims.claim.domain.claim;

import static io.coverclaims.claim.domain.claim.ClaimFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.claim.domain.claim.ClaimCommand.CastAssessmentVote;
import io.coverclaims.claim.domain.claim.ClaimCommand.CloseAssessment;
import io.coverclaims.claim.domain.claim.ClaimCommand.FinalizeAssessment;
import io.coverclaims.claim.domain.claim.ClaimCommand.VoidAssessmentVote;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentVoteVoided;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimAccepted;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimDenied;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimPayoutRequested;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimRefundDue;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Votes, the tally, the cooldown and the decision at its end: one test per rule. */
class AssessmentRulesTest {

    static final Instant DURING = OPENED_AT.plusMillis(DAY);

    @Test
    void an_assessor_votes_once_with_a_weight_of_one() {
        fixture().given(assessing()).when(vote(A1, true, 900L, DURING)).thenEvents(voted(A1, true, 900L, VOTING_ENDS));
        fixture()
                .given(history(assessing(), voted(A1, true, 900L, VOTING_ENDS)))
                .when(vote(A1, false, null, DURING))
                .thenRejected("ALREADY_VOTED", "assessor");
    }

    @Test
    void a_vote_before_the_deposit_is_paid_is_rejected() {
        fixture().given(submitted()).when(vote(A1, true, null, T0)).thenRejected("VOTING_NOT_OPEN", "claimId");
    }

    @Test
    void a_vote_at_or_after_the_voting_end_is_rejected() {
        fixture().given(assessing()).when(vote(A1, true, null, VOTING_ENDS)).thenRejected("VOTING_CLOSED", "claimId");
    }

    @Test
    void only_an_assessor_of_the_claim_votes() {
        fixture().given(assessing()).when(vote(OTHER, true, null, DURING)).thenRejected("NOT_AN_ASSESSOR", "assessor");
    }

    @Test
    void a_vote_weighs_exactly_one() {
        fixture()
                .given(assessing())
                .when(new CastAssessmentVote(CLAIM, A1, true, null, Money.of(2), "r", DURING))
                .thenRejected("INVALID_WEIGHT", "stakeWeight");
    }

    @Test
    void an_accepting_vote_without_a_loss_assesses_the_claimed_amount() {
        fixture()
                .given(assessing())
                .when(vote(A1, true, null, DURING))
                .thenEvents(voted(A1, true, 1_000L, VOTING_ENDS));
    }

    @Test
    void an_assessed_loss_is_positive_and_at_most_the_claimed_amount() {
        fixture()
                .given(assessing())
                .when(vote(A1, true, 0L, DURING))
                .thenRejected("INVALID_ASSESSED_LOSS", "assessedLoss");
        fixture()
                .given(assessing())
                .when(vote(A1, true, 1_001L, DURING))
                .thenRejected("INVALID_ASSESSED_LOSS", "assessedLoss");
    }

    @Test
    void a_vote_to_deny_assesses_no_loss() {
        fixture()
                .given(assessing())
                .when(vote(A1, false, 5L, DURING))
                .thenRejected("INVALID_ASSESSED_LOSS", "assessedLoss");
    }

    @Test
    void a_vote_before_the_last_day_does_not_extend_voting() {
        Instant at = VOTING_ENDS.minusMillis(DAY);
        fixture().given(assessing()).when(vote(A1, true, null, at)).thenEvents(voted(A1, true, 1_000L, VOTING_ENDS));
    }

    @Test
    void a_vote_in_the_last_day_extends_voting_by_at_most_a_day() {
        Instant late = VOTING_ENDS.minusMillis(HOUR);
        Instant extended = late.plusMillis(DAY);
        fixture().given(assessing()).when(vote(A1, true, null, late)).thenEvents(voted(A1, true, 1_000L, extended));
        // a vote just before the extended end: pushed to vote + 1 day, capped at the original end + 1 day
        Instant later = extended.minusMillis(HOUR);
        fixture()
                .given(history(assessing(), voted(A1, true, 1_000L, extended)))
                .when(vote(A2, true, null, later))
                .thenEvents(voted(A2, true, 1_000L, VOTING_ENDS.plusMillis(DAY)));
    }

    @Test
    void late_votes_never_extend_voting_beyond_a_day_past_its_original_end() {
        Instant extended = VOTING_ENDS.plusMillis(DAY);
        fixture()
                .given(history(assessing(), voted(A1, true, 1_000L, extended)))
                .when(vote(A2, true, null, VOTING_ENDS.plusMillis(2 * HOUR)))
                .thenEvents(voted(A2, true, 1_000L, extended));
    }

    @Test
    void when_every_assessor_has_voted_voting_closes_at_once() {
        fixture()
                .given(history(assessing(), voted(A1, true, 900L, VOTING_ENDS), voted(A2, true, 700L, VOTING_ENDS)))
                .when(vote(A3, false, null, DURING))
                .thenEvents(
                        voted(A3, false, null, VOTING_ENDS), closed(AssessmentOutcome.ACCEPTED, 2, 1, 800L, DURING));
    }

    // ------------------------------------------------------------------ tally

    @Test
    void closing_before_the_voting_end_is_nothing_to_do() {
        fixture()
                .given(history(assessing(), voted(A1, true, null, VOTING_ENDS.plusMillis(DAY))))
                .when(new CloseAssessment(CLAIM, VOTING_ENDS))
                .thenNoEvents();
        fixture()
                .given(acceptedByVote())
                .when(new CloseAssessment(CLAIM, VOTING_ENDS))
                .thenNoEvents();
    }

    @Test
    void more_accepting_votes_accept_at_the_median_of_their_losses_and_start_the_cooldown() {
        fixture()
                .given(history(
                        assessing(),
                        voted(A1, true, 900L, VOTING_ENDS),
                        voted(A2, true, 700L, VOTING_ENDS),
                        voted(A3, true, 800L, VOTING_ENDS)))
                .when(new CloseAssessment(CLAIM, VOTING_ENDS))
                .thenEvents(closed(AssessmentOutcome.ACCEPTED, 3, 0, 800L, VOTING_ENDS));
    }

    @Test
    void the_median_of_an_even_number_of_losses_is_the_floor_of_the_two_middle_ones() {
        fixture()
                .given(history(assessing(), voted(A1, true, 700L, VOTING_ENDS), voted(A2, true, 801L, VOTING_ENDS)))
                .when(new CloseAssessment(CLAIM, VOTING_ENDS))
                .thenEvents(closed(AssessmentOutcome.ACCEPTED, 2, 0, 750L, VOTING_ENDS));
    }

    @Test
    void more_denying_votes_deny() {
        fixture()
                .given(history(assessing(), voted(A1, false, null, VOTING_ENDS)))
                .when(new CloseAssessment(CLAIM, VOTING_ENDS))
                .thenEvents(closed(AssessmentOutcome.DENIED, 0, 1, null, VOTING_ENDS));
    }

    @Test
    void as_many_accepting_as_denying_votes_or_none_are_a_draw() {
        fixture()
                .given(assessing())
                .when(new CloseAssessment(CLAIM, VOTING_ENDS))
                .thenEvents(closed(AssessmentOutcome.DRAW, 0, 0, null, VOTING_ENDS));
        fixture()
                .given(history(assessing(), voted(A1, false, null, VOTING_ENDS), voted(A2, true, 600L, VOTING_ENDS)))
                .when(new CloseAssessment(CLAIM, VOTING_ENDS))
                .thenEvents(closed(AssessmentOutcome.DRAW, 1, 1, 600L, VOTING_ENDS));
    }

    // ------------------------------------------------------------------ cooldown

    @Test
    void a_vote_is_voided_only_during_the_cooldown() {
        fixture()
                .given(history(assessing(), voted(A1, true, null, VOTING_ENDS)))
                .when(new VoidAssessmentVote(CLAIM, A1, "sybil", true, DURING))
                .thenRejected("NOT_IN_COOLDOWN", "claimId");
        fixture()
                .given(acceptedByVote())
                .when(new VoidAssessmentVote(CLAIM, A1, "sybil", true, COOLDOWN_ENDS))
                .thenRejected("NOT_IN_COOLDOWN", "claimId");
        fixture()
                .given(acceptedByVote())
                .when(new VoidAssessmentVote(CLAIM, A1, "sybil", true, VOTING_ENDS))
                .thenEvents(new AssessmentVoteVoided(CLAIM, A1, ONE, "sybil", true));
    }

    @Test
    void only_a_vote_cast_and_not_voided_yet_is_voided() {
        List<ClaimEvent> oneVote = history(
                assessing(),
                voted(A1, true, null, VOTING_ENDS),
                closed(AssessmentOutcome.ACCEPTED, 1, 0, 1_000L, VOTING_ENDS));
        fixture()
                .given(oneVote)
                .when(new VoidAssessmentVote(CLAIM, A2, "sybil", false, VOTING_ENDS))
                .thenRejected("VOTE_NOT_FOUND", "assessor");
        fixture()
                .given(history(oneVote, new AssessmentVoteVoided(CLAIM, A1, ONE, "sybil", false)))
                .when(new VoidAssessmentVote(CLAIM, A1, "sybil", false, VOTING_ENDS))
                .thenRejected("VOTE_NOT_FOUND", "assessor");
    }

    @Test
    void finalizing_before_the_cooldown_ends_is_nothing_to_do() {
        fixture()
                .given(acceptedByVote())
                .when(new FinalizeAssessment(CLAIM, COOLDOWN_ENDS.minusMillis(1)))
                .thenNoEvents();
    }

    @Test
    void an_accepted_claim_refunds_its_deposit_and_asks_its_pool_for_the_payout() {
        fixture()
                .given(acceptedByVote())
                .when(new FinalizeAssessment(CLAIM, COOLDOWN_ENDS))
                .thenEvents(
                        new ClaimAccepted(
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
                                Money.of(1),
                                DEPOSIT,
                                null,
                                null),
                        new ClaimRefundDue(
                                CLAIM,
                                POLICY,
                                POOL,
                                CLAIM + "/deposit",
                                RefundKind.CLAIM_DEPOSIT,
                                HOLDER,
                                ASSET,
                                DEPOSIT),
                        new ClaimPayoutRequested(
                                CLAIM,
                                POLICY,
                                POOL,
                                PAYOUT,
                                HOLDER,
                                ASSET,
                                Money.of(800),
                                null,
                                1_000_000,
                                Money.of(800)));
    }

    @Test
    void a_claim_accepted_for_its_whole_claimed_amount_is_not_partial() {
        fixture()
                .given(history(
                        assessing(),
                        voted(A1, true, null, VOTING_ENDS),
                        closed(AssessmentOutcome.ACCEPTED, 1, 0, 1_000L, VOTING_ENDS)))
                .when(new FinalizeAssessment(CLAIM, COOLDOWN_ENDS))
                .thenEventsSatisfy(events -> {
                    ClaimAccepted accepted = (ClaimAccepted) events.getFirst();
                    assertThat(accepted.payoutAmount()).isEqualTo(CLAIMED);
                    assertThat(accepted.partial()).isFalse();
                });
    }

    @Test
    void a_voided_vote_does_not_count_when_the_claim_is_finalized() {
        fixture()
                .given(history(acceptedByVote(), new AssessmentVoteVoided(CLAIM, A1, ONE, "sybil", true)))
                .when(new FinalizeAssessment(CLAIM, COOLDOWN_ENDS))
                .thenEventsSatisfy(events -> {
                    ClaimDenied denied = (ClaimDenied) events.getFirst();
                    assertThat(denied.outcome()).isEqualTo(AssessmentOutcome.DRAW);
                    assertThat(denied.acceptWeight()).isEqualTo(ONE);
                    assertThat(denied.denyWeight()).isEqualTo(ONE);
                });
    }

    @Test
    void an_accepted_claim_of_an_incident_waits_for_the_incident_to_release_its_payout() {
        List<ClaimEvent> history = history(acceptedByVote());
        history.set(0, submitted(d -> d.incidentId = INCIDENT));
        fixture()
                .given(history)
                .when(new FinalizeAssessment(CLAIM, COOLDOWN_ENDS))
                .thenEventsSatisfy(events -> {
                    assertThat(events).hasSize(2);
                    assertThat(((ClaimAccepted) events.getFirst()).incidentId()).isEqualTo(INCIDENT);
                    assertThat(events.get(1)).isInstanceOf(ClaimRefundDue.class);
                })
                .thenState(state -> assertThat(
                                ((PolicyClaims) state).claims().get(CLAIM).phase())
                        .isInstanceOf(ClaimPhase.Accepted.class));
    }

    @Test
    void a_denied_claim_keeps_its_deposit_and_may_be_appealed_against_a_bond() {
        fixture()
                .given(deniedByVote())
                .when(new FinalizeAssessment(CLAIM, COOLDOWN_ENDS))
                .thenEvents(new ClaimDenied(
                        CLAIM,
                        POLICY,
                        HOLDER,
                        AssessmentOutcome.DENIED,
                        ONE,
                        Money.of(2),
                        Money.ZERO,
                        7 * DAY,
                        APPEAL_DEADLINE,
                        BOND_FLOOR));
    }

    @Test
    void the_appeal_bond_is_a_percent_of_the_claim_rounded_up_and_at_least_the_floor() {
        assertThat(RULES.appealBond(Money.of(1_000))).isEqualTo(BOND_FLOOR);
        assertThat(RULES.appealBond(Money.of(10_001))).isEqualTo(Money.of(101));
        assertThat(RULES.appealBond(Money.of(10_000))).isEqualTo(Money.of(100));
    }

    @Test
    void a_draw_refunds_the_deposit_and_may_be_appealed() {
        fixture()
                .given(history(assessing(), closed(AssessmentOutcome.DRAW, 0, 0, null, VOTING_ENDS)))
                .when(new FinalizeAssessment(CLAIM, COOLDOWN_ENDS))
                .thenEvents(
                        new ClaimDenied(
                                CLAIM,
                                POLICY,
                                HOLDER,
                                AssessmentOutcome.DRAW,
                                Money.ZERO,
                                Money.ZERO,
                                DEPOSIT,
                                7 * DAY,
                                APPEAL_DEADLINE,
                                BOND_FLOOR),
                        new ClaimRefundDue(
                                CLAIM,
                                POLICY,
                                POOL,
                                CLAIM + "/deposit",
                                RefundKind.CLAIM_DEPOSIT,
                                HOLDER,
                                ASSET,
                                DEPOSIT))
                .thenState(state -> assertThat(
                                ((PolicyClaims) state).claims().get(CLAIM).phase())
                        .isInstanceOf(ClaimPhase.Denied.class));
    }
}
