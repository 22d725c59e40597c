package io.coverclaims.governance.saga;

import io.coverclaims.governance.domain.breaker.PoolPayouts;
import io.coverclaims.governance.saga.BreakerReactions.OpenEpisode;
import io.coverclaims.governance.saga.BreakerReactions.Table;
import io.coverclaims.governance.view.GovernanceView;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.TopologyContribution;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

/**
 * The automatic circuit breakers (docs/governance.md, "Circuit breakers"): a process manager over pool.events and
 * oracle.events that keeps each pool's trailing payout window and each feed's unreliable episode in persistent state
 * stores and sends TripCircuitBreaker to governance.commands (key {@code pause-flags}, actor {@code circuit-breakers})
 * when a rule is broken:
 *
 * <ul>
 *   <li>PAYOUT_SHARE_24H ({@link io.coverclaims.governance.domain.breaker.PayoutShareRule}) on the pool event that
 *       breaks it: PAYOUTS for that pool;
 *   <li>FEED_UNRELIABLE ({@link io.coverclaims.governance.domain.breaker.FeedUnreliableRule}) at the episode's deadline,
 *       checked on the wall clock every {@code coverclaims.governance.breaker.check-interval} like the kernel's
 *       deadline scheduler (and on a recovery that comes after the deadline): ORACLES for that feed.
 * </ul>
 *
 * <p>Exactly once: the stores have changelogs written in the same exactly-once transaction as the input offsets and
 * the commands, and every command id derives from the event that broke the rule, so a restart or a replay sends the
 * same command again at most, which the pause flags decide once. Undecodable events go to governance.dead-letter.
 *
 * <p>Parameters: the governed governance.breaker.payoutSharePpm, payoutWindowMs and feedUnreliableWindowMs, as in
 * force at the event's time, from {@link GovernanceView}'s parameter history ({@link GovernedBreakerParameters}); the
 * configuration ({@link CircuitBreakerSettings}: {@code coverclaims.governance.breaker.payout-share-ppm},
 * {@code payout-window-ms}, {@code feed-unreliable-window-ms}) only before genesis has run, or when the view has not
 * caught up within {@code view-wait}, which is logged. Each trip records the values it applied.
 */
@ApplicationScoped
public class CircuitBreakers implements TopologyContribution {

    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class);

    /** The pause flags' aggregate id (the governance context's single pause-flags aggregate). */
    public static final String PAUSE_FLAGS = "pause-flags";

    /** Who trips: the actor of every TripCircuitBreaker. */
    public static final String ACTOR = "circuit-breakers";

    public static final String POOL_EVENTS = "pool.events";
    public static final String ORACLE_EVENTS = "oracle.events";

    static final String PAYOUTS = "circuit-breakers-payouts";
    static final String FEEDS = "circuit-breakers-feeds";

    /** Dead-letter headers, as the kernel writes them. */
    static final String REASON = "dlq.reason";

    static final String DETAIL = "dlq.detail";
    static final String ORIGIN_TOPIC = "dlq.origin.topic";
    static final String ORIGIN_PARTITION = "dlq.origin.partition";
    static final String ORIGIN_OFFSET = "dlq.origin.offset";
    static final String FAILED_AT = "dlq.failed-at";

    @Inject
    BoundedContext context;

    @Inject
    CircuitBreakerSettings settings;

    @Inject
    GovernanceView view;

    @Override
    public void contribute(Topology topology) {
        BreakerParameters parameters = GovernedBreakerParameters.of(view, settings.parameters(), settings.viewWait());
        LOG.infof("circuit breakers on %s and %s: %s", POOL_EVENTS, ORACLE_EVENTS, parameters);
        addTo(topology, context, POOL_EVENTS, ORACLE_EVENTS, parameters, settings.checkInterval());
    }

    /** Adds both breakers to {@code topology}; also used by tests that run them as plain Kafka Streams. */
    public static Topology addTo(
            Topology topology,
            BoundedContext context,
            String poolEvents,
            String oracleEvents,
            BreakerParameters parameters,
            Duration checkInterval) {
        BreakerReactions reactions = new BreakerReactions(parameters);
        StoredValues<PoolPayouts> pools = new StoredValues<>(PoolPayouts.class);
        StoredValues<OpenEpisode> feeds = new StoredValues<>(OpenEpisode.class);
        add(
                topology,
                context,
                PAYOUTS,
                poolEvents,
                () -> new Breaker<>(PAYOUTS, pools, reactions::onPoolEvent, null, null));
        add(
                topology,
                context,
                FEEDS,
                oracleEvents,
                () -> new Breaker<>(FEEDS, feeds, reactions::onOracleEvent, reactions::onDeadlineCheck, checkInterval));
        return topology;
    }

    private static void add(
            Topology topology,
            BoundedContext context,
            String name,
            String topic,
            org.apache.kafka.streams.processor.api.ProcessorSupplier<String, byte[], String, Object> supplier) {
        String source = name + "-events";
        String processor = name + "-react";
        topology.addSource(source, new StringDeserializer(), new ByteArrayDeserializer(), topic);
        topology.addProcessor(processor, supplier, source);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                        .withCachingDisabled(),
                processor);
        topology.addSink(
                name + "-commands",
                context.commandsTopic(),
                new StringSerializer(),
                new AvroSingleObjectSerializer(),
                processor);
        topology.addSink(
                name + "-dead-letters",
                context.deadLetterTopic(),
                new StringSerializer(),
                new ByteArraySerializer(),
                processor);
    }

    /** One breaker's processor: decodes the events, applies the reactions to its store, forwards the commands. */
    static final class Breaker<T> implements Processor<String, byte[], String, Object> {

        private final String name;
        private final StoredValues<T> values;
        private final BiFunction<SpecificRecord, Table<T>, List<SpecificRecord>> onEvent;
        private final BiFunction<Instant, Table<T>, List<SpecificRecord>> onCheck;
        private final Duration checkInterval;
        private final AvroSingleObjectDeserializer decoder = new AvroSingleObjectDeserializer();
        private ProcessorContext<String, Object> context;
        private KeyValueStore<String, byte[]> store;
        private Table<T> table;

        Breaker(
                String name,
                StoredValues<T> values,
                BiFunction<SpecificRecord, Table<T>, List<SpecificRecord>> onEvent,
                BiFunction<Instant, Table<T>, List<SpecificRecord>> onCheck,
                Duration checkInterval) {
            this.name = name;
            this.values = values;
            this.onEvent = onEvent;
            this.onCheck = onCheck;
            this.checkInterval = checkInterval;
        }

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.store = context.getStateStore(name);
            this.table = new StoreTable();
            if (onCheck != null) {
                context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::check);
            }
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.value() == null) {
                return;
            }
            SpecificRecord event;
            try {
                event = decoder.deserialize(topic(), record.value());
            } catch (RuntimeException e) {
                deadLetter(record, "UNDECODABLE", e.getMessage());
                return;
            }
            List<SpecificRecord> commands;
            try {
                commands = onEvent.apply(event, table);
            } catch (RuntimeException e) {
                LOG.errorf(
                        e, "%s: reaction to %s failed", name, event.getSchema().getFullName());
                deadLetter(record, "PROCESSING_FAILED", e.getClass().getName() + ": " + e.getMessage());
                return;
            }
            commands.forEach(this::send);
        }

        private void check(long now) {
            onCheck.apply(Instant.ofEpochMilli(now), table).forEach(this::send);
        }

        private void send(SpecificRecord command) {
            CommandMetadata metadata = WireMetadata.ofCommand(command);
            context.forward(
                    new Record<String, Object>(
                            metadata.getAggregateId(),
                            command,
                            metadata.getIssuedAt().toEpochMilli()),
                    name + "-commands");
        }

        private String topic() {
            return context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        }

        private void deadLetter(Record<String, byte[]> record, String reason, String detail) {
            RecordMetadata origin = context.recordMetadata().orElseThrow();
            LOG.warnf(
                    "%s: dead-lettering %s-%d@%d: %s %s",
                    name, origin.topic(), origin.partition(), origin.offset(), reason, detail);
            Headers headers = new RecordHeaders(record.headers().toArray());
            headers.add(REASON, bytes(reason));
            headers.add(DETAIL, bytes(detail == null ? "" : detail));
            headers.add(ORIGIN_TOPIC, bytes(origin.topic()));
            headers.add(ORIGIN_PARTITION, bytes(Integer.toString(origin.partition())));
            headers.add(ORIGIN_OFFSET, bytes(Long.toString(origin.offset())));
            headers.add(FAILED_AT, bytes(Instant.now().toString()));
            context.forward(
                    new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers),
                    name + "-dead-letters");
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        /** The processor's store as the reactions' table. */
        private final class StoreTable implements Table<T> {

            @Override
            public Optional<T> get(String key) {
                byte[] bytes = store.get(key);
                if (bytes == null) {
                    return Optional.empty();
                }
                Optional<T> value = values.decode(bytes);
                if (value.isEmpty()) {
                    LOG.warnf(
                            "%s: the state of %s was written by another version of the saga: starting afresh",
                            name, key);
                }
                return value;
            }

            @Override
            public void put(String key, T value) {
                store.put(key, values.encode(value));
            }

            @Override
            public void delete(String key) {
                store.delete(key);
            }

            @Override
            public List<T> all() {
                List<T> all = new ArrayList<>();
                try (KeyValueIterator<String, byte[]> entries = store.all()) {
                    while (entries.hasNext()) {
                        KeyValue<String, byte[]> entry = entries.next();
                        values.decode(entry.value).ifPresent(all::add);
                    }
                }
                return all;
            }
        }
    }
}
