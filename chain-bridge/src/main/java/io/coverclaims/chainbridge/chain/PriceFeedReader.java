package io.coverclaims.chainbridge.chain;

import io.coverclaims.chainbridge.chain.AggregatorRound.Observation;
import io.coverclaims.chainbridge.chain.AggregatorRound.Refusal;
import io.coverclaims.chainbridge.contracts.AggregatorV3Interface;
import io.coverclaims.chainbridge.view.PriceFeedSources;
import io.coverclaims.chainbridge.view.PriceFeedSources.Source;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.oracle.RecordPriceObservation;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.tuples.generated.Tuple5;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * One pass over the enabled on-chain sources ({@link PriceFeedSources}): {@code latestRoundData()} of each aggregator
 * (an {@code eth_call}, nothing signed), and for a round other than the last one sent for that source, the aggregator's
 * {@code decimals()} checked against the registered decimals, then a RecordPriceObservation to oracle.commands keyed by
 * feed id. The command id is derived from (feed, source, round), so a round sent again after a restart (this memory
 * is lost with the process) is decided once.
 *
 * <p>A round that cannot be an observation (decimals mismatch, answer not positive or too large, no update time) is
 * logged once and skipped; it is looked at again at the next pass, so a corrected registration takes it. An
 * aggregator that cannot be read (no contract, a revert) is logged and skipped: the other sources are still read. A
 * node or broker failure ends the pass.
 */
final class PriceFeedReader {

    private static final Logger LOG = Logger.getLogger(PriceFeedPoller.class);
    /** The account eth_call names as sender: the zero address (nothing is signed or sent). */
    private static final String CALLER = "0x0000000000000000000000000000000000000000";
    /** Never used for a call, only required by the wrapper. */
    private static final ContractGasProvider NO_GAS = new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO);

    private final ChainConfig config;
    private final PriceFeedSources sources;
    private final CommandPublisher commands;
    private final Web3j web3j;
    private final ReadonlyTransactionManager readOnly;
    private final AtomicLong observationsSent;

    /** Source key → the last round sent for it (with the aggregator it was read from). */
    private final Map<String, Sent> sent = new HashMap<>();
    /** Source key → the last refusal logged, so a refused round is logged once, not at every pass. */
    private final Map<String, String> refused = new HashMap<>();

    private record Sent(String aggregator, BigInteger roundId) {}

    PriceFeedReader(
            ChainConfig config,
            PriceFeedSources sources,
            CommandPublisher commands,
            Web3j web3j,
            AtomicLong observationsSent) {
        this.config = config;
        this.sources = sources;
        this.commands = commands;
        this.web3j = web3j;
        this.readOnly = new ReadonlyTransactionManager(web3j, CALLER);
        this.observationsSent = observationsSent;
    }

    /** Reads every enabled source once. */
    void pass() throws Exception {
        for (Source source : sources.enabled()) {
            AggregatorV3Interface aggregator;
            Tuple5<BigInteger, BigInteger, BigInteger, BigInteger, BigInteger> round;
            BigInteger decimals;
            if (!Ids.isAddress(source.aggregator())) {
                refuse(source, "the aggregator '" + source.aggregator() + "' is not an address");
                continue;
            }
            try {
                aggregator = AggregatorV3Interface.load(source.aggregator(), web3j, readOnly, NO_GAS);
                round = aggregator.latestRoundData().send();
                if (isSent(source, round.component1())) {
                    continue;
                }
                decimals = aggregator.decimals().send();
            } catch (IOException e) {
                throw e; // the node: the pass ends, the poller backs off
            } catch (IndexOutOfBoundsException e) {
                // web3j decodes an empty answer to no values: the address holds no contract (or not this interface)
                refuse(source, "the aggregator " + source.aggregator() + " answers nothing: no AggregatorV3Interface");
                continue;
            } catch (Exception e) {
                refuse(source, "cannot read the aggregator " + source.aggregator() + ": " + e);
                continue;
            }
            BigInteger roundId = round.component1();
            if (!decimals.equals(BigInteger.valueOf(source.decimals()))) {
                refuse(
                        source,
                        "round " + roundId + ": the aggregator " + source.aggregator() + " answers with " + decimals
                                + " decimals, the source is registered with " + source.decimals());
                continue;
            }
            switch (AggregatorRound.read(roundId, round.component2(), round.component4(), source.decimals())) {
                case Refusal refusal -> refuse(source, refusal.reason());
                case Observation observation -> send(source, roundId, observation);
            }
        }
    }

    private boolean isSent(Source source, BigInteger roundId) {
        Sent last = sent.get(source.key());
        return last != null
                && last.aggregator().equals(source.aggregator())
                && last.roundId().equals(roundId);
    }

    private void send(Source source, BigInteger roundId, Observation observation) throws Exception {
        CommandMetadata metadata = CommandPublisher.metadata(
                source.feedId(),
                "price-observation/" + source.feedId() + "/" + source.sourceId() + "/" + observation.roundId(),
                source.aggregator() + "/" + observation.roundId());
        RecordPriceObservation command = RecordPriceObservation.newBuilder()
                .setMetadata(metadata)
                .setFeedId(source.feedId())
                .setSourceId(source.sourceId())
                .setPriceE8(observation.priceE8())
                .setObservedAt(observation.observedAt())
                .setRoundId(observation.roundId())
                .setSignature(null)
                .setRawAnswer(observation.rawAnswer())
                .setReporter(Ids.canonical(source.aggregator()))
                .build();
        commands.sendTo(config.oracleCommandsTopic(), metadata, command);
        sent.put(source.key(), new Sent(source.aggregator(), roundId));
        refused.remove(source.key());
        observationsSent.incrementAndGet();
        LOG.debugf(
                "%s: round %s of %s, %d (1e-8) at %s",
                source.key(),
                observation.roundId(),
                source.aggregator(),
                observation.priceE8(),
                observation.observedAt());
    }

    /** Logs why the source gave no observation this pass, once for as long as the reason stays the same. */
    private void refuse(Source source, String reason) {
        if (!reason.equals(refused.put(source.key(), reason))) {
            LOG.warnf("price feed source %s skipped: %s", source.key(), reason);
        }
    }
}
