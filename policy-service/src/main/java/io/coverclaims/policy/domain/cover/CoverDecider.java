package io.coverclaims.policy.domain.cover;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.policy.domain.cover.CoverCommand.ActivatePolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.BuyCover;
import io.coverclaims.policy.domain.cover.CoverCommand.CancelPolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.DeclinePolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.ExpirePolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.ReduceCover;
import io.coverclaims.policy.domain.cover.CoverCommand.RequestQuote;
import io.coverclaims.policy.domain.cover.CoverEvent.CoverReduced;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyActivated;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyCancelled;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyDeclined;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyExpired;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyRequested;
import io.coverclaims.policy.domain.cover.CoverEvent.QuoteIssued;
import io.coverclaims.policy.domain.cover.CoverState.Active;
import io.coverclaims.policy.domain.cover.CoverState.Bought;
import io.coverclaims.policy.domain.cover.CoverState.Closed;
import io.coverclaims.policy.domain.cover.CoverState.Exhausted;
import io.coverclaims.policy.domain.cover.CoverState.Expired;
import io.coverclaims.policy.domain.cover.CoverState.Issued;
import io.coverclaims.policy.domain.cover.CoverState.None;
import io.coverclaims.policy.domain.cover.CoverState.Quoted;
import io.coverclaims.policy.domain.cover.CoverState.Requested;
import java.time.Duration;

/**
 * One quote and the policy it may become: a single aggregate (type {@code policy}), whose id is the quote id and,
 * once bought, the policy id, so "a quote is bought at most once" is one decider's decision. Pure: time comes in
 * each command ({@code at}, its issuedAt), prices from inputs the edge read and put in the command. The rules are
 * in {@link QuoteRules} (quoting, buying) and {@link PolicyRules} (the pool's answer, cancellation, expiry, claims).
 */
public final class CoverDecider {

    /** The pool must answer a purchase within this time, else the purchase is declined (RESERVATION_TIMEOUT). */
    public static final Duration RESERVATION_TIMEOUT = Duration.ofMinutes(2);
    /** Quotes stay valid up to this; the edge asks for 15 minutes by default. */
    public static final Duration MAX_QUOTE_VALIDITY = Duration.ofHours(24);
    /** Cover may be bought to start later, but not more than this after the purchase. */
    public static final Duration MAX_START_DELAY = Duration.ofDays(30);

    public static final String RESERVATION_TIMEOUT_CODE = "RESERVATION_TIMEOUT";
    /** An actor whose name starts with this may cancel any policy. */
    public static final String OPERATOR_ACTOR_PREFIX = "operator";

    public static final Decider<CoverCommand, CoverEvent, CoverState> DECIDER =
            Decider.of(CoverState.NONE, CoverDecider::decide, CoverDecider::evolve);

    private CoverDecider() {}

    public static Decision<CoverEvent> decide(CoverCommand command, CoverState state) {
        return switch (command) {
            case RequestQuote c -> QuoteRules.quote(c, state);
            case BuyCover c -> QuoteRules.buy(c, state);
            case ActivatePolicy c -> PolicyRules.activate(c, state);
            case DeclinePolicy c -> PolicyRules.decline(c, state);
            case CancelPolicy c -> PolicyRules.cancel(c, state);
            case ExpirePolicy c -> PolicyRules.expire(c, state);
            case ReduceCover c -> PolicyRules.reduce(c, state);
        };
    }

    /**
     * Moves the state to the phase the event leads to. An event never follows a phase it cannot follow (the
     * events are this decider's own decisions); should one, the state stays as it is.
     */
    public static CoverState evolve(CoverState state, CoverEvent event) {
        return switch (event) {
            case QuoteIssued e ->
                switch (state) {
                    case None none -> none.quoted(e);
                    case Issued issued -> issued;
                };
            case PolicyRequested e ->
                switch (state) {
                    case Quoted quoted -> quoted.requested(e);
                    case None none -> none;
                    case Bought bought -> bought;
                };
            case PolicyActivated e ->
                switch (state) {
                    case Requested requested -> requested.activated(e);
                    case None none -> none;
                    case Quoted quoted -> quoted;
                    case Active active -> active;
                    case Closed closed -> closed;
                    case Expired expired -> expired;
                    case Exhausted exhausted -> exhausted;
                };
            case PolicyDeclined e ->
                switch (state) {
                    case Requested requested -> requested.declined(e);
                    case None none -> none;
                    case Quoted quoted -> quoted;
                    case Active active -> active;
                    case Closed closed -> closed;
                    case Expired expired -> expired;
                    case Exhausted exhausted -> exhausted;
                };
            case PolicyCancelled e ->
                switch (state) {
                    case Requested requested -> requested.cancelled(e);
                    case Active active -> active.cancelled(e);
                    // a late reservation released: the policy stays declined or cancelled
                    case Closed closed -> closed.withRelease(e);
                    case None none -> none;
                    case Quoted quoted -> quoted;
                    case Expired expired -> expired;
                    case Exhausted exhausted -> exhausted;
                };
            case PolicyExpired e ->
                switch (state) {
                    case Active active -> active.expired(e);
                    case Exhausted exhausted -> exhausted.expired(e);
                    case None none -> none;
                    case Quoted quoted -> quoted;
                    case Requested requested -> requested;
                    case Closed closed -> closed;
                    case Expired expired -> expired;
                };
            // an active policy whose cover is used up closes (Exhausted)
            case CoverReduced e ->
                switch (state) {
                    case Bought bought -> bought.withReduction(e);
                    case None none -> none;
                    case Quoted quoted -> quoted;
                };
        };
    }
}
