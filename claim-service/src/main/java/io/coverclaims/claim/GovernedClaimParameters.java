package io.coverclaims.claim;

import io.coverclaims.platform.governance.Governance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The claim parameters a claim is submitted (or an incident declared) under: the governed value from
 * governance.events when governance has set one (docs/parameters.md), else this instance's configuration
 * ({@link ClaimParameters}). The edge and the sagas read them once and record them in the command (SubmitClaim's
 * depositAmount and rules, DeclareIncident's claimWindowMs), so a decision and its replay never read them again.
 */
@ApplicationScoped
public class GovernedClaimParameters {

    public static final String DEPOSIT_UNITS = "claim.depositUnits";
    public static final String APPEAL_BOND_BPS = "claim.appealBondBps";
    public static final String APPEAL_BOND_FLOOR_UNITS = "claim.appealBondFloorUnits";
    public static final String MIN_VOTING_MS = "claim.minVotingMs";
    public static final String COOLDOWN_MS = "claim.cooldownMs";
    public static final String APPEAL_WINDOW_MS = "claim.appealWindowMs";
    public static final String GRACE_PERIOD_MS = "claim.gracePeriodMs";
    public static final String INCIDENT_CLAIM_WINDOW_MS = "claim.incidentClaimWindowMs";
    public static final String PARAMETRIC_INCIDENT_WINDOW_MS = "claim.parametricIncidentWindowMs";

    @Inject
    ClaimParameters configured;

    @Inject
    Governance governance;

    public GovernedClaimParameters() {}

    /** For tests without CDI: {@code governance} null reads the configuration only. */
    public GovernedClaimParameters(ClaimParameters configured, Governance governance) {
        this.configured = configured;
        this.governance = governance;
    }

    /** The claim deposit, in whole tokens of the cover's asset. */
    public long depositUnits() {
        return governed(DEPOSIT_UNITS, configured.depositUnits());
    }

    public int appealBondBps() {
        return Math.toIntExact(governed(APPEAL_BOND_BPS, configured.appealBondBps()));
    }

    public long appealBondFloorUnits() {
        return governed(APPEAL_BOND_FLOOR_UNITS, configured.appealBondFloorUnits());
    }

    public Duration minVoting() {
        return governed(MIN_VOTING_MS, configured.minVoting());
    }

    public Duration cooldown() {
        return governed(COOLDOWN_MS, configured.cooldown());
    }

    public Duration appealWindow() {
        return governed(APPEAL_WINDOW_MS, configured.appealWindow());
    }

    public Duration gracePeriod() {
        return governed(GRACE_PERIOD_MS, configured.gracePeriod());
    }

    public Duration incidentClaimWindow() {
        return governed(INCIDENT_CLAIM_WINDOW_MS, configured.incidentClaimWindow());
    }

    public Duration parametricIncidentWindow() {
        return governed(PARAMETRIC_INCIDENT_WINDOW_MS, configured.parametricIncidentWindow());
    }

    /** Not governed (yet): the vote extension rule. */
    public Duration extensionWindow() {
        return configured.extensionWindow();
    }

    public Duration maxExtension() {
        return configured.maxExtension();
    }

    private long governed(String name, long fallback) {
        return governance == null ? fallback : governance.longParameter(name, fallback);
    }

    private Duration governed(String name, Duration fallback) {
        return Duration.ofMillis(governed(name, fallback.toMillis()));
    }
}
