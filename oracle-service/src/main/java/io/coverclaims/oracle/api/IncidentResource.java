package io.coverclaims.oracle.api;

import io.coverclaims.oracle.domain.OracleIds;
import io.coverclaims.oracle.view.OracleView;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Incidents reported to the oracle's INCIDENT feeds, across feeds (one incident is GET
 * /feeds/{feedId}/incidents/{incidentId}; reports and confirmations are written there too).
 */
@Path("/incidents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "incidents", description = "Incidents reported by oracle sources, and their confirmation")
public class IncidentResource {

    @Inject
    OracleView oracle;

    @GET
    @Operation(
            summary = "Every incident reported or confirmed, by feed and incident id (only a feed's with feedId)",
            description = "Each with its reports (source, reporter, evidence, summary) and, once confirmed, how "
                    + "(QUORUM or OPERATOR), by whom and on what evidence. Read model of oracle.events.")
    public List<OracleView.Incident> list(
            @QueryParam("feedId") @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
                    String feedId) {
        return oracle.incidents(feedId);
    }
}
