package io.coverclaims.policy.cover;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.policy.pricing.Pricing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One quote and the policy it may become: a single aggregate, whose id is the quote id and, once bought, the
 * policy id (a quote is bought at most once). Lifecycle:
 * <pre>
 *   Quoted --BuyCover--> Requested --ActivatePolicy--> Active --ExpirePolicy--> Expired
 *                            |                           \--CancelPolicy--> Cancelled
 *                            |--DeclinePolicy (pool refused, or no answer by the reservation deadline)--> Declined
 *                            \--CancelPolicy--> Cancelled
 * </pre>
 * Pure: time comes in each command ({@code at}, the command's issuedAt), prices from inputs the edge read and
 * put in the command. Every event is kept in the state's history, so the policy's audit trail is one read away.
 */
public final class Cover {

    /** The pool must answer a purchase within this time, else the purchase is declined (RESERVATION_TIMEOUT). */
    public static final Duration RESERVATION_TIMEOUT = Duration.ofMinutes(2);
    /** Quotes stay valid between these bounds; the edge asks for 15 minutes by default. */
    public static final Duration MAX_QUOTE_VALIDITY = Duration.ofHours(24);
    /** Cover may be bought to start later, but not more than this after the purchase. */
    public static final Duration MAX_START_DELAY = Duration.ofDays(30);

    public static final String RESERVATION_TIMEOUT_CODE = "RESERVATION_TIMEOUT";
    public static final String OPERATOR_ACTOR_PREFIX = "operator";

    public enum Status { NONE, QUOTED, REQUESTED, ACTIVE, DECLINED, CANCELLED, EXPIRED }

    // ------------------------------------------------------------------------------------------ commands

    public sealed interface Command permits RequestQuote, BuyCover, ActivatePolicy, DeclinePolicy, CancelPolicy, ExpirePolicy, ReduceCover {
        Instant at();
    }

    /**
     * Pricing inputs (product snapshot, utilisation, validity) are read at the edge; null ones mean the edge
     * could not supply them.
     */
    public record RequestQuote(String quoteId, String productId, String holder, long coverAmount, int periodDays, String poolId,
                               Long utilisationPpm, String asset, Integer floorRateBps, Integer ceilingRateBps,
                               Integer minAnnualRateBps, Integer minPeriodDays, Integer maxPeriodDays, Long validityMs,
                               Instant at) implements Command {
    }

    public record BuyCover(String policyId, String quoteId, String holder, Instant startAt, String premiumPaymentRef, Instant at)
            implements Command {
    }

    public record ActivatePolicy(String policyId, String poolId, String reservationId, long reservedAmount, Instant at)
            implements Command {
    }

    public record DeclinePolicy(String policyId, String reasonCode, String reason, Long availableCapacity, Instant at)
            implements Command {
    }

    /** {@code requestedBy} is the command's actor: the holder's address, or an operator. */
    public record CancelPolicy(String policyId, String reason, String requestedBy, Instant at) implements Command {
    }

    public record ExpirePolicy(String policyId, Instant at) implements Command {
    }

    /** From claim-service's settlement (via its process manager): a settled claim uses up part of the cover. */
    public record ReduceCover(String policyId, String claimId, long amount, Instant at) implements Command {
    }

    // -------------------------------------------------------------------------------------------- events

    public sealed interface Event permits QuoteIssued, PolicyRequested, PolicyActivated, PolicyDeclined, PolicyCancelled, PolicyExpired,
            CoverReduced {
        Instant at();
    }

    public record QuoteIssued(String quoteId, String productId, String holder, String poolId, String asset, long coverAmount,
                              int periodDays, long utilisationPpm, int floorRateBps, int ceilingRateBps, int minAnnualRateBps,
                              long annualRatePpm, long premium, Instant expiresAt, int minPeriodDays, int maxPeriodDays,
                              Instant at) implements Event {
    }

    public record PolicyRequested(String policyId, String quoteId, String productId, String poolId, String holder, String asset,
                                  long coverAmount, long premium, long annualRatePpm, Instant startAt, Instant endAt,
                                  String premiumPaymentRef, Instant reservationDeadline, Instant at) implements Event {
    }

    public record PolicyActivated(String policyId, String productId, String poolId, String holder, String asset,
                                  String reservationId, long coverAmount, long premium, Instant startAt, Instant endAt,
                                  Instant at) implements Event {
    }

    public record PolicyDeclined(String policyId, String poolId, String holder, String reasonCode, String reason,
                                 Long availableCapacity, long premiumRefund, Instant at) implements Event {
    }

    /**
     * Also the compensation of a reservation that arrives after the purchase was declined or cancelled: then it
     * names that reservation, refunds nothing more, and leaves the status as it was.
     */
    public record PolicyCancelled(String policyId, String poolId, String holder, String reservationId, String reason,
                                  long unusedPeriodPpm, long premiumRefund, Instant at) implements Event {
    }

    public record PolicyExpired(String policyId, String poolId, String reservationId, Instant endAt, Instant at) implements Event {
    }

    public record CoverReduced(String policyId, String claimId, long amount, long remainingCover, Instant at) implements Event {
    }

    // --------------------------------------------------------------------------------------------- state

    public record State(Status status, QuoteIssued quote, PolicyRequested request, String reservationId,
                        String declineReasonCode, List<String> releasedReservations, List<Event> history) {

        public static final State NONE = new State(Status.NONE, null, null, null, null, List.of(), List.of());

        State with(Status status, Event event) {
            return new State(status, quote, request, reservationId, declineReasonCode, releasedReservations, append(event));
        }

        List<Event> append(Event event) {
            List<Event> events = new ArrayList<>(history.size() + 1);
            events.addAll(history);
            events.add(event);
            return List.copyOf(events);
        }

        public boolean bought() {
            return request != null;
        }

        /** Cover left after the settled claims. */
        public long remainingCover() {
            long used = history.stream().filter(CoverReduced.class::isInstance).mapToLong(e -> ((CoverReduced) e).amount()).sum();
            return request == null ? 0 : request.coverAmount() - used;
        }

        boolean reducedFor(String claimId) {
            return history.stream().anyMatch(e -> e instanceof CoverReduced r && r.claimId().equals(claimId));
        }
    }

    // ------------------------------------------------------------------------------------------- decider

    public static final Decider<Command, Event, State> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return State.NONE;
        }

        @Override
        public Decision<Event> decide(Command command, State state) {
            return switch (command) {
                case RequestQuote c -> quote(c, state);
                case BuyCover c -> buy(c, state);
                case ActivatePolicy c -> activate(c, state);
                case DeclinePolicy c -> decline(c, state);
                case CancelPolicy c -> cancel(c, state);
                case ExpirePolicy c -> expire(c, state);
                case ReduceCover c -> reduce(c, state);
            };
        }

        @Override
        public State evolve(State s, Event event) {
            return switch (event) {
                case QuoteIssued e -> new State(Status.QUOTED, e, null, null, null, List.of(), s.append(e));
                case PolicyRequested e -> new State(Status.REQUESTED, s.quote(), e, null, null, s.releasedReservations(), s.append(e));
                case PolicyActivated e -> new State(Status.ACTIVE, s.quote(), s.request(), e.reservationId(), null,
                        s.releasedReservations(), s.append(e));
                case PolicyDeclined e -> new State(Status.DECLINED, s.quote(), s.request(), s.reservationId(), e.reasonCode(),
                        s.releasedReservations(), s.append(e));
                case PolicyCancelled e -> {
                    List<String> released = new ArrayList<>(s.releasedReservations());
                    if (e.reservationId() != null) {
                        released.add(e.reservationId());
                    }
                    Status status = s.status() == Status.DECLINED ? Status.DECLINED : Status.CANCELLED;
                    yield new State(status, s.quote(), s.request(), s.reservationId() != null ? s.reservationId() : e.reservationId(),
                            s.declineReasonCode(), List.copyOf(released), s.append(e));
                }
                case PolicyExpired e -> s.with(Status.EXPIRED, e);
                case CoverReduced e -> s.with(s.status(), e);
            };
        }
    };

    // ----------------------------------------------------------------------------------------------- rules

    private static Decision<Event> quote(RequestQuote c, State state) {
        if (state.status() != Status.NONE) {
            return Decision.reject("QUOTE_ALREADY_ISSUED", "quote " + c.quoteId() + " exists already", "quoteId");
        }
        if (c.floorRateBps() == null || c.ceilingRateBps() == null || c.minAnnualRateBps() == null || c.asset() == null
                || c.minPeriodDays() == null || c.maxPeriodDays() == null) {
            return Decision.reject("PRODUCT_NOT_FOUND", "the quote carries no terms of product " + c.productId(), "productId");
        }
        if (c.poolId() == null || c.poolId().isBlank()) {
            return Decision.reject("NO_POOL", "no pool underwrites product " + c.productId(), "poolId");
        }
        if (c.utilisationPpm() == null || c.utilisationPpm() < 0 || c.utilisationPpm() > Pricing.PPM) {
            return Decision.reject("INVALID_UTILISATION", "the pool's utilisation must be 0 to 1e6 ppm", "utilisationPpm");
        }
        if (c.coverAmount() <= 0) {
            return Decision.reject("INVALID_COVER_AMOUNT", "cover must be a positive amount of minor units", "coverAmount");
        }
        if (c.periodDays() < c.minPeriodDays() || c.periodDays() > c.maxPeriodDays()) {
            return Decision.reject("PERIOD_OUT_OF_BOUNDS", "product " + c.productId() + " sells cover of " + c.minPeriodDays()
                    + " to " + c.maxPeriodDays() + " days", "periodDays");
        }
        if (c.validityMs() == null || c.validityMs() <= 0 || c.validityMs() > MAX_QUOTE_VALIDITY.toMillis()) {
            return Decision.reject("INVALID_QUOTE_VALIDITY", "a quote is valid for up to " + MAX_QUOTE_VALIDITY, "validityMs");
        }
        long rate = Pricing.annualRatePpm(c.floorRateBps(), c.ceilingRateBps(), c.minAnnualRateBps(), c.utilisationPpm());
        long premium;
        try {
            premium = Pricing.premium(c.coverAmount(), rate, c.periodDays());
        } catch (ArithmeticException tooLarge) {
            return Decision.reject("INVALID_COVER_AMOUNT", "the premium of this cover does not fit in 64 bits", "coverAmount");
        }
        return Decision.accept(new QuoteIssued(c.quoteId(), c.productId(), c.holder(), c.poolId(), c.asset(), c.coverAmount(),
                c.periodDays(), c.utilisationPpm(), c.floorRateBps(), c.ceilingRateBps(), c.minAnnualRateBps(), rate, premium,
                c.at().plusMillis(c.validityMs()), c.minPeriodDays(), c.maxPeriodDays(), c.at()));
    }

    private static Decision<Event> buy(BuyCover c, State state) {
        if (state.status() == Status.NONE) {
            return Decision.reject("QUOTE_NOT_FOUND", "no quote " + c.quoteId(), "quoteId");
        }
        if (!c.policyId().equals(c.quoteId())) {
            return Decision.reject("POLICY_ID_MISMATCH", "a policy takes the id of the quote it was bought on", "policyId");
        }
        if (state.bought()) {
            return Decision.reject("QUOTE_ALREADY_USED", "quote " + c.quoteId() + " was bought already", "quoteId");
        }
        QuoteIssued quote = state.quote();
        if (!quote.holder().equalsIgnoreCase(c.holder())) {
            return Decision.reject("HOLDER_MISMATCH", "the quote was issued to another address", "holder");
        }
        if (!c.at().isBefore(quote.expiresAt())) {
            return Decision.reject("QUOTE_EXPIRED", "quote " + c.quoteId() + " expired at " + quote.expiresAt(), "quoteId");
        }
        Instant startAt = c.startAt() == null ? c.at() : c.startAt();
        if (startAt.isBefore(c.at())) {
            return Decision.reject("START_IN_THE_PAST", "cover cannot start before it is bought", "startAt");
        }
        if (startAt.isAfter(c.at().plus(MAX_START_DELAY))) {
            return Decision.reject("START_TOO_LATE", "cover must start within " + MAX_START_DELAY.toDays() + " days", "startAt");
        }
        Instant endAt = startAt.plus(Duration.ofDays(quote.periodDays()));
        return Decision.accept(new PolicyRequested(c.policyId(), quote.quoteId(), quote.productId(), quote.poolId(), quote.holder(),
                quote.asset(), quote.coverAmount(), quote.premium(), quote.annualRatePpm(), startAt, endAt, c.premiumPaymentRef(),
                c.at().plus(RESERVATION_TIMEOUT), c.at()));
    }

    private static Decision<Event> activate(ActivatePolicy c, State state) {
        return switch (state.status()) {
            case NONE, QUOTED -> Decision.reject("POLICY_NOT_FOUND", "no purchase of " + c.policyId(), "policyId");
            case REQUESTED -> {
                PolicyRequested r = state.request();
                yield Decision.accept(new PolicyActivated(r.policyId(), r.productId(), c.poolId(), r.holder(), r.asset(),
                        c.reservationId(), r.coverAmount(), r.premium(), r.startAt(), r.endAt(), c.at()));
            }
            // the same reservation again, or one that lands after the policy ended: nothing to do
            case ACTIVE, EXPIRED -> Decision.nothingToDo();
            // compensation: the purchase was declined or cancelled before the pool answered; give the capacity back
            case DECLINED, CANCELLED -> state.releasedReservations().contains(c.reservationId())
                    ? Decision.nothingToDo()
                    : Decision.accept(new PolicyCancelled(c.policyId(), c.poolId(), state.request().holder(), c.reservationId(),
                    "RESERVATION_AFTER_" + state.status() + ": capacity reserved after the purchase ended is released",
                    Pricing.PPM, 0, c.at()));
        };
    }

    private static Decision<Event> decline(DeclinePolicy c, State state) {
        return switch (state.status()) {
            case NONE, QUOTED -> Decision.reject("POLICY_NOT_FOUND", "no purchase of " + c.policyId(), "policyId");
            case REQUESTED -> {
                if (RESERVATION_TIMEOUT_CODE.equals(c.reasonCode()) && c.at().isBefore(state.request().reservationDeadline())) {
                    yield Decision.reject("NOT_DUE", "the reservation deadline is " + state.request().reservationDeadline(), "policyId");
                }
                PolicyRequested r = state.request();
                yield Decision.accept(new PolicyDeclined(r.policyId(), r.poolId(), r.holder(), c.reasonCode(), c.reason(),
                        c.availableCapacity(), r.premium(), c.at()));
            }
            // the pool answered first (or the decline comes late): the policy keeps its outcome
            case ACTIVE, DECLINED, CANCELLED, EXPIRED -> Decision.nothingToDo();
        };
    }

    private static Decision<Event> cancel(CancelPolicy c, State state) {
        if (!state.bought()) {
            return Decision.reject("POLICY_NOT_FOUND", "no policy " + c.policyId(), "policyId");
        }
        PolicyRequested r = state.request();
        boolean operator = c.requestedBy() != null && c.requestedBy().startsWith(OPERATOR_ACTOR_PREFIX);
        if (!operator && !r.holder().equalsIgnoreCase(c.requestedBy())) {
            return Decision.reject("NOT_POLICY_HOLDER", "only the holder or an operator may cancel a policy", "holder");
        }
        if (c.reason() == null || c.reason().isBlank()) {
            return Decision.reject("REASON_REQUIRED", "say why the policy is cancelled", "reason");
        }
        return switch (state.status()) {
            case REQUESTED -> Decision.accept(new PolicyCancelled(r.policyId(), r.poolId(), r.holder(), null, c.reason(),
                    Pricing.PPM, r.premium(), c.at()));
            case ACTIVE -> {
                if (!c.at().isBefore(r.endAt())) {
                    yield Decision.reject("POLICY_ENDED", "the cover period ended at " + r.endAt(), "policyId");
                }
                long unused = Pricing.unusedPeriodPpm(r.startAt(), r.endAt(), c.at());
                yield Decision.accept(new PolicyCancelled(r.policyId(), r.poolId(), r.holder(), state.reservationId(), c.reason(),
                        unused, Pricing.refund(r.premium(), unused), c.at()));
            }
            default -> Decision.reject("POLICY_NOT_CANCELLABLE", "policy " + c.policyId() + " is " + state.status(), "policyId");
        };
    }

    private static Decision<Event> expire(ExpirePolicy c, State state) {
        return switch (state.status()) {
            case NONE, QUOTED -> Decision.reject("POLICY_NOT_FOUND", "no policy " + c.policyId(), "policyId");
            case ACTIVE -> c.at().isBefore(state.request().endAt())
                    ? Decision.reject("NOT_DUE", "cover runs until " + state.request().endAt(), "policyId")
                    : Decision.accept(new PolicyExpired(c.policyId(), state.request().poolId(), state.reservationId(),
                    state.request().endAt(), c.at()));
            // never active, or already ended: nothing to expire
            case REQUESTED, DECLINED, CANCELLED, EXPIRED -> Decision.nothingToDo();
        };
    }

    private static Decision<Event> reduce(ReduceCover c, State state) {
        return switch (state.status()) {
            case NONE, QUOTED -> Decision.reject("POLICY_NOT_FOUND", "no policy " + c.policyId(), "policyId");
            // never covered anything
            case REQUESTED, DECLINED -> Decision.reject("POLICY_NOT_ACTIVE", "policy " + c.policyId() + " was never active", "policyId");
            // a loss during cover may settle after the policy ended
            case ACTIVE, EXPIRED, CANCELLED -> {
                if (state.reducedFor(c.claimId())) {
                    yield Decision.nothingToDo();
                }
                if (c.amount() <= 0) {
                    yield Decision.reject("INVALID_AMOUNT", "a settled amount is positive", "amount");
                }
                long remaining = state.remainingCover();
                if (c.amount() > remaining) {
                    yield Decision.reject("COVER_EXCEEDED", "only " + remaining + " of cover is left", "amount");
                }
                yield Decision.accept(new CoverReduced(c.policyId(), c.claimId(), c.amount(), remaining - c.amount(), c.at()));
            }
        };
    }

    private Cover() {
    }
}
