package io.coverclaims.platform.testing;

import io.coverclaims.platform.auth.CommandSigner;
import io.coverclaims.platform.auth.DevelopmentKeys;
import io.coverclaims.platform.auth.SigningDomain;
import java.util.Map;
import org.web3j.crypto.ECKeyPair;

/**
 * Wallets for tests: anvil's well-known development keys (public knowledge: never hold value with them), and
 * signing a command's typed message in the local default domain (chain 31337, anvil's first deployment address),
 * which is what a service verifies unless configured otherwise.
 */
public final class Wallets {

    /** The local default domain: chain 31337 and the pool contract anvil's first key deploys first. */
    public static final SigningDomain LOCAL = SigningDomain.of(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");

    private Wallets() {}

    /** Development key {@code i} (0..9, {@link DevelopmentKeys}). */
    public static ECKeyPair key(int i) {
        return CommandSigner.key(DevelopmentKeys.KEYS.get(i));
    }

    /** The canonical address of development key {@code i}. */
    public static String address(int i) {
        return io.coverclaims.platform.auth.TypedData.address(key(i));
    }

    /** The headers of {@code command} with {@code fields} signed by {@code key} (fresh nonce, 10 min validity). */
    public static Map<String, String> signed(String command, Map<String, ?> fields, ECKeyPair key) {
        return CommandSigner.sign(LOCAL, command, fields, key).headers();
    }
}
