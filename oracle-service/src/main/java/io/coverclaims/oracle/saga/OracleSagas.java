package io.coverclaims.oracle.saga;

import io.coverclaims.oracle.OracleParameters;
import io.coverclaims.platform.schedule.DeadlineScheduler;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.TopologyContribution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.Topology;

/**
 * Oracle-service's additions to its Streams application: the deadline scheduler over its own oracle.events
 * ({@link OracleDeadlines}), which evaluates an armed trigger when its window ends.
 */
@ApplicationScoped
public class OracleSagas implements TopologyContribution {

    @Inject
    BoundedContext context;

    @Inject
    OracleParameters parameters;

    @Override
    public void contribute(Topology topology) {
        addTo(topology, context, parameters.deadlineCheckInterval());
    }

    /** Also used by tests that run the topology on topics of their own. */
    public static Topology addTo(Topology topology, BoundedContext context, Duration deadlineCheckInterval) {
        DeadlineScheduler.addTo(
                topology,
                "oracle-schedule",
                context,
                List.of(context.eventsTopic()),
                new OracleDeadlines(),
                deadlineCheckInterval);
        return topology;
    }
}
