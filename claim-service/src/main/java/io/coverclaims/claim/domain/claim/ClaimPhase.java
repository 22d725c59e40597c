package io.coverclaims.claim.domain.claim;

import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One record per phase of a claim, each holding what is known in it:
 * <pre>
 *   AwaitingDeposit --deposit paid--> Assessing --voting ends--> Cooldown --ACCEPTED--> Accepted --> PayoutRequested
 *        |                               |                          |                  (held for     |      |
 *        \----------- withdrawn ---------/ (no vote yet)            |                   an incident) |  PayoutDeclined
 *                         v                                         |                                v
 *                     Withdrawn                                     |                             Settled --> Paid
 *                                                                   \--DENIED/DRAW--> Denied --appeal--> Appealed
 *   Denied --window passed--> Closed               Appealed --bond paid--> UnderAppeal --upheld--> Accepted
 *                                                                                      \--rejected--> Closed
 * </pre>
 */
public sealed interface ClaimPhase {

    /** The phase's name as the API and rejection messages show it. */
    default String status() {
        return switch (this) {
            case AwaitingDeposit p -> "AWAITING_DEPOSIT";
            case ParametricOpened p -> "PARAMETRIC_OPENED";
            case Assessing p -> "ASSESSING";
            case Cooldown p -> "COOLDOWN";
            case Denied p -> "DENIED";
            case Appealed p -> "APPEALED";
            case UnderAppeal p -> "UNDER_APPEAL";
            case Accepted p -> "ACCEPTED";
            case PayoutRequested p -> "PAYOUT_REQUESTED";
            case PayoutDeclined p -> "PAYOUT_DECLINED";
            case Settled p -> "SETTLED";
            case Paid p -> "PAID";
            case Withdrawn p -> "WITHDRAWN";
            case Closed p -> "CLOSED";
        };
    }

    /**
     * Whether the claim is still open (one open claim per policy): every phase but Settled, Paid, Withdrawn and
     * Closed. A settled claim is decided and its payout counted in the cover book; whether and when the claimant
     * redeems it on-chain never blocks the policy's next claim.
     */
    default boolean open() {
        return !(this instanceof Settled
                || this instanceof Paid
                || this instanceof Withdrawn
                || this instanceof Closed);
    }

    /** One assessor's ballot; {@code assessedLoss} is zero on a denying one. */
    record Vote(String assessor, boolean accept, Money assessedLoss, String rationale, boolean voided) {
        Vote asVoided() {
            return new Vote(assessor, accept, assessedLoss, rationale, true);
        }
    }

    /** How the claim was denied (or drawn) and what an appeal must post, until when. */
    record Denial(
            AssessmentOutcome outcome,
            Money acceptWeight,
            Money denyWeight,
            Instant appealDeadline,
            Money appealBond) {}

    /** The appeal filed: {@code arbiters} may decide it (the claim's assessors never among them). */
    record Appeal(String appealId, String appellant, Money bondAmount, List<String> arbiters) {
        public Appeal {
            arbiters = List.copyOf(arbiters);
        }
    }

    /** Why and for how much the claim was accepted; {@code appealId} is set when an upheld appeal accepted it. */
    record Acceptance(
            ClaimKind kind,
            Money assessedLoss,
            Money payoutAmount,
            Money acceptWeight,
            Money denyWeight,
            String appealId) {}

    /** What the claim asked its pool to reserve: {@code amount} = floor(payoutAmount x ratioPpm / 1e6). */
    record PayoutRequest(String payoutId, long ratioPpm, Money amount) {}

    /** Submitted: voting opens once the deposit is paid. */
    record AwaitingDeposit() implements ClaimPhase {}

    /** Opened by an oracle trigger; accepted in the same decision ({@link ParametricRules}). */
    record ParametricOpened(String triggerId, Instant firedAt) implements ClaimPhase {}

    /** Voting until {@code votingEndsAt} (at most {@code originalEndsAt} + the rules' maxExtensionMs). */
    record Assessing(Instant votingEndsAt, Instant originalEndsAt, List<Vote> votes) implements ClaimPhase {
        public Assessing {
            votes = List.copyOf(votes);
        }

        Assessing withVote(Vote vote, Instant endsAt) {
            List<Vote> next = new ArrayList<>(votes);
            next.add(vote);
            return new Assessing(endsAt, originalEndsAt, next);
        }

        boolean votedBy(String assessor) {
            return votes.stream().anyMatch(v -> v.assessor().equals(assessor));
        }
    }

    /** Voting closed; until {@code cooldownEndsAt} a fraudulent vote may be voided. */
    record Cooldown(List<Vote> votes, Instant cooldownEndsAt) implements ClaimPhase {
        public Cooldown {
            votes = List.copyOf(votes);
        }

        Cooldown withVoided(String assessor) {
            return new Cooldown(
                    votes.stream()
                            .map(v -> v.assessor().equals(assessor) ? v.asVoided() : v)
                            .toList(),
                    cooldownEndsAt);
        }
    }

    /** Denied (or a draw): may be appealed until the denial's deadline. */
    record Denied(Denial denial) implements ClaimPhase {}

    /** Appealed: the arbiter may decide once the bond is paid. */
    record Appealed(Denial denial, Appeal appeal) implements ClaimPhase {}

    /** The bond is paid: an arbiter decides. */
    record UnderAppeal(Denial denial, Appeal appeal) implements ClaimPhase {}

    /** Accepted, its payout not asked for yet: held until its incident releases it. */
    record Accepted(Acceptance acceptance) implements ClaimPhase {}

    /** The pool is asked to reserve the payout. */
    record PayoutRequested(Acceptance acceptance, PayoutRequest request) implements ClaimPhase {}

    /** The pool declined to reserve it: the claim stays accepted, unpaid. */
    record PayoutDeclined(Acceptance acceptance, PayoutRequest request, String reason) implements ClaimPhase {}

    /** The pool reserved {@code settledAmount}: the claimant may redeem it on-chain. */
    record Settled(Acceptance acceptance, PayoutRequest request, Money settledAmount, long proRataPpm)
            implements ClaimPhase {}

    /** Redeemed on-chain. */
    record Paid(Acceptance acceptance, PayoutRequest request, Money settledAmount, String batchId, String txHash)
            implements ClaimPhase {}

    /** Withdrawn by the claimant. */
    record Withdrawn(String reason) implements ClaimPhase {}

    /** Ended without a payout. */
    record Closed(ClaimClosure closure) implements ClaimPhase {}
}
