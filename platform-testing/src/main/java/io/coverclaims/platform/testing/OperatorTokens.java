package io.coverclaims.platform.testing;

import io.coverclaims.platform.auth.OperatorKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Operator bearer tokens for tests, signed with the module's local key pair ({@code target/operator-keys}, which the
 * service under test verifies against in the test profile; created by whichever comes first).
 */
public final class OperatorTokens {

    public static final Path TEST_KEYS = Path.of("target", "operator-keys");

    private OperatorTokens() {}

    /** {@code Bearer <token>} with {@code roles}, valid for an hour. */
    public static String bearer(String... roles) {
        return bearer(TEST_KEYS, roles);
    }

    /** {@code Bearer <token>} with {@code roles} signed by the pair in {@code keys}. */
    public static String bearer(Path keys, String... roles) {
        return "Bearer " + OperatorKeys.token(keys, List.of(roles), Duration.ofHours(1), "test-operator");
    }
}
