package io.coverclaims.demo;

import io.coverclaims.platform.auth.OperatorKeys;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@code ./claims demo}: the whole system on one machine. Starts the local Kafka broker, anvil with the pool contract,
 * and the six services as separate processes, waits until each is ready, runs the scenario ({@link #CHAPTERS})
 * through the public REST APIs and the chain, and closes with a {@link Verification}. Then it keeps the system up,
 * printing where to look, until Ctrl-C ({@code --once}: it exits after the verification, 0 or 1). Ctrl-C, a failure
 * or a kill of this process stops every process it started (see {@link Processes}). State lives in
 * {@code .local/demo/} ({@code --state}), and {@code --fresh} starts from nothing. See docs/demo.md.
 */
public final class Demo {

    /** The scenario: the product's chapter, the claims', the oracle's and governance's. */
    static final List<Chapter> CHAPTERS =
            List.of(new ProductChapter(), new ClaimsChapter(), new DepegChapter(), new GovernanceChapter());

    /** Marks a directory as the demo's state, the only kind --fresh deletes. */
    static final String MARKER = ".coverclaims-demo";

    private final DemoContext demo;
    private volatile boolean stopping;
    /** Whoever stops everything first (the main thread at the end, or the shutdown hook) does it; the other waits. */
    private final AtomicBoolean stopClaimed = new AtomicBoolean();

    private final CountDownLatch stopped = new CountDownLatch(1);
    private FileLock stateLock;

    private Demo(DemoContext demo) {
        this.demo = demo;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("claims demo: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(Options.USAGE);
            return;
        }
        Progress progress = new Progress(options);
        Demo launcher = new Demo(new DemoContext(options, progress, new Processes()));
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::interrupted, "demo-shutdown"));
        int status = launcher.run();
        launcher.stopEverything();
        System.exit(status);
    }

    private int run() {
        Options options = demo.options();
        Progress progress = demo.progress();
        progress.line(bold("coverclaims demo")
                + ": the whole system on this machine: a Kafka broker, a local chain, six" + " services, a scenario");
        progress.line("  state " + demo.relative(demo.state()) + (options.fresh() ? " (fresh)" : "") + "  ·  logs "
                + demo.relative(demo.logs()) + "/  ·  launcher pid "
                + ProcessHandle.current().pid() + "  ·  Java "
                + Runtime.version().feature() + "  ·  " + Runtime.getRuntime().availableProcessors() + " cores");
        long readyAt;
        long scenarioAt;
        boolean verified;
        try {
            prepareState();
            Services services = new Services(demo);
            services.checkPackaged();
            demo.services(services);

            progress.group("Starting the system");
            demo.step("Kafka broker", step -> demo.broker(Broker.start(demo, step)));
            demo.events(new EventTap(demo.broker().bootstrap));
            demo.step("Local chain: anvil, ClaimsPool, its test token and price feed", step -> {
                demo.chain(Chain.start(demo, step));
                OperatorKeys.ensure(demo.operatorKeys());
            });
            services.launchAll("started");
            Progress.Step waiting = progress.step("Starting the six services");
            try {
                services.awaitAllReady(
                        waiting,
                        service -> progress.tick(
                                service.name() + " ready",
                                service.startMillis(),
                                List.of(service.base + "  ·  log " + demo.relative(services.log(service)))));
            } catch (DemoFailure e) {
                waiting.fail(e.getMessage());
                throw e.shownAt(waiting.title());
            }
            waiting.discard();
            demo.ports().notes().forEach(note -> progress.line("  (" + note + ")"));
            demo.api(new Api(demo));
            readyAt = progress.sinceCommand();

            for (Chapter chapter : CHAPTERS) {
                progress.group(chapter.title());
                chapter.run(demo);
            }
            scenarioAt = progress.sinceCommand();

            progress.group("Verification");
            verified = new Verification().run(demo);
        } catch (DemoFailure e) {
            if (stopping) {
                return 130;
            }
            failed(e);
            return 1;
        } catch (RuntimeException e) {
            if (stopping) {
                return 130;
            }
            failed(new DemoFailure("unexpected: " + e, null, e));
            return 1;
        }
        summary(readyAt, scenarioAt);
        if (!verified) {
            return 1;
        }
        if (options.once()) {
            return 0;
        }
        stayUp();
        return 0;
    }

    // --------------------------------------------------------------------------------------------- state

    /** Creates the state directory (deleting it first with --fresh: only a demo's, with its marker) and locks it. */
    private void prepareState() {
        Path state = demo.state();
        try {
            if (demo.options().fresh() && Files.exists(state)) {
                boolean empty;
                try (Stream<Path> entries = Files.list(state)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!empty && !Files.exists(state.resolve(MARKER))) {
                    throw new DemoFailure("refusing to delete " + state + " for --fresh: it is not a demo's state (no "
                            + MARKER + " in it)");
                }
                lock(state);
                try (Stream<Path> entries = Files.list(state)) {
                    for (Path entry : entries.toList()) {
                        if (!entry.getFileName().toString().equals(".lock")) {
                            Services.deleteTree(entry);
                        }
                    }
                }
            }
            Files.createDirectories(demo.logs());
            Files.writeString(
                    state.resolve(MARKER),
                    "the state of ./claims demo (./claims demo --fresh deletes this directory's content)\n",
                    StandardCharsets.UTF_8);
            lock(state);
        } catch (IOException e) {
            throw new DemoFailure("cannot prepare " + state + ": " + e);
        }
    }

    private void lock(Path state) throws IOException {
        if (stateLock != null) {
            return;
        }
        Files.createDirectories(state);
        FileChannel channel =
                FileChannel.open(state.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        stateLock = channel.tryLock();
        if (stateLock == null) {
            throw new DemoFailure("another ./claims demo is running on " + demo.relative(state)
                    + " (stop it first, or give this one --state <another directory>)");
        }
    }

    // ---------------------------------------------------------------------------------------------- the end

    private void failed(DemoFailure e) {
        Progress progress = demo.progress();
        if (e.step() == null) {
            progress.line("  " + progress.failed() + " " + e.getMessage());
        }
        if (e.process() != null) {
            Path log = demo.processes().children().stream()
                    .filter(child -> child.name.equals(e.process()))
                    .map(child -> child.log)
                    .findFirst()
                    .orElse(demo.logs().resolve(e.process() + ".log"));
            progress.line("      " + e.process() + ": the last 30 lines of " + demo.relative(log) + ":");
            for (String line : Processes.tail(log, 30)) {
                progress.line("      │ " + line);
            }
        }
        if (e.getCause() != null && e.process() == null) {
            progress.line("      cause: " + e.getCause());
        }
        progress.blank();
        progress.line(progress.failed() + " the demo failed"
                + (e.step() == null ? "" : " at \"" + e.step() + "\"")
                + (e.process() == null ? "" : " (" + e.process() + ")") + " after "
                + Progress.duration(progress.sinceCommand()) + "; logs in " + demo.relative(demo.logs()) + "/");
    }

    private void summary(long readyAt, long scenarioAt) {
        Progress progress = demo.progress();
        Processes.Memory memory = demo.processes().memory();
        memory.sample();
        progress.blank();
        progress.line(bold("Timing") + ": the system was ready " + Progress.duration(readyAt)
                + " after the command, the scenario ended at " + Progress.duration(scenarioAt)
                + ", the verification at " + Progress.duration(progress.sinceCommand()));
        progress.line(bold("Peak memory") + " of all " + memory.atPeak().size() + " processes together (resident, "
                + "sampled every second): " + megabytes(memory.peakKb()) + " — " + breakdown(memory.atPeak()));
    }

    private void stayUp() {
        Progress progress = demo.progress();
        demo.chain().slowDown();
        progress.blank();
        progress.line(bold("The system is up.") + " Ctrl-C stops it, and every process the demo started.");
        progress.line(
                String.format(Locale.ROOT, "  %-19s %-40s %-37s %s", "service", "Swagger UI", "health", "metrics"));
        for (Services.Service service : demo.services().all()) {
            progress.line(String.format(
                    Locale.ROOT,
                    "  %-19s %-40s %-37s %s",
                    service.name(),
                    service.base + "/q/swagger-ui",
                    service.base + "/q/health",
                    service.base + "/q/metrics"));
        }
        Chain chain = demo.chain();
        progress.line(String.format(
                Locale.ROOT,
                "  %-19s %s  (chain id %d; ClaimsPool %s, tUSD %s, price feed %s)",
                "chain JSON-RPC",
                chain.rpcUrl,
                Chain.CHAIN_ID,
                chain.pool,
                chain.token,
                chain.priceFeed));
        progress.line(
                String.format(Locale.ROOT, "  %-19s %s  (topics: docs/topics.md)", "Kafka", demo.broker().bootstrap));
        progress.line(String.format(
                Locale.ROOT,
                "  %-19s ./claims token --role pool-admin --keys %s",
                "operator token",
                demo.relative(demo.operatorKeys())));
        progress.line(String.format(Locale.ROOT, "  %-19s %s/", "logs", demo.relative(demo.logs())));
        List<String> reported = new ArrayList<>();
        while (!stopping) {
            Broker.sleep(1000);
            demo.processes()
                    .died()
                    .filter(child -> !reported.contains(child.name))
                    .ifPresent(child -> {
                        reported.add(child.name);
                        progress.line("  " + progress.failed() + " " + child.name + " exited (status "
                                + child.process.exitValue() + "); the last lines of " + demo.relative(child.log) + ":");
                        Processes.tail(child.log, 30).forEach(line -> progress.line("      │ " + line));
                    });
        }
    }

    /** Stops everything this launcher started (the normal end: after --once, a failure). */
    private void stopEverything() {
        stopping = true;
        if (!stopClaimed.compareAndSet(false, true)) {
            awaitStopped(); // the shutdown hook is at it
            return;
        }
        try {
            demo.progress().close();
            int count = stopChildren();
            if (count > 0) {
                System.out.println("Stopped the " + count + " processes the demo started.");
            }
        } finally {
            stopped.countDown();
        }
    }

    /** The shutdown hook: Ctrl-C or a kill (not -9) of the launcher stops every process it started. */
    private void interrupted() {
        stopping = true;
        if (!stopClaimed.compareAndSet(false, true)) {
            awaitStopped(); // the main thread is at it
            return;
        }
        try {
            demo.progress().close();
            System.out.println();
            System.out.println("Stopping every process the demo started (services, broker, chain)...");
            int count = stopChildren();
            System.out.println("Stopped the " + count + " processes the demo started (peak memory of all together: "
                    + megabytes(demo.processes().memory().peakKb()) + "). State kept in " + demo.relative(demo.state())
                    + " (./claims demo --fresh starts from nothing).");
        } finally {
            stopped.countDown();
        }
    }

    private int stopChildren() {
        if (demo.chain() != null) {
            demo.chain().stopClock();
        }
        if (demo.events() != null) {
            demo.events().close();
        }
        return demo.processes().stopAll();
    }

    private void awaitStopped() {
        try {
            stopped.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // -------------------------------------------------------------------------------------------- helpers

    static String megabytes(long kb) {
        return kb >= 1024 * 1024
                ? String.format(Locale.ROOT, "%.2f GB", kb / (1024.0 * 1024))
                : String.format(Locale.ROOT, "%d MB", Math.round(kb / 1024.0));
    }

    private static String breakdown(Map<String, Long> atPeak) {
        List<String> parts = new ArrayList<>();
        atPeak.forEach((name, kb) -> parts.add(name + " " + megabytes(kb)));
        return String.join(", ", parts);
    }

    private String bold(String text) {
        return demo.options().tty() ? "\033[1m" + text + "\033[0m" : text;
    }
}
