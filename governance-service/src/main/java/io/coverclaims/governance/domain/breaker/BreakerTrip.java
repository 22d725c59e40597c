package io.coverclaims.governance.domain.breaker;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A circuit breaker's finding: the rule broken, the flag and scope it pauses, and the figures, with the governed
 * parameters applied (recorded in TripCircuitBreaker and CircuitBreakerTripped, so nobody needs today's parameters to
 * understand a trip).
 *
 * @param observed what was measured: payouts in the window (token units) or how long the feed was unreliable (ms)
 * @param limit the limit {@code observed} exceeded, in the same unit ({@code observed > limit} always holds)
 * @param thresholdPpm the share of capital in ppm (payouts), 0 (feeds)
 * @param windowMs the window the rule applied
 * @param at when the rule was broken: the payout event's time, or the feed's deadline
 */
public record BreakerTrip(
        String rule,
        BreakerFlag flag,
        String scope,
        BigInteger observed,
        BigInteger limit,
        long thresholdPpm,
        long windowMs,
        String detail,
        Instant at) {

    public BreakerTrip {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
        if (observed.compareTo(limit) <= 0) {
            throw new IllegalArgumentException("a trip needs observed " + observed + " above the limit " + limit);
        }
    }
}
