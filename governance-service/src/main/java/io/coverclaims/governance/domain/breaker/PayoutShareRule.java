package io.coverclaims.governance.domain.breaker;

import io.coverclaims.governance.domain.breaker.PoolMovement.CapitalRecorded;
import io.coverclaims.governance.domain.breaker.PoolMovement.PayoutReleased;
import io.coverclaims.governance.domain.breaker.PoolMovement.PayoutReserved;
import io.coverclaims.governance.domain.breaker.PoolMovement.PremiumCredited;
import io.coverclaims.governance.domain.breaker.PoolPayouts.Payout;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The payout breaker, PAYOUT_SHARE_24H (docs/governance.md, "Circuit breakers"): the payouts a pool reserved within
 * the trailing window add up to more than the governed share of its capital, so its payouts are paused.
 *
 * <ul>
 *   <li><b>What counts</b>: PayoutReserved's reservedAmount, the moment a claim is settled (what will leave the pool;
 *       its redemption may follow at any time, there is no redemption deadline). A released reservation stops
 *       counting. Tripping on reservations pauses the pool before the money leaves it; PayoutDisbursed would trip
 *       only once it has, and only as fast as claimants happen to redeem.
 *   <li><b>The window</b>: {@code (t - windowMs, t]} at the time {@code t} of the event being applied: a payout
 *       exactly {@code windowMs} old has slid out.
 *   <li><b>Capital</b>: the pool's capital now (the totalStake last recorded in pool.events, plus premiums credited
 *       and payouts released since, exactly as pool-service books them), with what the window's own payouts were
 *       charged added back: the capital those payouts were drawn from. Deposits and withdrawals count as they happen;
 *       a payout does not shrink the base it is measured against (a single 17 % payout does not trip a 20 % breaker
 *       because it left 83 %).
 *   <li><b>The comparison</b>: {@code limit = floor(capital x sharePpm / 1e6)}, trip when {@code observed > limit}:
 *       the floor lowers the limit and equality does not trip, both by at most one unit, in the direction of safety.
 *   <li><b>Once</b>: one trip per breach. The breach is over when, at a later event, the window's payouts are back at or
 *       under the limit (old payouts slid out, a reservation released, capital added); a new breach trips again.
 * </ul>
 *
 * Pure: time is the events' time, and the parameters come with each call and are recorded in the trip.
 */
public final class PayoutShareRule {

    public static final String RULE = "PAYOUT_SHARE_24H";

    static final long PPM = 1_000_000;

    private PayoutShareRule() {}

    /** The governed rule: the share of capital in ppm and the trailing window in ms. */
    public record Parameters(long sharePpm, long windowMs) {
        public Parameters {
            if (sharePpm < 1 || sharePpm > PPM) {
                throw new IllegalArgumentException("sharePpm must be 1 to 1000000, not " + sharePpm);
            }
            if (windowMs < 1) {
                throw new IllegalArgumentException("windowMs must be positive, not " + windowMs);
            }
        }
    }

    /** The pool's breaker state after an event, and the trip the event caused, if any. */
    public record Outcome(PoolPayouts state, Optional<BreakerTrip> trip) {}

    /**
     * The rule's figures at {@code at}.
     *
     * @param observed payouts reserved in the window
     * @param capital the capital they are measured against
     * @param limit {@code floor(capital x sharePpm / 1e6)}
     * @param windowStart the window's open start: payouts at or before it do not count
     */
    public record Figures(
            BigInteger observed,
            BigInteger capital,
            BigInteger charged,
            BigInteger limit,
            Instant windowStart,
            int payouts) {

        public boolean above() {
            return observed.compareTo(limit) > 0;
        }
    }

    /** Applies one of the pool's movements at its time: slides the window, books the movement, checks the rule. */
    public static Outcome apply(PoolPayouts state, PoolMovement movement, Parameters parameters) {
        Instant at = movement.at();
        PoolPayouts slid = slide(state, at, parameters);
        if (slid.tripped() && !figures(slid, at, parameters).above()) {
            slid = slid.withTripped(false); // the breach ended before this event: a new one trips again
        }
        PoolPayouts moved = book(slid, movement);
        Figures figures = figures(moved, at, parameters);
        if (!figures.above()) {
            return new Outcome(moved.withTripped(false), Optional.empty());
        }
        if (moved.tripped()) {
            return new Outcome(moved, Optional.empty());
        }
        return new Outcome(moved.withTripped(true), Optional.of(trip(moved, figures, at, parameters)));
    }

    /** The figures the rule sees in {@code state} at {@code at} (payouts outside the window left out). */
    public static Figures figures(PoolPayouts state, Instant at, Parameters parameters) {
        Instant windowStart = at.minusMillis(parameters.windowMs());
        BigInteger observed = BigInteger.ZERO;
        BigInteger charged = BigInteger.ZERO;
        int count = 0;
        for (Payout payout : state.payouts()) {
            if (inWindow(payout, windowStart)) {
                observed = observed.add(payout.reserved());
                charged = charged.add(payout.charged());
                count++;
            }
        }
        BigInteger capital = state.capital().add(charged).max(BigInteger.ZERO);
        BigInteger limit = capital.multiply(BigInteger.valueOf(parameters.sharePpm()))
                .divide(BigInteger.valueOf(PPM)); // non-negative: the floor
        return new Figures(observed, capital, charged, limit, windowStart, count);
    }

    private static boolean inWindow(Payout payout, Instant windowStart) {
        return payout.at().isAfter(windowStart);
    }

    private static PoolPayouts slide(PoolPayouts state, Instant at, Parameters parameters) {
        Instant windowStart = at.minusMillis(parameters.windowMs());
        if (state.payouts().stream().allMatch(p -> inWindow(p, windowStart))) {
            return state;
        }
        return state.withPayouts(
                state.payouts().stream().filter(p -> inWindow(p, windowStart)).toList());
    }

    private static PoolPayouts book(PoolPayouts state, PoolMovement movement) {
        return switch (movement) {
            case CapitalRecorded m -> state.withCapital(m.totalStake(), m.at());
            case PremiumCredited m -> state.withCapital(state.capital().add(m.credited()), m.at());
            case PayoutReserved m -> {
                List<Payout> payouts = new ArrayList<>(without(state.payouts(), m.payoutId()));
                payouts.add(new Payout(m.payoutId(), m.at(), m.reserved(), m.charged()));
                yield state.withPayouts(payouts).withCapital(m.totalStakeAfter(), m.at());
            }
            case PayoutReleased m ->
                state.withPayouts(without(state.payouts(), m.payoutId()))
                        .withCapital(state.capital().add(m.returned()), m.at());
        };
    }

    private static List<Payout> without(List<Payout> payouts, String payoutId) {
        return payouts.stream().filter(p -> !p.payoutId().equals(payoutId)).toList();
    }

    private static BreakerTrip trip(PoolPayouts state, Figures figures, Instant at, Parameters parameters) {
        String detail = "payouts reserved by pool " + state.poolId() + " in the window (" + figures.windowStart()
                + ", " + at + "]: " + figures.payouts() + " payout(s), " + figures.observed() + " in all; capital "
                + figures.capital() + " = the pool's capital " + state.capital() + " (as of "
                + state.capitalRecordedAt().map(Instant::toString).orElse("never recorded") + ") + "
                + figures.charged() + " charged by those payouts; limit floor(" + figures.capital() + " x "
                + parameters.sharePpm() + " / 1000000) = " + figures.limit() + "; window " + parameters.windowMs()
                + " ms";
        return new BreakerTrip(
                RULE,
                BreakerFlag.PAYOUTS,
                state.poolId(),
                figures.observed(),
                figures.limit(),
                parameters.sharePpm(),
                parameters.windowMs(),
                detail,
                at);
    }
}
