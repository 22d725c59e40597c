package io.coverclaims.policy.domain.product;

/**
 * How claims on a product are decided: by an assessor vote or by an oracle trigger (policy.avdl's ClaimMethod).
 * {@code UNKNOWN} is what a symbol this service does not know reads as; a product is never defined with it.
 */
public enum ClaimMethod {
    ASSESSMENT,
    PARAMETRIC,
    UNKNOWN
}
