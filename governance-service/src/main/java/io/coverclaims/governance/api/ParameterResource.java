package io.coverclaims.governance.api;

import io.coverclaims.governance.GovernanceCatalogue;
import io.coverclaims.governance.domain.parameter.ParameterSpec;
import io.coverclaims.governance.view.GovernanceView;
import io.coverclaims.platform.rest.ProblemException;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The governed parameters: each one's current value (governance.events, read model) beside its catalogue entry
 * (owner, kind, unit, bounds, default), and its history. A parameter changes only by an executed proposal.
 */
@Path("/parameters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "parameters", description = "Governed parameters, their values and history (docs/governance.md)")
public class ParameterResource {

    @Inject
    GovernanceView governance;

    /** A parameter now: its value (null until genesis reached the read model) and its catalogue entry. */
    public record ParameterInfo(
            String name,
            String owner,
            String type,
            String unit,
            String value,
            Long longValue,
            String stringValue,
            String defaultValue,
            String min,
            String max,
            String description,
            Instant since,
            String proposalId) {}

    public record ParameterDetail(ParameterInfo parameter, List<GovernanceView.HistoryEntry> history) {}

    @GET
    @Operation(
            summary = "Every governed parameter: its value, owner, unit and bounds, and since when",
            description = "In the catalogue's order. value is the current value as text (durations in ms, bps, ppm, "
                    + "amounts in the token's smallest unit); since is when it took effect; proposalId the proposal "
                    + "that set it (null: genesis). Read model of governance.events (eventually consistent).")
    public List<ParameterInfo> list() {
        return GovernanceCatalogue.get().specs().stream().map(this::info).toList();
    }

    @GET
    @Path("/{name}")
    @Operation(
            summary = "A governed parameter and its history",
            description = "history lists every value it took, oldest first: ParameterInitialized (genesis) and each "
                    + "ParameterChanged with the value before it and the proposal that changed it.")
    @APIResponse(responseCode = "400", description = "not a parameter name, problem+json naming the field")
    @APIResponse(responseCode = "404", description = "PARAMETER_NOT_FOUND: no such governed parameter")
    public ParameterDetail get(
            @PathParam("name")
                    @Pattern(regexp = GovernanceEdge.PARAMETER_NAME, message = GovernanceEdge.PARAMETER_NAME_MESSAGE)
                    String name) {
        ParameterSpec spec = GovernanceCatalogue.get()
                .spec(name)
                .orElseThrow(() ->
                        ProblemException.notFound("PARAMETER_NOT_FOUND", "no governed parameter " + name, "name"));
        return new ParameterDetail(info(spec), governance.history(name));
    }

    private ParameterInfo info(ParameterSpec spec) {
        GovernanceView.Parameter current = governance.parameter(spec.name()).orElse(null);
        return new ParameterInfo(
                spec.name(),
                spec.owner(),
                spec.type().name().toLowerCase(java.util.Locale.ROOT),
                spec.unit(),
                current == null ? null : current.value(),
                current == null ? null : current.longValue(),
                current == null ? null : current.stringValue(),
                spec.defaultValue().toString(),
                spec.min().toString(),
                spec.max().toString(),
                spec.description(),
                current == null ? null : current.since(),
                current == null ? null : current.proposalId());
    }
}
