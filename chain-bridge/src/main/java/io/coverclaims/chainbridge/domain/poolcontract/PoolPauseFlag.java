package io.coverclaims.chainbridge.domain.poolcontract;

import java.util.Optional;

/**
 * A pause flag of the pool contract ({@code ClaimsPool.PAUSE_*}, its bit) and the governance flag it mirrors
 * (governance.avdl's {@code PauseFlag} symbol). Mirrors chain.avdl's {@code PoolPauseFlag} symbol for symbol.
 */
public enum PoolPauseFlag {
    /** {@code PAUSE_ALL}: every function below and {@code payClaimBond}; governance GLOBAL. */
    ALL(8, "GLOBAL"),
    /** {@code PAUSE_DEPOSITS}: {@code deposit}, {@code depositFor}; governance POOLS. */
    DEPOSITS(1, "POOLS"),
    /** {@code PAUSE_ANCHORING}: {@code anchorBatch}; governance SETTLEMENT. */
    ANCHORING(2, "SETTLEMENT"),
    /** {@code PAUSE_REDEMPTION}: {@code redeem}; governance PAYOUTS. */
    REDEMPTION(4, "PAYOUTS"),
    UNKNOWN(0, "");

    private final int bit;
    private final String governanceFlag;

    PoolPauseFlag(int bit, String governanceFlag) {
        this.bit = bit;
        this.governanceFlag = governanceFlag;
    }

    /** The flag's bit in {@code ClaimsPool.pausedFlags()}. */
    public int bit() {
        return bit;
    }

    /** The governance PauseFlag symbol it mirrors. */
    public String governanceFlag() {
        return governanceFlag;
    }

    /** Whether {@code flags} (a {@code pausedFlags()} value) has this flag set. */
    public boolean isSetIn(int flags) {
        return bit != 0 && (flags & bit) != 0;
    }

    /** The on-chain flag of a governance PauseFlag symbol; empty for the capabilities with no flag on chain. */
    public static Optional<PoolPauseFlag> ofGovernanceFlag(String symbol) {
        for (PoolPauseFlag flag : values()) {
            if (flag != UNKNOWN && flag.governanceFlag.equals(symbol)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }

    /** The four real flags, in a fixed order. */
    public static java.util.List<PoolPauseFlag> mirrored() {
        return java.util.List.of(ALL, DEPOSITS, ANCHORING, REDEMPTION);
    }
}
