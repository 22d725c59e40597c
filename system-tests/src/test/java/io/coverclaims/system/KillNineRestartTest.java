package io.coverclaims.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coverclaims.platform.testing.KafkaBrokerProcess;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.pool.CapitalDeposited;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery after a crash (issue 8): pool-service runs as its own JVM (the packaged {@code quarkus-run.jar}) against
 * the real broker. A burst of deposits is cut short by {@code kill -9}; the same instance (same {@code HOSTNAME}
 * and port, hence the same {@code group.instance.id}) is started again and must serve within seconds, not after the
 * dead member's session timeout (45 s). Every deposit of the burst is then sent again with its Idempotency-Key and
 * body, and each one counts exactly once: nothing lost, nothing applied twice.
 *
 * <p>Needs pool-service packaged ({@code pool-service/target/quarkus-app}): the reactor packages it before this
 * module's tests run. Logs of both JVMs go to {@code system-tests/target/kill9/}.
 */
class KillNineRestartTest {

    static final String APPLICATION_ID = "pool-service";
    static final String HOST = "kill9-test-host";
    static final String MANAGER = "0x" + "1".repeat(40);
    /** Pool administration needs the operator's key (X-Admin-Key); the service gets this one. */
    static final String ADMIN_KEY = "kill9-admin-key";

    static final List<String> PROVIDERS =
            Stream.of("a", "b", "c", "d").map(digit -> "0x" + digit.repeat(40)).toList();
    static final int DEPOSITS = 200;
    static final int CLIENTS = PROVIDERS.size();
    static final int KILL_AFTER_ACCEPTED = 50;
    /** The dead member's session timeout is 45 s: a restart must be well inside it. */
    static final Duration READY_LIMIT = Duration.ofSeconds(30);

    static final Duration START_PATIENCE = Duration.ofSeconds(90);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    /** The service JVMs alive, killed if this JVM exits before the test could (Ctrl-C of the build). */
    private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> ALIVE.forEach(Process::destroyForcibly), "kill9-test-cleanup"));
    }

    @TempDir
    Path stateDir;

    private final List<Process> started = new ArrayList<>();
    /** When the first re-sent deposit was answered 201 (System.nanoTime), 0 before. */
    private final AtomicLong firstRetryAnswered = new AtomicLong();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @AfterEach
    void kill_every_jvm_the_test_started() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            ALIVE.remove(process);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void a_service_killed_mid_burst_serves_again_within_seconds_under_the_same_identity_and_counts_every_deposit_once()
            throws Exception {
        Path app = repositoryRoot().resolve("pool-service/target/quarkus-app");
        assertThat(app.resolve("quarkus-run.jar"))
                .as("pool-service must be packaged first: ./mvnw -pl pool-service -am package -DskipTests")
                .isRegularFile();
        Path logs = repositoryRoot().resolve("system-tests/target/kill9");
        Files.createDirectories(logs);
        String bootstrap = KafkaBrokerProcess.shared().bootstrapServers();
        int port = freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        String instanceId = APPLICATION_ID + "-" + HOST + "-" + port + "-1"; // Streams appends the thread index

        // 1. the first instance: ready, one static member, a pool
        Process first = launch(app, bootstrap, port, logs.resolve("pool-service-1.log"));
        awaitReady(base, first, START_PATIENCE, logs.resolve("pool-service-1.log"));
        assertThat(groupInstanceIds(bootstrap)).containsExactly(instanceId);
        String poolId = "pool-kill9-" + UUID.randomUUID();
        HttpResponse<String> created =
                post(base.resolve("/pools"), createPoolBody(poolId), "create-" + poolId, "X-Admin-Key", ADMIN_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        // 2. a burst of deposits from a few clients, cut short by kill -9
        List<Deposit> burst = IntStream.range(0, DEPOSITS)
                .mapToObj(i -> new Deposit("dep-" + i + "-" + UUID.randomUUID(), PROVIDERS.get(i % CLIENTS), 1_000 + i))
                .toList();
        Set<String> acceptedBeforeKill = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> senders = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            senders.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < DEPOSITS && !killed.get(); i = next.getAndIncrement()) {
                    Deposit deposit = burst.get(i);
                    try {
                        int status = post(base.resolve(depositPath(poolId)), deposit.body(), deposit.key())
                                .statusCode();
                        if (status == 201) {
                            acceptedBeforeKill.add(deposit.key());
                        }
                    } catch (IOException e) {
                        // the instance died under this request: its outcome is unknown, the retry below settles it
                    }
                }
                return null;
            }));
        }
        await(
                "50 deposits accepted before the kill",
                Duration.ofSeconds(60),
                () -> acceptedBeforeKill.size() >= KILL_AFTER_ACCEPTED
                        || senders.stream().allMatch(Future::isDone));
        first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no LeaveGroup, open transactions left open
        long killedAt = System.nanoTime();
        killed.set(true);
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        for (Future<?> sender : senders) {
            sender.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(acceptedBeforeKill).as("killed mid-burst").hasSizeBetween(KILL_AFTER_ACCEPTED, DEPOSITS - 1);

        // 3. the same identity again: serving within seconds
        long launchedAt = System.nanoTime();
        Process second = launch(app, bootstrap, port, logs.resolve("pool-service-2.log"));
        awaitReady(base, second, START_PATIENCE, logs.resolve("pool-service-2.log"));
        long readyAt = System.nanoTime();
        List<String> membersAfter = groupInstanceIds(bootstrap);
        boolean staticMembership = membersAfter.equals(List.of(instanceId));
        long readyAfterKill = (readyAt - killedAt) / 1_000_000;
        System.out.printf("%nRESTART ready_after_kill9_ms=%d static_membership=%s%n", readyAfterKill, staticMembership);
        System.out.printf(
                "RESTART detail: launch_to_ready_ms=%d streams_rebalancing_to_running_ms=%s members=%s "
                        + "accepted_before_kill=%d (2-core machine, shared)%n",
                (readyAt - launchedAt) / 1_000_000,
                rebalancingToRunning(logs.resolve("pool-service-2.log"))
                        .map(String::valueOf)
                        .orElse("?"),
                membersAfter,
                acceptedBeforeKill.size());
        assertThat(membersAfter)
                .as("the restarted instance took the dead one's place under the same group.instance.id")
                .containsExactly(instanceId);
        assertThat(Duration.ofMillis(readyAfterKill))
                .as("ready after kill -9 (dead member's session timeout: 45 s)")
                .isLessThan(READY_LIMIT);

        // 4. every deposit of the burst again, same key, same body: each counts once
        ExecutorService retries = Executors.newFixedThreadPool(CLIENTS);
        List<Future<JsonNode>> outcomes = burst.stream()
                .map(deposit -> retries.submit(() -> depositUntilDecided(base, poolId, deposit)))
                .toList();
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < DEPOSITS; i++) {
            JsonNode outcome = outcomes.get(i).get(90, TimeUnit.SECONDS);
            assertThat(outcome.path("status").asText()).as(outcome.toString()).isEqualTo("ACCEPTED");
            if (outcome.path("duplicate").asBoolean()) {
                duplicates.add(burst.get(i).key());
            }
        }
        long allAnsweredAt = System.nanoTime();
        retries.shutdown();
        System.out.printf(
                "RETRY first_answer_after_kill_ms=%d all_answered_after_kill_ms=%d duplicates=%d%n%n",
                (firstRetryAnswered.get() - killedAt) / 1_000_000,
                (allAnsweredAt - killedAt) / 1_000_000,
                duplicates.size());
        assertThat(duplicates)
                .as("every deposit accepted before the kill is answered as a duplicate")
                .containsAll(acceptedBeforeKill);

        BigInteger sum = burst.stream()
                .map(deposit -> BigInteger.valueOf(deposit.amount()))
                .reduce(BigInteger.ZERO, BigInteger::add);
        HttpResponse<String> read = http.send(
                HttpRequest.newBuilder(base.resolve("/pools/" + poolId))
                        .timeout(REQUEST_TIMEOUT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode pool = JSON.readTree(read.body());
        assertThat(amount(pool.path("capital")))
                .as("capital = the sum of all deposits")
                .isEqualTo(sum);
        assertThat(amount(pool.path("ledger").path("deposits"))).isEqualTo(sum);
        assertThat(pool.path("ledger").path("conserved").asBoolean()).isTrue();
        assertThat(pool.path("version").asLong())
                .as("PoolCreated and one CapitalDeposited per deposit")
                .isEqualTo(1 + DEPOSITS);
        try (KafkaTestKit kit = new KafkaTestKit()) {
            List<String> depositIds = kit.readAll("pool.events", poolId).stream()
                    .filter(CapitalDeposited.class::isInstance)
                    .map(event -> ((CapitalDeposited) event).getDepositId())
                    .toList();
            assertThat(depositIds)
                    .as("pool.events: one CapitalDeposited per deposit")
                    .hasSize(DEPOSITS);
            assertThat(Set.copyOf(depositIds)).hasSize(DEPOSITS);
        }
    }

    /** One deposit of the burst: its Idempotency-Key, provider and amount (distinct, so a double shows). */
    record Deposit(String key, String provider, long amount) {
        String body() {
            return "{\"provider\":\"" + provider + "\",\"amount\":\"" + amount + "\"}"; // amounts: decimal strings
        }
    }

    static String depositPath(String poolId) {
        return "/pools/" + poolId + "/deposits";
    }

    static String createPoolBody(String poolId) {
        return """
                {"poolId":"%s","name":"kill -9","manager":"%s","asset":"USDC","capacityRatioBps":20000,\
                "products":[{"productId":"prod-kill9","weightBps":5000}]}""".formatted(poolId, MANAGER);
    }

    /** An amount of a view, as a number or a decimal string. */
    static BigInteger amount(JsonNode node) {
        assertThat(node.isMissingNode() || node.isNull()).as("amount present").isFalse();
        return new BigInteger(node.asText());
    }

    /** Sends the deposit (same key, same body) until it is decided: the instance may still be taking over. */
    private JsonNode depositUntilDecided(URI base, String poolId, Deposit deposit) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "nothing";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = post(base.resolve(depositPath(poolId)), deposit.body(), deposit.key());
                if (response.statusCode() == 201) {
                    firstRetryAnswered.compareAndSet(0, System.nanoTime());
                    return JSON.readTree(response.body());
                }
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() != 202 && response.statusCode() != 503) {
                    throw new AssertionError("deposit " + deposit.key() + " refused: " + last);
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("deposit " + deposit.key() + " not decided within 60 s; last answer: " + last);
    }

    /** POSTs the JSON with its Idempotency-Key and any further headers (name, value, ...). */
    private HttpResponse<String> post(URI uri, String json, String idempotencyKey, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------------------------------ the service JVM

    /** {@code java -jar quarkus-run.jar} with a fixed HOSTNAME and port: the same group.instance.id every start. */
    private Process launch(Path app, String bootstrap, int port, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dkafka-streams.state.dir=" + stateDir.toAbsolutePath(),
                "-Dcoverclaims.admin-key=" + ADMIN_KEY));
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // kafka-clients' buffer unmapper
        }
        command.addAll(List.of("-jar", app.resolve("quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(app.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("HOSTNAME", HOST);
        environment.remove("COVERCLAIMS_INSTANCE_ID");
        environment.remove("KAFKA_BOOTSTRAP_SERVERS");
        Process process = builder.start();
        started.add(process);
        ALIVE.add(process);
        process.getOutputStream().close();
        return process;
    }

    private void awaitReady(URI base, Process process, Duration patience, Path log) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("pool-service exited (" + process.exitValue() + ")" + tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pool-service not ready within " + patience + tail(log));
            }
            Thread.sleep(50);
        }
    }

    /** The group.instance.id of every member of the service's Streams consumer group (empty for dynamic members). */
    static List<String> groupInstanceIds(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(APPLICATION_ID))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(APPLICATION_ID);
            return group.members().stream()
                    .map(MemberDescription::groupInstanceId)
                    .map(id -> id.orElse(""))
                    .sorted()
                    .toList();
        }
    }

    /** From the Streams client's REBALANCING to its RUNNING, read from the service's log, when both are there. */
    static Optional<Long> rebalancingToRunning(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            Optional<LocalDateTime> from =
                    logTime(lines, "stream-client", "State transition from CREATED to REBALANCING");
            Optional<LocalDateTime> to =
                    logTime(lines, "stream-client", "State transition from REBALANCING to RUNNING");
            return from.flatMap(f -> to.map(t -> Duration.between(f, t).toMillis()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDateTime> logTime(List<String> lines, String logger, String text) {
        return lines.stream()
                .filter(line -> line.contains(logger) && line.contains(text) && line.length() > 23)
                .findFirst()
                .map(line -> LocalDateTime.parse(line.substring(0, 23), LOG_TIME));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "; " + log + " ends with:\n"
                    + lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream()
                            .collect(Collectors.joining("\n"));
        } catch (IOException | UncheckedIOException e) {
            return " (no log at " + log + ")";
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The repository's root: from the broker home the root pom sets, else the first parent holding pool-service. */
    static Path repositoryRoot() {
        String brokerHome = System.getProperty(KafkaBrokerProcess.BROKER_HOME_PROPERTY);
        List<Path> starts = new ArrayList<>();
        if (brokerHome != null && !brokerHome.isBlank()) {
            starts.add(Path.of(brokerHome.trim())); // <root>/deploy/target/kafka-broker
        }
        starts.add(Path.of(System.getProperty("user.dir")));
        for (Path start : starts) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("pool-service/pom.xml"))
                        && Files.isDirectory(dir.resolve("system-tests"))) {
                    return dir;
                }
            }
        }
        throw new IllegalStateException("repository root not found from " + starts);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static String javaBinary() {
        Optional<String> current = ProcessHandle.current().info().command();
        if (current.isPresent() && Files.isExecutable(Path.of(current.get()))) {
            return current.get();
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void await(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + patience + " for " + what);
            }
            Thread.sleep(20);
        }
    }
}
