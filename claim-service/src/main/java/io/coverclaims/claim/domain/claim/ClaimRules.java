package io.coverclaims.claim.domain.claim;

import io.coverclaims.platform.money.Money;
import java.time.Duration;

/**
 * The governed claim parameters a claim was submitted under (claim.avdl's ClaimRules). They come in the
 * {@code SubmitClaim} command, are recorded in {@code ClaimSubmitted} and kept in the claim's state: every later
 * decision about the claim uses these, so a replay never consults today's parameters.
 *
 * @param gracePeriodMs     a claim may be filed until this long after cover ends
 * @param minVotingMs       voting lasts at least this long from the deposit
 * @param extensionWindowMs a vote cast in the last extensionWindowMs of voting pushes its end to vote time +
 *                          extensionWindowMs...
 * @param maxExtensionMs    ...but never more than maxExtensionMs past the original end
 * @param cooldownMs        after voting, votes may be voided for this long
 * @param appealWindowMs    a denied claim may be appealed for this long
 * @param appealBondBps     the appeal bond: appealBondBps of the claimed amount (rounded up)...
 * @param appealBondFloor   ...and at least this
 */
public record ClaimRules(
        long gracePeriodMs,
        long minVotingMs,
        long extensionWindowMs,
        long maxExtensionMs,
        long cooldownMs,
        long appealWindowMs,
        int appealBondBps,
        Money appealBondFloor) {

    private static final long DAY = Duration.ofDays(1).toMillis();

    /** claim.avdl's defaults (a zero bond floor: the edge passes 10 units of the asset). */
    public static final ClaimRules DEFAULTS =
            new ClaimRules(35 * DAY, 3 * DAY, DAY, DAY, DAY, 7 * DAY, 100, Money.ZERO);

    /** The bond an appeal of {@code claimedAmount} must post: max(ceil(claimed x bps / 10 000), floor). */
    public Money appealBond(Money claimedAmount) {
        return claimedAmount.mulDivCeil(appealBondBps, 10_000).max(appealBondFloor);
    }
}
