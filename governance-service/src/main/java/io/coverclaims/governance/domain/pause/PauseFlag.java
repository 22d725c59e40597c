package io.coverclaims.governance.domain.pause;

/**
 * A capability an emergency pause stops; mirrors governance.avdl's PauseFlag (UNKNOWN: a symbol of a later contract,
 * refused). GLOBAL stops everything.
 */
public enum PauseFlag {
    GLOBAL,
    COVER,
    CLAIMS,
    ASSESSMENTS,
    POOLS,
    WITHDRAWALS,
    PAYOUTS,
    ORACLES,
    SETTLEMENT,
    UNKNOWN
}
