package io.coverclaims.chainbridge.chain;

import io.coverclaims.chainbridge.contracts.ClaimsPool;
import io.coverclaims.chainbridge.contracts.ClaimsPoolProxy;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.utils.Numeric;

/**
 * How a pool contract is deployed: the {@code ClaimsPool} implementation first (its constructor disables its own
 * initialiser), then a {@code ClaimsPoolProxy} (OpenZeppelin's ERC1967Proxy) pointing at it, whose constructor calls
 * {@code initialize(asset, admin, bridge, guardian, upgrader)} in the same transaction. The proxy's address is the
 * pool's address: the one {@code coverclaims.chain.contract}, wallets and every other service use.
 *
 * <p>chain-bridge's signer needs {@code BRIDGE_ROLE} (anchoring), {@code GUARDIAN_ROLE} (it mirrors governance's
 * pause flags) and {@code UPGRADER_ROLE} (it carries out governance's upgrades): pass its address as bridge, guardian
 * and upgrader; the admin may grant {@code GUARDIAN_ROLE} to others.
 */
public final class PoolDeployment {

    /** A deployed pool: its address (the proxy), the implementation behind it, and the proxy's deployment block. */
    public record Deployed(String pool, String implementation, long block) {}

    private PoolDeployment() {}

    /** Deploys the implementation and the initialised proxy, with {@code transactions}' account paying. */
    public static Deployed deploy(
            Web3j web3j,
            TransactionManager transactions,
            ContractGasProvider gas,
            String asset,
            String admin,
            String bridge,
            String guardian,
            String upgrader)
            throws Exception {
        String implementation =
                ClaimsPool.deploy(web3j, transactions, gas).send().getContractAddress();
        ClaimsPoolProxy proxy = ClaimsPoolProxy.deploy(
                        web3j,
                        transactions,
                        gas,
                        BigInteger.ZERO,
                        implementation,
                        Numeric.hexStringToByteArray(initializeCall(asset, admin, bridge, guardian, upgrader)))
                .send();
        long block =
                proxy.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        return new Deployed(
                proxy.getContractAddress().toLowerCase(Locale.ROOT), implementation.toLowerCase(Locale.ROOT), block);
    }

    /** The calldata of {@code initialize(asset, admin, bridge, guardian, upgrader)}, for the proxy's constructor. */
    public static String initializeCall(String asset, String admin, String bridge, String guardian, String upgrader) {
        return FunctionEncoder.encode(new Function(
                "initialize",
                List.<Type>of(
                        new Address(asset),
                        new Address(admin),
                        new Address(bridge),
                        new Address(guardian),
                        new Address(upgrader)),
                List.of()));
    }
}
