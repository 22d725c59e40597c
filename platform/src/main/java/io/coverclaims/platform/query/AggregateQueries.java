package io.coverclaims.platform.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coverclaims.platform.internal.DecidedCommand;
import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.platform.streams.AggregateStores;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.StateCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Interactive queries over the context's aggregates. A read about one aggregate is answered by the instance
 * that owns the aggregate's partition: here when that is this instance, otherwise by forwarding the same GET
 * to the owner ({@code application.server}) and relaying its answer.
 */
@ApplicationScoped
public class AggregateQueries {

    static final String ROUTED_HEADER = "X-Coverclaims-Routed";
    private static final Logger LOG = Logger.getLogger(AggregateQueries.class);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    KafkaStreams streams;

    @Inject
    BoundedContext context;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.kafka-streams.application-server")
    Optional<String> applicationServer;

    /** Every aggregate this instance holds, by id. Use inside {@link #gather}. */
    public Map<String, Aggregate> localAggregates() {
        return stores().snapshot();
    }

    /** The state hash of every aggregate this instance holds ({@link StateCodec#hash}). Use inside {@link #gather}. */
    public List<StateHash> localStateHashes() {
        AggregateStores stores = stores();
        return stores.snapshot().entrySet().stream()
                .map(entry -> new StateHash(
                        entry.getKey(),
                        entry.getValue().type(),
                        entry.getValue().version(),
                        stores.hash(entry.getValue())))
                .toList();
    }

    /** An aggregate's type, version and state hash, as {@code ./claims replay} compares them with a rebuild. */
    public record StateHash(String aggregateId, String type, long version, String hash) {}

    /** The aggregate if this instance holds it. Use inside {@link #route}. */
    public Optional<Aggregate> localAggregate(String aggregateId) {
        return stores().aggregate(aggregateId);
    }

    public Optional<DecidedCommand> localDecision(String commandId) {
        return stores().decided(commandId);
    }

    /**
     * Answers a GET about {@code aggregateId}: {@code local} runs here if this instance owns the key, else the
     * request goes to the owner. While ownership is unknown (rebalancing) the answer is 503 with Retry-After.
     */
    public Response route(String aggregateId, UriInfo uri, String routedHeader, Supplier<Response> local) {
        try {
            if (applicationServer.isEmpty()) {
                return local.get();
            }
            KeyQueryMetadata metadata =
                    streams.queryMetadataForKey(context.storeName(), aggregateId, new StringSerializer());
            HostInfo owner = metadata.activeHost();
            if (metadata == KeyQueryMetadata.NOT_AVAILABLE || owner.port() < 0) {
                return unavailable("the owner of " + aggregateId + " is not known yet (rebalancing)");
            }
            if (owner.equals(HostInfo.buildFromEndpoint(applicationServer.get()))) {
                return local.get();
            }
            if (routedHeader != null) {
                return unavailable("ownership of " + aggregateId + " is moving");
            }
            return forward(owner, uri);
        } catch (InvalidStateStoreException e) {
            return unavailable("state is being rebuilt: " + e.getMessage());
        }
    }

    /**
     * Answers a GET that lists aggregates across all instances: this instance's part ({@code local}) plus every
     * other instance's, asked with the same GET marked as routed so each answers only its own part. Answers 503
     * rather than a partial list when an instance does not answer.
     */
    public <T> Response gather(
            UriInfo uri, String routedHeader, Supplier<List<T>> local, Class<T> itemType, Comparator<T> order) {
        try {
            List<T> all = new ArrayList<>(local.get());
            if (routedHeader == null && applicationServer.isPresent()) {
                HostInfo self = HostInfo.buildFromEndpoint(applicationServer.get());
                for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                    if (instance.hostInfo().equals(self)) {
                        continue;
                    }
                    HttpResponse<byte[]> answer = send(instance.hostInfo(), uri);
                    if (answer.statusCode() != 200) {
                        return unavailable("instance " + instance.hostInfo() + " answered " + answer.statusCode());
                    }
                    all.addAll(json.readValue(
                            answer.body(), json.getTypeFactory().constructCollectionType(List.class, itemType)));
                }
            }
            all.sort(order);
            return Response.ok(all).build();
        } catch (InvalidStateStoreException e) {
            return unavailable("state is being rebuilt: " + e.getMessage());
        } catch (IOException e) {
            return unavailable("an instance did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        }
    }

    private HttpResponse<byte[]> send(HostInfo host, UriInfo uri) throws IOException, InterruptedException {
        URI target = URI.create("http://" + host.host() + ":" + host.port()
                + uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null
                        ? ""
                        : "?" + uri.getRequestUri().getRawQuery()));
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(5))
                .header(ROUTED_HEADER, "true")
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private Response forward(HostInfo owner, UriInfo uri) {
        try {
            HttpResponse<byte[]> answer = send(owner, uri);
            Response.ResponseBuilder relayed =
                    Response.status(answer.statusCode()).entity(answer.body());
            answer.headers().firstValue("Content-Type").ifPresent(type -> relayed.header("Content-Type", type));
            return relayed.build();
        } catch (IOException e) {
            LOG.warnf("owner %s did not answer %s: %s", owner, uri.getRequestUri(), e.getMessage());
            return unavailable("the owner of this aggregate did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        }
    }

    private AggregateStores stores() {
        return AggregateStores.in(streams, context);
    }

    private static Response unavailable(String detail) {
        Problem problem = Problem.of(Response.Status.SERVICE_UNAVAILABLE, "NOT_READY", detail, null);
        return Response.fromResponse(problem.toResponse())
                .header("Retry-After", "1")
                .build();
    }
}
