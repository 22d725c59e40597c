package io.coverclaims.platform.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator credential every service's administration shares (a placeholder for real authentication): the
 * {@value #HEADER} header must carry the key configured as {@value #PROPERTY}, compared in constant time.
 *
 * <ul>
 *   <li>no header (or a blank one): 401 {@code ADMIN_KEY_REQUIRED}, field {@value #HEADER};
 *   <li>a wrong key, or no key configured (the guard fails closed): 403 {@code ADMIN_ONLY}, field {@value #HEADER}.
 * </ul>
 *
 * A resource calls {@link #require} first thing in an administrative method.
 */
@ApplicationScoped
public class AdminGuard {

    public static final String HEADER = "X-Admin-Key";
    public static final String PROPERTY = "coverclaims.admin-key";

    @ConfigProperty(name = PROPERTY)
    Optional<String> adminKey;

    /**
     * @param presented the {@value #HEADER} header as received (null when absent)
     * @param what      what is administered, for the detail ("pool administration")
     * @throws ProblemException 401 without a key, 403 with a wrong one
     */
    public void require(String presented, String what) {
        if (presented == null || presented.isBlank()) {
            throw new ProblemException(Problem.of(
                    Response.Status.UNAUTHORIZED,
                    "ADMIN_KEY_REQUIRED",
                    what + " needs the operator's key in the " + HEADER + " header",
                    HEADER));
        }
        String expected = adminKey.filter(key -> !key.isBlank()).orElse(null);
        if (expected == null
                || !MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(Problem.of(
                    Response.Status.FORBIDDEN, "ADMIN_ONLY", what + " needs a valid " + HEADER + " header", HEADER));
        }
    }
}
