package io.coverclaims.platform.auth;

import java.util.List;

/**
 * The roles an operator's bearer token (a JWT in {@code Authorization: Bearer}, its {@code groups} claim) may carry,
 * each allowing one kind of administration. {@code ./claims token --role <role>} prints a token for the local key.
 */
public final class OperatorRoles {
    /** Create pools, set their product weights, record capital received off-chain (API deposits). */
    public static final String POOL_ADMIN = "pool-admin";
    /** Define, reprice and retire products. */
    public static final String PRODUCT_ADMIN = "product-admin";
    /** Appoint assessors and arbiters (claims). */
    public static final String CLAIMS_ADMIN = "claims-admin";
    /** Decide appeals (claims). */
    public static final String ARBITER = "arbiter";
    /** Define oracle feeds and their quorum, register and disable their sources, define and retire triggers, confirm incidents. */
    public static final String ORACLE_ADMIN = "oracle-admin";
    /** Pause and unpause (governance). */
    public static final String GUARDIAN = "guardian";

    public static final List<String> ALL =
            List.of(POOL_ADMIN, PRODUCT_ADMIN, CLAIMS_ADMIN, ARBITER, ORACLE_ADMIN, GUARDIAN);

    /** The OpenAPI security scheme of operator endpoints (HTTP bearer, JWT). */
    public static final String BEARER_SCHEME = "operator";
    /** The OpenAPI security scheme of wallet-signed endpoints (the X-Signature header). */
    public static final String WALLET_SCHEME = "wallet";

    private OperatorRoles() {}

    /** The actor an operator's command carries: {@code operator:} and the token's subject (its principal's name). */
    public static String actor(io.quarkus.security.identity.SecurityIdentity identity) {
        return "operator:" + identity.getPrincipal().getName();
    }
}
