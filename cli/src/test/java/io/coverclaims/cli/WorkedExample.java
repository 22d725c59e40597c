package io.coverclaims.cli;

import io.coverclaims.platform.auth.CommandSigner;
import io.coverclaims.platform.auth.DevelopmentKeys;
import io.coverclaims.platform.auth.SigningDomain;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/** docs/signing.md's worked example: BuyCover by anvil's development key 0 in the local default domain. */
final class WorkedExample {

    static final String COMMAND = "BuyCover";
    static final String KEY = DevelopmentKeys.KEYS.get(0);
    static final String HOLDER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    static final BigInteger NONCE = BigInteger.valueOf(1001);
    /** 2025-12-31T23:00:00Z: fixed so that anyone gets the same bytes (a real request needs an expiry ahead). */
    static final long EXPIRY = 1767222000L;

    static final Map<String, String> FIELDS = fields();

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("quoteId", "cov-2f1e9d4c");
        fields.put("holder", HOLDER);
        fields.put("startAt", "1767225600000");
        fields.put("premiumPaymentRef", "");
        return fields;
    }

    static CommandSigner.SignedMessage sign() {
        return CommandSigner.sign(
                SigningDomain.of(31337, SignCommand.DEFAULT_CONTRACT),
                COMMAND,
                FIELDS,
                NONCE,
                EXPIRY,
                CommandSigner.key(KEY));
    }

    /** What docs/signing.md prints under the example's typed data. */
    static String result(CommandSigner.SignedMessage signed) {
        return "digest     " + signed.digestHex() + "\n" + "signature  " + signed.signature() + "\n" + "signer     "
                + signed.signer() + "\n";
    }

    private WorkedExample() {}
}
