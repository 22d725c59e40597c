package io.coverclaims.platform.auth;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The operator token key pair of a local deployment. Services verify operator tokens (SmallRye JWT) against the
 * public key at {@code mp.jwt.verify.publickey.location}; by default that is {@code <dir>/operator-public.pem}, and
 * with {@code coverclaims.operator-keys.generate=true} (the local default) the first service to start creates the
 * pair there, which {@code ./claims token} then signs with. A production deployment sets generate=false and points
 * {@code mp.jwt.verify.publickey.location} (and {@code mp.jwt.verify.issuer}) at its token issuer.
 */
@ApplicationScoped
public class OperatorKeys {

    public static final String PUBLIC_KEY = "operator-public.pem";
    public static final String PRIVATE_KEY = "operator-private.pem";
    /** The issuer of locally made tokens (the local default of {@code mp.jwt.verify.issuer}). */
    public static final String LOCAL_ISSUER = "https://coverclaims.local/operator";

    private static final Logger LOG = Logger.getLogger(OperatorKeys.class);

    @ConfigProperty(name = "coverclaims.operator-keys.generate", defaultValue = "true")
    boolean generate;

    @ConfigProperty(name = "coverclaims.operator-keys.dir", defaultValue = ".local/operator-keys")
    Path dir;

    /** Before anything is served: the local key pair exists (tokens are verified lazily, on the first request). */
    void atStartup(@Observes @Priority(1) StartupEvent started) {
        if (generate && ensure(dir)) {
            LOG.infof(
                    "generated the local operator key pair in %s (./claims token --role <role> prints a token for it)",
                    dir.toAbsolutePath());
        }
    }

    /** Creates the pair in {@code dir} unless it is there; true if it was created. Safe across processes. */
    public static boolean ensure(Path dir) {
        try {
            Files.createDirectories(dir);
            try (FileChannel lockFile = FileChannel.open(
                            dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                if (Files.exists(dir.resolve(PUBLIC_KEY)) && Files.exists(dir.resolve(PRIVATE_KEY))) {
                    return false;
                }
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                write(dir.resolve(PRIVATE_KEY), "PRIVATE KEY", pair.getPrivate().getEncoded());
                write(dir.resolve(PUBLIC_KEY), "PUBLIC KEY", pair.getPublic().getEncoded());
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the operator key pair in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A bearer token for {@code roles}, signed with the private key in {@code dir} (created if missing), valid for
     * {@code ttl}, issued by {@link #LOCAL_ISSUER} to {@code subject}.
     */
    public static String token(Path dir, Collection<String> roles, Duration ttl, String subject) {
        ensure(dir);
        return Jwt.issuer(LOCAL_ISSUER)
                .subject(subject)
                .upn(subject)
                .groups(Set.copyOf(roles))
                .expiresIn(ttl)
                .sign(privateKey(dir));
    }

    static PrivateKey privateKey(Path dir) {
        try {
            String pem = Files.readString(dir.resolve(PRIVATE_KEY), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not an RSA private key (PKCS#8 PEM): " + dir.resolve(PRIVATE_KEY), e);
        }
    }

    private static void write(Path file, String type, byte[] der) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
