package io.coverclaims.policy.api;

import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Product administration needs the admin key (header {@value #HEADER}); a placeholder for real authentication. */
@ApplicationScoped
public class AdminGuard {

    public static final String HEADER = "X-Admin-Key";

    @ConfigProperty(name = "coverclaims.policy.admin-key")
    String adminKey;

    public void require(String presented) {
        if (presented == null
                || !MessageDigest.isEqual(
                        presented.getBytes(StandardCharsets.UTF_8), adminKey.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(Problem.of(
                    Response.Status.FORBIDDEN,
                    "ADMIN_ONLY",
                    "product administration needs a valid " + HEADER + " header",
                    HEADER));
        }
    }
}
