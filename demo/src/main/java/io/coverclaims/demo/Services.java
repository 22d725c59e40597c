package io.coverclaims.demo;

import io.coverclaims.schemas.parameters.ParameterCatalogue;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The six services, each its packaged Quarkus application ({@code <module>/target/quarkus-app/quarkus-run.jar}) in a
 * JVM of its own, configured the way an operator would (system properties; see README "Running the services
 * yourself"), with its Kafka Streams state and its log in the demo's state, and ready when {@code /q/health/ready}
 * answers 200 (its Streams application RUNNING, its state rebuilt from its event topic).
 */
final class Services {

    /** A service: its name, its module (where its packaged application is), its documented port and its context. */
    record Spec(String name, int documentedPort, String context) {}

    static final List<Spec> ALL = List.of(
            new Spec("policy-service", 8081, "policy"),
            new Spec("pool-service", 8082, "pool"),
            new Spec("claim-service", 8083, "claim"),
            new Spec("oracle-service", 8084, "oracle"),
            new Spec("governance-service", 8085, "governance"),
            new Spec("chain-bridge", 8086, "chain"));

    /**
     * policy-service's edge clock in the demo: 23 h 58 min behind. Cover counts in whole days (a product sells one day
     * at least); bought "now" on that clock, a 1-day cover ends about 2 minutes later by the real one, within the demo.
     */
    static final String CLOCK_OFFSET = "-PT23H58M";

    /**
     * claim-service's claim parameters in the demo: seconds instead of days (voting, cooldown, appeal window, an
     * incident's claim window, a parametric incident's), and a small deposit and appeal-bond floor in whole tUSD. Early
     * close (every assessor voted) ends voting before min-voting in the demo's claims. docs/demo.md, "The claims".
     */
    static final Map<String, String> CLAIM_PARAMETERS = new LinkedHashMap<>();

    static {
        CLAIM_PARAMETERS.put("coverclaims.claim.min-voting", "PT10S");
        CLAIM_PARAMETERS.put("coverclaims.claim.extension-window", "PT2S");
        CLAIM_PARAMETERS.put("coverclaims.claim.max-extension", "PT2S");
        CLAIM_PARAMETERS.put("coverclaims.claim.cooldown", "PT3S");
        CLAIM_PARAMETERS.put("coverclaims.claim.appeal-window", "PT20S");
        CLAIM_PARAMETERS.put("coverclaims.claim.incident-claim-window", "PT25S");
        CLAIM_PARAMETERS.put("coverclaims.claim.parametric-incident-window", "PT10S");
        CLAIM_PARAMETERS.put("coverclaims.claim.deposit-units", "5");
        CLAIM_PARAMETERS.put("coverclaims.claim.appeal-bond-floor-units", "10");
    }

    /**
     * governance-service's genesis in the demo: the governed values of claim-service's parameters are the demo's
     * (derived from {@link #CLAIM_PARAMETERS}, in milliseconds and whole tUSD), so claim-service decides the same with
     * governance running as without it; voting lasts 20 s, the timelock 5 s, and a pause request waits 10 minutes for
     * its second guardian. The guardians are development wallets dev:16, dev:17 and dev:18, 2 of 3. docs/demo.md,
     * "Governance".
     */
    static final Map<String, String> GOVERNANCE_GENESIS = new LinkedHashMap<>();

    static {
        GOVERNANCE_GENESIS.put("governance.votingPeriodMs", "20000");
        GOVERNANCE_GENESIS.put("governance.timelockMs", "5000");
        GOVERNANCE_GENESIS.put("governance.pauseRequestTtlMs", "600000");
        ParameterCatalogue catalogue = ParameterCatalogue.load();
        CLAIM_PARAMETERS.forEach((key, value) -> {
            Map.Entry<String, String> governed = governed(key, value);
            if (catalogue.parameter(governed.getKey()).isPresent()) { // the extension rule is not governed
                GOVERNANCE_GENESIS.put(governed.getKey(), governed.getValue());
            }
        });
        // the claims chapter's pro-rata incident pays out the pool's whole capital on purpose: the payout breaker
        // (20 % of capital in 24 h by default) would pause pool-demo's payouts there; 100 % never trips
        GOVERNANCE_GENESIS.put("governance.breaker.payoutSharePpm", "1000000");
    }

    /**
     * A configuration value as the governed parameter it stands for: {@code coverclaims.claim.min-voting = PT10S} is
     * {@code claim.minVotingMs = 10000}, {@code coverclaims.claim.deposit-units = 5} is {@code claim.depositUnits = 5}.
     */
    static Map.Entry<String, String> governed(String key, String value) {
        String[] words = key.substring("coverclaims.".length()).split("[.-]");
        StringBuilder name = new StringBuilder(words[0]).append('.').append(words[1]);
        for (int i = 2; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return value.startsWith("P")
                ? Map.entry(name + "Ms", Long.toString(Duration.parse(value).toMillis()))
                : Map.entry(name.toString(), value);
    }

    /** The demo's guardians: development wallets (they only sign) and how many of them a pause needs. */
    static final List<Integer> GUARDIANS = List.of(16, 17, 18);

    static final int GUARDIAN_THRESHOLD = 2;

    static final Duration READY_PATIENCE = Duration.ofSeconds(240);

    /** One service as the demo runs it. */
    static final class Service {
        final Spec spec;
        final int port;
        final URI base;
        volatile Processes.Child child;
        volatile long launchedNanos;
        volatile long readyNanos;

        Service(Spec spec, int port) {
            this.spec = spec;
            this.port = port;
            this.base = URI.create("http://127.0.0.1:" + port);
        }

        String name() {
            return spec.name();
        }

        Spec spec() {
            return spec;
        }

        long startMillis() {
            return (readyNanos - launchedNanos) / 1_000_000;
        }
    }

    private final DemoContext demo;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Ready ready = new Ready();

    Services(DemoContext demo) {
        this.demo = demo;
        for (Spec spec : ALL) {
            services.put(spec.name(), new Service(spec, demo.ports().pick(spec.name(), spec.documentedPort())));
        }
    }

    Service get(String name) {
        return services.get(name);
    }

    List<Service> all() {
        return List.copyOf(services.values());
    }

    Path stateDir(Service service) {
        return demo.state().resolve("state").resolve(service.name());
    }

    Path log(Service service) {
        return demo.logs().resolve(service.name() + ".log");
    }

    Path application(Service service) {
        return demo.root().resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Checks that every service is packaged (before anything is started). */
    void checkPackaged() {
        for (Service service : services.values()) {
            if (!Files.isRegularFile(application(service))) {
                throw new DemoFailure(service.name() + " is not packaged (" + demo.relative(application(service))
                        + " is missing): run ./claims demo without --no-build");
            }
        }
    }

    /** Starts every service at once (they start in parallel; each rebuilds its state from its topics). */
    void launchAll(String note) {
        for (Service service : services.values()) {
            launch(service, note);
        }
    }

    private void launch(Service service, String note) {
        Path log = log(service);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(
                    log,
                    "\n===== " + service.name() + " " + note + " by ./claims demo at "
                            + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " =====\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new DemoFailure("cannot write " + log + ": " + e);
        }
        service.launchedNanos = System.nanoTime();
        service.readyNanos = 0;
        service.child = demo.processes()
                .start(
                        service.name(),
                        Processes.Kind.SERVICE,
                        command(service),
                        environment(),
                        demo.state(),
                        log,
                        false);
    }

    /** The command line of a service: the JVM's settings, then its configuration as system properties. */
    List<String> command(Service service) {
        List<String> command = new ArrayList<>(List.of(
                Java.binary(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(Java.unsafeMemoryAccess());
        configuration(service).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(application(service).toString());
        return command;
    }

    /** Every setting the demo gives a service (README "Running the services yourself" lists the same). */
    Map<String, String> configuration(Service service) {
        Chain chain = demo.chain();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("quarkus.http.port", Integer.toString(service.port));
        config.put("quarkus.kafka-streams.application-server", "127.0.0.1:" + service.port);
        config.put("kafka.bootstrap.servers", demo.broker().bootstrap);
        config.put("kafka-streams.state.dir", stateDir(service).toString());
        config.put("coverclaims.operator-keys.dir", demo.operatorKeys().toString());
        config.put("coverclaims.signing.chain-id", Long.toString(Chain.CHAIN_ID));
        config.put("coverclaims.signing.verifying-contract", chain.pool);
        config.put(
                "coverclaims.parent-pid", Long.toString(ProcessHandle.current().pid()));
        switch (service.name()) {
            case "policy-service" -> config.put("coverclaims.clock.offset", CLOCK_OFFSET);
            case "claim-service" -> {
                config.putAll(CLAIM_PARAMETERS);
                config.put(
                        "coverclaims.claim.chain-bridge-url",
                        services.get("chain-bridge").base.toString());
            }
            case "governance-service" -> {
                GOVERNANCE_GENESIS.forEach(
                        (name, value) -> config.put("coverclaims.governance.genesis.\"" + name + "\"", value));
                config.put(
                        "coverclaims.governance.guardians",
                        String.join(",", GUARDIANS.stream().map(n -> "dev:" + n).toList()));
                config.put("coverclaims.governance.guardian-threshold", Integer.toString(GUARDIAN_THRESHOLD));
                // the breaker's configured fallback, used until governance.events holds the governed value
                config.put("coverclaims.governance.breaker.payout-share-ppm", "1000000");
            }
            case "chain-bridge" -> {
                config.put("coverclaims.chain.enabled", "true");
                config.put("coverclaims.chain.rpc-url", chain.rpcUrl);
                config.put("coverclaims.chain.contract", chain.pool);
                config.put("coverclaims.chain.chain-id", Long.toString(Chain.CHAIN_ID));
                config.put("coverclaims.chain.start-block", Long.toString(chain.deployBlock));
                config.put("coverclaims.chain.signer.key-file", chain.signerKeyFile.toString());
                config.put("coverclaims.chain.pool-id", ProductChapter.POOL_ID);
                config.put("coverclaims.chain.asset", Chain.TOKEN_SYMBOL);
                config.put("coverclaims.chain.confirmations", "2");
                config.put("coverclaims.chain.poll-interval", "250ms");
                config.put("coverclaims.chain.batch-max-wait", "1500ms");
                config.put("coverclaims.chain.resubmit-after", "5s");
                config.put("coverclaims.chain.backoff-min", "100ms");
                config.put("coverclaims.chain.backoff-max", "2s");
                config.put("coverclaims.chain.rpc-timeout", "2s");
                // the on-chain price feeds oracle-service registers (DepegChapter): read every 500 ms
                config.put("coverclaims.chain.price-feed-poll-interval", "500ms");
            }
            default -> {
                // the kernel's defaults
            }
        }
        return config;
    }

    /**
     * The environment: a stable host name (part of each instance's static group membership id, so a restart takes
     * its place at once), and none of the variables that would override the demo's settings.
     */
    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOSTNAME", "demo");
        Stream.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "COVERCLAIMS_INSTANCE_ID",
                        "COVERCLAIMS_OPERATOR_KEYS_DIR",
                        "COVERCLAIMS_SIGNING_CHAIN_ID",
                        "COVERCLAIMS_SIGNING_VERIFYING_CONTRACT",
                        "CHAIN_BRIDGE_ENABLED",
                        "CHAIN_RPC_URL",
                        "CHAIN_BRIDGE_SIGNING_KEY",
                        "POD_IP",
                        "QUARKUS_PROFILE",
                        "JAVA_TOOL_OPTIONS")
                .forEach(name -> environment.put(name, null));
        return environment;
    }

    /**
     * Waits until every service is ready, reporting each as it gets there (in the order they do), with the time from
     * its launch.
     */
    void awaitAllReady(Progress.Step waiting, Consumer<Service> onReady) {
        List<Service> pending = new ArrayList<>(services.values());
        long deadline = System.nanoTime() + READY_PATIENCE.toNanos();
        while (!pending.isEmpty()) {
            demo.processes().checkAlive();
            for (Service service : List.copyOf(pending)) {
                if (ready.isReady(service)) {
                    service.readyNanos = System.nanoTime();
                    pending.remove(service);
                    onReady.accept(service);
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                Service late = pending.getFirst();
                throw new DemoFailure(
                        late.name() + " not ready within " + READY_PATIENCE.toSeconds() + " s (GET " + late.base
                                + "/q/health/ready)",
                        late.name());
            }
            waiting.status("waiting for " + pending.size() + " of 6 to be ready: "
                    + String.join(", ", pending.stream().map(Service::name).toList()));
            Broker.sleep(250);
        }
    }

    /**
     * The replay check's restart: stops every service (each leaves its groups), deletes its Kafka Streams state, and
     * starts it again on the same port (the same static membership id), so it rebuilds everything from the topics.
     */
    void restartWithoutState(Progress.Step step, Consumer<Service> onReady) {
        List<Thread> stoppers = new ArrayList<>();
        for (Service service : services.values()) {
            Thread stopper = new Thread(
                    () -> demo.processes().stop(service.child, Duration.ofSeconds(30)), "stop-" + service.name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("interrupted");
            }
        }
        for (Service service : services.values()) {
            deleteTree(stateDir(service));
        }
        launchAll("restarted without its state (replay check)");
        awaitAllReady(step, onReady);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new DemoFailure("cannot delete " + dir + ": " + e);
        }
    }

    /** GET /q/health/ready, answered 200. */
    private static final class Ready {
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .build();

        boolean isReady(Service service) {
            try {
                return http.send(
                                        java.net.http.HttpRequest.newBuilder(service.base.resolve("/q/health/ready"))
                                                .timeout(Duration.ofSeconds(2))
                                                .GET()
                                                .build(),
                                        java.net.http.HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailure("interrupted");
            }
        }
    }
}
