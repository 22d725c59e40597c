package io.coverclaims.governance.saga;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The circuit breakers' settings. The breakers apply the governed parameters governance.breaker.payoutSharePpm,
 * payoutWindowMs and feedUnreliableWindowMs as in force at each event's time ({@link GovernedBreakerParameters});
 * payout-share-ppm, payout-window-ms and feed-unreliable-window-ms (defaults: the catalogue's) are only the fallback
 * before genesis has initialized them, or while the governance view has not caught up after {@link #viewWait()}.
 */
@ConfigMapping(prefix = "coverclaims.governance.breaker")
public interface CircuitBreakerSettings {

    /** Payouts in the window above this share of a pool's capital pause its payouts, ppm (200000 = 20 %). */
    @WithDefault("200000")
    long payoutSharePpm();

    /** The trailing window payouts are summed over, ms (24 h). */
    @WithDefault("86400000")
    long payoutWindowMs();

    /** A feed unreliable for longer than this pauses its parametric triggers, ms (1 h). */
    @WithDefault("3600000")
    long feedUnreliableWindowMs();

    /**
     * How long a breaker waits for the governance view to catch up (at start) before it decides with the configured
     * values (logged). Below the Streams poll interval (max.poll.interval.ms, 5 min).
     */
    @WithDefault("30s")
    Duration viewWait();

    /** How often the wall clock is checked for unreliable feeds past their window. */
    @WithDefault("1s")
    Duration checkInterval();

    /** The configured values: the fallback of the governed ones. */
    default BreakerParameters parameters() {
        return BreakerParameters.of(payoutSharePpm(), payoutWindowMs(), feedUnreliableWindowMs());
    }
}
