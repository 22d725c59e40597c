package io.coverclaims.platform.gateway;

import io.coverclaims.platform.query.AggregateQueries;
import io.coverclaims.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Where a 202 points: the outcome of a command, once decided, from the instance that decided it. */
@Path(CommandStatusResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class CommandStatusResource {

    static final String PATH = "/commands";

    @Inject
    AggregateQueries queries;

    @GET
    @Path("/{aggregateId}/{commandId}")
    @Operation(summary = "The outcome of a command; 404 while it is not decided yet")
    public Response outcome(
            @PathParam("aggregateId") String aggregateId,
            @PathParam("commandId") String commandId,
            @Context UriInfo uri,
            @HeaderParam("X-Coverclaims-Routed") String routed) {
        return queries.route(
                aggregateId,
                uri,
                routed,
                () -> queries.localDecision(commandId)
                        .filter(decided -> decided.aggregateId().equals(aggregateId))
                        .map(decided -> Response.ok(CommandResult.of(decided.toOutcome(false)))
                                .build())
                        .orElseGet(() -> Problem.of(
                                        Response.Status.NOT_FOUND,
                                        "COMMAND_NOT_FOUND",
                                        "no outcome for command " + commandId + " yet",
                                        "commandId")
                                .toResponse()));
    }
}
