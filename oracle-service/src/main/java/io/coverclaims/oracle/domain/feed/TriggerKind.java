package io.coverclaims.oracle.domain.feed;

/** What a parametric trigger watches. Mirrors oracle.avdl's TriggerKind symbol for symbol. */
public enum TriggerKind {
    /** A quorum price at or below a threshold for a window, without recovering. */
    DEPEG,
    /** A confirmed exploit incident of the trigger's product. */
    EXPLOIT,
    UNKNOWN
}
