package io.coverclaims.claim.domain.claim;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.claim.ClaimCommand.AppealClaim;
import io.coverclaims.claim.domain.claim.ClaimCommand.CloseAppealWindow;
import io.coverclaims.claim.domain.claim.ClaimCommand.DecideAppeal;
import io.coverclaims.claim.domain.claim.ClaimCommand.RecordAppealBond;
import io.coverclaims.claim.domain.claim.ClaimEvent.AppealBondReceived;
import io.coverclaims.claim.domain.claim.ClaimEvent.AppealDecided;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimAppealed;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimClosed;
import io.coverclaims.claim.domain.claim.ClaimPhase.Appeal;
import io.coverclaims.claim.domain.claim.ClaimPhase.Appealed;
import io.coverclaims.claim.domain.claim.ClaimPhase.Denial;
import io.coverclaims.claim.domain.claim.ClaimPhase.Denied;
import io.coverclaims.claim.domain.claim.ClaimPhase.UnderAppeal;
import io.coverclaims.claim.domain.claim.ClaimsState.Claim;
import io.coverclaims.claim.domain.claim.ClaimsState.PolicyClaims;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import java.util.ArrayList;
import java.util.List;

/** Appeals: one per claim ({@code apl-<claimId>}), by the claimant, with a bond, decided by an arbiter who never assessed it. */
final class AppealRules {

    private AppealRules() {}

    static Decision<ClaimEvent> appeal(AppealClaim c, Claim claim) {
        if (claim.phase() instanceof Appealed || claim.phase() instanceof UnderAppeal) {
            return Decision.reject("ALREADY_APPEALED", "the claim has been appealed", "claimId");
        }
        if (!(claim.phase() instanceof Denied denied)) {
            return Decision.reject(
                    "NOT_DENIED", "a claim " + claim.phase().status() + " cannot be appealed", "claimId");
        }
        Denial denial = denied.denial();
        if (c.at().isAfter(denial.appealDeadline())) {
            return Decision.reject(
                    "APPEAL_WINDOW_CLOSED", "the claim could be appealed until " + denial.appealDeadline(), "claimId");
        }
        var submission = claim.submission();
        if (!submission.claimant().equals(c.appellant())) {
            return Decision.reject("NOT_CLAIMANT", "only the claimant may appeal", "appellant");
        }
        String appealId = ClaimIds.appealId(c.claimId());
        if (!appealId.equals(c.appealId())) {
            return Decision.reject("APPEAL_ID_MISMATCH", "the claim's appeal is " + appealId, "appealId");
        }
        if (!c.bondAmount().equals(denial.appealBond())) {
            return Decision.reject("INVALID_BOND", "the appeal bond is " + denial.appealBond(), "bondAmount");
        }
        List<String> arbiters = c.arbiters().stream()
                .filter(a -> !submission.assessors().contains(a))
                .distinct()
                .toList();
        if (arbiters.isEmpty()) {
            return Decision.reject("NO_ARBITER", "no arbiter who did not assess the claim is appointed", "arbiters");
        }
        return Decision.accept(new ClaimAppealed(
                c.claimId(), appealId, c.appellant(), c.bondAmount(), c.grounds(), c.bondTxHash(), arbiters));
    }

    /**
     * A payment towards the appeal bond: counted while the appeal awaits it (an arbiter may decide once it is
     * complete), recorded and refunded at once in any other phase. The same payment again is nothing to do.
     */
    static Decision<ClaimEvent> bond(RecordAppealBond c, PolicyClaims claims, Claim claim) {
        String payment = ClaimsState.paymentKey(c.txHash(), c.logIndex());
        if (claim.payments().contains(payment)) {
            return Decision.nothingToDo();
        }
        if (!c.amount().isPositive()) {
            return Decision.reject("INVALID_AMOUNT", "a payment must be positive", "amount");
        }
        String appealId = ClaimIds.appealId(c.claimId());
        if (claim.phase() instanceof Appealed appealed) {
            return Decision.accept(new AppealBondReceived(
                    c.claimId(),
                    appealId,
                    c.payer(),
                    c.amount(),
                    claim.bondReceived().plus(c.amount()),
                    appealed.appeal().bondAmount(),
                    c.txHash(),
                    c.logIndex()));
        }
        Money required = switch (claim.phase()) {
            case UnderAppeal u -> u.appeal().bondAmount();
            case Denied d -> d.denial().appealBond();
            default -> Money.ZERO;
        };
        return Decision.accept(
                new AppealBondReceived(
                        c.claimId(),
                        appealId,
                        c.payer(),
                        c.amount(),
                        claim.bondReceived(),
                        required,
                        c.txHash(),
                        c.logIndex()),
                Refunds.refund(
                        claims,
                        claim,
                        ClaimIds.bondRefundId(c.claimId(), appealId) + "/" + payment,
                        RefundKind.APPEAL_BOND,
                        c.payer(),
                        c.amount()));
    }

    /**
     * An arbiter of the appeal, never one of the claim's assessors, decides once the bond is paid. Upheld: the bond is
     * refunded and the claim accepted for the loss the arbiter finds (the claimed amount when none); rejected: the
     * bond is kept and the claim closed.
     */
    static Decision<ClaimEvent> decide(DecideAppeal c, PolicyClaims claims, Claim claim) {
        if (claim.phase() instanceof Appealed) {
            return Decision.reject("APPEAL_NOT_READY", "the appeal bond is not paid yet", "appealId");
        }
        if (!(claim.phase() instanceof UnderAppeal underAppeal)
                || !underAppeal.appeal().appealId().equals(c.appealId())) {
            return Decision.reject("NO_APPEAL", "no appeal " + c.appealId() + " awaits a decision", "appealId");
        }
        var submission = claim.submission();
        Appeal appeal = underAppeal.appeal();
        if (!appeal.arbiters().contains(c.arbiter()) || submission.assessors().contains(c.arbiter())) {
            return Decision.reject("NOT_AN_ARBITER", c.arbiter() + " is not an arbiter of the appeal", "arbiter");
        }
        Money loss = null;
        if (c.upheld()) {
            loss = c.assessedLoss() == null ? submission.claimedAmount() : c.assessedLoss();
            if (!loss.isPositive() || loss.isGreaterThan(submission.claimedAmount())) {
                return Decision.reject(
                        "INVALID_ASSESSED_LOSS",
                        "the assessed loss must be positive and at most the claimed " + submission.claimedAmount(),
                        "assessedLoss");
            }
        } else if (c.assessedLoss() != null) {
            return Decision.reject("INVALID_ASSESSED_LOSS", "a rejected appeal assesses no loss", "assessedLoss");
        }
        Money bondRefund = c.upheld() ? claim.bondReceived() : Money.ZERO;
        List<ClaimEvent> events = new ArrayList<>();
        events.add(new AppealDecided(
                c.claimId(), appeal.appealId(), c.arbiter(), c.upheld(), loss, c.reason(), bondRefund));
        if (!c.upheld()) {
            events.add(new ClaimClosed(
                    c.claimId(), claims.policyId(), ClaimClosure.APPEAL_REJECTED, submission.incidentId()));
            return Decision.accept(events);
        }
        Denial denial = underAppeal.denial();
        List<ClaimEvent> accepted = SettlementRules.accepted(
                claims, claim, loss, denial.acceptWeight(), denial.denyWeight(), appeal.appealId());
        // ClaimAccepted, its deposit refund, then the bond refund, then the payout request (if any)
        events.add(accepted.get(0));
        int next = 1;
        if (accepted.size() > next && accepted.get(next) instanceof ClaimEvent.ClaimRefundDue) {
            events.add(accepted.get(next++));
        }
        if (bondRefund.isPositive()) {
            events.add(Refunds.bondRefund(claims, claim, appeal.appealId(), bondRefund));
        }
        events.addAll(accepted.subList(next, accepted.size()));
        return Decision.accept(events);
    }

    /** The deadline at appealDeadline: a denied claim not appealed closes; anything else is nothing to do. */
    static Decision<ClaimEvent> closeWindow(CloseAppealWindow c, PolicyClaims claims, Claim claim) {
        if (claim.phase() instanceof Denied denied
                && !c.at().isBefore(denied.denial().appealDeadline())) {
            return Decision.accept(new ClaimClosed(
                    c.claimId(),
                    claims.policyId(),
                    ClaimClosure.APPEAL_WINDOW_PASSED,
                    claim.submission().incidentId()));
        }
        return Decision.nothingToDo();
    }
}
