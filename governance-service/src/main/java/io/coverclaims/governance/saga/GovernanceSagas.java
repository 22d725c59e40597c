package io.coverclaims.governance.saga;

import io.coverclaims.governance.GovernanceParameters;
import io.coverclaims.platform.schedule.DeadlineScheduler;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.TopologyContribution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.Topology;

/**
 * Governance-service's additions to its Streams application: the deadline scheduler over its own governance.events
 * ({@link GovernanceDeadlines}): voting ends, timelocks, pause request expiry, and the execution of a proposal's
 * parameter changes and guardian set.
 */
@ApplicationScoped
public class GovernanceSagas implements TopologyContribution {

    @Inject
    BoundedContext context;

    @Inject
    GovernanceParameters parameters;

    @Override
    public void contribute(Topology topology) {
        addTo(topology, context, parameters.deadlineCheckInterval());
    }

    /** Also used by tests that run the topology on topics of their own. */
    public static Topology addTo(Topology topology, BoundedContext context, Duration deadlineCheckInterval) {
        DeadlineScheduler.addTo(
                topology,
                "governance-schedule",
                context,
                List.of(context.eventsTopic()),
                new GovernanceDeadlines(),
                deadlineCheckInterval);
        return topology;
    }
}
