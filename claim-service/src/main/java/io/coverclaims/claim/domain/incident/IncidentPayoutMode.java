package io.coverclaims.claim.domain.incident;

/**
 * How an incident's accepted claims are paid: FULL at once when every affected pool's capital covers its worst case,
 * otherwise PRO_RATA at one ratio once every claim is decided. Mirrors claim.avdl's IncidentPayoutMode symbol for
 * symbol (UNKNOWN: a symbol of a later version of the contract).
 */
public enum IncidentPayoutMode {
    FULL,
    PRO_RATA,
    UNKNOWN
}
