package io.coverclaims.oracle.domain.feed;

/** Why an observation does not count towards the quorum. Mirrors oracle.avdl's ExclusionReason symbol for symbol. */
public enum ExclusionReason {
    /** Older than its source's heartbeat at the time of the decision. */
    STALE,
    /** Outside its source's sane bounds [minPriceE8, maxPriceE8]. */
    OUT_OF_BOUNDS,
    /** A round (or an observation time) before the source's latest. */
    ROUND_REGRESSED,
    /** Further from the median of the fresh sources than the feed's maxDeviationPpm. */
    DEVIATION,
    /** The source was disabled: its latest observation no longer counts. */
    DISABLED,
    UNKNOWN
}
