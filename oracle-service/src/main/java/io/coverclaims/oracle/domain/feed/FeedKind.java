package io.coverclaims.oracle.domain.feed;

/** What a feed reports. Mirrors oracle.avdl's FeedKind symbol for symbol (UNKNOWN: a symbol of a later contract). */
public enum FeedKind {
    PRICE,
    INCIDENT,
    UNKNOWN
}
