package io.coverclaims.platform.governance;

import io.coverclaims.platform.internal.IncomingSerde;
import io.coverclaims.platform.streams.Incoming;
import io.coverclaims.platform.streams.StateCodec;
import io.coverclaims.schemas.governance.ParameterChanged;
import io.coverclaims.schemas.governance.ParameterInitialized;
import io.coverclaims.schemas.governance.ParameterValue;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

/**
 * The pause flags and governed parameters as a Kafka Streams global store of the service's own topology, fed by
 * governance.events: every stream thread (the command processor under exactly-once) reads it locally, and the REST
 * edge reads the same store through interactive queries ({@link Governance}).
 *
 * <p>The store is in memory: it is rebuilt from the whole topic at every start (Kafka Streams restores a global
 * store through its processor), which governance.events' few records make cheap, and no stored value written by
 * another version of this code is ever decoded. Keys: {@code pause 0x00 <CAPABILITY> 0x00 <scope>} → a {@link Pause}
 * (absent when the flag is clear), {@code param 0x00 <name>} → a {@link GovernedParameter}.
 */
public final class GovernanceStore {

    /** The topic every governed context reads (topic-catalogue.json). */
    public static final String TOPIC = "governance.events";

    private static final Logger LOG = Logger.getLogger(GovernanceStore.class);
    private static final String PAUSE = "pause\u0000";
    private static final String PARAM = "param\u0000";
    private static final StateCodec<Pause> PAUSES = StateCodec.of(Pause.class);
    private static final StateCodec<GovernedParameter> PARAMETERS = StateCodec.of(GovernedParameter.class);

    private final ReadOnlyKeyValueStore<String, byte[]> store;

    public GovernanceStore(ReadOnlyKeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The store's name in a context's topology. */
    public static String storeName(String contextName) {
        return contextName + "-governance";
    }

    /** Adds the global store, fed by {@code topic}, to a context's topology. */
    public static void addTo(Topology topology, String contextName, String topic) {
        String name = storeName(contextName);
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                name + "-source",
                new StringDeserializer(),
                new IncomingSerde().deserializer(),
                topic,
                name + "-update",
                () -> new Updater(name));
    }

    /** The pause that holds a command needing {@code key}, if any: four point reads at most. */
    public Optional<Pause> holding(PauseKey key) {
        for (PauseKey holder : PauseState.holders(key)) {
            byte[] value = store.get(pauseKey(holder));
            if (value != null) {
                return Optional.of(PAUSES.decode(value));
            }
        }
        return Optional.empty();
    }

    public PauseState pauseState() {
        return PauseState.of(scan(PAUSE, PAUSES));
    }

    public Optional<GovernedParameter> parameter(String name) {
        byte[] value = store.get(PARAM + name);
        return value == null ? Optional.empty() : Optional.of(PARAMETERS.decode(value));
    }

    public GovernedParameters parameters() {
        return GovernedParameters.of(scan(PARAM, PARAMETERS));
    }

    private <T> List<T> scan(String prefix, StateCodec<T> codec) {
        List<T> found = new ArrayList<>();
        // [prefix, prefix with its last character + 1): every key that starts with the prefix
        String end = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
        try (KeyValueIterator<String, byte[]> entries = store.range(prefix, end)) {
            while (entries.hasNext()) {
                KeyValue<String, byte[]> entry = entries.next();
                found.add(codec.decode(entry.value));
            }
        }
        return found;
    }

    static String pauseKey(PauseKey key) {
        return PAUSE + key.capability().name() + "\u0000" + (key.scope() == null ? "" : key.scope());
    }

    /** Applies one governance event to the store; other events of the topic are skipped. */
    static final class Updater implements Processor<String, Incoming, Void, Void> {

        private final String storeName;
        private KeyValueStore<String, byte[]> store;

        Updater(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, Incoming> record) {
            Incoming incoming = record.value();
            if (incoming == null || !incoming.isDecoded()) {
                LOG.warnf(
                        "%s: skipping an undecodable governance event (%s)",
                        storeName, incoming == null ? "null" : incoming.decodeError());
                return;
            }
            List<Change> changes;
            try {
                changes = apply(incoming.value());
            } catch (RuntimeException e) {
                // a malformed event must not stop the global thread (and with it the whole service)
                LOG.errorf(e, "%s: skipping a governance event that cannot be applied", storeName);
                return;
            }
            changes.forEach(change -> {
                if (change.value() == null) {
                    store.delete(change.key());
                } else {
                    store.put(change.key(), change.value());
                }
            });
        }
    }

    /** A write to the store: {@code value} null deletes {@code key}. */
    record Change(String key, byte[] value) {}

    /** What a governance event changes in the store; nothing for the events that set no flag or parameter. */
    static List<Change> apply(SpecificRecord event) {
        return switch (event) {
            case PauseFlagChanged changed -> pauseChange(changed);
            case ParameterInitialized initialized ->
                List.of(parameterChange(
                        initialized.getValue(), initialized.getMetadata().getOccurredAt(), null));
            case ParameterChanged changed ->
                List.of(parameterChange(changed.getValue(), changed.getEffectiveAt(), changed.getProposalId()));
            default -> List.of();
        };
    }

    private static List<Change> pauseChange(PauseFlagChanged changed) {
        Optional<Capability> capability =
                Capability.fromFlagName(changed.getFlag().name());
        if (capability.isEmpty()) {
            LOG.warnf("skipping PauseFlagChanged %s: unknown flag %s", changed.getRequestId(), changed.getFlag());
            return List.of();
        }
        PauseKey key = PauseKey.of(capability.get(), text(changed.getScope()));
        if (!changed.getPaused()) {
            return List.of(new Change(pauseKey(key), null));
        }
        Pause pause = new Pause(
                key,
                changed.getRequestId(),
                changed.getApprovers().stream().map(Object::toString).toList(),
                text(changed.getBreaker()),
                changed.getMetadata().getOccurredAt());
        return List.of(new Change(pauseKey(key), PAUSES.encode(pause)));
    }

    private static Change parameterChange(ParameterValue value, java.time.Instant since, CharSequence proposalId) {
        String name = value.getName().toString();
        GovernedParameter parameter = new GovernedParameter(
                name, value.getLongValue(), text(value.getStringValue()), since, text(proposalId));
        return new Change(PARAM + name, PARAMETERS.encode(parameter));
    }

    private static String text(CharSequence value) {
        return value == null ? null : value.toString();
    }
}
