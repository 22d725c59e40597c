package io.coverclaims.governance.saga;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The circuit breakers' settings. payout-share-ppm, payout-window-ms and feed-unreliable-window-ms stand in for the
 * governed parameters governance.breaker.payoutSharePpm, payoutWindowMs and feedUnreliableWindowMs (defaults: the
 * catalogue's) until the kernel's governed-parameter reader serves this service.
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

    /** How often the wall clock is checked for unreliable feeds past their window. */
    @WithDefault("1s")
    Duration checkInterval();

    default BreakerParameters parameters() {
        return BreakerParameters.of(payoutSharePpm(), payoutWindowMs(), feedUnreliableWindowMs());
    }
}
