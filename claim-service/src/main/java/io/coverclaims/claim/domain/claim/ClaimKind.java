package io.coverclaims.claim.domain.claim;

/** How a claim is decided. Mirrors claim.avdl's ClaimKind symbol for symbol (UNKNOWN: a symbol of a later version of the contract). */
public enum ClaimKind {
    DISCRETIONARY,
    PARAMETRIC,
    UNKNOWN
}
