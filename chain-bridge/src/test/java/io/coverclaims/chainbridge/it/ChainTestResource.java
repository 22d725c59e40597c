package io.coverclaims.chainbridge.it;

import io.coverclaims.chainbridge.anvil.AnvilProcess;
import io.coverclaims.chainbridge.chain.PoolDeployment;
import io.coverclaims.chainbridge.contracts.ClaimsPool;
import io.coverclaims.chainbridge.contracts.TestToken;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * A real anvil for the service under test: token and ClaimsPool deployed behind its proxy ({@link PoolDeployment};
 * admin = account 0, bridge = account 1 with BRIDGE_ROLE, GUARDIAN_ROLE and UPGRADER_ROLE, guardian also account 2), the bridge's key in a 0600 file, the service talking to the node through a {@link TcpProxy}
 * (so a test can make the node unreachable), and a block clock mining a block every 200 ms (auto-mining alone makes
 * no block without a transaction, and confirmations need blocks). Test classes reach these through
 * {@link ChainTestKit} (plain JDK types in system properties: the resource and the test may not share a class
 * loader).
 */
public class ChainTestResource implements QuarkusTestResourceLifecycleManager {

    static final String HANDLES = "coverclaims.test.chain";
    static final long BLOCK_MILLIS = 200;

    private volatile AnvilProcess anvil;
    private Path stateFile;
    private TcpProxy proxy;
    /** The tests' own way to the node: never cut, follows a restarted node. */
    private TcpProxy testProxy;

    private Thread clock;
    private final AtomicBoolean clockRunning = new AtomicBoolean(true);
    private volatile boolean stopped;

    @Override
    public Map<String, String> start() {
        try {
            stateFile = Files.createTempDirectory("chain-bridge-anvil").resolve("state.json");
            anvil = startAnvil();
            Web3j web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
            Credentials admin = anvil.credentials(0);
            Credentials bridge = anvil.credentials(1);
            Credentials guardian = anvil.credentials(2);
            var gas = new StaticEIP1559GasProvider(
                    anvil.chainId(),
                    BigInteger.valueOf(20_000_000_000L),
                    BigInteger.valueOf(1_000_000_000L),
                    BigInteger.valueOf(8_000_000));
            var tx = new RawTransactionManager(
                    web3j, admin, anvil.chainId(), new PollingTransactionReceiptProcessor(web3j, 100, 600));
            String token = TestToken.deploy(web3j, tx, gas, "CoverClaims Test USD", "tUSD")
                    .send()
                    .getContractAddress();
            // as production: implementation + initialised ERC1967 proxy; the bridge anchors, mirrors governance's
            // pauses (GUARDIAN_ROLE) and carries out its upgrades (UPGRADER_ROLE); account 2 is a guardian too
            PoolDeployment.Deployed deployed = PoolDeployment.deploy(
                    web3j,
                    tx,
                    gas,
                    token,
                    admin.getAddress(),
                    bridge.getAddress(),
                    bridge.getAddress(),
                    bridge.getAddress());
            ClaimsPool pool = ClaimsPool.load(deployed.pool(), web3j, tx, gas);
            pool.grantRole(pool.GUARDIAN_ROLE().send(), guardian.getAddress()).send();
            long deployBlock = deployed.block();
            web3j.shutdown();

            Path keyFile = Files.createTempFile(
                    "chain-bridge-key",
                    ".hex",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    keyFile,
                    Numeric.toHexStringNoPrefixZeroPadded(bridge.getEcKeyPair().getPrivateKey(), 64) + "\n",
                    StandardCharsets.US_ASCII);
            keyFile.toFile().deleteOnExit();

            proxy = new TcpProxy(anvil.port());
            testProxy = new TcpProxy(anvil.port());
            clock = new Thread(this::tick, "anvil-block-clock");
            clock.setDaemon(true);
            clock.start();

            Map<String, Object> handles = new HashMap<>();
            handles.put("rpc", (java.util.function.Supplier<String>) () -> anvil.rpcUrl());
            handles.put("testProxyPort", testProxy.port());
            handles.put("token", token);
            handles.put("pool", pool.getContractAddress());
            handles.put("implementation", deployed.implementation());
            handles.put("keyFile", keyFile.toString());
            handles.put("proxy.stop", (Runnable) proxy::stop);
            handles.put("proxy.start", (Runnable) () -> {
                try {
                    proxy.start();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // a real node restart: anvil dumps its state (blocks, receipts, contracts) on SIGTERM and loads it again
            handles.put("node.stop", (Runnable) () -> anvil.close());
            handles.put("node.start", (Runnable) () -> {
                try {
                    anvil = startAnvil();
                    proxy.retarget(anvil.port());
                    testProxy.retarget(anvil.port());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            handles.put("clock.pause", (Runnable) () -> clockRunning.set(false));
            handles.put("clock.resume", (Runnable) () -> clockRunning.set(true));
            System.getProperties().put(HANDLES, handles);

            return Map.of(
                    "coverclaims.chain.enabled", "true",
                    "coverclaims.chain.rpc-url", "http://127.0.0.1:" + proxy.port(),
                    "coverclaims.chain.contract", pool.getContractAddress(),
                    "coverclaims.chain.chain-id", Long.toString(anvil.chainId()),
                    "coverclaims.chain.start-block", Long.toString(deployBlock),
                    "coverclaims.chain.signer.key-file", keyFile.toString());
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("could not start the test chain", e);
        }
    }

    private AnvilProcess startAnvil() throws java.io.IOException {
        return AnvilProcess.builder().extraArgs("--state", stateFile.toString()).start();
    }

    private void tick() {
        while (!stopped) {
            try {
                Thread.sleep(BLOCK_MILLIS);
                if (clockRunning.get()) {
                    anvil.rpc("evm_mine");
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the node is being stopped
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
        if (clock != null) {
            clock.interrupt();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (testProxy != null) {
            testProxy.close();
        }
        if (anvil != null) {
            anvil.close();
        }
        System.getProperties().remove(HANDLES);
    }
}
