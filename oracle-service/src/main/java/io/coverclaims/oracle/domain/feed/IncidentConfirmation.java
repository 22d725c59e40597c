package io.coverclaims.oracle.domain.feed;

/** How an incident was confirmed. Mirrors oracle.avdl's IncidentConfirmation symbol for symbol. */
public enum IncidentConfirmation {
    /** k of the feed's enabled sources reported it. */
    QUORUM,
    /** An operator confirmed it without waiting for k reporters. */
    OPERATOR,
    UNKNOWN
}
