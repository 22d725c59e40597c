package io.coverclaims.chainbridge.domain.settlement;

/**
 * What a settlement leaf pays (chain.avdl's SettlementKind, symbol for symbol and in its order): a claim's payout, a
 * capital withdrawal, or a claim deposit / appeal bond given back ({@code CLAIM_REFUND}, reference id the refund id).
 */
public enum SettlementKind {
    CLAIM_PAYOUT,
    CAPITAL_WITHDRAWAL,
    UNKNOWN,
    CLAIM_REFUND
}
