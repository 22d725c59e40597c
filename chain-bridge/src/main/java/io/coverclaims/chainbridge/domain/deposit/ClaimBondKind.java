package io.coverclaims.chainbridge.domain.deposit;

/**
 * What a payment into the pool contract for a claim is (chain.avdl's ClaimBondKind, symbol for symbol): the claim's
 * deposit ({@code ClaimsPool.payClaimBond} kind 0) or an appeal bond (kind 1).
 */
public enum ClaimBondKind {
    CLAIM_DEPOSIT,
    APPEAL_BOND,
    UNKNOWN;

    /** The kind of a {@code ClaimBondPaid} log's {@code uint8 kind}; the contract accepts only 0 and 1. */
    public static ClaimBondKind ofOnChain(int kind) {
        return switch (kind) {
            case 0 -> CLAIM_DEPOSIT;
            case 1 -> APPEAL_BOND;
            default -> UNKNOWN;
        };
    }
}
