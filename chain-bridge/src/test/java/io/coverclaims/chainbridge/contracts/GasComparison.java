package io.coverclaims.chainbridge.contracts;

import static io.coverclaims.chainbridge.contracts.ClaimsPoolTest.bytes32;
import static io.coverclaims.chainbridge.contracts.ClaimsPoolTest.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.anvil.AnvilProcess;
import io.coverclaims.chainbridge.domain.merkle.ClaimLeaf;
import io.coverclaims.chainbridge.domain.merkle.MerkleTree;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Gas of settling 1,024 claims on a real anvil (hardfork pinned by AnvilProcess), the same 1,024 claims (fresh
 * claimant addresses, amounts $1..$1,024) three ways:
 * <ol>
 *   <li>one {@code anchorBatch} of all 1,024 claims (the bridge's cost), and each claim's
 *       {@code redeem} with its 10-element proof (the claimant's or a relayer's cost);</li>
 *   <li>one {@code anchorBatch} per claim (1-leaf batches: root = leaf, empty proof);</li>
 *   <li>a plain ERC-20 {@code transfer} per claim from a funded account to the claimant (the cheapest
 *       possible push payout, with no on-chain record of the settlement beyond the transfer).</li>
 * </ol>
 * Every transaction is checked on the way (proofs verify, balances move); {@link ClaimsPoolGasTest} asserts the
 * relations between the figures, {@link ClaimsPoolGasBenchmark} prints them.
 */
final class GasComparison {

    static final int CLAIMS = 1024;

    /** The figures of one run. */
    record Figures(
            long batchAnchorGas,
            long singleAnchorGasTotal,
            long singleAnchorGasMax,
            long transferGasTotal,
            List<Long> redeemGas,
            long redeemOneLeafGas) {

        double batchPerClaim() {
            return (double) batchAnchorGas / CLAIMS;
        }

        double singlePerClaim() {
            return (double) singleAnchorGasTotal / CLAIMS;
        }

        double transferPerClaim() {
            return (double) transferGasTotal / CLAIMS;
        }

        /** The report, one line per figure. */
        List<String> report() {
            return List.of(
                    line(
                            "Gas, %d claims, anvil hardfork %s, solc 0.8.30 optimizer 200 runs, evm cancun",
                            CLAIMS, AnvilProcess.DEFAULT_HARDFORK),
                    line(
                            "anchorBatch, one batch of %d claims: %,d gas total = %.1f gas per claim",
                            CLAIMS, batchAnchorGas, batchPerClaim()),
                    line(
                            "anchorBatch, one 1-leaf batch per claim: %,d gas total = %.1f gas per claim (max %,d)",
                            singleAnchorGasTotal, singlePerClaim(), singleAnchorGasMax),
                    line(
                            "ERC-20 transfer per claim (fresh claimant): %,d gas total = %.1f gas per claim",
                            transferGasTotal, transferPerClaim()),
                    line(
                            "redeem from the 1,024-leaf batch (10-element proof, fresh claimant): first %,d, then %,d and %,d",
                            redeemGas.get(0), redeemGas.get(1), redeemGas.get(2)),
                    line("redeem from a 1-leaf batch (empty proof, first in batch): %,d", redeemOneLeafGas),
                    line("anchoring: batch vs per-claim transactions = 1 : %.0f", singlePerClaim() / batchPerClaim()));
        }

        private static String line(String format, Object... args) {
            return String.format(Locale.ROOT, format, args);
        }
    }

    private final LocalChain chain;
    private final Credentials admin;
    private final Credentials bridge;
    private final Credentials relayer;
    private final Credentials treasury;
    private final String tokenAddress;

    private GasComparison(LocalChain chain) throws Exception {
        this.chain = chain;
        admin = chain.account(0);
        bridge = chain.account(1);
        relayer = chain.account(4);
        treasury = chain.account(6);
        tokenAddress = chain.deployToken(admin).getContractAddress();
    }

    /** Deploys a token and a funded pool on {@code chain} and settles the claims the three ways. */
    static Figures run(LocalChain chain) throws Exception {
        return new GasComparison(chain).run();
    }

    private Figures run() throws Exception {
        List<ClaimLeaf> claims = claims("gas-1024", CLAIMS);
        MerkleTree tree = MerkleTree.ofClaims(claims);
        BigInteger total = claims.stream().map(ClaimLeaf::amount).reduce(BigInteger.ZERO, BigInteger::add);
        byte[] batchId = claims.get(0).batchId();

        ClaimsPool pool = deployFundedPool(total.multiply(BigInteger.TWO));
        ClaimsPool poolAsBridge = chain.pool(pool.getContractAddress(), bridge);
        ClaimsPool poolAsRelayer = chain.pool(pool.getContractAddress(), relayer);
        TestToken tokenAsRelayer = chain.token(tokenAddress, relayer);

        // (1) one batch of 1,024 claims
        TransactionReceipt anchored = poolAsBridge
                .anchorBatch(batchId, tree.root(), BigInteger.valueOf(CLAIMS), total)
                .send();
        long batchAnchorGas = anchored.getGasUsed().longValueExact();

        // proofs from the 1,024-leaf tree verify on-chain: redeem the first, a middle and the last claim
        List<Long> redeemGas = new ArrayList<>();
        for (int index : new int[] {0, 511, 1023}) {
            ClaimLeaf claim = claims.get(index);
            List<byte[]> proof = tree.proof(claim);
            assertThat(proof).hasSize(10);
            TransactionReceipt redeemed = poolAsRelayer
                    .redeem(claim.batchId(), claim.claimId(), claim.claimant(), claim.amount(), proof)
                    .send();
            assertThat(redeemed.isStatusOK()).isTrue();
            assertThat(tokenAsRelayer.balanceOf(claim.claimant()).send()).isEqualTo(claim.amount());
            redeemGas.add(redeemed.getGasUsed().longValueExact());
        }
        BigInteger redeemedSoFar = claims.get(0)
                .amount()
                .add(claims.get(511).amount())
                .add(claims.get(1023).amount());
        assertThat(poolAsRelayer.getBatch(batchId).send().component4()).isEqualTo(redeemedSoFar);

        // (2) one anchor transaction per claim: 1-leaf batches. All 1,024 are sent back to back (nonces from
        // the node's pending count) and their receipts collected afterwards, one block each (auto-mine).
        List<ClaimLeaf> singles = new ArrayList<>();
        for (ClaimLeaf claim : claims("gas-single", CLAIMS)) {
            // a 1-leaf batch has its own id, and the leaf is built with it
            singles.add(new ClaimLeaf(
                    bytes32("single:" + Numeric.toHexString(claim.claimId())),
                    claim.claimId(),
                    claim.claimant(),
                    claim.amount()));
        }
        ClaimsPool poolAsBridgeNoWait = ClaimsPool.load(
                pool.getContractAddress(), chain.web3j, chain.transactionsWithoutWaiting(bridge), chain.gas);
        List<String> singleHashes = new ArrayList<>();
        for (ClaimLeaf leaf : singles) {
            MerkleTree one = MerkleTree.ofClaims(List.of(leaf));
            assertThat(one.root()).isEqualTo(leaf.hash());
            singleHashes.add(poolAsBridgeNoWait
                    .anchorBatch(leaf.batchId(), one.root(), BigInteger.ONE, leaf.amount())
                    .send()
                    .getTransactionHash());
        }
        GasSum singleAnchors = sumGas(singleHashes);
        assertThat(poolAsBridge.isAnchored(singles.get(CLAIMS - 1).batchId()).send())
                .isTrue();
        // one of them redeemed with the empty proof of a 1-leaf tree
        ClaimLeaf lone = singles.get(0);
        long redeemOneLeafGas = poolAsRelayer
                .redeem(lone.batchId(), lone.claimId(), lone.claimant(), lone.amount(), List.of())
                .send()
                .getGasUsed()
                .longValueExact();

        // (3) a plain ERC-20 transfer per claim, sent the same way
        TestToken tokenAsTreasury = chain.token(tokenAddress, treasury);
        tokenAsTreasury.mint(treasury.getAddress(), total).send();
        TestToken tokenAsTreasuryNoWait =
                TestToken.load(tokenAddress, chain.web3j, chain.transactionsWithoutWaiting(treasury), chain.gas);
        List<String> transferHashes = new ArrayList<>();
        List<ClaimLeaf> pushed = claims("gas-transfer", CLAIMS);
        for (ClaimLeaf claim : pushed) {
            transferHashes.add(tokenAsTreasuryNoWait
                    .transfer(claim.claimant(), claim.amount())
                    .send()
                    .getTransactionHash());
        }
        GasSum transfers = sumGas(transferHashes);
        assertThat(tokenAsTreasury.balanceOf(pushed.get(CLAIMS - 1).claimant()).send())
                .isEqualTo(usd(CLAIMS));

        return new Figures(
                batchAnchorGas,
                singleAnchors.total,
                singleAnchors.max,
                transfers.total,
                List.copyOf(redeemGas),
                redeemOneLeafGas);
    }

    private record GasSum(long total, long max) {}

    /** Receipts of transactions sent without waiting: all must have succeeded; their gas, summed. */
    private GasSum sumGas(List<String> hashes) throws Exception {
        long total = 0;
        long max = 0;
        for (String hash : hashes) {
            TransactionReceipt receipt = chain.receipt(hash);
            assertThat(receipt.isStatusOK()).as("receipt of %s", hash).isTrue();
            long gas = receipt.getGasUsed().longValueExact();
            total += gas;
            max = Math.max(max, gas);
        }
        return new GasSum(total, max);
    }

    private ClaimsPool deployFundedPool(BigInteger capital) throws Exception {
        ClaimsPool pool = chain.deployPool(
                admin,
                tokenAddress,
                admin.getAddress(),
                bridge.getAddress(),
                chain.account(2).getAddress());
        Credentials provider = chain.account(3);
        TestToken tokenAsProvider = chain.token(tokenAddress, provider);
        tokenAsProvider.mint(provider.getAddress(), capital).send();
        tokenAsProvider.approve(pool.getContractAddress(), capital).send();
        chain.pool(pool.getContractAddress(), provider).deposit(capital).send();
        return pool;
    }

    /** {@code n} claims of one batch: fresh claimant addresses, amounts $1 .. $n. */
    static List<ClaimLeaf> claims(String label, int n) {
        byte[] batchId = bytes32("batch:" + label);
        List<ClaimLeaf> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String claimant = "0x"
                    + Numeric.toHexStringNoPrefix(bytes32("claimant:" + label + ":" + i))
                            .substring(24);
            out.add(new ClaimLeaf(batchId, bytes32("claim:" + label + ":" + i), claimant, usd(i + 1)));
        }
        return out;
    }
}
