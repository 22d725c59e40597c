package io.coverclaims.chainbridge.chain;

import io.coverclaims.chainbridge.view.PriceFeedSources;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;

/**
 * Reads the on-chain price feeds oracle-service registered (Chainlink AggregatorV3Interface contracts, listed by
 * {@link PriceFeedSources} from oracle.events) and turns each new round into a RecordPriceObservation on
 * oracle.commands ({@link PriceFeedReader}): one thread, a pass every {@code price-feed-poll-interval}, once the
 * sources' read model has caught up. It only calls ({@code eth_call}): no key, no transaction.
 *
 * <p>Runs when the bridge does ({@code coverclaims.chain.enabled}), on its own connection to the node, so a slow
 * anchoring pass never delays a price. A node or broker failure ends the pass; the next comes after an exponential
 * backoff ({@code backoff-min} to {@code backoff-max}, {@link ChainWorker}). What it remembers (the last round sent per source) is lost
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

    private final AtomicLong observationsSent = new AtomicLong();
    private volatile boolean chainIdChecked;
    private volatile ChainWorker worker;
    private volatile Web3j web3j;
    private volatile PriceFeedReader reader;

    void onStart(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            LOG.info("coverclaims.chain.enabled=false: no price feed reading");
            return;
        }
        web3j = ChainWorker.connect(config, config.priceFeedPollInterval(), "chain-bridge-price-feeds-web3j");
        LOG.infof(
                "price feeds: the on-chain sources of %s are read every %s, observations go to %s",
                config.oracleEventsTopic(), config.priceFeedPollInterval(), config.oracleCommandsTopic());
        forget();
        worker = new ChainWorker(
                "chain-bridge-price-feeds", config.priceFeedPollInterval(), config, sources::ready, this::pass);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent ignored) {
        if (worker != null) {
            worker.stop();
        }
        if (web3j != null) {
            web3j.shutdown();
        }
    }

    /** Stops the poller, forgets the rounds it sent, and starts it again: what a process restart does. */
    public void restart() {
        worker.stop();
        forget();
        worker.start();
    }

    /** Passes completed without a node or broker failure. */
    public long passes() {
        return worker == null ? 0 : worker.passes();
    }

    public long observationsSent() {
        return observationsSent.get();
    }

    public long failures() {
        return worker == null ? 0 : worker.failures();
    }

    public Optional<String> lastError() {
        return worker == null ? Optional.empty() : worker.lastError();
    }

    private void forget() {
        reader = new PriceFeedReader(config, sources, commands, web3j, observationsSent);
    }

    /** One pass: prices are read only from the configured chain. */
    private void pass() throws Exception {
        if (!chainIdChecked) {
            ChainWorker.checkChainId(web3j, config, "no price is read");
            chainIdChecked = true;
        }
        reader.pass();
    }
}
