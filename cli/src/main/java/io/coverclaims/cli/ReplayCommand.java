package io.coverclaims.cli;

import static io.coverclaims.cli.Durations.quote;

import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.StateCodec;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./claims replay <context>}: rebuilds every aggregate of the context from its event topic into a scratch
 * store in this process (states only: the records are folded as they are read, never kept), and compares each one's
 * state hash with what the running service serves ({@code GET /state/hashes}, gathered across its instances). Exit
 * status 1 on any mismatch.
 */
final class ReplayCommand {

    static final String HASHES = "/state/hashes";
    static final Duration HTTP_CONNECT = Duration.ofSeconds(10);
    static final Duration HTTP_ANSWER = Duration.ofSeconds(60);

    static String usage() {
        return """
                usage: ./claims replay <context> [--url http://host:port] [--bootstrap host:port]

                Rebuilds every aggregate of <context> (%s) from <context>.events
                with the context's decider, into a scratch store in this process (the service's state is not
                touched), and compares each aggregate's state hash (SHA-256 of its canonical encoding) with what the
                running service serves at GET <url>%s, at the version the service serves. Prints every
                mismatch; exits 1 on any, 0 when every aggregate is identical.

                  --url <base url>         the service (default its local port: policy http://localhost:8081,
                                           pool 8082, claim 8083, oracle 8084, governance 8085, chain 8086)
                  --bootstrap <host:port>  the Kafka cluster (default %s)
                """.formatted(String.join(", ", Contexts.names()), HASHES, Cluster.DEFAULT_BOOTSTRAP);
    }

    /** One aggregate of the scratch store: its fold, where its first event was, its hash at the served version. */
    private static final class Scratch {
        Fold fold;
        String broken;
        int firstPartition;
        long firstOffset;
        String hashAtServed;
    }

    int run(List<String> argv, Invocation io) throws UsageException {
        Args args = Args.parse(argv, Set.of("bootstrap", "url"), Set.of());
        if (args.help()) {
            io.out().print(usage());
            return 0;
        }
        if (args.positionals().size() != 1) {
            throw new UsageException(
                    args.positionals().isEmpty()
                            ? "which context? ./claims replay <context> (" + String.join(", ", Contexts.names()) + ")"
                            : "one context only, not " + quote(String.join(" ", args.positionals())));
        }
        Contexts.Context context = Contexts.named(args.positionals().getFirst());
        String url = args.option("url").orElse(context.defaultUrl()).replaceAll("/+$", "");
        URI hashes;
        try {
            hashes = URI.create(url + HASHES);
            if (hashes.getHost() == null || !Set.of("http", "https").contains(hashes.getScheme())) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url " + quote(url) + " is not a service's base URL (e.g. http://localhost:"
                    + context.port() + ")");
        }
        try (Cluster cluster = new Cluster(args.option("bootstrap").orElse(Cluster.DEFAULT_BOOTSTRAP))) {
            // the log's end before the service is asked: an aggregate whose first event is before it must be served
            Map<TopicPartition, Long> endWhenAsked;
            try (KafkaConsumer<String, byte[]> consumer = cluster.consumer(true)) {
                List<TopicPartition> partitions = cluster.partitions(consumer, context.events());
                endWhenAsked = consumer.endOffsets(partitions, Cluster.REACH);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw cluster.unreachable(e);
            }
            Map<String, StateComparison.Served> served = served(hashes, context);
            Map<String, Scratch> scratch = new HashMap<>();
            AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
            List<String> undecodable = new ArrayList<>();
            long events = cluster.scan(
                    List.of(context.events()),
                    ProgressBar.of("replay: rebuilding " + context.name() + " from " + context.events(), io),
                    record -> {
                        LoggedEvent event;
                        try {
                            event = LoggedEvent.decode(record, avro);
                        } catch (LoggedEvent.Undecodable e) {
                            undecodable.add(e.getMessage());
                            return;
                        }
                        Scratch aggregate = scratch.computeIfAbsent(event.aggregateId(), id -> {
                            Scratch fresh = new Scratch();
                            fresh.firstPartition = record.partition();
                            fresh.firstOffset = record.offset();
                            return fresh;
                        });
                        if (aggregate.broken != null) {
                            return;
                        }
                        try {
                            aggregate.fold = Fold.apply(context, aggregate.fold, event);
                        } catch (Fold.Broken e) {
                            aggregate.broken = e.getMessage();
                            return;
                        }
                        StateComparison.Served theirs = served.get(event.aggregateId());
                        if (theirs != null && theirs.version() == aggregate.fold.version()) {
                            aggregate.hashAtServed = hash(aggregate.fold);
                        }
                    });
            Map<String, StateComparison.Rebuilt> rebuilt = new HashMap<>();
            scratch.forEach((id, aggregate) -> rebuilt.put(
                    id,
                    new StateComparison.Rebuilt(
                            aggregate.fold == null ? "?" : aggregate.fold.type().name(),
                            aggregate.fold == null ? 0 : aggregate.fold.version(),
                            aggregate.hashAtServed,
                            aggregate.firstOffset
                                    < endWhenAsked.getOrDefault(
                                            new TopicPartition(context.events(), aggregate.firstPartition), 0L),
                            aggregate.broken)));
            StateComparison.Result result = StateComparison.compare(served, rebuilt);
            io.out()
                    .println("replay " + context.name() + ": rebuilt " + rebuilt.size()
                            + (rebuilt.size() == 1 ? " aggregate" : " aggregates") + " from the " + events
                            + " events of "
                            + context.events() + " on " + cluster.bootstrap() + " (in this process, a scratch store)");
            io.out()
                    .println("  " + context.service() + " at " + url + " serves " + served.size() + ": "
                            + result.identical() + " identical, "
                            + result.mismatches().size()
                            + (result.mismatches().size() == 1 ? " mismatch" : " mismatches")
                            + (result.newSinceAsked() == 0
                                    ? ""
                                    : ", " + result.newSinceAsked()
                                            + " created after the service was asked (not compared)"));
            for (String problem : undecodable) {
                io.out().println("  ✘ a record does not decode: " + problem);
            }
            for (String mismatch : result.mismatches()) {
                io.out().println("  ✘ " + mismatch);
            }
            boolean same = result.mismatches().isEmpty() && undecodable.isEmpty();
            io.out()
                    .println(
                            same
                                    ? "replay " + context.name() + ": every aggregate's state is identical"
                                    : "replay " + context.name() + ": MISMATCH");
            return same ? 0 : 1;
        }
    }

    @SuppressWarnings("unchecked")
    private static <S> String hash(Fold fold) {
        AggregateType<?, ?, S> type = (AggregateType<?, ?, S>) fold.type();
        return StateCodec.of(type).hash((S) fold.state());
    }

    /** The service's answer to GET /state/hashes, or a sentence saying why there is none. */
    private static Map<String, StateComparison.Served> served(URI hashes, Contexts.Context context) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(HTTP_CONNECT).build();
        HttpRequest request = HttpRequest.newBuilder(hashes)
                .timeout(HTTP_ANSWER)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new Unavailable("cannot reach " + context.service() + " at " + hashes + " within "
                    + HTTP_CONNECT.toSeconds() + " s (is it running? give its address with --url)");
        } catch (HttpTimeoutException e) {
            throw new Unavailable(
                    context.service() + " did not answer GET " + hashes + " within " + HTTP_ANSWER.toSeconds() + " s");
        } catch (IOException e) {
            throw new Unavailable("GET " + hashes + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while asking " + hashes);
        }
        if (response.statusCode() != 200) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new Unavailable("GET " + hashes + " answered " + response.statusCode()
                    + (response.statusCode() == 404 ? " (a service version without state hashes?)" : "")
                    + (body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body)));
        }
        try {
            return StateComparison.parse(AvroJson.JSON.readTree(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            throw new Unavailable("GET " + hashes + " answered what is not state hashes: " + e.getMessage());
        }
    }
}
