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
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;

/**
 * The only signer: one thread whose every pass drives, in this order, {@link Sealer} (seals due batches, Kafka only),
 * {@link Anchorer} (anchors sealed batches, confirms them, notices reorgs) and {@link LogWatcher} (turns the
 * contract's logs into commands). Everything they know comes from {@link ChainEventsView} (chain.events) and the
 * chain itself; their in-memory state may be lost at any moment (a restart or a crash makes new ones).
 *
 * <p>A chain failure ends the pass; the next comes after an exponential backoff ({@link ChainWorker}); sealing goes on
 * meanwhile. The
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

    private final AtomicLong anchorsSent = new AtomicLong();
    private volatile boolean chainIdChecked;
    private volatile ChainWorker worker;
    private volatile SigningKey key;
    private volatile Web3j web3j;
    private volatile TransactionSender sender;
    private volatile Sealer sealer;
    private volatile Anchorer anchorer;
    private volatile LogWatcher logWatcher;

    void onStart(@Observes StartupEvent ignored) throws IOException {
        if (!config.enabled()) {
            LOG.info("coverclaims.chain.enabled=false: no anchoring, no log watching");
            return;
        }
        config.contract().orElseThrow(() -> new IllegalStateException("coverclaims.chain.contract is not set"));
        key = SigningKey.load(config.signer().keyFile(), config.signer().keyEnv(), System::getenv);
        web3j = ChainWorker.connect(config, config.pollInterval(), "chain-bridge-web3j");
        sender = new TransactionSender(
                web3j, key, config.chainId(), config.maxPriorityFeeWei(), config.baseFeeMultiplier());
        LOG.infof(
                "chain bridge signs as %s, contract %s, %d confirmations",
                key.address(), config.contract().get(), config.confirmations());
        forget();
        worker = new ChainWorker(
                "chain-bridge-anchoring",
                config.pollInterval(),
                config,
                () -> !faults.holdPass() && view.caughtUp(),
                this::pass);
        worker.start();
        governor.start(web3j, sender);
    }

    void onStop(@Observes ShutdownEvent ignored) {
        governor.stop();
        if (worker != null) {
            worker.stop();
        }
        if (web3j != null) {
            web3j.shutdown();
        }
    }

    /** Stops the worker, forgets everything it held in memory, and starts it again: what a process restart does. */
    public void restart() {
        worker.stop();
        forget();
        worker.start();
    }

    public long anchorsSent() {
        return anchorsSent.get();
    }

    public long chainFailures() {
        return worker == null ? 0 : worker.failures();
    }

    public Optional<String> signerAddress() {
        return Optional.ofNullable(key).map(SigningKey::address);
    }

    public Optional<String> lastChainError() {
        return worker == null ? Optional.empty() : worker.lastError();
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

    /** Seals due batches (Kafka only: a chain failure does not stop it), then one chain pass. */
    private void pass() throws Exception {
        try {
            sealer.sealDue();
        } catch (Exception e) {
            LOG.warnf("sealing failed, will retry: %s", e.toString());
        }
        try {
            chainPass();
        } catch (AnchoringFaults.Crash crash) {
            LOG.warn("injected crash after sending: in-memory state dropped");
            forget();
        }
    }

    private void chainPass() throws Exception {
        if (!chainIdChecked) {
            ChainWorker.checkChainId(web3j, config, "nothing is sent");
            chainIdChecked = true;
        }
        long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        anchorer.pass(head);
        logWatcher.pass(head);
    }
}
