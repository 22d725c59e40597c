package io.coverclaims.chainbridge.contracts;

import io.coverclaims.chainbridge.anvil.AnvilProcess;
import io.coverclaims.chainbridge.chain.PoolDeployment;
import java.io.IOException;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractEIP1559GasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.NoOpProcessor;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;

/**
 * A running anvil plus a web3j client, and the way every test sends transactions: one
 * {@link RawTransactionManager} per account (nonce read from the node for each transaction, so a
 * reverted transaction leaves no gap), EIP-1559 (type 2) fees, receipts polled every 100 ms.
 *
 * <p>The gas limit is static on purpose: a transaction that reverts is still mined, so tests see the
 * on-chain revert; web3j then replays it with {@code eth_call} and puts the revert data (custom error
 * selector and arguments) in {@link TransactionException#getEncodedDataResponse()}.
 */
final class LocalChain implements AutoCloseable {

    static final long RECEIPT_POLL_MILLIS = 100;
    static final int RECEIPT_POLL_ATTEMPTS = 600; // 60 s at most, only reached if something is broken
    static final BigInteger MAX_FEE_PER_GAS =
            Convert.toWei("20", Convert.Unit.GWEI).toBigIntegerExact();
    static final BigInteger MAX_PRIORITY_FEE_PER_GAS =
            Convert.toWei("1", Convert.Unit.GWEI).toBigIntegerExact();
    static final BigInteger GAS_LIMIT = BigInteger.valueOf(8_000_000);

    final AnvilProcess anvil;
    final Web3j web3j;
    final ContractEIP1559GasProvider gas;

    private LocalChain(AnvilProcess anvil) {
        this.anvil = anvil;
        this.web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
        this.gas = new StaticEIP1559GasProvider(anvil.chainId(), MAX_FEE_PER_GAS, MAX_PRIORITY_FEE_PER_GAS, GAS_LIMIT);
    }

    static LocalChain start() throws IOException {
        return new LocalChain(AnvilProcess.start());
    }

    Credentials account(int index) {
        return anvil.credentials(index);
    }

    TransactionManager transactions(Credentials credentials) {
        return new RawTransactionManager(
                web3j,
                credentials,
                anvil.chainId(),
                new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS));
    }

    /**
     * Like {@link #transactions(Credentials)}, but {@code send()} returns as soon as the node accepted the
     * transaction (an {@code EmptyTransactionReceipt} holding only the hash): for sending many transactions
     * in a row; fetch the receipts afterwards with {@link #receipt(String)}.
     */
    TransactionManager transactionsWithoutWaiting(Credentials credentials) {
        return new RawTransactionManager(web3j, credentials, anvil.chainId(), new NoOpProcessor(web3j));
    }

    /** Waits (polling every 100 ms) for the receipt of a transaction. */
    TransactionReceipt receipt(String transactionHash) throws IOException, TransactionException {
        return new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS)
                .waitForTransactionReceipt(transactionHash);
    }

    TestToken deployToken(Credentials deployer) throws Exception {
        return TestToken.deploy(web3j, transactions(deployer), gas, "CoverClaims Test USD", "tUSD")
                .send();
    }

    TestToken token(String address, Credentials as) {
        return TestToken.load(address, web3j, transactions(as), gas);
    }

    /**
     * Deploys a pool as production does ({@link PoolDeployment}: implementation, then the initialised ERC1967 proxy)
     * with the bridge as upgrader; the wrapper is loaded at the proxy, the pool's address.
     */
    ClaimsPool deployPool(Credentials deployer, String asset, String admin, String bridge, String guardian)
            throws Exception {
        return deployPool(deployer, asset, admin, bridge, guardian, bridge);
    }

    ClaimsPool deployPool(
            Credentials deployer, String asset, String admin, String bridge, String guardian, String upgrader)
            throws Exception {
        PoolDeployment.Deployed deployed =
                PoolDeployment.deploy(web3j, transactions(deployer), gas, asset, admin, bridge, guardian, upgrader);
        return ClaimsPool.load(deployed.pool(), web3j, transactions(deployer), gas);
    }

    ClaimsPool pool(String address, Credentials as) {
        return ClaimsPool.load(address, web3j, transactions(as), gas);
    }

    /** The 4-byte selector of a custom error, e.g. {@code "AlreadyRedeemed(bytes32,bytes32)"}, as 0x hex. */
    static String selector(String errorSignature) {
        return Hash.sha3String(errorSignature).substring(0, 10);
    }

    /**
     * Runs a transaction that must revert, and returns its revert data.
     *
     * @throws AssertionError if it does not revert or reverts with another error
     */
    static String expectRevert(String errorSignature, Callable<?> transaction) {
        String expected = selector(errorSignature);
        Object result;
        try {
            result = transaction.call();
        } catch (TransactionException e) {
            // web3j hands the JSON-RPC error's data over as JSON text: a quoted hex string
            String data = e.getEncodedDataResponse().orElse("").replace("\"", "");
            if (!data.startsWith(expected)) {
                throw new AssertionError(
                        "expected revert " + errorSignature + " (" + expected + ") but got data '" + data + "': "
                                + e.getMessage(),
                        e);
            }
            if (e.getTransactionReceipt().map(r -> r.isStatusOK()).orElse(false)) {
                throw new AssertionError("receipt says success", e);
            }
            return data;
        } catch (Exception e) {
            throw new AssertionError("expected revert " + errorSignature + " but got " + e, e);
        }
        throw new AssertionError("expected revert " + errorSignature + " but the transaction succeeded: " + result);
    }

    @Override
    public void close() {
        try {
            web3j.shutdown();
        } finally {
            anvil.close();
        }
    }
}
