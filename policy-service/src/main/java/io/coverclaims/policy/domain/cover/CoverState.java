package io.coverclaims.policy.domain.cover;

import io.coverclaims.platform.money.Money;
import io.coverclaims.policy.domain.cover.CoverEvent.CoverReduced;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyActivated;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyCancelled;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyDeclined;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyExpired;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyRequested;
import io.coverclaims.policy.domain.cover.CoverEvent.QuoteIssued;
import java.util.ArrayList;
import java.util.List;

/**
 * One record per phase of a quote and the policy bought on it:
 * <pre>
 *   None --QuoteIssued--> Quoted --PolicyRequested--> Requested --PolicyActivated--> Active --PolicyExpired--> Expired
 *                                                         |                             |--PolicyCancelled--> Cancelled
 *                                                         |                             \--CoverReduced to 0--> Exhausted
 *                                                         |--PolicyDeclined--> Declined              (--PolicyExpired--> Expired)
 *                                                         \--PolicyCancelled--> Cancelled
 * </pre>
 * Each phase holds what is known in it, nothing nullable "for later". Every phase keeps the whole history: the
 * policy's audit trail, served by the API.
 */
public sealed interface CoverState {

    CoverState NONE = new None();

    /** Every event of the aggregate, oldest first. */
    List<CoverEvent> history();

    /** The phase's name as the API and the rejection messages show it. */
    default String status() {
        return switch (this) {
            case None none -> "NONE";
            case Quoted quoted -> "QUOTED";
            case Requested requested -> "REQUESTED";
            case Active active -> "ACTIVE";
            case Declined declined -> "DECLINED";
            case Cancelled cancelled -> "CANCELLED";
            case Expired expired -> "EXPIRED";
            case Exhausted exhausted -> "EXHAUSTED";
        };
    }

    /** Nothing yet: the id is free for a quote. */
    record None() implements CoverState {
        @Override
        public List<CoverEvent> history() {
            return List.of();
        }

        Quoted quoted(QuoteIssued quote) {
            return new Quoted(quote, List.of(quote));
        }
    }

    /** A quote was issued: every phase but {@link None}. */
    sealed interface Issued extends CoverState {
        QuoteIssued quote();
    }

    /** Priced, not bought (maybe expired: the quote's {@code expiresAt} says). */
    record Quoted(QuoteIssued quote, List<CoverEvent> history) implements Issued {
        public Quoted {
            history = List.copyOf(history);
        }

        Requested requested(PolicyRequested request) {
            return new Requested(quote, request, append(history, request));
        }
    }

    /** The quote was bought: the policy exists, whatever became of it. */
    sealed interface Bought extends Issued {
        PolicyRequested request();

        /** The pool's reservation the policy holds or held; null while none reached it. */
        String reservationId();

        /** The same phase with a settled claim recorded. */
        Bought withReduction(CoverReduced reduction);

        /** Cover left after the settled claims. */
        default Money remainingCover() {
            Money used = history().stream()
                    .filter(CoverReduced.class::isInstance)
                    .map(e -> ((CoverReduced) e).amount())
                    .reduce(Money.ZERO, Money::plus);
            return request().coverAmount().minusOrZero(used);
        }

        default boolean reducedFor(String claimId) {
            return history().stream()
                    .anyMatch(e -> e instanceof CoverReduced r && r.claimId().equals(claimId));
        }
    }

    /** Bought, waiting for the pool's reservation until {@code request().reservationDeadline()}. */
    record Requested(QuoteIssued quote, PolicyRequested request, List<CoverEvent> history) implements Bought {
        public Requested {
            history = List.copyOf(history);
        }

        @Override
        public String reservationId() {
            return null;
        }

        Active activated(PolicyActivated activation) {
            return new Active(quote, request, activation.reservationId(), append(history, activation));
        }

        Declined declined(PolicyDeclined decline) {
            return new Declined(quote, request, decline.reasonCode(), null, List.of(), append(history, decline));
        }

        Cancelled cancelled(PolicyCancelled cancellation) {
            return new Cancelled(
                    quote,
                    request,
                    cancellation.reservationId(),
                    released(List.of(), cancellation),
                    append(history, cancellation));
        }

        @Override
        public Requested withReduction(CoverReduced reduction) {
            return new Requested(quote, request, append(history, reduction));
        }
    }

    /** Covering its holder from {@code request().startAt()} to {@code request().endAt()}. */
    record Active(QuoteIssued quote, PolicyRequested request, String reservationId, List<CoverEvent> history)
            implements Bought {
        public Active {
            history = List.copyOf(history);
        }

        Cancelled cancelled(PolicyCancelled cancellation) {
            return new Cancelled(
                    quote,
                    request,
                    reservationId != null ? reservationId : cancellation.reservationId(),
                    released(List.of(), cancellation),
                    append(history, cancellation));
        }

        Expired expired(PolicyExpired expiry) {
            return new Expired(quote, request, reservationId, append(history, expiry));
        }

        /** Still covering, or closed ({@link Exhausted}) when the reduction left no cover. */
        @Override
        public Bought withReduction(CoverReduced reduction) {
            List<CoverEvent> next = append(history, reduction);
            return reduction.remainingCover().isZero()
                    ? new Exhausted(quote, request, reservationId, next)
                    : new Active(quote, request, reservationId, next);
        }
    }

    /**
     * Closed early: settled claims used up all of the cover, so nothing more can be claimed, and there is nothing left
     * to cancel (no premium refund for cover that paid out in full). The pool's reservation is released when the cover
     * period ends, as for an active policy ({@code PolicyExpired}).
     */
    record Exhausted(QuoteIssued quote, PolicyRequested request, String reservationId, List<CoverEvent> history)
            implements Bought {
        public Exhausted {
            history = List.copyOf(history);
        }

        Expired expired(PolicyExpired expiry) {
            return new Expired(quote, request, reservationId, append(history, expiry));
        }

        @Override
        public Exhausted withReduction(CoverReduced reduction) {
            return new Exhausted(quote, request, reservationId, append(history, reduction));
        }
    }

    /** Declined or cancelled: a reservation reaching the policy now is released (once). */
    sealed interface Closed extends Bought {
        /** The reservations named by a cancellation, so released (or to be released) by the pool. */
        List<String> releasedReservations();

        /** The same phase with a released reservation recorded. */
        Closed withRelease(PolicyCancelled release);
    }

    /** The pool refused, or did not answer in time ({@code reasonCode} RESERVATION_TIMEOUT). */
    record Declined(
            QuoteIssued quote,
            PolicyRequested request,
            String reasonCode,
            String reservationId,
            List<String> releasedReservations,
            List<CoverEvent> history)
            implements Closed {
        public Declined {
            releasedReservations = List.copyOf(releasedReservations);
            history = List.copyOf(history);
        }

        @Override
        public Declined withRelease(PolicyCancelled release) {
            return new Declined(
                    quote,
                    request,
                    reasonCode,
                    reservationId != null ? reservationId : release.reservationId(),
                    released(releasedReservations, release),
                    append(history, release));
        }

        @Override
        public Declined withReduction(CoverReduced reduction) {
            return new Declined(
                    quote, request, reasonCode, reservationId, releasedReservations, append(history, reduction));
        }
    }

    /** Cancelled by its holder or an operator, before or during cover. */
    record Cancelled(
            QuoteIssued quote,
            PolicyRequested request,
            String reservationId,
            List<String> releasedReservations,
            List<CoverEvent> history)
            implements Closed {
        public Cancelled {
            releasedReservations = List.copyOf(releasedReservations);
            history = List.copyOf(history);
        }

        @Override
        public Cancelled withRelease(PolicyCancelled release) {
            return new Cancelled(
                    quote,
                    request,
                    reservationId != null ? reservationId : release.reservationId(),
                    released(releasedReservations, release),
                    append(history, release));
        }

        @Override
        public Cancelled withReduction(CoverReduced reduction) {
            return new Cancelled(quote, request, reservationId, releasedReservations, append(history, reduction));
        }
    }

    /** Cover ran to its end. */
    record Expired(QuoteIssued quote, PolicyRequested request, String reservationId, List<CoverEvent> history)
            implements Bought {
        public Expired {
            history = List.copyOf(history);
        }

        @Override
        public Expired withReduction(CoverReduced reduction) {
            return new Expired(quote, request, reservationId, append(history, reduction));
        }
    }

    private static List<CoverEvent> append(List<CoverEvent> history, CoverEvent event) {
        List<CoverEvent> events = new ArrayList<>(history.size() + 1);
        events.addAll(history);
        events.add(event);
        return List.copyOf(events);
    }

    private static List<String> released(List<String> released, PolicyCancelled cancellation) {
        if (cancellation.reservationId() == null) {
            return released;
        }
        List<String> more = new ArrayList<>(released);
        more.add(cancellation.reservationId());
        return List.copyOf(more);
    }
}
