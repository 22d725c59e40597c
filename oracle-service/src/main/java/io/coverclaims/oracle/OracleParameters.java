package io.coverclaims.oracle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The configured defaults the oracle edge fills in when an operator leaves a field out and governance has set no value
 * ({@link GovernedOracleParameters}).
 * Each command carries the values it was sent with, and its events record them, so changing a default never changes
 * a feed or a trigger already defined, and a replay never reads them.
 */
@ConfigMapping(prefix = "coverclaims.oracle")
public interface OracleParameters {

    /** A new feed's quorum rule. */
    Feed feed();

    /** A new DEPEG trigger's rule: below 0.995 and not back to 0.999 within 24 h. */
    Depeg depeg();

    /** How often the deadline scheduler looks for due deadlines (an armed trigger's firesAt). */
    @WithDefault("1s")
    Duration deadlineCheckInterval();

    interface Feed {
        /** k: fresh, agreeing sources needed for a quorum price. */
        @WithDefault("2")
        int quorum();

        /** Most a price may differ from the median and still agree, ppm of the median (20000 = 2 %). */
        @WithDefault("20000")
        int maxDeviationPpm();

        /** Older observations do not count. */
        @WithDefault("PT1H")
        Duration maxStaleness();
    }

    interface Depeg {
        /** Arms when a quorum price is below this, 1e-8 (0.995). */
        @WithDefault("99500000")
        long thresholdPriceE8();

        /** Disarms when a quorum price is at or above this, 1e-8 (0.999). */
        @WithDefault("99900000")
        long recoveryPriceE8();

        /** Fires when armed this long without recovery. */
        @WithDefault("PT24H")
        Duration window();

        /** The depeg price used for the payout is never below this, 1e-8 (0: no floor). */
        @WithDefault("0")
        long minDepegPriceE8();
    }
}
