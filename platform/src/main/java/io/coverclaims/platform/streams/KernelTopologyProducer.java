package io.coverclaims.platform.streams;

import io.coverclaims.platform.governance.GovernanceStore;
import io.coverclaims.platform.governance.GovernanceTopic;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Gives Quarkus the service's topology: the context's command processor, plus whatever the service adds
 * (process managers, read models) through {@link TopologyContribution} beans.
 */
@ApplicationScoped
public class KernelTopologyProducer {

    @Produces
    @Singleton
    Topology topology(
            BoundedContext context,
            Instance<TopologyContribution> contributions,
            @ConfigProperty(name = "coverclaims.idempotency.window", defaultValue = "P7D") Duration window,
            @ConfigProperty(name = "coverclaims.idempotency.purge-interval", defaultValue = "PT10S")
                    Duration purgeInterval,
            @ConfigProperty(name = "coverclaims.pause.release-interval", defaultValue = "PT0.2S")
                    Duration releaseInterval,
            @ConfigProperty(name = "quarkus.kafka-streams.bootstrap-servers", defaultValue = "localhost:9092")
                    String bootstrapServers) {
        KernelOptions options = new KernelOptions(window, purgeInterval, GovernanceStore.TOPIC, releaseInterval);
        if (context.governed()) {
            // a global store's topic must exist when Streams starts, even before governance-service ever ran
            GovernanceTopic.ensureExists(bootstrapServers, options.governanceTopic());
        }
        Topology topology = CommandProcessorTopology.build(context, options);
        // In a stable order: Kafka Streams numbers the sub-topologies in the order they are added, and every instance
        // of the application (a restart included) must build the same numbering, or a task assigned by another
        // instance names topics this one placed elsewhere ("Topic ... is unknown to the topology"). CDI promises no
        // order among beans, so they are sorted by class name.
        contributions.stream()
                .sorted(java.util.Comparator.comparing((TopologyContribution contribution) ->
                        contribution.getClass().getName()))
                .forEach(contribution -> contribution.contribute(topology));
        return topology;
    }

    /**
     * The context of a service that has no aggregates yet: the one its {@code coverclaims.context} names, with its
     * topics by convention. A service with aggregates produces its own {@link BoundedContext}, which replaces this one.
     */
    @Produces
    @DefaultBean
    @Singleton
    BoundedContext contextWithoutAggregates(@ConfigProperty(name = "coverclaims.context") String name) {
        return BoundedContext.of(name);
    }
}
