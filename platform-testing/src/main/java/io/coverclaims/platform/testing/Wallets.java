package io.coverclaims.platform.testing;

import io.coverclaims.platform.auth.CommandSigner;
import io.coverclaims.platform.auth.SigningDomain;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.ECKeyPair;

/**
 * Wallets for tests: anvil's well-known development keys (public knowledge: never hold value with them), and
 * signing a command's typed message in the local default domain (chain 31337, anvil's first deployment address),
 * which is what a service verifies unless configured otherwise.
 */
public final class Wallets {

    /** anvil's (and Hardhat's) development private keys 0..4, from the mnemonic "test test ... junk". */
    public static final List<String> DEV_KEYS = List.of(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
            "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");

    /** The local default domain: chain 31337 and the pool contract anvil's first key deploys first. */
    public static final SigningDomain LOCAL = SigningDomain.of(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");

    private Wallets() {}

    /** Development key {@code i} (0..4). */
    public static ECKeyPair key(int i) {
        return CommandSigner.key(DEV_KEYS.get(i));
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
