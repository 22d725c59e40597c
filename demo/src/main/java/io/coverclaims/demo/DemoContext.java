package io.coverclaims.demo;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What the demo's parts share: where things are, the processes, the ports, and, once started, the broker, the chain,
 * the services, their REST APIs and the events read from the topics. A chapter of the scenario gets it whole.
 */
final class DemoContext {

    private final Options options;
    private final Progress progress;
    private final Processes processes;
    private final Ports ports = new Ports();
    private Broker broker;
    private Chain chain;
    private Services services;
    private Api api;
    private EventTap events;
    /** Claimants' tUSD balances before the claims chapter first paid from them in this run; the verification checks the rest. */
    private final Map<String, Baseline> claimants = new ConcurrentHashMap<>();

    /** A balance at the end of a block. */
    record Baseline(long block, BigInteger balance) {}

    DemoContext(Options options, Progress progress, Processes processes) {
        this.options = options;
        this.progress = progress;
        this.processes = processes;
    }

    Options options() {
        return options;
    }

    Path root() {
        return options.root();
    }

    Path state() {
        return options.state();
    }

    Path logs() {
        return options.state().resolve("logs");
    }

    Path operatorKeys() {
        return options.state().resolve("operator-keys");
    }

    /** {@code path} as the user would type it from the repository's root (absolute when outside it). */
    String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(root()) ? root().relativize(absolute).toString() : absolute.toString();
    }

    /**
     * Runs one step: ticked, with the lines that prove it, when {@code body} returns; crossed, with the reason, when it
     * throws (the failure is rethrown, marked as shown).
     */
    void step(String title, Consumer<Progress.Step> body) {
        Progress.Step step = progress.step(title);
        try {
            body.accept(step);
        } catch (DemoFailure e) {
            if (e.step() == null) {
                step.fail(e.getMessage());
                e.shownAt(title);
            }
            throw e;
        } catch (RuntimeException e) {
            DemoFailure failure = new DemoFailure("unexpected: " + e, null, e);
            step.fail(failure.getMessage());
            throw failure.shownAt(title);
        }
        step.done();
    }

    Progress progress() {
        return progress;
    }

    Processes processes() {
        return processes;
    }

    Ports ports() {
        return ports;
    }

    Broker broker() {
        return broker;
    }

    void broker(Broker broker) {
        this.broker = broker;
    }

    Chain chain() {
        return chain;
    }

    void chain(Chain chain) {
        this.chain = chain;
    }

    Services services() {
        return services;
    }

    void services(Services services) {
        this.services = services;
    }

    Api api() {
        return api;
    }

    void api(Api api) {
        this.api = api;
    }

    /** Claimant address → its tUSD balance before its first claim payment in this run (see {@link ClaimsChapter}). */
    Map<String, Baseline> claimants() {
        return claimants;
    }

    EventTap events() {
        return events;
    }

    void events(EventTap events) {
        this.events = events;
    }
}
