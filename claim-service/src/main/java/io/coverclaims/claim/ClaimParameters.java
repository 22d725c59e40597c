package io.coverclaims.claim;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The claim parameters this instance submits claims under (governed by governance-service later: issue 14). Each
 * claim records the values it was submitted under (ClaimSubmitted.rules), so changing them never changes a claim
 * already filed, and a replay never reads them.
 */
@ConfigMapping(prefix = "coverclaims.claim")
public interface ClaimParameters {

    /** A claim may be filed until this long after cover ends. */
    @WithDefault("P35D")
    Duration gracePeriod();

    @WithDefault("P3D")
    Duration minVoting();

    /** A vote cast in the last extension-window of voting extends it to the vote's time plus this... */
    @WithDefault("P1D")
    Duration extensionWindow();

    /** ...but never more than this past the original end. */
    @WithDefault("P1D")
    Duration maxExtension();

    /** After voting: the time in which an operator may void a fraudulent vote. */
    @WithDefault("P1D")
    Duration cooldown();

    @WithDefault("P7D")
    Duration appealWindow();

    /** The appeal bond: this share of the claimed amount, in basis points... */
    @WithDefault("100")
    int appealBondBps();

    /** ...and at least this many whole tokens of the cover's asset. */
    @WithDefault("10")
    long appealBondFloorUnits();

    /** The claim deposit, in whole tokens of the cover's asset (Nexus Mutual's is a flat 0.05 ETH). */
    @WithDefault("50")
    long depositUnits();

    /** How long after an incident is declared claims may name it. */
    @WithDefault("P14D")
    Duration incidentClaimWindow();

    /**
     * How long after a parametric trigger fires its incident counts claims: every claim is opened when the trigger
     * fires, so this only bounds how long a PRO_RATA incident waits before fixing its ratio.
     */
    @WithDefault("PT1H")
    Duration parametricIncidentWindow();

    /** How often the deadline scheduler looks for due deadlines (voting end, cooldown end, appeal and claim windows). */
    @WithDefault("1s")
    Duration deadlineCheckInterval();

    /** Where claimants fetch their Merkle proofs (chain-bridge's base URL), for the links in the claim view. */
    @WithDefault("http://localhost:8086")
    String chainBridgeUrl();
}
