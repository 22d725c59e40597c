package io.coverclaims.policy.domain.cover;

import static io.coverclaims.policy.domain.cover.CoverDecider.OPERATOR_ACTOR_PREFIX;
import static io.coverclaims.policy.domain.cover.CoverDecider.RESERVATION_TIMEOUT_CODE;

import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.Money;
import io.coverclaims.policy.domain.cover.CoverCommand.ActivatePolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.CancelPolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.DeclinePolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.ExpirePolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.ReduceCover;
import io.coverclaims.policy.domain.cover.CoverEvent.CoverReduced;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyActivated;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyCancelled;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyDeclined;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyExpired;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyRequested;
import io.coverclaims.policy.domain.cover.CoverState.Active;
import io.coverclaims.policy.domain.cover.CoverState.Bought;
import io.coverclaims.policy.domain.cover.CoverState.Cancelled;
import io.coverclaims.policy.domain.cover.CoverState.Closed;
import io.coverclaims.policy.domain.cover.CoverState.Declined;
import io.coverclaims.policy.domain.cover.CoverState.Exhausted;
import io.coverclaims.policy.domain.cover.CoverState.Expired;
import io.coverclaims.policy.domain.cover.CoverState.None;
import io.coverclaims.policy.domain.cover.CoverState.Quoted;
import io.coverclaims.policy.domain.cover.CoverState.Requested;
import io.coverclaims.policy.domain.pricing.Pricing;

/** A bought policy: the pool's answer (activation, decline, late reservations), cancellation, expiry, settled claims. */
final class PolicyRules {

    private PolicyRules() {}

    static Decision<CoverEvent> activate(ActivatePolicy c, CoverState state) {
        return switch (state) {
            case None none -> noPurchase(c.policyId());
            case Quoted quoted -> noPurchase(c.policyId());
            case Requested requested -> {
                PolicyRequested r = requested.request();
                yield Decision.accept(new PolicyActivated(
                        r.policyId(),
                        r.productId(),
                        c.poolId(),
                        r.holder(),
                        r.asset(),
                        c.reservationId(),
                        r.coverAmount(),
                        r.premium(),
                        r.startAt(),
                        r.endAt(),
                        c.at()));
            }
            // the same reservation again, or one that lands after the policy ended: nothing to do
            case Active active -> Decision.nothingToDo();
            case Expired expired -> Decision.nothingToDo();
            case Exhausted exhausted -> Decision.nothingToDo();
            // compensation: the purchase was declined or cancelled before the pool answered; give the capacity back
            case Closed closed ->
                closed.releasedReservations().contains(c.reservationId())
                        ? Decision.nothingToDo()
                        : Decision.accept(new PolicyCancelled(
                                c.policyId(),
                                c.poolId(),
                                closed.request().holder(),
                                c.reservationId(),
                                "RESERVATION_AFTER_" + closed.status()
                                        + ": capacity reserved after the purchase ended is released",
                                Pricing.PPM,
                                Money.ZERO,
                                c.at()));
        };
    }

    static Decision<CoverEvent> decline(DeclinePolicy c, CoverState state) {
        return switch (state) {
            case None none -> noPurchase(c.policyId());
            case Quoted quoted -> noPurchase(c.policyId());
            case Requested requested -> {
                PolicyRequested r = requested.request();
                if (RESERVATION_TIMEOUT_CODE.equals(c.reasonCode()) && c.at().isBefore(r.reservationDeadline())) {
                    yield Decision.reject(
                            "NOT_DUE", "the reservation deadline is " + r.reservationDeadline(), "policyId");
                }
                yield Decision.accept(new PolicyDeclined(
                        r.policyId(),
                        r.poolId(),
                        r.holder(),
                        c.reasonCode(),
                        c.reason(),
                        c.availableCapacity(),
                        r.premium(),
                        c.at()));
            }
            // the pool answered first (or the decline comes late): the policy keeps its outcome
            case Active active -> Decision.nothingToDo();
            case Closed closed -> Decision.nothingToDo();
            case Expired expired -> Decision.nothingToDo();
            case Exhausted exhausted -> Decision.nothingToDo();
        };
    }

    static Decision<CoverEvent> cancel(CancelPolicy c, CoverState state) {
        return switch (state) {
            case None none -> noPolicy(c.policyId());
            case Quoted quoted -> noPolicy(c.policyId());
            case Bought bought -> cancel(c, bought);
        };
    }

    private static Decision<CoverEvent> cancel(CancelPolicy c, Bought bought) {
        PolicyRequested r = bought.request();
        boolean operator = c.actor() != null && c.actor().startsWith(OPERATOR_ACTOR_PREFIX);
        if (!operator && !r.holder().equalsIgnoreCase(c.actor())) {
            return Decision.reject("NOT_POLICY_HOLDER", "only the holder or an operator may cancel a policy", "holder");
        }
        if (c.reason() == null || c.reason().isBlank()) {
            return Decision.reject("REASON_REQUIRED", "say why the policy is cancelled", "reason");
        }
        return switch (bought) {
            case Requested requested ->
                Decision.accept(new PolicyCancelled(
                        r.policyId(), r.poolId(), r.holder(), null, c.reason(), Pricing.PPM, r.premium(), c.at()));
            case Active active -> {
                if (!c.at().isBefore(r.endAt())) {
                    yield Decision.reject("POLICY_ENDED", "the cover period ended at " + r.endAt(), "policyId");
                }
                long unused = Pricing.unusedPeriodPpm(r.startAt(), r.endAt(), c.at());
                yield Decision.accept(new PolicyCancelled(
                        r.policyId(),
                        r.poolId(),
                        r.holder(),
                        active.reservationId(),
                        c.reason(),
                        unused,
                        Pricing.refund(r.premium(), unused),
                        c.at()));
            }
            case Closed closed -> notCancellable(c, closed);
            case Expired expired -> notCancellable(c, expired);
            // the cover paid out in full: nothing is left to cancel or refund
            case Exhausted exhausted -> notCancellable(c, exhausted);
        };
    }

    static Decision<CoverEvent> expire(ExpirePolicy c, CoverState state) {
        return switch (state) {
            case None none -> noPolicy(c.policyId());
            case Quoted quoted -> noPolicy(c.policyId());
            case Active active -> expire(c, active.request(), active.reservationId());
            // closed early, cover used up: at the end of cover the pool's reservation is released all the same
            case Exhausted exhausted -> expire(c, exhausted.request(), exhausted.reservationId());
            // never active, or already ended: nothing to expire
            case Requested requested -> Decision.nothingToDo();
            case Closed closed -> Decision.nothingToDo();
            case Expired expired -> Decision.nothingToDo();
        };
    }

    private static Decision<CoverEvent> expire(ExpirePolicy c, PolicyRequested r, String reservationId) {
        return c.at().isBefore(r.endAt())
                ? Decision.reject("NOT_DUE", "cover runs until " + r.endAt(), "policyId")
                : Decision.accept(new PolicyExpired(c.policyId(), r.poolId(), reservationId, r.endAt(), c.at()));
    }

    static Decision<CoverEvent> reduce(ReduceCover c, CoverState state) {
        return switch (state) {
            case None none -> noPolicy(c.policyId());
            case Quoted quoted -> noPolicy(c.policyId());
            // never covered anything
            case Requested requested -> neverActive(c);
            case Declined declined -> neverActive(c);
            // a loss during cover may settle after the policy ended
            case Active active -> reduceCover(c, active);
            case Expired expired -> reduceCover(c, expired);
            // only a repeat of a settled claim (nothing to do); any other is more than the cover left
            case Exhausted exhausted -> reduceCover(c, exhausted);
            case Cancelled cancelled -> reduceCover(c, cancelled);
        };
    }

    private static Decision<CoverEvent> reduceCover(ReduceCover c, Bought bought) {
        if (bought.reducedFor(c.claimId())) {
            return Decision.nothingToDo();
        }
        if (c.amount() == null || !c.amount().isPositive()) {
            return Decision.reject("INVALID_AMOUNT", "a settled amount is positive", "amount");
        }
        Money remaining = bought.remainingCover();
        if (c.amount().isGreaterThan(remaining)) {
            return Decision.reject("COVER_EXCEEDED", "only " + remaining + " of cover is left", "amount");
        }
        return Decision.accept(
                new CoverReduced(c.policyId(), c.claimId(), c.amount(), remaining.minus(c.amount()), c.at()));
    }

    private static Decision<CoverEvent> noPurchase(String policyId) {
        return Decision.reject("POLICY_NOT_FOUND", "no purchase of " + policyId, "policyId");
    }

    private static Decision<CoverEvent> noPolicy(String policyId) {
        return Decision.reject("POLICY_NOT_FOUND", "no policy " + policyId, "policyId");
    }

    private static Decision<CoverEvent> neverActive(ReduceCover c) {
        return Decision.reject("POLICY_NOT_ACTIVE", "policy " + c.policyId() + " was never active", "policyId");
    }

    private static Decision<CoverEvent> notCancellable(CancelPolicy c, CoverState state) {
        return Decision.reject(
                "POLICY_NOT_CANCELLABLE", "policy " + c.policyId() + " is " + state.status(), "policyId");
    }
}
