package io.coverclaims.governance.domain.breaker;

/** The capability a circuit breaker pauses (the wire's PauseFlag of the same name). */
public enum BreakerFlag {
    /** Payout reservations and on-chain redemption of one pool. */
    PAYOUTS,
    /** Parametric triggers (firing and paying them) of one feed. */
    ORACLES
}
