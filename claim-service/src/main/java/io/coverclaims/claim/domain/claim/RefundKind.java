package io.coverclaims.claim.domain.claim;

/**
 * What a refund gives back: the claim deposit or the appeal bond. Mirrors claim.avdl's RefundKind symbol for symbol
 * (UNKNOWN: a symbol of a later version of the contract).
 */
public enum RefundKind {
    CLAIM_DEPOSIT,
    APPEAL_BOND,
    UNKNOWN
}
