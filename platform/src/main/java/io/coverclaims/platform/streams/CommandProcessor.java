package io.coverclaims.platform.streams;

import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.decider.Rejection;
import io.coverclaims.platform.governance.GovernanceStore;
import io.coverclaims.platform.governance.Pause;
import io.coverclaims.platform.governance.PauseGate;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.platform.internal.AggregateCodec;
import io.coverclaims.platform.internal.AggregateStore;
import io.coverclaims.platform.internal.DeadLetter;
import io.coverclaims.platform.internal.DecidedCommand;
import io.coverclaims.platform.internal.IncomingSerde;
import io.coverclaims.platform.internal.ParkedCommands;
import io.coverclaims.platform.money.AmountOutOfRange;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.common.EventMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Decides each command of a context exactly once: load the aggregate, check the expected version,
 * {@code decide}, append the events, {@code evolve}, publish the outcome. Runs under exactly_once_v2, so
 * events, outcome and input offset commit together or not at all.
 */
final class CommandProcessor implements Processor<String, Incoming, String, Object> {

    static final String EVENTS_SINK = "events";
    static final String OUTCOMES_SINK = "outcomes";
    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String EVENT_TYPE_HEADER = "event-type";

    private static final Logger LOG = Logger.getLogger(CommandProcessor.class);
    /** Decided commands looked at per purge step (a few milliseconds of the stream thread). */
    static final int PURGE_STEP = 5_000;

    private static final org.apache.kafka.common.serialization.Deserializer<Incoming> PARKED_DECODER =
            new IncomingSerde().deserializer();

    private final BoundedContext context;
    private final KernelOptions options;
    private final AggregateCodec codec;
    private ProcessorContext<String, Object> processorContext;
    private AggregateStore store;
    private boolean ready;
    private Cancellable readiness;
    /** A governed context's pause flags (global store) and the commands they hold (this task's store); else null. */
    private GovernanceStore governance;

    private ParkedCommands parked;
    /** False only when the parked store is known to be empty: the release punctuation then reads nothing. */
    private boolean mayHaveParked;

    CommandProcessor(BoundedContext context, KernelOptions options, AggregateCodec codec) {
        this.context = context;
        this.options = options;
        this.codec = codec;
    }

    /**
     * Opens the task's persistent stores (restored by Kafka Streams from their changelogs, or kept on local disk
     * since the last clean stop) and rebuilds them from the topics only when they are empty or were written with
     * other state shapes; then forgets, every {@code purgeInterval}, the decided commands older than the window.
     */
    @Override
    public void init(ProcessorContext<String, Object> processorContext) {
        this.processorContext = processorContext;
        this.store = new AggregateStore(
                processorContext.getStateStore(context.storeName()),
                processorContext.getStateStore(context.decidedStoreName()),
                codec);
        this.ready = false;
        // a store cannot be written in init (no record context yet): check and rebuild at once in a first punctuation,
        // or on the first command if it comes earlier
        this.readiness = processorContext.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, now -> {
            ensureReady();
        });
        processorContext.schedule(options.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, now -> forgetOld());
        if (context.governed()) {
            KeyValueStore<String, byte[]> flags = processorContext.getStateStore(context.governanceStoreName());
            this.governance = new GovernanceStore(flags);
            this.parked = new ParkedCommands(processorContext.getStateStore(context.parkedStoreName()));
            this.mayHaveParked = true;
            processorContext.schedule(
                    options.releaseInterval(), PunctuationType.WALL_CLOCK_TIME, now -> releaseUnpaused());
        }
    }

    private void ensureReady() {
        if (ready) {
            return;
        }
        int partition = processorContext.taskId().partition();
        StoreRebuild rebuild = new StoreRebuild(context, processorContext.appConfigs());
        if (!store.aggregatesWrittenWith(codec.shapes())) {
            String stored = store.storedShapes();
            LOG.infof(
                    "%s partition %d: the store %s; rebuilding it from %s",
                    context.name(),
                    partition,
                    stored == null
                            ? "holds no state yet"
                            : "was written with other state shapes (" + stored + " -> " + codec.shapes() + ")",
                    context.eventsTopic());
            rebuild.rebuildAggregates(store, partition);
        }
        if (!store.decidedComplete()) {
            rebuild.rebuildDecided(store, partition, options.idempotencyWindow());
        }
        ready = true;
        readiness.cancel();
    }

    private void forgetOld() {
        if (!ready) {
            return;
        }
        long streamTime = processorContext.currentStreamTimeMs();
        if (streamTime <= 0) {
            return;
        }
        int forgotten = store.forgetSomeDecidedBefore(
                Instant.ofEpochMilli(streamTime).minus(options.idempotencyWindow()), PURGE_STEP);
        if (forgotten > 0) {
            LOG.debugf(
                    "%s: forgot %d decided commands older than %s",
                    context.name(), forgotten, options.idempotencyWindow());
        }
    }

    @Override
    public void process(Record<String, Incoming> record) {
        ensureReady();
        Incoming incoming = record.value();
        if (!incoming.isDecoded()) {
            deadLetter(record, DeadLetter.UNDECODABLE, incoming.decodeError());
            return;
        }
        if (record.key() == null) {
            deadLetter(record, DeadLetter.MISSING_KEY, "commands are keyed by aggregate id");
            return;
        }
        SpecificRecord command = incoming.value();
        CommandMetadata metadata;
        try {
            metadata = WireMetadata.ofCommand(command);
        } catch (IllegalArgumentException e) {
            deadLetter(record, DeadLetter.NOT_A_COMMAND, e.getMessage());
            return;
        }
        if (!record.key().equals(metadata.getAggregateId())) {
            deadLetter(
                    record,
                    DeadLetter.KEY_MISMATCH,
                    "key " + record.key() + " differs from aggregate id " + metadata.getAggregateId());
            return;
        }
        Optional<DecidedCommand> earlier = store.decided(metadata.getCommandId());
        if (earlier.isPresent()) {
            DecidedCommand decided = earlier.get();
            publish(
                    decided.conflictsWith(metadata.getRequestHash())
                            ? decided.reusedKeyOutcome(command.getSchema().getFullName(), metadata.getRequestHash())
                            : decided.toOutcome(true),
                    record);
            return;
        }
        if (governance != null && held(command, metadata, record)) {
            return;
        }
        decideNew(command, metadata, record, true);
    }

    /**
     * The pause gate of a governed context: a command whose capability is paused is refused when a caller sent it
     * ({@code PAUSED}, not remembered, nothing appended), and parked when a saga or scheduler did (decided once the
     * pause is lifted). A copy of a parked command is parked once.
     *
     * @return whether the command was held (refused or parked)
     */
    private boolean held(SpecificRecord command, CommandMetadata metadata, Record<String, Incoming> record) {
        if (parked.isParked(metadata.getCommandId())) {
            LOG.debugf("%s: command %s is parked already", context.name(), metadata.getCommandId());
            return true;
        }
        Optional<PauseKey> needed = needs(command);
        if (needed.isEmpty()) {
            return false;
        }
        Optional<Pause> pause = governance.holding(needed.get());
        if (pause.isEmpty()) {
            return false;
        }
        if (PauseGate.isCaller(metadata.getActor())) {
            reject(
                    command,
                    metadata,
                    currentVersion(metadata.getAggregateId()),
                    PauseGate.refusal(command.getSchema().getFullName(), needed.get(), pause.get()),
                    record);
        } else {
            parked.park(
                    metadata.getCommandId(),
                    record.key(),
                    record.timestamp(),
                    record.value().raw());
            mayHaveParked = true;
            LOG.infof(
                    "%s: parked %s %s of %s until the unpause (%s)",
                    context.name(),
                    command.getSchema().getName(),
                    metadata.getCommandId(),
                    metadata.getActor(),
                    pause.get().describe());
        }
        return true;
    }

    private Optional<PauseKey> needs(SpecificRecord command) {
        try {
            return context.pauseKey(command);
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "%s: the pause classifier failed on %s",
                    context.name(),
                    command.getSchema().getFullName());
            return Optional.empty();
        }
    }

    /**
     * Decides, in arrival order, each parked command whose capability is no longer paused, as if it had just arrived
     * (except the age check: it waited on purpose). Under exactly-once the release and the decision commit together.
     */
    private void releaseUnpaused() {
        if (!ready || !mayHaveParked) {
            return;
        }
        boolean stillParked = false;
        for (ParkedCommands.Parked waiting : parked.inOrder()) {
            Incoming incoming = PARKED_DECODER.deserialize(context.commandsTopic(), waiting.raw());
            Record<String, Incoming> record = new Record<>(waiting.key(), incoming, waiting.timestamp());
            if (!incoming.isDecoded()) {
                parked.release(waiting);
                deadLetter(record, DeadLetter.UNDECODABLE, incoming.decodeError());
                continue;
            }
            SpecificRecord command = incoming.value();
            Optional<PauseKey> needed = needs(command);
            if (needed.isPresent() && governance.holding(needed.get()).isPresent()) {
                stillParked = true;
                continue;
            }
            parked.release(waiting);
            CommandMetadata metadata = WireMetadata.ofCommand(command);
            LOG.infof(
                    "%s: releasing %s %s, parked since %s",
                    context.name(),
                    command.getSchema().getName(),
                    metadata.getCommandId(),
                    Instant.ofEpochMilli(waiting.timestamp()));
            Optional<DecidedCommand> earlier = store.decided(metadata.getCommandId());
            if (earlier.isPresent()) {
                publish(earlier.get().toOutcome(true), record);
                continue;
            }
            decideNew(command, metadata, record, false);
        }
        mayHaveParked = stillParked;
    }

    private void decideNew(
            SpecificRecord command, CommandMetadata metadata, Record<String, Incoming> record, boolean checkAge) {
        if (checkAge && tooOld(metadata, record)) {
            reject(
                    command,
                    metadata,
                    currentVersion(metadata.getAggregateId()),
                    new Rejection(
                            Rejection.COMMAND_TOO_OLD,
                            "the command was issued at " + metadata.getIssuedAt() + ", more than "
                                    + options.idempotencyWindow() + " before the latest command of its partition ("
                                    + Instant.ofEpochMilli(streamTime(record)) + "): its id may have been forgotten,"
                                    + " so it is not decided rather than risk deciding it twice; send it again as a new"
                                    + " request",
                            "issuedAt"),
                    record);
            return;
        }
        Optional<AggregateType<?, ?, ?>> type = context.aggregates().stream()
                .filter(candidate -> candidate.handlesCommand(command))
                .findFirst();
        if (type.isEmpty()) {
            deadLetter(
                    record,
                    DeadLetter.UNKNOWN_COMMAND,
                    "context " + context.name() + " has no aggregate for "
                            + command.getSchema().getFullName());
            return;
        }
        try {
            decide(type.get(), command, metadata, record);
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "command %s (%s) failed; dead-lettered",
                    metadata.getCommandId(),
                    command.getSchema().getFullName());
            deadLetter(record, DeadLetter.PROCESSING_FAILED, e.getClass().getName() + ": " + e.getMessage());
            // the caller (a REST client, another context's saga) is answered at once instead of waiting in vain;
            // the refusal is not remembered as a decision, so a redriven copy can still be decided
            reject(
                    command,
                    metadata,
                    currentVersion(metadata.getAggregateId()),
                    new Rejection(
                            Rejection.PROCESSING_FAILED,
                            "the command could not be decided (" + e.getClass().getSimpleName() + "); it is kept in "
                                    + context.deadLetterTopic() + " for an operator",
                            null),
                    record);
        }
    }

    private long currentVersion(String aggregateId) {
        return store.aggregate(aggregateId).map(Aggregate::version).orElse(0L);
    }

    /**
     * Older than the idempotency window, measured on stream time (the latest command timestamp of the partition, so a
     * replay judges the same way): its id may have been forgotten already.
     */
    private boolean tooOld(CommandMetadata metadata, Record<String, Incoming> record) {
        return metadata.getIssuedAt()
                .isBefore(Instant.ofEpochMilli(streamTime(record)).minus(options.idempotencyWindow()));
    }

    private long streamTime(Record<String, Incoming> record) {
        return Math.max(processorContext.currentStreamTimeMs(), record.timestamp());
    }

    /** Everything is computed before anything is forwarded, so a failure leaves no partial output. */
    private <C, E, S> void decide(
            AggregateType<C, E, S> type,
            SpecificRecord command,
            CommandMetadata metadata,
            Record<String, Incoming> record) {
        String aggregateId = metadata.getAggregateId();
        Optional<Aggregate> current = store.aggregate(aggregateId);
        long version = current.map(Aggregate::version).orElse(0L);
        if (current.isPresent() && !current.get().type().equals(type.name())) {
            reject(
                    command,
                    metadata,
                    version,
                    new Rejection(
                            Rejection.AGGREGATE_TYPE_MISMATCH,
                            aggregateId + " is a " + current.get().type() + ", not a " + type.name(),
                            null),
                    record);
            return;
        }
        Long expected = metadata.getExpectedVersion();
        if (expected != null && expected != version) {
            reject(
                    command,
                    metadata,
                    version,
                    new Rejection(
                            Rejection.VERSION_CONFLICT,
                            "expected version " + expected + " but " + aggregateId + " is at " + version,
                            "expectedVersion"),
                    record);
            return;
        }
        @SuppressWarnings("unchecked")
        S state = current.map(aggregate -> (S) aggregate.state())
                .orElseGet(() -> type.decider().initialState());
        Decision<E> decision;
        try {
            decision = type.decider().decide(type.readCommand(command), state);
        } catch (AmountOutOfRange e) {
            // arithmetic that would leave 0 .. 2^256 - 1 refuses the command; it is never a failure
            decision = Decision.reject(AmountOutOfRange.CODE, e.getMessage(), e.field());
        }
        switch (decision) {
            case Decision.Rejected<E> rejected -> reject(command, metadata, version, rejected.rejection(), record);
            case Decision.Accepted<E> accepted ->
                append(type, command, metadata, state, version, accepted.events(), record);
        }
    }

    private <C, E, S> void append(
            AggregateType<C, E, S> type,
            SpecificRecord command,
            CommandMetadata metadata,
            S state,
            long version,
            List<E> events,
            Record<String, Incoming> record) {
        List<SpecificRecord> wireEvents = new ArrayList<>(events.size());
        List<String> eventIds = new ArrayList<>(events.size());
        for (E event : events) {
            long eventVersion = version + wireEvents.size() + 1;
            EventMetadata eventMetadata = eventMetadata(metadata, wireEvents.size(), eventVersion);
            wireEvents.add(type.writeEvent(event, eventMetadata));
            eventIds.add(eventMetadata.getEventId());
            state = type.decider().evolve(state, event);
        }
        long newVersion = version + events.size();
        CommandOutcome outcome = outcome(command, metadata, CommandStatus.ACCEPTED, newVersion, eventIds, null);

        long timestamp = metadata.getIssuedAt().toEpochMilli();
        for (SpecificRecord wireEvent : wireEvents) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(EVENT_TYPE_HEADER, wireEvent.getSchema().getFullName().getBytes(StandardCharsets.UTF_8));
            processorContext.forward(
                    new Record<String, Object>(metadata.getAggregateId(), wireEvent, timestamp, headers), EVENTS_SINK);
        }
        if (!events.isEmpty()) {
            store.put(metadata.getAggregateId(), new Aggregate(type.name(), state, newVersion));
        }
        publish(outcome, record);
    }

    private void reject(
            SpecificRecord command,
            CommandMetadata metadata,
            long version,
            Rejection rejection,
            Record<String, Incoming> record) {
        publish(outcome(command, metadata, CommandStatus.REJECTED, version, List.of(), rejection), record);
    }

    private void publish(CommandOutcome outcome, Record<String, Incoming> record) {
        if (DecidedCommand.isRemembered(outcome)) {
            store.record(DecidedCommand.of(outcome));
        }
        processorContext.forward(
                new Record<String, Object>(outcome.getAggregateId(), outcome, record.timestamp()), OUTCOMES_SINK);
    }

    private CommandOutcome outcome(
            SpecificRecord command,
            CommandMetadata metadata,
            CommandStatus status,
            long version,
            List<String> eventIds,
            Rejection rejection) {
        return CommandOutcome.newBuilder()
                .setCommandId(metadata.getCommandId())
                .setAggregateId(metadata.getAggregateId())
                .setCommandType(command.getSchema().getFullName())
                .setStatus(status)
                .setAggregateVersion(version)
                .setEventIds(eventIds)
                .setReasonCode(rejection == null ? null : rejection.code())
                .setReasonMessage(rejection == null ? null : rejection.message())
                .setField(rejection == null ? null : rejection.field())
                .setCorrelationId(metadata.getCorrelationId())
                .setDecidedAt(metadata.getIssuedAt())
                .setDuplicate(false)
                .setRequestHash(metadata.getRequestHash())
                .build();
    }

    private static EventMetadata eventMetadata(CommandMetadata command, int index, long version) {
        return EventMetadata.newBuilder()
                .setEventId(eventId(command.getCommandId(), index))
                .setAggregateId(command.getAggregateId())
                .setAggregateVersion(version)
                .setCausationId(command.getCommandId())
                .setCorrelationId(command.getCorrelationId())
                .setOccurredAt(command.getIssuedAt())
                .setActor(command.getActor())
                .build();
    }

    /** Name-based, so the same command decided again (after a crash before commit) yields the same ids. */
    static String eventId(String commandId, int index) {
        return UUID.nameUUIDFromBytes((commandId + "#" + index).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private void deadLetter(Record<String, Incoming> record, String reason, String detail) {
        processorContext.forward(
                processorContext.recordMetadata().isPresent()
                        ? DeadLetter.of(processorContext, record, reason, detail)
                        // a parked command released by a punctuation: it comes from the parked store
                        : DeadLetter.fromStore(
                                context.parkedStoreName(),
                                record.key(),
                                record.value().raw(),
                                record.timestamp(),
                                reason,
                                detail),
                DEAD_LETTER_SINK);
    }
}
