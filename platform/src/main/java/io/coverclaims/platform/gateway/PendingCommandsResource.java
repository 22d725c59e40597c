package io.coverclaims.platform.gateway;

import io.coverclaims.platform.internal.ParkedCommands;
import io.coverclaims.platform.query.AggregateQueries;
import io.coverclaims.platform.schedule.DeadlineScheduler;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /pending-commands}: the commands this service will decide later without anyone asking again, gathered
 * from all its instances: every deadline its schedulers hold (sent when due: a voting end, a claim window's end, an
 * expiry) and every command a pause holds (a saga's or a scheduler's, decided after the unpause). Empty means the
 * service is at rest: its state changes only when a new command or event arrives. Operators read it to see what a
 * service is waiting for; the demo's verification waits for it before it compares states across a restart.
 */
@Path("/pending-commands")
@Produces(MediaType.APPLICATION_JSON)
public class PendingCommandsResource {

    /** A deadline ({@code dueAt}: when it is sent) or a command a pause holds ({@code since}: when it arrived). */
    public record PendingCommand(
            String kind, String command, String aggregateId, String commandId, Instant dueAt, Instant since) {

        public static final String DEADLINE = "deadline";
        public static final String PARKED = "parked";
    }

    @Inject
    AggregateQueries queries;

    @Inject
    KafkaStreams streams;

    @Inject
    Topology topology;

    @Inject
    BoundedContext context;

    private final AvroSingleObjectDeserializer decoder = new AvroSingleObjectDeserializer();

    /** The schedulers' stores: fixed with the topology, found on the first request. */
    private volatile Set<String> deadlineStores;

    @GET
    @PermitAll
    @Operation(
            summary = "Deadlines not yet sent and commands held by a pause, earliest first",
            description = "kind=deadline: a scheduler sends the command at dueAt. kind=parked: a pause holds the"
                    + " command since it arrived; it is decided once its capability is unpaused. Empty: the service"
                    + " changes state only when a new command or event arrives.")
    public Response pending(@Context UriInfo uri, @HeaderParam("X-Coverclaims-Routed") String routed) {
        return queries.gather(
                uri,
                routed,
                this::local,
                PendingCommand.class,
                Comparator.comparing((PendingCommand p) -> p.dueAt() == null ? p.since() : p.dueAt())
                        .thenComparing(PendingCommand::commandId));
    }

    private List<PendingCommand> local() {
        List<PendingCommand> pending = new ArrayList<>();
        for (String store : deadlineStores()) {
            for (DeadlineScheduler.Pending deadline : DeadlineScheduler.pending(read(store))) {
                SpecificRecord command = decode(deadline.command());
                CommandMetadata metadata = command == null ? null : WireMetadata.ofCommand(command);
                pending.add(new PendingCommand(
                        PendingCommand.DEADLINE,
                        name(command),
                        metadata == null ? null : metadata.getAggregateId(),
                        metadata == null ? deadline.key() : metadata.getCommandId(),
                        deadline.dueAt(),
                        null));
            }
        }
        if (context.governed()) {
            for (ParkedCommands.Parked parked : ParkedCommands.inOrder(read(context.parkedStoreName()))) {
                pending.add(new PendingCommand(
                        PendingCommand.PARKED,
                        name(decode(parked.raw())),
                        parked.key(),
                        parked.commandId(),
                        null,
                        Instant.ofEpochMilli(parked.timestamp())));
            }
        }
        return pending;
    }

    /** The command, or null when it no longer decodes (it is dead-lettered when its time comes). */
    private SpecificRecord decode(byte[] bytes) {
        try {
            return decoder.deserialize(context.commandsTopic(), bytes);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String name(SpecificRecord command) {
        return command == null ? "(undecodable)" : command.getSchema().getName();
    }

    /** The stores of the schedulers in this service's topology ({@link DeadlineScheduler#storeName}). */
    private Set<String> deadlineStores() {
        Set<String> known = deadlineStores;
        if (known == null) {
            known = Set.copyOf(schedulerStores(topology));
            deadlineStores = known;
        }
        return known;
    }

    private static Set<String> schedulerStores(Topology topology) {
        Set<String> stores = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().stream()
                            .filter(name -> name.endsWith(DeadlineScheduler.storeName("")))
                            .forEach(stores::add);
                }
            }
        }
        return stores;
    }

    private ReadOnlyKeyValueStore<String, byte[]> read(String store) {
        return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
    }
}
