package io.coverclaims.chainbridge.chain;

import io.coverclaims.chainbridge.view.ChainEventsView;
import io.coverclaims.chainbridge.view.GovernanceView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The only signer: one thread whose every pass drives, in this order, {@link Sealer} (seals due batches, Kafka only),
 * {@link Anchorer} (anchors sealed batches, confirms them, notices reorgs) and {@link LogWatcher} (turns the
 * contract's logs into commands). Everything they know comes from {@link ChainEventsView} (chain.events) and the
 * chain itself; their in-memory state may be lost at any moment (a restart or a crash makes new ones).
 *
 * <p>A chain failure ends the pass; the next comes after an exponential backoff; sealing goes on meanwhile. The
 * {@link AnchoringFaults} bean may hold a pass or crash the worker (tests; production wires none).
 */
@ApplicationScoped
public class AnchoringWorker {

    private static final Logger LOG = Logger.getLogger(AnchoringWorker.class);

    @Inject
    ChainConfig config;

    @Inject
    ChainEventsView view;

    @Inject
    CommandPublisher commands;

    @Inject
    AnchoringFaults faults;

    @Inject
    GovernanceView governance;

    @Inject
    PoolGovernor governor;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong anchorsSent = new AtomicLong();
    private final AtomicLong chainFailures = new AtomicLong();
    private volatile boolean chainIdChecked;
    private volatile Thread thread;
    private volatile SigningKey key;
    private volatile Web3j web3j;
    private volatile TransactionSender sender;
    private volatile String lastChainError;
    private volatile Sealer sealer;
    private volatile Anchorer anchorer;
    private volatile LogWatcher logWatcher;

    void onStart(@Observes StartupEvent ignored) throws IOException {
        if (!config.enabled()) {
            LOG.info("coverclaims.chain.enabled=false: no anchoring, no log watching");
            return;
        }
        String rpcUrl =
                config.rpcUrl().orElseThrow(() -> new IllegalStateException("coverclaims.chain.rpc-url is not set"));
        config.contract().orElseThrow(() -> new IllegalStateException("coverclaims.chain.contract is not set"));
        key = SigningKey.load(config.signer().keyFile(), config.signer().keyEnv(), System::getenv);
        OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(config.rpcTimeout())
                .connectTimeout(config.rpcTimeout())
                .readTimeout(config.rpcTimeout())
                .build();
        // the polling interval is set explicitly: web3j's default (15 s) would make every wait a quarter minute
        web3j = Web3j.build(
                new HttpService(rpcUrl, http),
                config.pollInterval().toMillis(),
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "chain-bridge-web3j");
                    t.setDaemon(true);
                    return t;
                }));
        sender = new TransactionSender(
                web3j, key, config.chainId(), config.maxPriorityFeeWei(), config.baseFeeMultiplier());
        LOG.infof(
                "chain bridge signs as %s, contract %s, %d confirmations",
                key.address(), config.contract().get(), config.confirmations());
        forget();
        startThread();
        governor.start(web3j, sender);
    }

    void onStop(@Observes ShutdownEvent ignored) {
        governor.stop();
        stopThread();
        if (web3j != null) {
            web3j.shutdown();
        }
    }

    private synchronized void startThread() {
        running.set(true);
        thread = new Thread(this::loop, "chain-bridge-anchoring");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void stopThread() {
        running.set(false);
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

    /** Stops the worker, forgets everything it held in memory, and starts it again: what a process restart does. */
    public void restart() {
        stopThread();
        forget();
        startThread();
    }

    public long anchorsSent() {
        return anchorsSent.get();
    }

    public long chainFailures() {
        return chainFailures.get();
    }

    public Optional<String> signerAddress() {
        return Optional.ofNullable(key).map(SigningKey::address);
    }

    public Optional<String> lastChainError() {
        return Optional.ofNullable(lastChainError);
    }

    /**
     * Why anchoring transactions are held now, by governance: SETTLEMENT or GLOBAL paused everywhere
     * (governance.events), or governance.events not read yet. Empty: none.
     */
    Optional<String> governanceHold() {
        if (!governance.ready()) {
            return Optional.of("governance.events not read yet");
        }
        for (String flag : List.of("GLOBAL", "SETTLEMENT")) {
            Optional<GovernanceView.Pause> pause = governance.pause(flag).filter(GovernanceView.Pause::paused);
            if (pause.isPresent()) {
                return Optional.of(
                        "governance paused " + flag + " (request " + pause.get().requestId() + ")");
            }
        }
        return Optional.empty();
    }

    /** New parts, with empty memories (what they held is re-derived from chain.events and the chain). */
    private void forget() {
        sealer = new Sealer(config, view, commands);
        anchorer = new Anchorer(config, view, commands, web3j, sender, faults, anchorsSent, this::governanceHold);
        logWatcher = new LogWatcher(config, view, commands, web3j);
    }

    private void loop() {
        long backoff = config.backoffMin().toMillis();
        while (running.get()) {
            long wait = config.pollInterval().toMillis();
            if (!faults.holdPass() && view.caughtUp()) {
                try {
                    sealer.sealDue();
                } catch (Exception e) {
                    LOG.warnf("sealing failed, will retry: %s", e.toString());
                }
                try {
                    chainPass();
                    backoff = config.backoffMin().toMillis();
                    lastChainError = null;
                } catch (AnchoringFaults.Crash crash) {
                    LOG.warn("injected crash after sending: in-memory state dropped");
                    forget();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    chainFailures.incrementAndGet();
                    lastChainError = e.toString();
                    LOG.warnf("chain pass failed, retrying in %d ms: %s", backoff, e.toString());
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

    private void chainPass() throws Exception {
        if (!chainIdChecked) {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            if (chainId != config.chainId()) {
                throw new IOException("the node is on chain " + chainId + ", coverclaims.chain.chain-id is "
                        + config.chainId() + ": nothing is sent");
            }
            chainIdChecked = true;
        }
        long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        anchorer.pass(head);
        logWatcher.pass(head);
    }
}
