package io.coverclaims.chainbridge.chain;

import io.coverclaims.chainbridge.view.PriceFeedSources;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * Reads the on-chain price feeds oracle-service registered (Chainlink AggregatorV3Interface contracts, listed by
 * {@link PriceFeedSources} from oracle.events) and turns each new round into a RecordPriceObservation on
 * oracle.commands ({@link PriceFeedReader}): one thread, a pass every {@code price-feed-poll-interval}, once the
 * sources' read model has caught up. It only calls ({@code eth_call}): no key, no transaction.
 *
 * <p>Runs when the bridge does ({@code coverclaims.chain.enabled}), on its own connection to the node, so a slow
 * anchoring pass never delays a price. A node or broker failure ends the pass; the next comes after an exponential
 * backoff ({@code backoff-min} to {@code backoff-max}). What it remembers (the last round sent per source) is lost
 * with the process: the latest round of each source is then sent again, with the same command id, and decided once.
 */
@ApplicationScoped
public class PriceFeedPoller {

    private static final Logger LOG = Logger.getLogger(PriceFeedPoller.class);

    @Inject
    ChainConfig config;

    @Inject
    PriceFeedSources sources;

    @Inject
    CommandPublisher commands;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong observationsSent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean chainIdChecked;
    private volatile Thread thread;
    private volatile Web3j web3j;
    private volatile PriceFeedReader reader;
    private volatile String lastError;

    void onStart(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            LOG.info("coverclaims.chain.enabled=false: no price feed reading");
            return;
        }
        String rpcUrl =
                config.rpcUrl().orElseThrow(() -> new IllegalStateException("coverclaims.chain.rpc-url is not set"));
        OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(config.rpcTimeout())
                .connectTimeout(config.rpcTimeout())
                .readTimeout(config.rpcTimeout())
                .build();
        web3j = Web3j.build(
                new HttpService(rpcUrl, http),
                config.priceFeedPollInterval().toMillis(),
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "chain-bridge-price-feeds-web3j");
                    t.setDaemon(true);
                    return t;
                }));
        LOG.infof(
                "price feeds: the on-chain sources of %s are read every %s, observations go to %s",
                config.oracleEventsTopic(), config.priceFeedPollInterval(), config.oracleCommandsTopic());
        forget();
        startThread();
    }

    void onStop(@Observes ShutdownEvent ignored) {
        stopThread();
        if (web3j != null) {
            web3j.shutdown();
        }
    }

    private synchronized void startThread() {
        running.set(true);
        thread = new Thread(this::loop, "chain-bridge-price-feeds");
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

    /** Stops the poller, forgets the rounds it sent, and starts it again: what a process restart does. */
    public void restart() {
        stopThread();
        forget();
        startThread();
    }

    /** Passes completed without a node or broker failure. */
    public long passes() {
        return passes.get();
    }

    public long observationsSent() {
        return observationsSent.get();
    }

    public long failures() {
        return failures.get();
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    private void forget() {
        reader = new PriceFeedReader(config, sources, commands, web3j, observationsSent);
    }

    private void loop() {
        long backoff = config.backoffMin().toMillis();
        while (running.get()) {
            long wait = config.priceFeedPollInterval().toMillis();
            if (sources.ready()) {
                try {
                    checkChainId();
                    reader.pass();
                    passes.incrementAndGet();
                    backoff = config.backoffMin().toMillis();
                    lastError = null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    failures.incrementAndGet();
                    lastError = e.toString();
                    LOG.warnf("price feed pass failed, retrying in %d ms: %s", backoff, e.toString());
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

    /** Prices are read only from the configured chain. */
    private void checkChainId() throws IOException {
        if (!chainIdChecked) {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            if (chainId != config.chainId()) {
                throw new IOException("the node is on chain " + chainId + ", coverclaims.chain.chain-id is "
                        + config.chainId() + ": no price is read");
            }
            chainIdChecked = true;
        }
    }
}
