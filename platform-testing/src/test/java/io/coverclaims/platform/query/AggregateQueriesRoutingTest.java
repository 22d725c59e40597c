package io.coverclaims.platform.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coverclaims.platform.example.PricedProduct;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CommandProcessorTopology;
import io.coverclaims.platform.streams.KernelTestKit;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.policy.DefineProduct;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one Streams application, each behind its own HTTP endpoint: a read about any aggregate,
 * sent to either instance, is answered by the instance that owns the aggregate's partition.
 */
class AggregateQueriesRoutingTest {

    private static final BoundedContext CONTEXT = BoundedContext.of("routing-test", PricedProduct.TYPE);
    private static final String APPLICATION_ID = "kernel-routing-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path stateDirs;

    private static KernelTestKit kit;
    private static final List<Instance> instances = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /** One service instance: its Streams client, its query router and the HTTP endpoint it advertises. */
    record Instance(KafkaStreams streams, AggregateQueries queries, HttpServer server) {
        String hostPort() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }
    }

    @BeforeAll
    static void start() throws IOException {
        kit = new KernelTestKit();
        kit.createTopics(CONTEXT, 4);
        for (String name : List.of("a", "b")) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String hostPort = "127.0.0.1:" + server.getAddress().getPort();
            KafkaStreams streams = kit.create(
                    CommandProcessorTopology.build(CONTEXT), APPLICATION_ID, stateDirs.resolve(name), hostPort);
            AggregateQueries queries = new AggregateQueries();
            queries.streams = streams;
            queries.context = CONTEXT;
            queries.applicationServer = Optional.of(hostPort);
            queries.json = JSON;
            server.createContext("/products/", exchange -> answer(exchange, queries));
            server.createContext("/all-products", exchange -> list(exchange, queries));
            server.start();
            instances.add(new Instance(streams, queries, server));
        }
        instances.forEach(instance -> instance.streams().start());
        awaitStableGroup();
    }

    /**
     * Both instances RUNNING, each seeing both members, their active partitions covering every partition and every
     * local store queryable. A second member joining right after the first reached RUNNING triggers another
     * rebalance; while it runs the stores answer 503 (as they should), so every test starts from a settled group.
     */
    @BeforeEach
    void settled() {
        awaitStableGroup();
    }

    private static void awaitStableGroup() {
        Instant deadline = Instant.now().plus(KernelTestKit.PATIENCE);
        while (!stable()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the two instances never settled into one stable group");
            }
            KernelTestKit.sleep(50);
        }
    }

    private static boolean stable() {
        for (Instance instance : instances) {
            if (instance.streams().state() != KafkaStreams.State.RUNNING) {
                return false;
            }
            var clients = instance.streams().metadataForAllStreamsClients();
            long partitions = clients.stream()
                    .flatMap(client -> client.topicPartitions().stream())
                    .filter(tp -> tp.topic().equals(CONTEXT.commandsTopic()))
                    .count();
            if (clients.size() != instances.size() || partitions != 4) {
                return false;
            }
            try {
                instance.queries().localAggregates();
            } catch (InvalidStateStoreException e) {
                return false;
            }
        }
        return true;
    }

    @AfterAll
    static void stop() {
        instances.forEach(instance -> {
            KernelTestKit.stop(instance.streams());
            instance.server().stop(0);
        });
        kit.close();
    }

    @Test
    void a_read_sent_to_any_instance_is_answered_by_the_owner_of_the_key() throws Exception {
        List<String> ids = new ArrayList<>();
        String lastCommand = null;
        for (int i = 0; i < 16; i++) {
            String id = "prod-" + UUID.randomUUID();
            ids.add(id);
            DefineProduct define = KernelTestKit.defineProduct(id, "Routed " + i, 100, 900);
            kit.send(CONTEXT.commandsTopic(), id, define);
            lastCommand = define.getMetadata().getCommandId();
        }
        String awaited = lastCommand;
        kit.await(
                CONTEXT.outcomesTopic(),
                r -> ((CommandOutcome) kit.decode(r)).getCommandId().equals(awaited),
                found -> !found.isEmpty());
        awaitAllDecided(ids);

        int ownedByB = 0;
        for (String id : ids) {
            HostInfo owner = instances
                    .getFirst()
                    .streams()
                    .queryMetadataForKey(CONTEXT.storeName(), id, new StringSerializer())
                    .activeHost();
            if (owner.equals(HostInfo.buildFromEndpoint(instances.get(1).hostPort()))) {
                ownedByB++;
            }
            for (Instance asked : instances) {
                HttpResponse<String> answer = get(asked, id);
                assertThat(answer.statusCode())
                        .as("GET %s at %s", id, asked.hostPort())
                        .isEqualTo(200);
                assertThat(answer.body()).isEqualTo(id + " version 1");
            }
        }
        assertThat(ownedByB)
                .as("both instances own some of the keys, so some reads were forwarded")
                .isBetween(1, ids.size() - 1);
    }

    @Test
    void a_list_asked_of_any_instance_gathers_every_instance_s_part() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = "prod-" + UUID.randomUUID();
            ids.add(id);
            kit.send(CONTEXT.commandsTopic(), id, KernelTestKit.defineProduct(id, "Listed " + i, 100, 900));
        }
        awaitAllDecided(ids);

        for (Instance asked : instances) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://" + asked.hostPort() + "/all-products"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            List<String> listed = JSON.readValue(answer.body(), new TypeReference<List<String>>() {});
            assertThat(listed).containsAll(ids).isSorted().doesNotHaveDuplicates();
            assertThat(instances.stream()
                            .mapToLong(i -> ids.stream()
                                    .filter(id -> i.queries().localAggregate(id).isPresent())
                                    .count()))
                    .as("each instance holds only part of the list")
                    .allMatch(held -> held < ids.size());
        }
    }

    @Test
    void an_unknown_aggregate_is_404_from_its_owner_whichever_instance_was_asked() throws Exception {
        for (Instance asked : instances) {
            assertThat(get(asked, "prod-" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(Instance instance, String id) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://" + instance.hostPort() + "/products/" + id))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitAllDecided(List<String> ids) {
        Instant deadline = Instant.now().plus(KernelTestKit.PATIENCE);
        while (!allDecided(ids)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not every product reached its owner's store");
            }
            KernelTestKit.sleep(50);
        }
    }

    private static boolean allDecided(List<String> ids) {
        try {
            return ids.stream()
                    .allMatch(id -> instances.stream()
                            .anyMatch(i -> i.queries().localAggregate(id).isPresent()));
        } catch (InvalidStateStoreException rebalancing) {
            return false;
        }
    }

    /** What a resource method does: route, and answer locally from the store when this instance owns the key. */
    private static void answer(HttpExchange exchange, AggregateQueries queries) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/products/".length());
        String routed = exchange.getRequestHeaders().getFirst(AggregateQueries.ROUTED_HEADER);
        Response response = queries.route(
                id,
                uriInfo(exchange.getRequestURI()),
                routed,
                () -> queries.localAggregate(id)
                        .map(aggregate -> Response.ok(id + " version " + aggregate.version())
                                .build())
                        .orElseGet(() -> Response.status(404).entity("no " + id).build()));
        Object entity = response.getEntity();
        byte[] body =
                entity instanceof byte[] bytes ? bytes : String.valueOf(entity).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.getStatus(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** What a listing resource does: gather, contributing this instance's own aggregates. */
    private static void list(HttpExchange exchange, AggregateQueries queries) throws IOException {
        String routed = exchange.getRequestHeaders().getFirst(AggregateQueries.ROUTED_HEADER);
        Response response = queries.gather(
                uriInfo(exchange.getRequestURI()),
                routed,
                () -> List.copyOf(queries.localAggregates().keySet()),
                String.class,
                Comparator.naturalOrder());
        byte[] body = response.getStatus() == 200
                ? JSON.writeValueAsBytes(response.getEntity())
                : String.valueOf(response.getEntity()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.getStatus(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static UriInfo uriInfo(URI requestUri) {
        return (UriInfo) Proxy.newProxyInstance(
                UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getRequestUri")) {
                        return requestUri;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
