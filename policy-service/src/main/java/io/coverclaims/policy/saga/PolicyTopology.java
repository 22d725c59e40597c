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

/** Adds policy's purchase saga (pool.events in) and its deadline scheduler (policy.events in) to the service's topology. */
@ApplicationScoped
public class PolicyTopology implements TopologyContribution {

    public static final String POOL_EVENTS = "pool.events";

    @Inject
    BoundedContext context;

    @ConfigProperty(name = "coverclaims.policy.deadline-check-interval", defaultValue = "1s")
    Duration deadlineCheckInterval;

    @Override
    public void contribute(Topology topology) {
        addTo(topology, context, POOL_EVENTS, deadlineCheckInterval);
    }

    /** Also used by tests that run the service's topology as plain Kafka Streams on their own topics. */
    public static Topology addTo(
            Topology topology, BoundedContext context, String poolEventsTopic, Duration deadlineCheckInterval) {
        ProcessManagerTopology.addTo(topology, "purchase-saga", context, List.of(poolEventsTopic), new PurchaseSaga());
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
