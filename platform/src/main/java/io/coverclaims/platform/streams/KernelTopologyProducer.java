package io.coverclaims.platform.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

/**
 * Gives Quarkus the service's topology: the context's command processor, plus whatever the service adds
 * (process managers, read models) through {@link TopologyContribution} beans.
 */
@ApplicationScoped
public class KernelTopologyProducer {

    @Produces
    @Singleton
    Topology topology(BoundedContext context, Instance<TopologyContribution> contributions) {
        Topology topology = CommandProcessorTopology.build(context);
        contributions.forEach(contribution -> contribution.contribute(topology));
        return topology;
    }
}
