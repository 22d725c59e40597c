package io.coverclaims.claim.api;

import io.coverclaims.platform.gateway.CommandEdge;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The claim resources' edge: the kernel's {@link CommandEdge} (signed and operators' commands, sending them, locations)
 * and the texts of claim-service's operator answers.
 */
@ApplicationScoped
public class ClaimEdge extends CommandEdge {

    static final String OPERATOR_403 = "a token without the claims-admin role (ROLE_REQUIRED), field Authorization";
}
