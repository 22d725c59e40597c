package io.coverclaims.governance.domain.proposal;

/** A voter's choice; mirrors governance.avdl's VoteSupport (UNKNOWN: a symbol of a later contract, refused). */
public enum VoteSupport {
    FOR,
    AGAINST,
    ABSTAIN,
    UNKNOWN
}
