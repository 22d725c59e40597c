package io.coverclaims.platform.gateway;

import io.coverclaims.platform.query.AggregateQueries;
import io.coverclaims.platform.query.AggregateQueries.StateHash;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code {"<aggregate id>": {"type": ..., "version": ..., "hash": ...}, ...}}: every aggregate's state hash, gathered from all instances: what {@code ./claims replay} compares with a rebuild
 * of the context from its event topic (docs/operations.md). Hashes, types and versions only, no state.
 */
@Path("/state/hashes")
@Produces(MediaType.APPLICATION_JSON)
public class StateHashResource {

    @Inject
    AggregateQueries queries;

    @GET
    @PermitAll
    @Operation(summary = "Every aggregate's type, version and state hash (SHA-256 of its canonical encoding)")
    public Response hashes(@Context UriInfo uri, @HeaderParam("X-Coverclaims-Routed") String routed) {
        return queries.gather(
                uri, routed, queries::localStateHashes, StateHash.class, Comparator.comparing(StateHash::aggregateId));
    }
}
