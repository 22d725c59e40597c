package io.coverclaims.platform.ids;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one definition of ids and addresses every context uses: the patterns (usable in Bean Validation's
 * {@code @Pattern}, so each edge says the same thing), their messages, and the canonical form.
 *
 * <p>An address is accepted in any letter case at the edge and stored in its canonical form: lower-case hex, 0x
 * prefix. Deciders check the canonical form, so a mixed-case address can never become a second identity.
 */
public final class Ids {

    /** An Ethereum address as a client may send it: 0x and 40 hex digits, any case. */
    public static final String ADDRESS = "^0x[0-9a-fA-F]{40}$";

    public static final String ADDRESS_MESSAGE = "must be a 0x-prefixed 20-byte hex address";
    /** A pool: {@code pool-} and 1 to 64 letters, digits, dots, dashes or underscores. */
    public static final String POOL_ID = "^pool-[A-Za-z0-9._-]{1,64}$";

    public static final String POOL_ID_MESSAGE =
            "must be pool- followed by 1 to 64 letters, digits, dots, dashes or underscores";
    /** A product: {@code prod-} and 1 to 63 lower-case letters, digits or dashes. */
    public static final String PRODUCT_ID = "^prod-[a-z0-9][a-z0-9-]{0,62}$";

    public static final String PRODUCT_ID_MESSAGE =
            "must be prod- followed by 1 to 63 lower-case letters, digits or dashes";
    /** A quote, which is also the id of the policy bought on it: {@code cov-} and a UUID. */
    public static final String COVER_ID = "^cov-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    public static final String COVER_ID_MESSAGE = "must be cov- followed by a UUID";
    /** A client-chosen key or reference (idempotency keys, withdrawal ids): 1 to 128 of letters, digits and {@code ._:-}. */
    public static final String KEY = "^[A-Za-z0-9._:-]{1,128}$";

    public static final String KEY_MESSAGE = "must be 1 to 128 letters, digits, dots, colons, dashes or underscores";
    /** A 32-byte hash (transaction hash, batch id, Merkle root): 0x and 64 hex digits, any case. */
    public static final String BYTES32 = "^0x[0-9a-fA-F]{64}$";

    public static final String BYTES32_MESSAGE = "must be 0x and 64 hex digits";

    private static final Pattern ADDRESS_PATTERN = Pattern.compile(ADDRESS);
    private static final Pattern CANONICAL_ADDRESS = Pattern.compile("^0x[0-9a-f]{40}$");
    private static final Pattern BYTES32_PATTERN = Pattern.compile(BYTES32);

    private Ids() {}

    /** Whether {@code value} is an address in any case. */
    public static boolean isAddress(String value) {
        return value != null && ADDRESS_PATTERN.matcher(value).matches();
    }

    /** Whether {@code value} is an address in its canonical (lower-case) form. */
    public static boolean isCanonicalAddress(String value) {
        return value != null && CANONICAL_ADDRESS.matcher(value).matches();
    }

    /** The canonical form of an address (or a 32-byte hash): lower case; null stays null. */
    public static String canonical(String hex) {
        return hex == null ? null : hex.toLowerCase(Locale.ROOT);
    }

    public static boolean isBytes32(String value) {
        return value != null && BYTES32_PATTERN.matcher(value).matches();
    }
}
