package io.coverclaims.policy.api;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Id formats of the policy API, and their Bean Validation patterns. */
public final class Ids {

    public static final String ADDRESS = "^0x[0-9a-fA-F]{40}$";
    public static final String ADDRESS_MESSAGE = "must be a 0x-prefixed 20-byte hex address";
    public static final String PRODUCT_ID = "^prod-[a-z0-9][a-z0-9-]{0,62}$";
    public static final String PRODUCT_ID_MESSAGE = "must be prod- followed by 1 to 63 lower-case letters, digits or dashes";
    /** A quote's id, which is also the id of the policy bought on it. */
    public static final String COVER_ID = "^cov-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    public static final String COVER_ID_MESSAGE = "must be cov- followed by a UUID";
    public static final String POOL_ID = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    public static final String POOL_ID_MESSAGE = "must be 1 to 64 letters, digits, dots, dashes or underscores";

    private Ids() {
    }

    /** A new quote id; from the client's idempotency key when it sends one, so a retry addresses the same quote. */
    public static String newCoverId(String idempotencyKey) {
        UUID uuid = idempotencyKey == null || idempotencyKey.isBlank() ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes(("quote/" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        return "cov-" + uuid;
    }
}
