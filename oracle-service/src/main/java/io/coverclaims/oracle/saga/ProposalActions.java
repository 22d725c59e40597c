package io.coverclaims.oracle.saga;

import io.coverclaims.platform.governance.ProposalExecution;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.ProcessManager;
import io.coverclaims.platform.streams.SideProcessManager;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Oracle-service's process manager over governance.events: a passed and executed proposal's REGISTER_ORACLE_SOURCE
 * actions become RegisterFeedSource commands, issued by {@code governance:<proposalId>} ({@link ProposalActionMapper}).
 * Governance thereby takes over the operator role oracle-admin for sources; the operator endpoint stays for bootstrap.
 * Every command sent is logged with its id; a command the feed's decider refuses (an unknown feed, a bad address or
 * bounds, a source id or reporter in use, k no longer a majority) is answered like any other: its outcome, with the
 * code and field, is on oracle.command-outcomes and at {@code GET /commands/{feedId}/{commandId}}. An action that
 * cannot be made into a command at all is logged and skipped. Neither stops the process manager: the proposal's other
 * actions, and later proposals, are carried out.
 *
 * <p><b>Its own Streams application</b> ({@code <application name>-governance-actions}, a kernel
 * {@link SideProcessManager}), not a {@code TopologyContribution}: a governed context's topology already reads
 * governance.events into the kernel's global store of pause flags and parameters. Alive (liveness
 * {@code governance-actions-alive}) unless the application has failed for good.
 */
@Liveness
@ApplicationScoped
public class ProposalActions implements HealthCheck {

    public static final String GOVERNANCE_EVENTS = "governance.events";

    static final ProcessManager REACTION = ProposalExecution.reaction(ProposalActionMapper::map);

    private final SideProcessManager runner =
            new SideProcessManager("governance-actions", "oracle-governance", GOVERNANCE_EVENTS, REACTION);

    @Inject
    BoundedContext context;

    @Inject
    Config config;

    void start(@Observes StartupEvent ignored) {
        runner.start(config, context);
    }

    void stop(@Observes ShutdownEvent ignored) {
        runner.close();
    }

    @Override
    public HealthCheckResponse call() {
        return runner.liveness();
    }

    public static List<SpecificRecord> react(SpecificRecord event) {
        return REACTION.react(event);
    }
}
