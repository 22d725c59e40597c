package io.coverclaims.chainbridge.chain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code coverclaims.chain.*}: where the pool contract is and how the bridge anchors and watches it. Holds no key
 * material: only where the signing key is to be read from ({@link Signer}).
 */
@ConfigMapping(prefix = "coverclaims.chain")
public interface ChainConfig {

    /** Runs the anchoring worker and the log watcher (needs rpc-url, contract and a signing key). */
    @WithDefault("false")
    boolean enabled();

    /** JSON-RPC endpoint of the node. */
    Optional<String> rpcUrl();

    /** Address of the ClaimsPool contract. */
    Optional<String> contract();

    /** Expected chain id (checked at start). */
    @WithDefault("31337")
    long chainId();

    /** First block the log watcher reads when chain.events has no observed log yet (the deployment block). */
    @WithDefault("0")
    long startBlock();

    /** Pool id deposits into this contract are credited to. */
    @WithDefault("default")
    String poolId();

    /** Asset symbol of the contract's token, as carried by OnChainDepositObserved. */
    @WithDefault("USDC")
    String asset();

    /** A batch is sealed when this many settlements are queued ... */
    @WithDefault("1024")
    int batchSize();

    /** ... or when its oldest queued settlement has waited this long. */
    @WithDefault("30s")
    Duration batchMaxWait();

    /** Blocks (the including one counts as 1) before an anchor or a log is taken as final. */
    @WithDefault("12")
    int confirmations();

    /** After confirmation, an anchor's block is still checked for reorgs while it is at most this deep. */
    @WithDefault("256")
    int reorgWatchDepth();

    /** The worker's loop interval, which is also its receipt polling interval. */
    @WithDefault("1s")
    Duration pollInterval();

    /** A sent transaction the node no longer knows of is re-sent after this long. */
    @WithDefault("60s")
    Duration resubmitAfter();

    /** First retry delay after a node or broker failure; doubled up to {@link #backoffMax()}. */
    @WithDefault("200ms")
    Duration backoffMin();

    @WithDefault("15s")
    Duration backoffMax();

    /** HTTP timeout of one JSON-RPC call. */
    @WithDefault("10s")
    Duration rpcTimeout();

    /** EIP-1559 tip (wei). */
    @WithDefault("1000000000")
    BigInteger maxPriorityFeeWei();

    /** maxFeePerGas = latest base fee × this + tip. */
    @WithDefault("2")
    int baseFeeMultiplier();

    /** Gas limit of anchorBatch (it uses about 79,000 through the proxy). */
    @WithDefault("200000")
    long anchorGasLimit();

    /** Gas limit of the governance executor's transactions: setPaused (about 30,000), upgradeToAndCall (about 40,000). */
    @WithDefault("200000")
    long governanceGasLimit();

    /**
     * governance-service's event topic, whose PauseFlagChanged (no scope) and ProposalExecuted (UPGRADE_POOL_CONTRACT)
     * the governance executor ({@link PoolGovernor}) carries out on the pool contract; read by
     * {@link io.coverclaims.chainbridge.view.GovernanceView}.
     */
    @WithDefault(io.coverclaims.chainbridge.view.GovernanceView.GOVERNANCE_EVENTS)
    String governanceEventsTopic();

    /**
     * How often the price-feed poller reads {@code latestRoundData()} of every enabled on-chain oracle source (runs
     * with the bridge: {@link #enabled()} and {@link #rpcUrl()}; it signs nothing).
     */
    @WithDefault("2s")
    Duration priceFeedPollInterval();

    /** Where the price-feed poller sends RecordPriceObservation: oracle-service's command topic. */
    @WithDefault("oracle.commands")
    String oracleCommandsTopic();

    /**
     * oracle-service's event topic, whose FeedSourceRegistered (CHAINLINK_AGGREGATOR) and FeedSourceDisabled name
     * the aggregators to read; read by {@link io.coverclaims.chainbridge.view.PriceFeedSources} (the read model).
     */
    @WithDefault(io.coverclaims.chainbridge.view.PriceFeedSources.ORACLE_EVENTS)
    String oracleEventsTopic();

    Signer signer();

    /**
     * Where the bridge's key is read from, in this order: {@code key-file} (a Kubernetes secret mounted as a file,
     * or any file holding the hex private key), then the environment variable named by {@code key-env}. The key is
     * never a plain configuration value, so no config dump can show it.
     */
    interface Signer {
        Optional<Path> keyFile();

        @WithDefault("CHAIN_BRIDGE_SIGNING_KEY")
        String keyEnv();
    }
}
