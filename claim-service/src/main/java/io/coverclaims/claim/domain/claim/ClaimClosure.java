package io.coverclaims.claim.domain.claim;

/** Why a claim ended without a payout. Mirrors claim.avdl's ClaimClosure symbol for symbol (UNKNOWN: a symbol of a later version of the contract). */
public enum ClaimClosure {
    APPEAL_WINDOW_PASSED,
    APPEAL_REJECTED,
    WITHDRAWN,
    UNKNOWN
}
