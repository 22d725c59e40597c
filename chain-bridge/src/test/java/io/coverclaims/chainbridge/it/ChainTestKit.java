package io.coverclaims.chainbridge.it;

import io.coverclaims.chainbridge.anvil.AnvilProcess;
import io.coverclaims.chainbridge.contracts.ClaimsPool;
import io.coverclaims.chainbridge.contracts.TestPriceFeed;
import io.coverclaims.chainbridge.contracts.TestToken;
import io.coverclaims.chainbridge.domain.settlement.BatchIds;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.schemas.claim.ClaimRefundDue;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.claim.RefundKind;
import io.coverclaims.schemas.common.EventMetadata;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The test side of {@link ChainTestResource}: the chain (directly, not through the proxy), plus the shared
 * {@link KafkaTestKit} (the broker, waits on topics) with a longer patience.
 */
final class ChainTestKit extends KafkaTestKit {

    /** Anchoring waits on blocks, re-submissions and node restarts: longer than the kit's default. */
    static final Duration CHAIN_PATIENCE = Duration.ofSeconds(90);

    final Web3j web3j;
    final String poolAddress;
    final String tokenAddress;
    final String keyFile;
    private final Map<?, ?> handles;
    private final StaticEIP1559GasProvider gas = new StaticEIP1559GasProvider(
            AnvilProcess.DEFAULT_CHAIN_ID,
            BigInteger.valueOf(20_000_000_000L),
            BigInteger.valueOf(1_000_000_000L),
            BigInteger.valueOf(8_000_000));

    ChainTestKit() {
        super(CHAIN_PATIENCE);
        handles = (Map<?, ?>) System.getProperties().get(ChainTestResource.HANDLES);
        if (handles == null) {
            super.close();
            throw new IllegalStateException("ChainTestResource is not running");
        }
        web3j = Web3j.build(
                new HttpService("http://127.0.0.1:" + proxyPort()),
                100,
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor());
        poolAddress = (String) handles.get("pool");
        tokenAddress = (String) handles.get("token");
        keyFile = (String) handles.get("keyFile");
    }

    private int proxyPort() {
        return (Integer) handles.get("testProxyPort");
    }

    void run(String handle) {
        ((Runnable) handles.get(handle)).run();
    }

    static Credentials account(int index) {
        return AnvilProcess.deriveCredentials(AnvilProcess.DEFAULT_MNEMONIC, index);
    }

    ClaimsPool pool(Credentials as) {
        return ClaimsPool.load(poolAddress, web3j, transactions(as), gas);
    }

    TestToken token(Credentials as) {
        return TestToken.load(tokenAddress, web3j, transactions(as), gas);
    }

    /** Deploys a TestPriceFeed from {@code as}: answers with {@code decimals} decimals, round 1 is {@code answer}. */
    TestPriceFeed deployPriceFeed(Credentials as, int decimals, String description, BigInteger answer)
            throws Exception {
        return TestPriceFeed.deploy(web3j, transactions(as), gas, BigInteger.valueOf(decimals), description, answer)
                .send();
    }

    StaticEIP1559GasProvider gas() {
        return gas;
    }

    RawTransactionManager transactions(Credentials as) {
        return new RawTransactionManager(
                web3j, as, AnvilProcess.DEFAULT_CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 100, 600));
    }

    boolean isAnchored(String batchId) throws Exception {
        return pool(account(9)).isAnchored(BatchIds.bytes32(batchId)).send();
    }

    /** BatchAnchored logs of a batch id on the current chain. */
    int anchorLogs(String batchId) throws IOException {
        EthFilter filter = new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameterName.LATEST, poolAddress);
        filter.addSingleTopic(EventEncoder.encode(ClaimsPool.BATCHANCHORED_EVENT));
        filter.addSingleTopic(batchId);
        return web3j.ethGetLogs(filter).send().getLogs().size();
    }

    BigInteger nonce(String address) throws IOException {
        return web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
                .send()
                .getTransactionCount();
    }

    long head() throws IOException {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    /** A raw JSON-RPC call, e.g. anvil_reorg. */
    Object rpc(String method, Object... params) throws IOException {
        @SuppressWarnings("unchecked")
        String rpc = ((java.util.function.Supplier<String>) handles.get("rpc")).get();
        Response<?> answer = new Request<>(method, List.of(params), new HttpService(rpc), ObjectResponse.class).send();
        if (answer.hasError()) {
            throw new IOException(method + ": " + answer.getError().getMessage());
        }
        return answer.getResult();
    }

    public static final class ObjectResponse extends Response<Object> {}

    /** Publishes a ClaimRefundDue (a claim deposit given back) as claim-service will. */
    ClaimRefundDue refundDue(String poolId, String claimId, String refundId, String recipient, long amount) {
        ClaimRefundDue refund = ClaimRefundDue.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setAggregateId("cov-" + claimId)
                        .setAggregateVersion(8)
                        .setCausationId("test")
                        .setCorrelationId("corr-" + claimId)
                        .setOccurredAt(Instant.now())
                        .setActor("claim-service")
                        .build())
                .setClaimId(claimId)
                .setPolicyId("cov-" + claimId)
                .setPoolId(poolId)
                .setRefundId(refundId)
                .setKind(RefundKind.CLAIM_DEPOSIT)
                .setRecipient(recipient)
                .setAsset("USDC")
                .setAmount(BigDecimal.valueOf(amount))
                .build();
        sendAsync("claim.events", claimId, refund);
        return refund;
    }

    /** Publishes a ClaimSettled as claim-service will. */
    ClaimSettled settle(String poolId, String claimId, String recipient, long amount) {
        return settle(poolId, claimId, recipient, BigInteger.valueOf(amount));
    }

    /** Publishes a ClaimSettled of any uint256 amount (decimal(78, 0) on the wire). */
    ClaimSettled settle(String poolId, String claimId, String recipient, BigInteger amount) {
        String eventId = UUID.randomUUID().toString();
        ClaimSettled settled = ClaimSettled.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId(eventId)
                        .setAggregateId(claimId)
                        .setAggregateVersion(7)
                        .setCausationId("test")
                        .setCorrelationId("corr-" + claimId)
                        .setOccurredAt(Instant.now())
                        .setActor("claim-service")
                        .build())
                .setClaimId(claimId)
                .setPolicyId("policy-" + claimId)
                .setPoolId(poolId)
                .setPayoutId("payout-" + claimId)
                .setRecipient(recipient)
                .setAsset("USDC")
                .setPayoutAmount(new BigDecimal(amount))
                .setSettledAmount(new BigDecimal(amount))
                .setProRataPpm(1_000_000)
                .build();
        sendAsync("claim.events", claimId, settled);
        return settled;
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        KafkaTestKit.awaitTrue(what, CHAIN_PATIENCE, condition);
    }

    static boolean quietly(java.util.concurrent.Callable<Boolean> check) {
        try {
            return check.call();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        super.close();
        web3j.shutdown();
    }
}
