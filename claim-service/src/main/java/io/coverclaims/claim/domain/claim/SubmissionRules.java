package io.coverclaims.claim.domain.claim;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.claim.ClaimCommand.RecordClaimDeposit;
import io.coverclaims.claim.domain.claim.ClaimCommand.SubmitClaim;
import io.coverclaims.claim.domain.claim.ClaimCommand.WithdrawClaim;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentOpened;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimClosed;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimDepositReceived;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimSubmitted;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimWithdrawn;
import io.coverclaims.claim.domain.claim.ClaimPhase.Assessing;
import io.coverclaims.claim.domain.claim.ClaimPhase.AwaitingDeposit;
import io.coverclaims.claim.domain.claim.ClaimsState.Claim;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Submitting a claim, paying its deposit, withdrawing it. */
final class SubmissionRules {

    /** The policy statuses a claim may be filed under (cover ends at cancellation or expiry; the grace period runs on). */
    static final Set<String> CLAIMABLE_STATUSES = Set.of("ACTIVE", "EXPIRED", "CANCELLED");

    private SubmissionRules() {}

    static Decision<ClaimEvent> submit(SubmitClaim c, ClaimsState state) {
        PolicyClaims claims = state instanceof PolicyClaims p ? p : null;
        if (!ClaimIds.isPolicyId(c.policyId())
                || (claims != null && !claims.policyId().equals(c.policyId()))) {
            return Decision.reject("INVALID_POLICY_ID", "not this aggregate's policy: " + c.policyId(), "policyId");
        }
        if (!c.claimant().equals(c.policyHolder())) {
            return Decision.reject("NOT_POLICYHOLDER", "only the policyholder may claim on the policy", "claimant");
        }
        if (!CLAIMABLE_STATUSES.contains(c.policyStatus())) {
            return Decision.reject(
                    "POLICY_NOT_ACTIVE", "the policy is " + c.policyStatus() + ": it cannot be claimed on", "policyId");
        }
        if (c.incidentAt().isBefore(c.coverStartAt()) || !c.incidentAt().isBefore(c.coverEndAt())) {
            return Decision.reject(
                    "INCIDENT_OUTSIDE_COVER",
                    "the incident must fall within the cover, " + c.coverStartAt() + " to " + c.coverEndAt(),
                    "incidentAt");
        }
        if (c.incidentAt().isAfter(c.at())) {
            return Decision.reject("INCIDENT_IN_FUTURE", "the incident cannot lie in the future", "incidentAt");
        }
        ClaimRules rules = c.rules();
        if (!valid(rules)) {
            return Decision.reject("INVALID_RULES", "claim parameters cannot be negative", "rules");
        }
        if (c.at().isAfter(c.coverEndAt().plusMillis(rules.gracePeriodMs()))) {
            return Decision.reject(
                    "CLAIM_PERIOD_ENDED",
                    "claims on the policy could be filed until "
                            + c.coverEndAt().plusMillis(rules.gracePeriodMs()),
                    "policyId");
        }
        Money coverLeft = claims == null ? c.coverLeft() : c.coverLeft().min(claims.coverLeft());
        if (!c.claimedAmount().isPositive()) {
            return Decision.reject("INVALID_AMOUNT", "the claimed amount must be positive", "claimedAmount");
        }
        if (c.claimedAmount().isGreaterThan(coverLeft)) {
            return Decision.reject(
                    "COVER_EXCEEDED", "at most " + coverLeft + " of cover is left on the policy", "claimedAmount");
        }
        if (claims != null && claims.openClaim().isPresent()) {
            return Decision.reject(
                    "OPEN_CLAIM_EXISTS",
                    "claim " + claims.openClaim().get().submission().claimId() + " on the policy is still open",
                    "policyId");
        }
        String nextId = claims == null ? ClaimIds.claimId(c.policyId(), 1) : claims.nextClaimId();
        if (!nextId.equals(c.claimId())) {
            return Decision.reject("CLAIM_ID_MISMATCH", "the next claim on the policy is " + nextId, "claimId");
        }
        if (c.assessors().isEmpty()) {
            return Decision.reject(
                    "NO_ASSESSORS", "no assessor group is appointed for " + c.productCategory(), "productCategory");
        }
        if (c.incidentId() != null && c.at().isAfter(c.incidentClaimWindowEndsAt())) {
            return Decision.reject(
                    "INCIDENT_WINDOW_CLOSED",
                    "claims naming " + c.incidentId() + " were accepted until " + c.incidentClaimWindowEndsAt(),
                    "incidentId");
        }
        List<ClaimEvent> events = new ArrayList<>();
        events.add(new ClaimSubmitted(
                c.claimId(),
                c.policyId(),
                c.productId(),
                c.poolId(),
                c.claimant(),
                c.asset(),
                c.incidentAt(),
                c.claimedAmount(),
                coverLeft,
                c.description(),
                c.evidenceUri(),
                c.depositAmount(),
                c.depositAmount(),
                null,
                c.incidentId(),
                c.productCategory(),
                c.coverStartAt(),
                c.coverEndAt(),
                c.assessorGroupId(),
                List.copyOf(c.assessors()),
                rules));
        if (c.depositAmount().isZero()) {
            // no deposit is required: voting opens at once
            events.add(opened(c.claimId(), rules, c.assessors(), Money.ZERO, c.at()));
        }
        return Decision.accept(events);
    }

    private static boolean valid(ClaimRules rules) {
        return rules.gracePeriodMs() >= 0
                && rules.minVotingMs() >= 0
                && rules.extensionWindowMs() >= 0
                && rules.maxExtensionMs() >= 0
                && rules.cooldownMs() >= 0
                && rules.appealWindowMs() >= 0
                && rules.appealBondBps() >= 0;
    }

    static AssessmentOpened opened(
            String claimId, ClaimRules rules, List<String> assessors, Money depositReceived, Instant at) {
        return new AssessmentOpened(
                claimId,
                at,
                at.plusMillis(rules.minVotingMs()),
                rules.minVotingMs(),
                rules.maxExtensionMs(),
                List.copyOf(assessors),
                depositReceived);
    }

    /**
     * A payment towards the deposit: counted while the deposit is awaited (voting opens once it is complete), recorded
     * and refunded at once in any other phase. The same payment (txHash:logIndex) again is nothing to do.
     */
    static Decision<ClaimEvent> deposit(RecordClaimDeposit c, PolicyClaims claims, Claim claim) {
        if (claim.payments().contains(ClaimsState.paymentKey(c.txHash(), c.logIndex()))) {
            return Decision.nothingToDo();
        }
        if (!c.amount().isPositive()) {
            return Decision.reject("INVALID_AMOUNT", "a payment must be positive", "amount");
        }
        var submission = claim.submission();
        if (claim.phase() instanceof AwaitingDeposit) {
            Money total = claim.depositReceived().plus(c.amount());
            ClaimDepositReceived received = new ClaimDepositReceived(
                    c.claimId(), c.payer(), c.amount(), total, submission.requiredDeposit(), c.txHash(), c.logIndex());
            if (total.isLessThan(submission.requiredDeposit())) {
                return Decision.accept(received);
            }
            return Decision.accept(
                    received, opened(c.claimId(), submission.rules(), submission.assessors(), total, c.at()));
        }
        return Decision.accept(
                new ClaimDepositReceived(
                        c.claimId(),
                        c.payer(),
                        c.amount(),
                        claim.depositReceived(),
                        submission.requiredDeposit(),
                        c.txHash(),
                        c.logIndex()),
                Refunds.refund(
                        claims,
                        claim,
                        ClaimIds.depositRefundId(c.claimId()) + "/" + ClaimsState.paymentKey(c.txHash(), c.logIndex()),
                        RefundKind.CLAIM_DEPOSIT,
                        c.payer(),
                        c.amount()));
    }

    /**
     * The claimant ({@code actor}) withdraws a claim awaiting its deposit or not voted on yet: the deposit paid is
     * refunded, and ClaimClosed (WITHDRAWN) names the incident for its process manager.
     */
    static Decision<ClaimEvent> withdraw(WithdrawClaim c, PolicyClaims claims, Claim claim) {
        var submission = claim.submission();
        if (!submission.claimant().equals(c.actor())) {
            return Decision.reject("NOT_CLAIMANT", "only the claimant may withdraw the claim", "claimant");
        }
        boolean withdrawable = claim.phase() instanceof AwaitingDeposit
                || (claim.phase() instanceof Assessing a && a.votes().isEmpty());
        if (!withdrawable) {
            return Decision.reject(
                    "NOT_WITHDRAWABLE",
                    "a claim " + claim.phase().status() + " cannot be withdrawn (only before the first vote)",
                    "claimId");
        }
        Money refund = claim.depositHeld();
        List<ClaimEvent> events = new ArrayList<>();
        events.add(new ClaimWithdrawn(c.claimId(), claims.policyId(), c.reason(), refund));
        if (refund.isPositive()) {
            events.add(Refunds.depositRefund(claims, claim, refund));
        }
        events.add(new ClaimClosed(c.claimId(), claims.policyId(), ClaimClosure.WITHDRAWN, submission.incidentId()));
        return Decision.accept(events);
    }
}
