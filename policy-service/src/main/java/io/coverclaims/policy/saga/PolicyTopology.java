package io.coverclaims.policy.saga;

import io.coverclaims.platform.schedule.DeadlineScheduler;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.ProcessManagerTopology;
import io.coverclaims.platform.streams.TopologyContribution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Adds policy's purchase saga (pool.events and pool.command-outcomes in), its side of the claims saga (claim.events
 * in: {@link SettledClaims}) and its deadline scheduler (policy.events in) to the service's topology.
 */
@ApplicationScoped
public class PolicyTopology implements TopologyContribution {

    public static final String POOL_EVENTS = "pool.events";
    public static final String POOL_COMMAND_OUTCOMES = "pool.command-outcomes";
    public static final String CLAIM_EVENTS = "claim.events";

    @Inject
    BoundedContext context;

    @ConfigProperty(name = "coverclaims.policy.deadline-check-interval", defaultValue = "1s")
    Duration deadlineCheckInterval;

    @ConfigProperty(name = "coverclaims.clock.offset", defaultValue = "PT0S")
    Duration clockOffset;

    @Override
    public void contribute(Topology topology) {
        ProcessManagerTopology.addTo(
                topology, "purchase-saga", context, List.of(POOL_EVENTS, POOL_COMMAND_OUTCOMES), new PurchaseSaga());
        ProcessManagerTopology.addTo(topology, "claims-saga", context, List.of(CLAIM_EVENTS), new SettledClaims());
        DeadlineScheduler.addTo(
                topology,
                "policy-schedule",
                context,
                List.of(context.eventsTopic()),
                new PolicyDeadlines(clockOffset),
                deadlineCheckInterval);
    }

    /** The saga on pool events only (no pool command outcomes): a refused reservation then waits for its deadline. */
    public static Topology addTo(
            Topology topology, BoundedContext context, String poolEventsTopic, Duration deadlineCheckInterval) {
        return addTo(topology, context, List.of(poolEventsTopic), deadlineCheckInterval);
    }

    /**
     * Also used by tests that run the service's topology as plain Kafka Streams on their own topics.
     *
     * @param poolTopics pool.events and pool.command-outcomes (or the tests' stand-ins)
     */
    public static Topology addTo(
            Topology topology, BoundedContext context, List<String> poolTopics, Duration deadlineCheckInterval) {
        ProcessManagerTopology.addTo(topology, "purchase-saga", context, poolTopics, new PurchaseSaga());
        DeadlineScheduler.addTo(
                topology,
                "policy-schedule",
                context,
                List.of(context.eventsTopic()),
                new PolicyDeadlines(),
                deadlineCheckInterval);
        return topology;
    }
}
