package io.coverclaims.governance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Governance-service's own settings. The governed parameters themselves are not here: they start at the catalogue's
 * defaults, overridden per deployment by {@code coverclaims.governance.genesis."<name>"=<value>} (read by
 * {@link GovernanceGenesis}), and change only by proposals.
 */
@ConfigMapping(prefix = "coverclaims.governance")
public interface GovernanceParameters {

    /** How often the deadline scheduler looks for due deadlines (voting ends, timelocks, pause request expiry). */
    @WithDefault("1s")
    Duration deadlineCheckInterval();

    /**
     * The genesis guardian set, used only while none exists: addresses, or {@code dev:N} for development key N
     * (platform DevelopmentKeys; the default is dev:7, dev:8 and dev:9).
     */
    @WithDefault("dev:7,dev:8,dev:9")
    List<String> guardians();

    /** The genesis threshold k: how many different guardians must sign a pause or unpause. */
    @WithDefault("2")
    int guardianThreshold();

    /**
     * Genesis values overriding the catalogue's defaults: {@code coverclaims.governance.genesis."<name>"=<value>}, a
     * decimal integer (durations in ms). Empty: every parameter starts at its default.
     */
    Map<String, String> genesis();

    /** Whether genesis runs at start-up (tests that drive the aggregates themselves turn it off). */
    @WithDefault("true")
    boolean genesisEnabled();
}
