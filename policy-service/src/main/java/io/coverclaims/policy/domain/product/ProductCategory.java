package io.coverclaims.policy.domain.product;

/**
 * What a product covers (policy.avdl's ProductCategory). {@code UNKNOWN} is what a symbol this service does not know
 * reads as; a product is never defined with it.
 */
public enum ProductCategory {
    PROTOCOL_EXPLOIT,
    STABLECOIN_DEPEG,
    CUSTODY,
    SLASHING,
    UNKNOWN
}
