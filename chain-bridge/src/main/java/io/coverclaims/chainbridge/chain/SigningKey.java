package io.coverclaims.chainbridge.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;

/**
 * The bridge's signing key. {@link #toString()} names the address and where the key came from, never the key;
 * nothing in the service returns {@link #credentials()} to a caller.
 */
public final class SigningKey {

    private static final Pattern HEX_KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

    private final Credentials credentials;
    private final String source;

    private SigningKey(Credentials credentials, String source) {
        this.credentials = credentials;
        this.source = source;
    }

    /**
     * @param keyFile a file holding the hex key (trailing whitespace ignored), checked first
     * @param envName the environment variable holding it otherwise
     * @param env     reads the environment (System::getenv)
     */
    public static SigningKey load(Optional<Path> keyFile, String envName, Function<String, String> env)
            throws IOException {
        if (keyFile.isPresent()) {
            return of(Files.readString(keyFile.get(), StandardCharsets.US_ASCII), "file " + keyFile.get());
        }
        String value = env.apply(envName);
        if (value == null || value.isBlank()) {
            throw new IOException(
                    "no signing key: set coverclaims.chain.signer.key-file or the environment variable " + envName);
        }
        return of(value, "environment variable " + envName);
    }

    /** A key given as hex (e.g. by a test); {@code source} names where it came from, for messages. */
    public static SigningKey of(String hex, String source) throws IOException {
        String key = hex.strip();
        if (!HEX_KEY.matcher(key).matches()) {
            throw new IOException(
                    "the signing key from " + source + " is not 32 bytes of hex"); // the value is not shown
        }
        return new SigningKey(Credentials.create(key), source);
    }

    public Credentials credentials() {
        return credentials;
    }

    public String address() {
        return credentials.getAddress();
    }

    @Override
    public String toString() {
        return "SigningKey[address=" + address() + ", from " + source + "]";
    }
}
