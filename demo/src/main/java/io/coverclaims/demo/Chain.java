package io.coverclaims.demo;

import io.coverclaims.platform.auth.DevelopmentKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.abi.datatypes.generated.Uint80;
import org.web3j.crypto.ContractUtils;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * The local chain: anvil (installed by chain-bridge's build, {@code npm ci} in chain-bridge/contracts) with the pool
 * contract, its test token and a test price feed deployed, and a block clock (anvil mines a block per transaction, and
 * only then: confirmations need blocks, so the demo mines one every 200 ms).
 *
 * <p>Accounts are anvil's development keys (mnemonic "test ... junk", public knowledge): 0 is the contract's admin and
 * deploys the pool's proxy (ClaimsPoolProxy, an ERC1967Proxy in front of the ClaimsPool implementation) as its very
 * first transaction, so the pool lands at {@value #POOL_ADDRESS}, the services' default EIP-712 verifying contract; 1
 * is chain-bridge's signer (BRIDGE_ROLE, GUARDIAN_ROLE to mirror governance's pauses, UPGRADER_ROLE to carry out its
 * upgrades), 2 a guardian; 9 deploys the token, the price feed and the ClaimsPool implementation; the scenario's
 * capital providers and buyers are the others.
 */
final class Chain {

    static final String MNEMONIC = DevelopmentKeys.MNEMONIC;
    static final long CHAIN_ID = 31337;
    static final int DOCUMENTED_PORT = 8545;
    static final String POOL_ADDRESS = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    static final int ADMIN = 0;
    static final int BRIDGE = 1;
    static final int GUARDIAN = 2;
    static final int DEPLOYER = 9;
    /**
     * anvil's development accounts: 0 to 9 (DevelopmentKeys), 10 to 15 derived from the same mnemonic (10 to 12 the
     * assessors, 13 the arbiter, 14 and 15 the price reporters).
     */
    static final int ACCOUNTS = 16;

    static final String TOKEN_SYMBOL = "tUSD";
    static final int TOKEN_DECIMALS = 6;
    static final Duration BLOCK_TIME = Duration.ofMillis(200);

    static final Event CAPITAL_DEPOSITED = new Event(
            "CapitalDeposited", List.of(new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}));

    /** ClaimsPool: a claim deposit (kind 0) or appeal bond (kind 1) paid. */
    static final Event CLAIM_BOND_PAID = new Event(
            "ClaimBondPaid",
            List.of(
                    new TypeReference<Bytes32>(true) {},
                    new TypeReference<Address>(true) {},
                    new TypeReference<Uint8>() {},
                    new TypeReference<Uint256>() {},
                    new TypeReference<Utf8String>() {}));

    /** ClaimsPool: one leaf of an anchored batch paid to its claimant. */
    static final Event PAYOUT_REDEEMED = new Event(
            "PayoutRedeemed",
            List.of(
                    new TypeReference<Bytes32>(true) {},
                    new TypeReference<Bytes32>(true) {},
                    new TypeReference<Address>(true) {},
                    new TypeReference<Uint256>() {}));

    /** The token's ERC-20 Transfer. */
    static final Event TRANSFER = new Event(
            "Transfer",
            List.of(
                    new TypeReference<Address>(true) {},
                    new TypeReference<Address>(true) {},
                    new TypeReference<Uint256>() {}));

    /** Runs anvil (its arguments), waits until the launcher's end of its stdin closes, then stops it and waits. */
    private static final String GUARD =
            "\"$@\" </dev/null & child=$!; cat >/dev/null; kill $child 2>/dev/null;" + " wait $child";

    private static final BigInteger MAX_FEE = BigInteger.valueOf(20_000_000_000L);
    private static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger DEPLOY_GAS = BigInteger.valueOf(5_000_000);
    private static final BigInteger CALL_GAS = BigInteger.valueOf(300_000);

    final int port;
    final String rpcUrl;
    final Processes.Child child;
    final Web3j web3j;
    final List<Credentials> accounts;
    final boolean reused;
    final Path root;
    Path signerKeyFile;
    String token;
    String pool;
    String priceFeed;
    /** The ClaimsPool implementation behind the pool's proxy (its ERC-1967 slot). */
    String implementation;

    long deployBlock;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private volatile long blockMillis = BLOCK_TIME.toMillis();
    private volatile boolean ticking = true;

    private Chain(int port, Processes.Child child, boolean reused, Path root) {
        this.port = port;
        this.rpcUrl = "http://127.0.0.1:" + port;
        this.child = child;
        this.web3j = Web3j.build(new HttpService(rpcUrl));
        this.accounts = developmentAccounts();
        this.reused = reused;
        this.root = root;
    }

    /**
     * anvil's development accounts in order: the ten of DevelopmentKeys, then the next ones derived from the same
     * mnemonic (m/44'/60'/0'/0/i), as anvil derives them with --accounts.
     */
    private static List<Credentials> developmentAccounts() {
        List<Credentials> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(Credentials.create(DevelopmentKeys.key(i)));
        }
        return List.copyOf(accounts);
    }

    static Chain start(DemoContext demo, Progress.Step step) {
        Path anvil = binary(demo.root());
        Path dir = demo.state().resolve("chain");
        Path stateFile = dir.resolve("anvil-state.json");
        boolean hadState = Files.isRegularFile(stateFile);
        int port = demo.ports().pick("anvil", DOCUMENTED_PORT);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DemoFailure("cannot create " + dir + ": " + e);
        }
        List<String> command = List.of(
                "sh",
                "-c",
                GUARD,
                "anvil-guard",
                anvil.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--chain-id",
                Long.toString(CHAIN_ID),
                "--mnemonic",
                MNEMONIC,
                "--accounts",
                Integer.toString(ACCOUNTS),
                "--balance",
                "10000",
                "--hardfork",
                "prague",
                "--state",
                stateFile.toString());
        Processes.Child child = demo.processes()
                .start(
                        "anvil",
                        Processes.Kind.CHAIN,
                        command,
                        Map.of(),
                        dir,
                        demo.logs().resolve("anvil.log"),
                        true);
        Chain chain = new Chain(port, child, hadState, demo.root());
        chain.signerKeyFile = writeSignerKey(dir, chain.accounts.get(BRIDGE));
        chain.awaitChainId(demo, step);
        chain.deploy(demo, step);
        Thread clock = new Thread(chain::tick, "demo-block-clock");
        clock.setDaemon(true);
        clock.start();
        step.detail("anvil " + chain.rpcUrl + ", chain id " + CHAIN_ID
                + ", " + ACCOUNTS + " development accounts of 10,000 ETH; a block" + " every " + BLOCK_TIME.toMillis()
                + " ms"
                + (chain.reused ? "; state kept from earlier runs" : ""));
        step.detail("ClaimsPool " + chain.pool + " (ERC1967 proxy of implementation " + chain.implementation
                + "; admin dev:0, bridge signer dev:1 also guardian and upgrader, guardian dev:2)"
                + (chain.deployBlock > 0 ? ", deployed in block " + chain.deployBlock : ""));
        step.detail("TestToken " + TOKEN_SYMBOL + " " + chain.token + " (" + TOKEN_DECIMALS
                + " decimals, anyone may mint)" + ", TestPriceFeed ETH / USD " + chain.priceFeed);
        return chain;
    }

    /** The anvil binary: COVERCLAIMS_ANVIL_BINARY, else the one chain-bridge's npm ci installed for this platform. */
    static Path binary(Path root) {
        String configured = System.getenv("COVERCLAIMS_ANVIL_BINARY");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path packages = root.resolve("chain-bridge/contracts/node_modules/@foundry-rs");
        if (Files.isDirectory(packages)) {
            try (DirectoryStream<Path> candidates = Files.newDirectoryStream(packages, "anvil-*")) {
                for (Path candidate : candidates) {
                    Path binary = candidate.resolve("bin/anvil");
                    if (Files.isExecutable(binary)) {
                        return binary;
                    }
                }
            } catch (IOException e) {
                // reported below
            }
        }
        throw new DemoFailure("anvil is not installed (" + packages + "/anvil-<platform>/bin/anvil): run ./claims demo"
                + " without --no-build (chain-bridge's build installs it with npm ci)");
    }

    private void awaitChainId(DemoContext demo, Progress.Step step) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            demo.processes().checkAlive();
            try {
                String id = rpc("eth_chainId");
                if (id.contains("\"0x" + Long.toHexString(CHAIN_ID) + "\"")) {
                    return;
                }
                throw new DemoFailure("anvil answered eth_chainId " + id, "anvil");
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new DemoFailure("anvil did not answer on " + rpcUrl + " within 60 s", "anvil");
                }
                step.status("waiting for anvil on " + rpcUrl);
                Broker.sleep(100);
            }
        }
    }

    /**
     * Deploys the token and the price feed (dev:9's first two transactions), the ClaimsPool implementation (dev:9's
     * third) and the pool's proxy (dev:0's first transaction, initialising the pool), or finds them in a chain kept
     * from an earlier run.
     */
    private void deploy(DemoContext demo, Progress.Step step) {
        try {
            String expectedPool = ContractUtils.generateContractAddress(address(ADMIN), BigInteger.ZERO);
            if (!expectedPool.equalsIgnoreCase(POOL_ADDRESS)) {
                throw new DemoFailure("dev:0's first contract would be " + expectedPool + ", not " + POOL_ADDRESS);
            }
            if (hasCode(POOL_ADDRESS)) {
                pool = POOL_ADDRESS;
                token = ((Address) call(pool, "asset", List.of(), new TypeReference<Address>() {})).getValue();
                priceFeed = ContractUtils.generateContractAddress(address(DEPLOYER), BigInteger.ONE);
                implementation = implementationOf(pool);
                deployBlock = 0;
                return;
            }
            if (demo.broker() != null && demo.broker().reused) {
                throw new DemoFailure("the broker kept its data from an earlier run, but the chain's state is gone ("
                        + demo.relative(demo.state().resolve("chain/anvil-state.json"))
                        + "): the two no longer match. Start from nothing: ./claims demo --fresh");
            }
            if (nonce(ADMIN).signum() != 0) {
                throw new DemoFailure("dev:0 has sent transactions already, so ClaimsPool would not land at "
                        + POOL_ADDRESS + ": ./claims demo --fresh");
            }
            step.status("deploying TestToken, TestPriceFeed and ClaimsPool (implementation and proxy)");
            token = create(
                            DEPLOYER,
                            "TestToken",
                            List.of(new Utf8String("CoverClaims Test USD"), new Utf8String(TOKEN_SYMBOL)))
                    .getContractAddress();
            priceFeed = create(
                            DEPLOYER,
                            "TestPriceFeed",
                            List.of(
                                    new Uint8(8),
                                    new Utf8String("ETH / USD"),
                                    new Int256(BigInteger.valueOf(3_000_00000000L))))
                    .getContractAddress();
            // the pool is an ERC1967 (UUPS) proxy in front of the ClaimsPool implementation, initialised in its
            // constructor: chain-bridge's signer anchors (BRIDGE_ROLE), mirrors governance's pauses (GUARDIAN_ROLE)
            // and carries out its upgrades (UPGRADER_ROLE); dev:2 is a guardian too
            implementation = create(DEPLOYER, "ClaimsPool", List.of()).getContractAddress();
            String initialize = FunctionEncoder.encode(function(
                    "initialize",
                    new Address(token),
                    new Address(address(ADMIN)),
                    new Address(address(BRIDGE)),
                    new Address(address(BRIDGE)),
                    new Address(address(BRIDGE))));
            TransactionReceipt poolReceipt = create(
                    ADMIN,
                    "ClaimsPoolProxy",
                    List.of(new Address(implementation), new DynamicBytes(Numeric.hexStringToByteArray(initialize))));
            pool = poolReceipt.getContractAddress();
            deployBlock = poolReceipt.getBlockNumber().longValueExact();
            send(
                    ADMIN,
                    pool,
                    function(
                            "grantRole",
                            new Bytes32(Hash.sha3("GUARDIAN_ROLE".getBytes(StandardCharsets.UTF_8))),
                            new Address(address(GUARDIAN))));
            if (!pool.equalsIgnoreCase(POOL_ADDRESS)) {
                throw new DemoFailure("ClaimsPool landed at " + pool + ", not " + POOL_ADDRESS, "anvil");
            }
        } catch (IOException | TransactionException e) {
            throw new DemoFailure("deploying the contracts failed: " + e.getMessage(), "anvil", e);
        }
    }

    /** Anyone may mint the test token: {@code account} mints {@code amount} to itself. */
    TransactionReceipt mint(int account, BigInteger amount) {
        return send(account, token, function("mint", new Address(address(account)), new Uint256(amount)));
    }

    TransactionReceipt approve(int account, String spender, BigInteger amount) {
        return send(account, token, function("approve", new Address(spender), new Uint256(amount)));
    }

    /** ClaimsPool.deposit(amount): takes the approved amount from {@code account}, emits CapitalDeposited. */
    TransactionReceipt deposit(int account, BigInteger amount) {
        return send(account, pool, function("deposit", new Uint256(amount)));
    }

    BigInteger balanceOf(String holder) {
        try {
            return ((Uint256) call(token, "balanceOf", List.of(new Address(holder)), new TypeReference<Uint256>() {}))
                    .getValue();
        } catch (IOException e) {
            throw new DemoFailure("balanceOf failed: " + e.getMessage(), "anvil", e);
        }
    }

    /** {@code holder}'s balance of the token at the end of {@code block}. */
    BigInteger balanceOf(String holder, long block) {
        try {
            Function function =
                    new Function("balanceOf", List.of(new Address(holder)), List.of(new TypeReference<Uint256>() {}));
            String answer = web3j.ethCall(
                            Transaction.createEthCallTransaction(null, token, FunctionEncoder.encode(function)),
                            DefaultBlockParameter.valueOf(BigInteger.valueOf(block)))
                    .send()
                    .getValue();
            return ((Uint256) FunctionReturnDecoder.decode(answer, function.getOutputParameters())
                            .get(0))
                    .getValue();
        } catch (IOException | RuntimeException e) {
            throw new DemoFailure("balanceOf at block " + block + " failed: " + e.getMessage(), "anvil", e);
        }
    }

    /** A plain ERC-20 transfer of the token from {@code account}. */
    TransactionReceipt transfer(int account, String to, BigInteger amount) {
        return send(account, token, function("transfer", new Address(to), new Uint256(amount)));
    }

    /**
     * ClaimsPool.payClaimBond(claimId, kind, amount): {@code account} pays the claim deposit (kind 0) or the appeal
     * bond (kind 1) of {@code claimId}, with the amount approved first; emits ClaimBondPaid.
     */
    TransactionReceipt payClaimBond(int account, String claimId, int kind, BigInteger amount) {
        return send(
                account,
                pool,
                function(
                        "payClaimBond",
                        new Utf8String(claimId),
                        new Uint8(BigInteger.valueOf(kind)),
                        new Uint256(amount)));
    }

    /**
     * Deploys a TestPriceFeed from dev:9 (anyone may push its answers): {@code decimals}, {@code description} and the
     * answer of its round 1; its address.
     */
    String deployPriceFeed(String description, int decimals, BigInteger answer) {
        try {
            return create(
                            DEPLOYER,
                            "TestPriceFeed",
                            List.of(
                                    new Uint8(BigInteger.valueOf(decimals)),
                                    new Utf8String(description),
                                    new Int256(answer)))
                    .getContractAddress();
        } catch (IOException | TransactionException e) {
            throw new DemoFailure("deploying TestPriceFeed " + description + " failed: " + e.getMessage(), "anvil", e);
        }
    }

    /** TestPriceFeed.updateAnswer(answer) from dev:9: a new round, timestamped with its block. */
    TransactionReceipt updateAnswer(String feed, BigInteger answer) {
        return send(DEPLOYER, feed, function("updateAnswer", new Int256(answer)));
    }

    /** A round of a price feed: its id, answer and update time (unix seconds). */
    record Round(BigInteger roundId, BigInteger answer, long updatedAt) {}

    /** The price feed's latestRoundData(). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    Round latestRound(String feed) {
        Function function = new Function(
                "latestRoundData",
                List.of(),
                List.of(
                        (TypeReference) new TypeReference<Uint80>() {},
                        (TypeReference) new TypeReference<Int256>() {},
                        (TypeReference) new TypeReference<Uint256>() {},
                        (TypeReference) new TypeReference<Uint256>() {},
                        (TypeReference) new TypeReference<Uint80>() {}));
        try {
            String answer = web3j.ethCall(
                            Transaction.createEthCallTransaction(null, feed, FunctionEncoder.encode(function)),
                            DefaultBlockParameterName.LATEST)
                    .send()
                    .getValue();
            List<Type> decoded = FunctionReturnDecoder.decode(answer, function.getOutputParameters());
            if (decoded.size() != 5) {
                throw new DemoFailure("latestRoundData of " + feed + " answered " + answer, "anvil");
            }
            return new Round(
                    ((Uint80) decoded.get(0)).getValue(),
                    ((Int256) decoded.get(1)).getValue(),
                    ((Uint256) decoded.get(3)).getValue().longValueExact());
        } catch (IOException e) {
            throw new DemoFailure("latestRoundData of " + feed + " failed: " + e.getMessage(), "anvil", e);
        }
    }

    /** Whether a contract is deployed at {@code address}. */
    boolean deployed(String address) {
        try {
            return hasCode(address);
        } catch (IOException e) {
            throw new DemoFailure("eth_getCode failed: " + e.getMessage(), "anvil", e);
        }
    }

    /** ClaimsPool.redeem(batchId, claimId, claimant, amount, proof), sent by {@code account}; emits PayoutRedeemed. */
    TransactionReceipt redeem(
            int account,
            String batchId,
            String onChainClaimId,
            String claimant,
            BigInteger amount,
            List<String> proof) {
        List<Bytes32> siblings = proof.stream()
                .map(hash -> new Bytes32(Numeric.hexStringToByteArray(hash)))
                .toList();
        return send(
                account,
                pool,
                function(
                        "redeem",
                        new Bytes32(Numeric.hexStringToByteArray(batchId)),
                        new Bytes32(Numeric.hexStringToByteArray(onChainClaimId)),
                        new Address(claimant),
                        new Uint256(amount),
                        new DynamicArray<>(Bytes32.class, siblings)));
    }

    long blockNumber() {
        try {
            return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        } catch (IOException e) {
            throw new DemoFailure("eth_blockNumber failed: " + e.getMessage(), "anvil", e);
        }
    }

    /** One ClaimBondPaid log: who paid what towards which claim's deposit (kind 0) or appeal bond (kind 1). */
    record BondLog(
            String claimId, String payer, int kind, BigInteger amount, String txHash, long logIndex, long block) {}

    /** One PayoutRedeemed log: a leaf of an anchored batch paid. */
    record RedeemedLog(
            String batchId, String onChainClaimId, String claimant, BigInteger amount, String txHash, long block) {}

    /** One Transfer log of the token. */
    record TransferLog(String from, String to, BigInteger amount, String txHash, long block) {}

    List<BondLog> bondLogs() {
        return logs(pool, CLAIM_BOND_PAID).stream().map(Chain::bondLog).toList();
    }

    List<RedeemedLog> redeemedLogs() {
        return logs(pool, PAYOUT_REDEEMED).stream().map(Chain::redeemedLog).toList();
    }

    /** The token's transfers from {@code from} to {@code to}. */
    List<TransferLog> transfers(String from, String to) {
        return logs(token, TRANSFER).stream()
                .map(Chain::transferLog)
                .filter(t -> t.from().equalsIgnoreCase(from) && t.to().equalsIgnoreCase(to))
                .toList();
    }

    BondLog bondLog(TransactionReceipt receipt) {
        return bondLog(only(receipt, pool, CLAIM_BOND_PAID));
    }

    RedeemedLog redeemedLog(TransactionReceipt receipt) {
        return redeemedLog(only(receipt, pool, PAYOUT_REDEEMED));
    }

    private static Log only(TransactionReceipt receipt, String address, Event event) {
        String topic = EventEncoder.encode(event);
        return receipt.getLogs().stream()
                .filter(log -> log.getAddress().equalsIgnoreCase(address)
                        && !log.getTopics().isEmpty()
                        && log.getTopics().get(0).equalsIgnoreCase(topic))
                .findFirst()
                .orElseThrow(() ->
                        new DemoFailure("no " + event.getName() + " log in " + receipt.getTransactionHash(), "anvil"));
    }

    private List<Log> logs(String address, Event event) {
        try {
            EthFilter filter = new EthFilter(
                            DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, address)
                    .addSingleTopic(EventEncoder.encode(event));
            EthLog logs = web3j.ethGetLogs(filter).send();
            if (logs.hasError()) {
                throw new DemoFailure("eth_getLogs: " + logs.getError().getMessage(), "anvil");
            }
            List<Log> found = new ArrayList<>();
            for (EthLog.LogResult<?> result : logs.getLogs()) {
                found.add((Log) result.get());
            }
            return found;
        } catch (IOException e) {
            throw new DemoFailure("eth_getLogs failed: " + e.getMessage(), "anvil", e);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Type> data(Log log, Event event) {
        return FunctionReturnDecoder.decode(log.getData(), (List) event.getNonIndexedParameters());
    }

    private static String indexedAddress(Log log, int topic) {
        return FunctionReturnDecoder.decodeIndexedValue(log.getTopics().get(topic), new TypeReference<Address>() {})
                .getValue()
                .toString()
                .toLowerCase(Locale.ROOT);
    }

    private static BondLog bondLog(Log log) {
        List<Type> data = data(log, CLAIM_BOND_PAID);
        return new BondLog(
                ((Utf8String) data.get(2)).getValue(),
                indexedAddress(log, 2),
                ((Uint8) data.get(0)).getValue().intValueExact(),
                ((Uint256) data.get(1)).getValue(),
                log.getTransactionHash(),
                log.getLogIndex().longValueExact(),
                log.getBlockNumber().longValueExact());
    }

    private static RedeemedLog redeemedLog(Log log) {
        List<Type> data = data(log, PAYOUT_REDEEMED);
        return new RedeemedLog(
                log.getTopics().get(1).toLowerCase(Locale.ROOT),
                log.getTopics().get(2).toLowerCase(Locale.ROOT),
                indexedAddress(log, 3),
                ((Uint256) data.get(0)).getValue(),
                log.getTransactionHash(),
                log.getBlockNumber().longValueExact());
    }

    private static TransferLog transferLog(Log log) {
        List<Type> data = data(log, TRANSFER);
        return new TransferLog(
                indexedAddress(log, 1),
                indexedAddress(log, 2),
                ((Uint256) data.get(0)).getValue(),
                log.getTransactionHash(),
                log.getBlockNumber().longValueExact());
    }

    /** One CapitalDeposited log of the pool contract. */
    record DepositLog(String provider, BigInteger amount, String txHash, long logIndex, long block) {
        String depositId() {
            return txHash.toLowerCase(Locale.ROOT) + ":" + logIndex;
        }
    }

    /** Every CapitalDeposited log of the pool contract, from the first block. */
    List<DepositLog> depositLogs() {
        try {
            EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, pool)
                    .addSingleTopic(EventEncoder.encode(CAPITAL_DEPOSITED));
            EthLog logs = web3j.ethGetLogs(filter).send();
            if (logs.hasError()) {
                throw new DemoFailure("eth_getLogs: " + logs.getError().getMessage(), "anvil");
            }
            List<DepositLog> deposits = new ArrayList<>();
            for (EthLog.LogResult<?> result : logs.getLogs()) {
                deposits.add(depositLog((Log) result.get()));
            }
            return deposits;
        } catch (IOException e) {
            throw new DemoFailure("eth_getLogs failed: " + e.getMessage(), "anvil", e);
        }
    }

    /** The CapitalDeposited log a deposit transaction emitted. */
    DepositLog depositLog(TransactionReceipt receipt) {
        String topic = EventEncoder.encode(CAPITAL_DEPOSITED);
        return receipt.getLogs().stream()
                .filter(log -> log.getAddress().equalsIgnoreCase(pool)
                        && !log.getTopics().isEmpty()
                        && log.getTopics().get(0).equalsIgnoreCase(topic))
                .map(Chain::depositLog)
                .findFirst()
                .orElseThrow(() -> new DemoFailure("no CapitalDeposited log in " + receipt.getTransactionHash()));
    }

    private static DepositLog depositLog(Log log) {
        String provider = FunctionReturnDecoder.decodeIndexedValue(
                        log.getTopics().get(1), new TypeReference<Address>() {})
                .getValue()
                .toString();
        BigInteger amount = ((Uint256) FunctionReturnDecoder.decode(
                                log.getData(), List.of((TypeReference) new TypeReference<Uint256>() {}))
                        .get(0))
                .getValue();
        return new DepositLog(
                provider.toLowerCase(Locale.ROOT),
                amount,
                log.getTransactionHash(),
                log.getLogIndex().longValueExact(),
                log.getBlockNumber().longValueExact());
    }

    String address(int account) {
        return accounts.get(account).getAddress().toLowerCase(Locale.ROOT);
    }

    /** A short form of an address for the display: 0x90f7…b906. */
    static String shortHex(String hex) {
        return hex.length() <= 14 ? hex : hex.substring(0, 6) + "…" + hex.substring(hex.length() - 4);
    }

    /** After the scenario a block a second is enough (the demo may stay up for hours). */
    void slowDown() {
        blockMillis = 1000;
    }

    void stopClock() {
        ticking = false;
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private TransactionReceipt create(int account, String contract, List<Type> constructorArguments)
            throws IOException, TransactionException {
        String bytecode = bytecode(contract) + FunctionEncoder.encodeConstructor(constructorArguments);
        return await(manager(account)
                .sendEIP1559Transaction(CHAIN_ID, TIP, MAX_FEE, DEPLOY_GAS, null, bytecode, BigInteger.ZERO, true));
    }

    private TransactionReceipt send(int account, String to, Function function) {
        try {
            return await(manager(account)
                    .sendEIP1559Transaction(
                            CHAIN_ID, TIP, MAX_FEE, CALL_GAS, to, FunctionEncoder.encode(function), BigInteger.ZERO));
        } catch (IOException | TransactionException e) {
            throw new DemoFailure(
                    function.getName() + " from dev:" + account + " failed: " + e.getMessage(), "anvil", e);
        }
    }

    private TransactionReceipt await(EthSendTransaction sent) throws IOException, TransactionException {
        if (sent.hasError()) {
            throw new IOException(sent.getError().getMessage());
        }
        TransactionReceipt receipt = new PollingTransactionReceiptProcessor(web3j, 50, 600)
                .waitForTransactionReceipt(sent.getTransactionHash());
        if (!receipt.isStatusOK()) {
            throw new IOException("transaction " + receipt.getTransactionHash() + " reverted");
        }
        return receipt;
    }

    private RawTransactionManager manager(int account) {
        return new RawTransactionManager(web3j, accounts.get(account), CHAIN_ID);
    }

    private static Function function(String name, Type... arguments) {
        return new Function(name, List.of(arguments), List.of());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Type call(String contract, String name, List<Type> arguments, TypeReference<?> result) throws IOException {
        Function function = new Function(name, arguments, List.of((TypeReference) result));
        String answer = web3j.ethCall(
                        Transaction.createEthCallTransaction(null, contract, FunctionEncoder.encode(function)),
                        DefaultBlockParameterName.LATEST)
                .send()
                .getValue();
        List<Type> decoded = FunctionReturnDecoder.decode(answer, function.getOutputParameters());
        if (decoded.isEmpty()) {
            throw new IOException(name + " answered nothing (" + answer + ")");
        }
        return decoded.get(0);
    }

    /** The implementation behind a proxy: its ERC-1967 slot. */
    private String implementationOf(String proxy) throws IOException {
        String word = web3j.ethGetStorageAt(
                        proxy,
                        Numeric.toBigInt("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc"),
                        DefaultBlockParameterName.LATEST)
                .send()
                .getData();
        return "0x" + Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(word), 40);
    }

    private boolean hasCode(String address) throws IOException {
        String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST)
                .send()
                .getCode();
        return code != null && code.length() > 2;
    }

    private BigInteger nonce(int account) throws IOException {
        return web3j.ethGetTransactionCount(address(account), DefaultBlockParameterName.LATEST)
                .send()
                .getTransactionCount();
    }

    private String bytecode(String contract) throws IOException {
        Path bin = root.resolve("chain-bridge/target/contracts").resolve(contract + ".bin");
        if (!Files.isRegularFile(bin)) {
            throw new DemoFailure("the contracts are not compiled (" + bin + " is missing): run ./claims demo without"
                    + " --no-build");
        }
        return Files.readString(bin, StandardCharsets.US_ASCII).trim();
    }

    /** A JSON-RPC call with no parameters, answered as the raw JSON text. */
    String rpc(String method) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(rpcUrl))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[]}"))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
                throw new IOException(method + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void tick() {
        while (ticking) {
            try {
                Thread.sleep(blockMillis);
                rpc("evm_mine");
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // the node is stopping, or busy: the next tick tries again
            }
        }
    }

    /** chain-bridge's signing key (dev:1) in a 0600 file: it reads it once, never from its configuration. */
    private static Path writeSignerKey(Path dir, Credentials bridge) {
        Path file = dir.resolve("bridge-signer.key");
        try {
            if (!Files.exists(file)) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(
                    file,
                    Numeric.toHexStringNoPrefixZeroPadded(bridge.getEcKeyPair().getPrivateKey(), 64) + "\n",
                    StandardCharsets.US_ASCII);
            return file;
        } catch (IOException | UnsupportedOperationException e) {
            throw new DemoFailure("cannot write chain-bridge's key file " + file + ": " + e);
        }
    }
}
