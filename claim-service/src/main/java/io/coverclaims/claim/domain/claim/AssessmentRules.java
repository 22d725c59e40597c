package io.coverclaims.claim.domain.claim;

import io.coverclaims.claim.domain.claim.ClaimCommand.CastAssessmentVote;
import io.coverclaims.claim.domain.claim.ClaimCommand.CloseAssessment;
import io.coverclaims.claim.domain.claim.ClaimCommand.FinalizeAssessment;
import io.coverclaims.claim.domain.claim.ClaimCommand.VoidAssessmentVote;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentClosed;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentVoteCast;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentVoteVoided;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimDenied;
import io.coverclaims.claim.domain.claim.ClaimPhase.Assessing;
import io.coverclaims.claim.domain.claim.ClaimPhase.AwaitingDeposit;
import io.coverclaims.claim.domain.claim.ClaimPhase.Cooldown;
import io.coverclaims.claim.domain.claim.ClaimPhase.Vote;
import io.coverclaims.claim.domain.claim.ClaimsState.Claim;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Assessment: one member one vote (weight 1), late votes extend voting, the tally at the voting end, voiding votes in
 * the cooldown, and the decision at its end from the votes left.
 */
final class AssessmentRules {

    private AssessmentRules() {}

    /** The tally of votes: counts, outcome, and the median of the accepting votes' losses (null without one). */
    record Tally(AssessmentOutcome outcome, Money acceptWeight, Money denyWeight, int voteCount, Money assessedLoss) {

        static Tally of(List<Vote> all) {
            List<Vote> votes = all.stream().filter(v -> !v.voided()).toList();
            List<Money> losses = votes.stream()
                    .filter(Vote::accept)
                    .map(Vote::assessedLoss)
                    .sorted()
                    .toList();
            int accepts = losses.size();
            int denies = votes.size() - accepts;
            AssessmentOutcome outcome = accepts > denies
                    ? AssessmentOutcome.ACCEPTED
                    : accepts < denies ? AssessmentOutcome.DENIED : AssessmentOutcome.DRAW;
            return new Tally(outcome, Money.of(accepts), Money.of(denies), votes.size(), median(losses));
        }

        /** Odd: the middle one; even: the floor of the mean of the two middle ones (rounding favours the pool). */
        static Money median(List<Money> sorted) {
            int n = sorted.size();
            if (n == 0) {
                return null;
            }
            if (n % 2 == 1) {
                return sorted.get(n / 2);
            }
            BigInteger sum = sorted.get(n / 2 - 1).value().add(sorted.get(n / 2).value());
            return Money.of(sum.shiftRight(1));
        }
    }

    static Decision<ClaimEvent> vote(CastAssessmentVote c, Claim claim) {
        if (claim.phase() instanceof AwaitingDeposit) {
            return Decision.reject("VOTING_NOT_OPEN", "voting opens once the claim deposit is paid", "claimId");
        }
        if (!(claim.phase() instanceof Assessing assessing) || !c.at().isBefore(assessing.votingEndsAt())) {
            return Decision.reject("VOTING_CLOSED", "voting on the claim is closed", "claimId");
        }
        var submission = claim.submission();
        if (!submission.assessors().contains(c.assessor())) {
            return Decision.reject("NOT_AN_ASSESSOR", c.assessor() + " is not an assessor of the claim", "assessor");
        }
        if (assessing.votedBy(c.assessor())) {
            return Decision.reject("ALREADY_VOTED", c.assessor() + " has voted on the claim", "assessor");
        }
        if (!c.stakeWeight().equals(Money.of(1))) {
            return Decision.reject("INVALID_WEIGHT", "one member, one vote: the weight is 1", "stakeWeight");
        }
        Money loss = null;
        if (c.accept()) {
            loss = c.assessedLoss() == null ? submission.claimedAmount() : c.assessedLoss();
            if (!loss.isPositive() || loss.isGreaterThan(submission.claimedAmount())) {
                return Decision.reject(
                        "INVALID_ASSESSED_LOSS",
                        "the assessed loss must be positive and at most the claimed " + submission.claimedAmount(),
                        "assessedLoss");
            }
        } else if (c.assessedLoss() != null) {
            return Decision.reject("INVALID_ASSESSED_LOSS", "a vote to deny assesses no loss", "assessedLoss");
        }
        Instant endsAt = extendedEnd(assessing, submission.rules(), c.at());
        AssessmentVoteCast cast =
                new AssessmentVoteCast(c.claimId(), c.assessor(), c.accept(), loss, Money.of(1), endsAt, c.rationale());
        Assessing after = assessing.withVote(
                new Vote(c.assessor(), c.accept(), loss == null ? Money.ZERO : loss, c.rationale(), false), endsAt);
        if (after.votes().size() < submission.assessors().size()) {
            return Decision.accept(cast);
        }
        // every assessor has voted: voting closes at once
        return Decision.accept(cast, closed(c.claimId(), after, submission.rules(), c.at()));
    }

    /**
     * A vote in the last extensionWindowMs pushes the end to vote time + extensionWindowMs, never beyond the original
     * end + maxExtensionMs, and never earlier than the current end.
     */
    static Instant extendedEnd(Assessing assessing, ClaimRules rules, Instant at) {
        Instant end = assessing.votingEndsAt();
        if (end.toEpochMilli() - at.toEpochMilli() >= rules.extensionWindowMs()) {
            return end;
        }
        Instant pushed = at.plusMillis(rules.extensionWindowMs());
        Instant cap = assessing.originalEndsAt().plusMillis(rules.maxExtensionMs());
        Instant extended = pushed.isBefore(cap) ? pushed : cap;
        return extended.isAfter(end) ? extended : end;
    }

    static AssessmentClosed closed(String claimId, Assessing assessing, ClaimRules rules, Instant at) {
        Tally tally = Tally.of(assessing.votes());
        return new AssessmentClosed(
                claimId,
                tally.outcome(),
                tally.acceptWeight(),
                tally.denyWeight(),
                tally.voteCount(),
                tally.assessedLoss(),
                rules.cooldownMs(),
                at.plusMillis(rules.cooldownMs()));
    }

    /** The deadline at votingEndsAt: an early or stale one (the end was moved, or voting closed) is nothing to do. */
    static Decision<ClaimEvent> close(CloseAssessment c, Claim claim) {
        if (claim.phase() instanceof Assessing assessing && !c.at().isBefore(assessing.votingEndsAt())) {
            return Decision.accept(
                    closed(c.claimId(), assessing, claim.submission().rules(), c.at()));
        }
        return Decision.nothingToDo();
    }

    static Decision<ClaimEvent> voidVote(VoidAssessmentVote c, Claim claim) {
        if (!(claim.phase() instanceof Cooldown cooldown) || !c.at().isBefore(cooldown.cooldownEndsAt())) {
            return Decision.reject("NOT_IN_COOLDOWN", "votes may be voided only during the cooldown", "claimId");
        }
        boolean found = cooldown.votes().stream().anyMatch(v -> v.assessor().equals(c.assessor()) && !v.voided());
        if (!found) {
            return Decision.reject("VOTE_NOT_FOUND", c.assessor() + " has no vote to void", "assessor");
        }
        return Decision.accept(
                new AssessmentVoteVoided(c.claimId(), c.assessor(), Money.of(1), c.reason(), c.burnStake()));
    }

    /**
     * The deadline at cooldownEndsAt: the votes not voided decide. Accepted: the claim is accepted (and paid unless
     * held for its incident); denied: the deposit is kept, an appeal may be filed; a draw: the deposit is refunded, an
     * appeal may be filed too. Early or stale: nothing to do.
     */
    static Decision<ClaimEvent> finalize(FinalizeAssessment c, PolicyClaims claims, Claim claim) {
        if (!(claim.phase() instanceof Cooldown cooldown) || c.at().isBefore(cooldown.cooldownEndsAt())) {
            return Decision.nothingToDo();
        }
        Tally tally = Tally.of(cooldown.votes());
        var submission = claim.submission();
        if (tally.outcome() == AssessmentOutcome.ACCEPTED) {
            return Decision.accept(SettlementRules.accepted(
                    claims, claim, tally.assessedLoss(), tally.acceptWeight(), tally.denyWeight(), null));
        }
        ClaimRules rules = submission.rules();
        Money refund = tally.outcome() == AssessmentOutcome.DRAW ? claim.depositHeld() : Money.ZERO;
        List<ClaimEvent> events = new ArrayList<>();
        events.add(new ClaimDenied(
                c.claimId(),
                claims.policyId(),
                submission.claimant(),
                tally.outcome(),
                tally.acceptWeight(),
                tally.denyWeight(),
                refund,
                rules.appealWindowMs(),
                c.at().plusMillis(rules.appealWindowMs()),
                rules.appealBond(submission.claimedAmount())));
        if (refund.isPositive()) {
            events.add(Refunds.depositRefund(claims, claim, refund));
        }
        return Decision.accept(events);
    }
}
