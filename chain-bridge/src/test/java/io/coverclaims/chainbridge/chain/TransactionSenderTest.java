package io.coverclaims.chainbridge.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.chainbridge.anvil.AnvilProcess;
import java.math.BigInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/** Nonces from the node's pending count: a rejected transaction leaves no gap; EIP-1559 fees. Real anvil. */
class TransactionSenderTest {

    private static AnvilProcess anvil;
    private static Web3j web3j;

    @BeforeAll
    static void start() throws Exception {
        anvil = AnvilProcess.start();
        web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
    }

    @AfterAll
    static void stop() {
        web3j.shutdown();
        anvil.close();
    }

    private TransactionReceipt receipt(String txHash) throws Exception {
        return new PollingTransactionReceiptProcessor(web3j, 100, 100).waitForTransactionReceipt(txHash);
    }

    @Test
    void a_rejected_transaction_consumes_no_nonce_and_others_senders_are_followed() throws Exception {
        Credentials account = anvil.credentials(7);
        SigningKey key = SigningKey.of(
                Numeric.toHexStringNoPrefixZeroPadded(account.getEcKeyPair().getPrivateKey(), 64), "test");
        TransactionSender sender =
                new TransactionSender(web3j, key, anvil.chainId(), BigInteger.valueOf(1_000_000_000L), 2);
        String to = anvil.credentials(8).getAddress();
        BigInteger start = sender.pendingNonce();

        // a fee cap below the base fee: the node refuses the transaction
        assertThatThrownBy(() -> sender.send(
                        to,
                        "0x",
                        BigInteger.valueOf(21_000),
                        new TransactionSender.Fees(BigInteger.ONE, BigInteger.ONE)))
                .isInstanceOf(TransactionSender.RejectedTransaction.class);
        assertThat(sender.pendingNonce()).isEqualTo(start);

        TransactionSender.Sent first = sender.send(to, "0x", BigInteger.valueOf(21_000));
        assertThat(first.nonce()).isEqualTo(start);
        TransactionReceipt mined = receipt(first.txHash());
        assertThat(mined.isStatusOK()).isTrue();
        assertThat(mined.getType()).isEqualTo("0x2");
        assertThat(web3j.ethGetTransactionByHash(first.txHash())
                        .send()
                        .getTransaction()
                        .orElseThrow()
                        .getMaxFeePerGas())
                .isEqualTo(first.fees().maxFeePerGas());

        // someone else used the key meanwhile (another tool, an operator): the sender follows the node
        new RawTransactionManager(web3j, account, anvil.chainId())
                .sendEIP1559Transaction(
                        anvil.chainId(),
                        BigInteger.valueOf(1_000_000_000L),
                        BigInteger.valueOf(20_000_000_000L),
                        BigInteger.valueOf(21_000),
                        to,
                        "0x",
                        BigInteger.ZERO);
        TransactionSender.Sent second = sender.send(to, "0x", BigInteger.valueOf(21_000));
        assertThat(second.nonce()).isEqualTo(start.add(BigInteger.TWO));
        assertThat(receipt(second.txHash()).isStatusOK()).isTrue();
    }
}
