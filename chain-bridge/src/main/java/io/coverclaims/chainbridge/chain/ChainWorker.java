package io.coverclaims.chainbridge.chain;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * One background thread that runs passes against the chain, the loop every chain-bridge worker shares (anchoring,
 * price feeds, the pool contract's governance): a pass every {@code interval} once its inputs are {@code ready} (its
 * read models caught up); a failed pass (the node, the broker) is logged, counted, kept as the last error, and the next
 * one comes after an exponential backoff from {@code backoff-min} to {@code backoff-max}. {@link #stop} interrupts the
 * pass and waits for the thread; {@link #start} after a stop begins a new thread (what a process restart does, for the
 * tests that simulate one).
 */
final class ChainWorker {

    /** One pass; only the worker's thread runs it. */
    interface Pass {
        void run() throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(ChainWorker.class);

    private final String name;
    private final Duration interval;
    private final ChainConfig config;
    private final BooleanSupplier ready;
    private final Pass pass;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile String lastError;

    /**
     * @param name the thread's name and the logs' subject, e.g. "chain-bridge-anchoring"
     * @param interval the pause between two passes (or two readiness checks)
     */
    ChainWorker(String name, Duration interval, ChainConfig config, BooleanSupplier ready, Pass pass) {
        this.name = name;
        this.interval = interval;
        this.config = config;
        this.ready = ready;
        this.pass = pass;
    }

    synchronized void start() {
        running = true;
        Thread t = new Thread(this::loop, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    synchronized void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Passes completed without a failure. */
    long passes() {
        return passes.get();
    }

    /** Passes that failed (each followed by a backoff). */
    long failures() {
        return failures.get();
    }

    /** The last failure, until a pass succeeds. */
    Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    private void loop() {
        long backoff = config.backoffMin().toMillis();
        while (running) {
            long wait = interval.toMillis();
            if (ready.getAsBoolean()) {
                try {
                    pass.run();
                    passes.incrementAndGet();
                    backoff = config.backoffMin().toMillis();
                    lastError = null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    failures.incrementAndGet();
                    lastError = e.toString();
                    LOG.warnf("%s: pass failed, retrying in %d ms: %s", name, backoff, e.toString());
                    wait = backoff;
                    backoff = Math.min(backoff * 2, config.backoffMax().toMillis());
                }
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * A connection to the configured node ({@code coverclaims.chain.rpc-url}) with the configured timeouts and web3j's
     * receipt and filter polling at {@code poll} (web3j's default, 15 s, would make every wait a quarter minute).
     */
    static Web3j connect(ChainConfig config, Duration poll, String threadName) {
        String rpcUrl =
                config.rpcUrl().orElseThrow(() -> new IllegalStateException("coverclaims.chain.rpc-url is not set"));
        OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(config.rpcTimeout())
                .connectTimeout(config.rpcTimeout())
                .readTimeout(config.rpcTimeout())
                .build();
        return Web3j.build(
                new HttpService(rpcUrl, http), poll.toMillis(), Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                }));
    }

    /** Fails unless the node is on {@code coverclaims.chain.chain-id}; {@code refused} says what is then not done. */
    static void checkChainId(Web3j web3j, ChainConfig config, String refused) throws IOException {
        long chainId = web3j.ethChainId().send().getChainId().longValueExact();
        if (chainId != config.chainId()) {
            throw new IOException("the node is on chain " + chainId + ", coverclaims.chain.chain-id is "
                    + config.chainId() + ": " + refused);
        }
    }
}
