package io.coverclaims.pool.api;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Deliberate violation for ArchitectureRulesCatchViolationsTest: a write that trusts a header for who acts. */
@Path("/fixture")
public class UnprovenCallerResource {

    @POST
    public String withdraw(@HeaderParam("X-Actor") String actor) {
        return actor;
    }
}
