package io.coverclaims.claim.domain.claim;

/**
 * The result of an assessment: a draw refunds the claim deposit. Mirrors claim.avdl's AssessmentOutcome symbol for
 * symbol (UNKNOWN: a symbol of a later version of the contract).
 */
public enum AssessmentOutcome {
    ACCEPTED,
    DENIED,
    DRAW,
    UNKNOWN
}
