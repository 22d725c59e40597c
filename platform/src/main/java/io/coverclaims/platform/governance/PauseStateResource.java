package io.coverclaims.platform.governance;

import io.coverclaims.platform.streams.BoundedContext;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /governance/pause} and {@code GET /governance/parameters}: the pause flags this service enforces and the
 * governed parameters it decides with right now, as its own copy of
 * governance.events holds them (the same store its edge and its command processor consult). governance-service's
 * {@code GET /pause} is the source; this shows whether a given service has seen a pause or an unpause yet.
 */
@Path("/governance")
@Produces(MediaType.APPLICATION_JSON)
public class PauseStateResource {

    @Inject
    Governance governance;

    @Inject
    BoundedContext context;

    /** One pause in force here. */
    public record PauseInForce(
            String capability, String scope, String requestId, List<String> approvers, String breaker, Instant since) {}

    /** What this service enforces: whether it is governed at all, and the pauses it holds commands for. */
    public record EnforcedPauses(String context, boolean governed, List<PauseInForce> paused) {}

    @GET
    @Path("pause")
    @PermitAll
    @Operation(
            summary = "The pause flags this service enforces now (its copy of governance.events)",
            description = "governed=false: the service has no command a pause stops (governance-service itself).")
    public EnforcedPauses enforced() {
        List<PauseInForce> paused = governance.pauseState().pauses().stream()
                .sorted(Comparator.comparing((Pause p) -> p.key().capability().restName())
                        .thenComparing(
                                p -> p.key().scope() == null ? "" : p.key().scope()))
                .map(p -> new PauseInForce(
                        p.key().capability().restName(),
                        p.key().scope(),
                        p.requestId(),
                        p.approvers(),
                        p.breaker(),
                        p.since()))
                .toList();
        return new EnforcedPauses(context.name(), context.governed(), paused);
    }

    /** A governed parameter as this service sees it. */
    public record ParameterInForce(String name, String value, Instant since, String proposalId) {}

    @GET
    @Path("parameters")
    @PermitAll
    @Operation(
            summary = "The governed parameters this service decides with now (its copy of governance.events)",
            description = "Empty while governance has set none, or when the service is not governed; the service then"
                    + " decides with its configured values.")
    public List<ParameterInForce> parameters() {
        return governance.parameters().all().stream()
                .sorted(Comparator.comparing(GovernedParameter::name))
                .map(p -> new ParameterInForce(p.name(), p.text(), p.since(), p.proposalId()))
                .toList();
    }
}
