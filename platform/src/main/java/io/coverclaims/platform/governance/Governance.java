package io.coverclaims.platform.governance;

import io.coverclaims.platform.streams.BoundedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The pause flags and governed parameters for a service's REST edges and tools: the same global store the command
 * processor reads (fed by governance.events), through Kafka Streams' interactive queries. A context that is not
 * governed, or whose Streams application is not running yet (readiness is down then), sees no pause and no
 * governed parameter: the edge then uses its configured values, and the command processor still holds what is
 * paused.
 */
@ApplicationScoped
public class Governance {

    @Inject
    Instance<KafkaStreams> streams;

    @Inject
    BoundedContext context;

    /** The pause flags in force now. */
    public PauseState pauseState() {
        return store().map(GovernanceStore::pauseState).orElse(PauseState.NONE);
    }

    /** The pause that holds a command needing {@code key}, if any. */
    public Optional<Pause> holding(PauseKey key) {
        return store().flatMap(store -> store.holding(key));
    }

    public Optional<GovernedParameter> parameter(String name) {
        return store().flatMap(store -> store.parameter(name));
    }

    /** A numeric parameter's governed value, if governance has set one. */
    public Optional<Long> longParameter(String name) {
        return parameter(name).map(GovernedParameter::longValue);
    }

    /** The governed value of a numeric parameter, or the service's configured {@code fallback}. */
    public long longParameter(String name, long fallback) {
        return longParameter(name).orElse(fallback);
    }

    public GovernedParameters parameters() {
        return store().map(GovernanceStore::parameters).orElse(GovernedParameters.NONE);
    }

    private Optional<GovernanceStore> store() {
        if (!context.governed() || !streams.isResolvable()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GovernanceStore(streams.get()
                    .store(StoreQueryParameters.fromNameAndType(
                            context.governanceStoreName(), QueryableStoreTypes.<String, byte[]>keyValueStore()))));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }
}
