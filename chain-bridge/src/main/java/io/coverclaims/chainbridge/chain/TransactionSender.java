package io.coverclaims.chainbridge.chain;

import java.io.IOException;
import java.math.BigInteger;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.utils.Numeric;

/**
 * Signs and sends EIP-1559 (type 2) transactions with its own nonce handling: the nonce is the node's
 * {@code pending} transaction count, read for every transaction. A transaction the node rejects consumes no nonce,
 * so the next one reuses it: no gap, unlike a locally incremented counter (web3j's FastRawTransactionManager).
 * One sender per key; {@link #send} is serialised.
 */
public final class TransactionSender {

    /** The fees of one transaction. */
    public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {}

    /** What was sent. */
    public record Sent(String txHash, BigInteger nonce, Fees fees) {}

    /** The node refused the transaction (it was not queued; its nonce is free again). */
    public static final class RejectedTransaction extends IOException {
        public RejectedTransaction(String message) {
            super(message);
        }
    }

    private final Web3j web3j;
    private final SigningKey key;
    private final long chainId;
    private final BigInteger tip;
    private final int baseFeeMultiplier;

    public TransactionSender(Web3j web3j, SigningKey key, long chainId, BigInteger tip, int baseFeeMultiplier) {
        this.web3j = web3j;
        this.key = key;
        this.chainId = chainId;
        this.tip = tip;
        this.baseFeeMultiplier = baseFeeMultiplier;
    }

    /** maxFeePerGas = base fee of the latest block × multiplier + tip. */
    public Fees currentFees() throws IOException {
        EthBlock.Block latest = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                .send()
                .getBlock();
        BigInteger baseFee = latest.getBaseFeePerGas() == null ? BigInteger.ZERO : latest.getBaseFeePerGas();
        return new Fees(baseFee.multiply(BigInteger.valueOf(baseFeeMultiplier)).add(tip), tip);
    }

    public BigInteger pendingNonce() throws IOException {
        return web3j.ethGetTransactionCount(key.address(), DefaultBlockParameterName.PENDING)
                .send()
                .getTransactionCount();
    }

    public Sent send(String to, String data, BigInteger gasLimit) throws IOException {
        return send(to, data, gasLimit, currentFees());
    }

    public synchronized Sent send(String to, String data, BigInteger gasLimit, Fees fees) throws IOException {
        BigInteger nonce = pendingNonce();
        RawTransaction tx = RawTransaction.createTransaction(
                chainId, nonce, gasLimit, to, BigInteger.ZERO, data, fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, key.credentials()));
        EthSendTransaction answer = web3j.ethSendRawTransaction(signed).send();
        if (answer.hasError()) {
            throw new RejectedTransaction("node rejected the transaction (nonce " + nonce + "): "
                    + answer.getError().getMessage());
        }
        return new Sent(answer.getTransactionHash(), nonce, fees);
    }

    public String address() {
        return key.address();
    }
}
