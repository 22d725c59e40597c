package io.coverclaims.oracle;

import io.coverclaims.platform.governance.Governance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The defaults a new feed or DEPEG trigger takes when its definition leaves a rule out: the governed value from
 * governance.events when governance has set one (docs/parameters.md), else this instance's configuration
 * ({@link OracleParameters}). The edge reads them once and records them in the command (DefineFeed,
 * DefineParametricTrigger), so a decision and its replay never read them again.
 */
@ApplicationScoped
public class GovernedOracleParameters {

    public static final String QUORUM = "oracle.quorum";
    public static final String TOLERANCE_PPM = "oracle.tolerancePpm";
    public static final String MAX_STALENESS_MS = "oracle.maxStalenessMs";
    public static final String DEPEG_THRESHOLD_PRICE_E8 = "oracle.depeg.thresholdPriceE8";
    public static final String DEPEG_RECOVERY_PRICE_E8 = "oracle.depeg.recoveryPriceE8";
    public static final String DEPEG_WINDOW_MS = "oracle.depeg.windowMs";

    @Inject
    OracleParameters configured;

    @Inject
    Governance governance;

    /** k: fresh, agreeing sources a new feed needs for a quorum price. */
    public int quorum() {
        return Math.toIntExact(
                governance.longParameter(QUORUM, configured.feed().quorum()));
    }

    /** Most a price may differ from the median and still agree, ppm of the median. */
    public int maxDeviationPpm() {
        return Math.toIntExact(
                governance.longParameter(TOLERANCE_PPM, configured.feed().maxDeviationPpm()));
    }

    /** Older observations do not count, ms. */
    public long maxStalenessMs() {
        return governance.longParameter(
                MAX_STALENESS_MS, configured.feed().maxStaleness().toMillis());
    }

    /** A DEPEG trigger arms below this quorum price, 1e-8. */
    public long depegThresholdPriceE8() {
        return governance.longParameter(
                DEPEG_THRESHOLD_PRICE_E8, configured.depeg().thresholdPriceE8());
    }

    /** A DEPEG trigger disarms at or above this quorum price, 1e-8. */
    public long depegRecoveryPriceE8() {
        return governance.longParameter(
                DEPEG_RECOVERY_PRICE_E8, configured.depeg().recoveryPriceE8());
    }

    /** A DEPEG trigger fires when armed this long without recovery, ms. */
    public long depegWindowMs() {
        return governance.longParameter(
                DEPEG_WINDOW_MS, configured.depeg().window().toMillis());
    }

    /** Not governed: the floor of the depeg price a payout uses, 1e-8 (0: no floor). */
    public long minDepegPriceE8() {
        return configured.depeg().minDepegPriceE8();
    }
}
