package io.coverclaims.chainbridge.domain.settlement;

/** What a settlement leaf pays (chain.avdl's SettlementKind, symbol for symbol). */
public enum SettlementKind {
    CLAIM_PAYOUT,
    CAPITAL_WITHDRAWAL,
    UNKNOWN
}
