package io.coverclaims.chainbridge.contracts;

import static io.coverclaims.chainbridge.contracts.LocalChain.expectRevert;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.domain.merkle.ClaimLeaf;
import io.coverclaims.chainbridge.domain.merkle.MerkleTree;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple5;
import org.web3j.utils.Numeric;

/**
 * ClaimsPool against a real anvil, behind its ERC1967 proxy as deployed in production: capital, claim bonds,
 * anchoring, redemption, roles, the pause flags per capability, initialisation.
 */
class ClaimsPoolTest {

    private static LocalChain chain;
    private static Credentials admin;
    private static Credentials bridge;
    private static Credentials guardian;
    private static Credentials provider;
    private static Credentials relayer;
    private static Credentials outsider;
    private static String tokenAddress;

    private String poolAddress;
    private ClaimsPool poolAsBridge;
    private ClaimsPool poolAsProvider;
    private ClaimsPool poolAsRelayer;
    private ClaimsPool poolAsGuardian;
    private TestToken token;

    @BeforeAll
    static void startChain() throws Exception {
        chain = LocalChain.start();
        admin = chain.account(0);
        bridge = chain.account(1);
        guardian = chain.account(2);
        provider = chain.account(3);
        relayer = chain.account(4);
        outsider = chain.account(5);
        tokenAddress = chain.deployToken(admin).getContractAddress();
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @BeforeEach
    void freshPool() throws Exception {
        poolAddress = chain.deployPool(
                        admin, tokenAddress, admin.getAddress(), bridge.getAddress(), guardian.getAddress())
                .getContractAddress();
        poolAsBridge = chain.pool(poolAddress, bridge);
        poolAsProvider = chain.pool(poolAddress, provider);
        poolAsRelayer = chain.pool(poolAddress, relayer);
        poolAsGuardian = chain.pool(poolAddress, guardian);
        token = chain.token(tokenAddress, provider);
        token.mint(provider.getAddress(), usd(1_000_000)).send();
        token.approve(poolAddress, usd(1_000_000)).send();
    }

    @Test
    void the_initializer_grants_the_four_roles_and_sets_the_asset() throws Exception {
        ClaimsPool pool = chain.pool(poolAddress, outsider);
        assertThat(pool.asset().send()).isEqualToIgnoringCase(tokenAddress);
        assertThat(pool.hasRole(pool.DEFAULT_ADMIN_ROLE().send(), admin.getAddress())
                        .send())
                .isTrue();
        assertThat(pool.hasRole(pool.BRIDGE_ROLE().send(), bridge.getAddress()).send())
                .isTrue();
        assertThat(pool.hasRole(pool.GUARDIAN_ROLE().send(), guardian.getAddress())
                        .send())
                .isTrue();
        assertThat(pool.hasRole(pool.BRIDGE_ROLE().send(), admin.getAddress()).send())
                .isFalse();
        assertThat(pool.hasRole(pool.UPGRADER_ROLE().send(), bridge.getAddress())
                        .send())
                .isTrue();
        assertThat(pool.hasRole(pool.UPGRADER_ROLE().send(), admin.getAddress()).send())
                .isFalse();
        assertThat(Numeric.toHexString(pool.BRIDGE_ROLE().send())).isEqualTo(Hash.sha3String("BRIDGE_ROLE"));
        assertThat(Numeric.toHexString(pool.UPGRADER_ROLE().send())).isEqualTo(Hash.sha3String("UPGRADER_ROLE"));
    }

    @Test
    void the_proxy_is_initialised_once_and_the_implementation_never() throws Exception {
        ClaimsPool pool = chain.pool(poolAddress, outsider);
        expectRevert(
                "InvalidInitialization()",
                () -> pool.initialize(
                                tokenAddress,
                                outsider.getAddress(),
                                outsider.getAddress(),
                                outsider.getAddress(),
                                outsider.getAddress())
                        .send());
        String implementation = implementationOf(poolAddress);
        ClaimsPool bare = chain.pool(implementation, outsider);
        expectRevert(
                "InvalidInitialization()",
                () -> bare.initialize(
                                tokenAddress,
                                outsider.getAddress(),
                                outsider.getAddress(),
                                outsider.getAddress(),
                                outsider.getAddress())
                        .send());
        assertThat(bare.hasRole(bare.DEFAULT_ADMIN_ROLE().send(), outsider.getAddress())
                        .send())
                .isFalse();
    }

    @Test
    void the_state_sits_at_its_erc7201_slot_asset_and_flags_sharing_one_word() throws Exception {
        poolAsGuardian.setPaused(BigInteger.valueOf(4), true).send();
        BigInteger namespace = Numeric.toBigInt(Hash.sha3String("coverclaims.storage.ClaimsPool"))
                .subtract(BigInteger.ONE);
        BigInteger slot = Numeric.toBigInt(Hash.sha3(Numeric.toBytesPadded(namespace, 32)))
                .andNot(BigInteger.valueOf(0xff));
        String word = chain.web3j
                .ethGetStorageAt(poolAddress, slot, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                .send()
                .getData();
        BigInteger value = Numeric.toBigInt(word);
        assertThat("0x"
                        + Numeric.toHexStringNoPrefixZeroPadded(
                                value.and(BigInteger.ONE.shiftLeft(160).subtract(BigInteger.ONE)), 40))
                .isEqualToIgnoringCase(tokenAddress);
        assertThat(value.shiftRight(160).intValueExact()).isEqualTo(4); // pausedFlags, in the same slot
        // nothing at the sequential slots a non-namespaced contract would use
        for (int i = 0; i < 3; i++) {
            assertThat(Numeric.toBigInt(chain.web3j
                                    .ethGetStorageAt(
                                            poolAddress,
                                            BigInteger.valueOf(i),
                                            org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                                    .send()
                                    .getData())
                            .signum())
                    .isZero();
        }
    }

    @Test
    void a_deposit_pulls_the_tokens_and_emits_capital_deposited() throws Exception {
        BigInteger providerBefore = token.balanceOf(provider.getAddress()).send();
        TransactionReceipt receipt = poolAsProvider.deposit(usd(250_000)).send();

        List<ClaimsPool.CapitalDepositedEventResponse> events = ClaimsPool.getCapitalDepositedEvents(receipt);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).provider).isEqualToIgnoringCase(provider.getAddress());
        assertThat(events.get(0).amount).isEqualTo(usd(250_000));
        assertThat(token.balanceOf(poolAddress).send()).isEqualTo(usd(250_000));
        assertThat(token.balanceOf(provider.getAddress()).send()).isEqualTo(providerBefore.subtract(usd(250_000)));
    }

    @Test
    void a_deposit_for_another_provider_credits_the_named_provider() throws Exception {
        TransactionReceipt receipt =
                poolAsProvider.depositFor(outsider.getAddress(), usd(10)).send();

        ClaimsPool.CapitalDepositedEventResponse event =
                ClaimsPool.getCapitalDepositedEvents(receipt).get(0);
        assertThat(event.provider).isEqualToIgnoringCase(outsider.getAddress());
        assertThat(event.amount).isEqualTo(usd(10));
        assertThat(token.balanceOf(poolAddress).send()).isEqualTo(usd(10));
    }

    @Test
    void a_zero_deposit_and_a_deposit_without_allowance_are_refused() throws Exception {
        expectRevert(
                "ZeroAmount()", () -> poolAsProvider.deposit(BigInteger.ZERO).send());
        ClaimsPool poolAsOutsider = chain.pool(poolAddress, outsider);
        expectRevert(
                "ERC20InsufficientAllowance(address,uint256,uint256)",
                () -> poolAsOutsider.deposit(usd(1)).send());
    }

    @Test
    void a_claim_bond_pulls_the_tokens_and_emits_claim_bond_paid_keyed_by_the_claim() throws Exception {
        String claimId = "clm-7d8e2a04-1c1f-4d43-9a51-0f0e4bb7b0aa-1";
        BigInteger providerBefore = token.balanceOf(provider.getAddress()).send();

        TransactionReceipt deposit =
                poolAsProvider.payClaimBond(claimId, BigInteger.ZERO, usd(50)).send();
        TransactionReceipt appeal =
                poolAsProvider.payClaimBond(claimId, BigInteger.ONE, usd(10)).send();

        ClaimsPool.ClaimBondPaidEventResponse paid =
                ClaimsPool.getClaimBondPaidEvents(deposit).get(0);
        assertThat(paid.claimKey).isEqualTo(bytes32(claimId));
        assertThat(paid.payer).isEqualToIgnoringCase(provider.getAddress());
        assertThat(paid.kind).isEqualTo(BigInteger.ZERO);
        assertThat(paid.amount).isEqualTo(usd(50));
        assertThat(paid.claimId).isEqualTo(claimId);
        ClaimsPool.ClaimBondPaidEventResponse bond =
                ClaimsPool.getClaimBondPaidEvents(appeal).get(0);
        assertThat(bond.kind).isEqualTo(BigInteger.ONE);
        assertThat(bond.amount).isEqualTo(usd(10));
        // the claim key is the first indexed topic: a claim's payments can be filtered on chain
        assertThat(deposit.getLogs()
                        .get(deposit.getLogs().size() - 1)
                        .getTopics()
                        .get(1))
                .isEqualTo(Numeric.toHexString(bytes32(claimId)));
        assertThat(poolAsProvider.CLAIM_DEPOSIT().send()).isEqualTo(BigInteger.ZERO);
        assertThat(poolAsProvider.APPEAL_BOND().send()).isEqualTo(BigInteger.ONE);
        assertThat(token.balanceOf(poolAddress).send()).isEqualTo(usd(60));
        assertThat(token.balanceOf(provider.getAddress()).send()).isEqualTo(providerBefore.subtract(usd(60)));
    }

    @Test
    void a_claim_bond_without_a_claim_id_of_another_kind_of_zero_or_without_allowance_is_refused() throws Exception {
        expectRevert(
                "InvalidClaimId()",
                () -> poolAsProvider.payClaimBond("", BigInteger.ZERO, usd(1)).send());
        expectRevert(
                "InvalidClaimId()",
                () -> poolAsProvider
                        .payClaimBond("c".repeat(129), BigInteger.ZERO, usd(1))
                        .send());
        expectRevert(
                "InvalidBondKind(uint8)",
                () -> poolAsProvider
                        .payClaimBond("clm-x-1", BigInteger.TWO, usd(1))
                        .send());
        expectRevert(
                "ZeroAmount()",
                () -> poolAsProvider
                        .payClaimBond("clm-x-1", BigInteger.ZERO, BigInteger.ZERO)
                        .send());
        ClaimsPool poolAsOutsider = chain.pool(poolAddress, outsider);
        expectRevert(
                "ERC20InsufficientAllowance(address,uint256,uint256)",
                () -> poolAsOutsider
                        .payClaimBond("clm-x-1", BigInteger.ZERO, usd(1))
                        .send());
        // the longest claim id accepted: 128 bytes
        TransactionReceipt longest = poolAsProvider
                .payClaimBond("c".repeat(128), BigInteger.ZERO, usd(1))
                .send();
        assertThat(ClaimsPool.getClaimBondPaidEvents(longest).get(0).claimId).hasSize(128);
        assertThat(token.balanceOf(poolAddress).send()).isEqualTo(usd(1));
    }

    @Test
    void the_bridge_anchors_a_batch_once() throws Exception {
        Batch batch = Batch.of("anchor-once", usd(100), usd(200), usd(300));

        TransactionReceipt receipt = anchor(batch);

        ClaimsPool.BatchAnchoredEventResponse event =
                ClaimsPool.getBatchAnchoredEvents(receipt).get(0);
        assertThat(event.batchId).isEqualTo(batch.id);
        assertThat(event.merkleRoot).isEqualTo(batch.tree.root());
        assertThat(event.claimCount).isEqualTo(BigInteger.valueOf(3));
        assertThat(event.totalAmount).isEqualTo(usd(600));

        assertThat(poolAsBridge.isAnchored(batch.id).send()).isTrue();
        Tuple5<byte[], BigInteger, BigInteger, BigInteger, BigInteger> stored =
                poolAsBridge.getBatch(batch.id).send();
        assertThat(stored.component1()).isEqualTo(batch.tree.root());
        assertThat(stored.component2()).isEqualTo(BigInteger.valueOf(3));
        assertThat(stored.component3()).isEqualTo(usd(600));
        assertThat(stored.component4()).isZero();
        assertThat(stored.component5()).isEqualTo(receipt.getBlockNumber());

        expectRevert("BatchAlreadyAnchored(bytes32)", () -> anchor(batch));
        // a different root under the same id is refused as well
        Batch sameIdOtherClaims = Batch.of("anchor-once", usd(1));
        expectRevert("BatchAlreadyAnchored(bytes32)", () -> anchor(sameIdOtherClaims));
        assertThat(poolAsBridge.getBatch(batch.id).send().component1()).isEqualTo(batch.tree.root());
    }

    @Test
    void only_the_bridge_may_anchor() throws Exception {
        Batch batch = Batch.of("not-the-bridge", usd(5));
        for (Credentials notBridge : List.of(admin, guardian, outsider)) {
            ClaimsPool pool = chain.pool(poolAddress, notBridge);
            expectRevert(
                    "AccessControlUnauthorizedAccount(address,bytes32)",
                    () -> pool.anchorBatch(batch.id, batch.tree.root(), BigInteger.ONE, usd(5))
                            .send());
        }
        assertThat(poolAsBridge.isAnchored(batch.id).send()).isFalse();
    }

    @Test
    void invalid_batches_are_refused() throws Exception {
        byte[] id = bytes32("invalid");
        byte[] root = bytes32("root");
        expectRevert(
                "InvalidBatch()",
                () -> poolAsBridge
                        .anchorBatch(id, new byte[32], BigInteger.ONE, usd(1))
                        .send());
        expectRevert(
                "InvalidBatch()",
                () -> poolAsBridge
                        .anchorBatch(id, root, BigInteger.ZERO, usd(1))
                        .send());
        expectRevert(
                "InvalidBatch()",
                () -> poolAsBridge
                        .anchorBatch(id, root, BigInteger.ONE, BigInteger.ZERO)
                        .send());
        expectRevert(
                "BatchTotalTooLarge(uint256)",
                () -> poolAsBridge
                        .anchorBatch(id, root, BigInteger.ONE, BigInteger.ONE.shiftLeft(128))
                        .send());
    }

    @Test
    void a_redemption_with_a_valid_proof_pays_the_claimant() throws Exception {
        poolAsProvider.deposit(usd(10_000)).send();
        Batch batch = Batch.of("redeem-ok", usd(100), usd(200), usd(300), usd(400), usd(500));
        anchor(batch);
        ClaimLeaf claim = batch.claims.get(3);
        assertThat(poolAsRelayer
                        .leafHash(claim.batchId(), claim.claimId(), claim.claimant(), claim.amount())
                        .send())
                .as("Java leaf encoding equals ClaimsPool.leafHash")
                .isEqualTo(claim.hash());

        // submitted by the relayer; the claimant receives the payout
        TransactionReceipt receipt = redeem(poolAsRelayer, batch, claim);

        ClaimsPool.PayoutRedeemedEventResponse event =
                ClaimsPool.getPayoutRedeemedEvents(receipt).get(0);
        assertThat(event.batchId).isEqualTo(batch.id);
        assertThat(event.claimId).isEqualTo(claim.claimId());
        assertThat(event.claimant).isEqualToIgnoringCase(claim.claimant());
        assertThat(event.amount).isEqualTo(usd(400));
        assertThat(token.balanceOf(claim.claimant()).send()).isEqualTo(usd(400));
        assertThat(token.balanceOf(relayer.getAddress()).send()).isZero();
        assertThat(token.balanceOf(poolAddress).send()).isEqualTo(usd(9_600));
        assertThat(poolAsRelayer.getBatch(batch.id).send().component4()).isEqualTo(usd(400));
        assertThat(poolAsRelayer
                        .isRedeemed(claim.batchId(), claim.claimId(), claim.claimant(), claim.amount())
                        .send())
                .isTrue();

        // every other claim of the batch redeems too, up to exactly the batch total
        for (ClaimLeaf other : batch.claims) {
            if (other != claim) {
                redeem(poolAsRelayer, batch, other);
            }
        }
        assertThat(poolAsRelayer.getBatch(batch.id).send().component4()).isEqualTo(usd(1_500));
        assertThat(poolAsRelayer.redeemedCount(batch.id).send()).isEqualTo(BigInteger.valueOf(5));
        assertThat(token.balanceOf(poolAddress).send()).isEqualTo(usd(8_500));
    }

    @Test
    void a_claim_pays_only_once() throws Exception {
        poolAsProvider.deposit(usd(10_000)).send();
        Batch batch = Batch.of("double-redeem", usd(100), usd(200));
        anchor(batch);
        ClaimLeaf claim = batch.claims.get(0);
        redeem(poolAsRelayer, batch, claim);

        expectRevert("AlreadyRedeemed(bytes32,bytes32)", () -> redeem(poolAsRelayer, batch, claim));
        ClaimsPool poolAsOutsider = chain.pool(poolAddress, outsider);
        expectRevert("AlreadyRedeemed(bytes32,bytes32)", () -> redeem(poolAsOutsider, batch, claim));
        assertThat(token.balanceOf(claim.claimant()).send()).isEqualTo(usd(100));
    }

    @Test
    void forged_proofs_are_refused() throws Exception {
        poolAsProvider.deposit(usd(10_000)).send();
        Batch batch = Batch.of("forged", usd(100), usd(200), usd(300), usd(400));
        anchor(batch);
        ClaimLeaf genuine = batch.claims.get(1);
        List<byte[]> proof = batch.tree.proof(genuine);

        // a higher amount, another claimant, another batch id: the genuine proof no longer fits
        ClaimLeaf inflated = new ClaimLeaf(batch.id, genuine.claimId(), genuine.claimant(), usd(1_000));
        ClaimLeaf hijacked = new ClaimLeaf(batch.id, genuine.claimId(), outsider.getAddress(), genuine.amount());
        for (ClaimLeaf forged : List.of(inflated, hijacked)) {
            expectRevert(
                    "InvalidProof()",
                    () -> poolAsRelayer
                            .redeem(forged.batchId(), forged.claimId(), forged.claimant(), forged.amount(), proof)
                            .send());
        }
        // a tampered proof element, a truncated proof, an empty proof
        List<byte[]> tampered = new java.util.ArrayList<>(proof);
        byte[] flipped = tampered.get(0).clone();
        flipped[31] ^= 1;
        tampered.set(0, flipped);
        for (List<byte[]> bad : List.of(tampered, proof.subList(0, proof.size() - 1), List.<byte[]>of())) {
            expectRevert(
                    "InvalidProof()",
                    () -> poolAsRelayer
                            .redeem(genuine.batchId(), genuine.claimId(), genuine.claimant(), genuine.amount(), bad)
                            .send());
        }
        // a leaf of another tree that was never anchored
        Batch unanchored = Batch.of("forged-elsewhere", usd(5_000), usd(1));
        ClaimLeaf foreign = new ClaimLeaf(batch.id, bytes32("foreign"), outsider.getAddress(), usd(5_000));
        MerkleTree foreignTree = MerkleTree.ofClaims(List.of(foreign, unanchored.claims.get(1)));
        expectRevert(
                "InvalidProof()",
                () -> poolAsRelayer
                        .redeem(
                                batch.id,
                                foreign.claimId(),
                                foreign.claimant(),
                                foreign.amount(),
                                foreignTree.proof(foreign))
                        .send());
        // redeeming against a batch id that is not anchored
        expectRevert("BatchNotAnchored(bytes32)", () -> redeem(poolAsRelayer, unanchored, unanchored.claims.get(0)));

        assertThat(token.balanceOf(poolAddress).send()).isEqualTo(usd(10_000));
        redeem(poolAsRelayer, batch, genuine); // the genuine one still pays
        assertThat(token.balanceOf(genuine.claimant()).send()).isEqualTo(usd(200));
    }

    @Test
    void the_batch_total_is_never_exceeded() throws Exception {
        poolAsProvider.deposit(usd(10_000)).send();
        // the leaves add up to 300, but the batch is anchored with a total of 250
        Batch batch = Batch.of("over-total", usd(100), usd(200));
        poolAsBridge
                .anchorBatch(batch.id, batch.tree.root(), BigInteger.TWO, usd(250))
                .send();

        redeem(poolAsRelayer, batch, batch.claims.get(0));
        String data = expectRevert(
                "BatchTotalExceeded(bytes32,uint256,uint256,uint256)",
                () -> redeem(poolAsRelayer, batch, batch.claims.get(1)));
        assertThat(data)
                .contains(Numeric.toHexStringNoPrefixZeroPadded(usd(100), 64))
                .contains(Numeric.toHexStringNoPrefixZeroPadded(usd(200), 64))
                .contains(Numeric.toHexStringNoPrefixZeroPadded(usd(250), 64));
        assertThat(poolAsRelayer.getBatch(batch.id).send().component4()).isEqualTo(usd(100));
        assertThat(token.balanceOf(batch.claims.get(1).claimant()).send()).isZero();
    }

    @Test
    void no_more_claims_than_the_anchored_count_are_paid() throws Exception {
        poolAsProvider.deposit(usd(10_000)).send();
        // three leaves, anchored as a batch of two claims (with the full total)
        Batch batch = Batch.of("over-count", usd(10), usd(20), usd(30));
        poolAsBridge
                .anchorBatch(batch.id, batch.tree.root(), BigInteger.TWO, usd(60))
                .send();

        redeem(poolAsRelayer, batch, batch.claims.get(0));
        redeem(poolAsRelayer, batch, batch.claims.get(2));
        assertThat(poolAsRelayer.redeemedCount(batch.id).send()).isEqualTo(BigInteger.TWO);
        expectRevert(
                "BatchClaimCountExceeded(bytes32,uint32)", () -> redeem(poolAsRelayer, batch, batch.claims.get(1)));
        assertThat(poolAsRelayer.getBatch(batch.id).send().component4()).isEqualTo(usd(40));
    }

    @Test
    void pausing_all_blocks_deposit_claim_bond_anchor_and_redeem_until_unpaused() throws Exception {
        poolAsProvider.deposit(usd(1_000)).send();
        Batch before = Batch.of("before-pause", usd(10), usd(20));
        anchor(before);
        Batch during = Batch.of("during-pause", usd(30));

        ClaimsPool poolAsOutsider = chain.pool(poolAddress, outsider);
        expectRevert(
                "AccessControlUnauthorizedAccount(address,bytes32)",
                () -> poolAsOutsider.pause().send());
        expectRevert(
                "AccessControlUnauthorizedAccount(address,bytes32)",
                () -> poolAsBridge.pause().send());
        poolAsGuardian.pause().send();
        assertThat(poolAsGuardian.paused().send()).isTrue();

        expectRevert(
                "CapabilityPaused(uint8)", () -> poolAsProvider.deposit(usd(1)).send());
        expectRevert(
                "CapabilityPaused(uint8)",
                () -> poolAsProvider.depositFor(outsider.getAddress(), usd(1)).send());
        expectRevert(
                "CapabilityPaused(uint8)",
                () -> poolAsProvider
                        .payClaimBond("clm-x-1", BigInteger.ZERO, usd(1))
                        .send());
        expectRevert("CapabilityPaused(uint8)", () -> anchor(during));
        expectRevert("CapabilityPaused(uint8)", () -> redeem(poolAsRelayer, before, before.claims.get(0)));
        expectRevert(
                "AccessControlUnauthorizedAccount(address,bytes32)",
                () -> poolAsOutsider.unpause().send());

        poolAsGuardian.unpause().send();
        assertThat(poolAsGuardian.paused().send()).isFalse();
        poolAsProvider.deposit(usd(1)).send();
        poolAsProvider.payClaimBond("clm-x-1", BigInteger.ZERO, usd(1)).send();
        anchor(during);
        redeem(poolAsRelayer, before, before.claims.get(0));
        assertThat(token.balanceOf(before.claims.get(0).claimant()).send()).isEqualTo(usd(10));
        assertThat(poolAsGuardian.isAnchored(during.id).send()).isTrue();
    }

    @Test
    void deposits_paused_refuses_deposits_and_nothing_else() throws Exception {
        poolAsProvider.deposit(usd(1_000)).send();
        Batch before = Batch.of("deposits-paused-before", usd(10));
        anchor(before);
        TransactionReceipt set = poolAsGuardian.setPaused(DEPOSITS, true).send();
        assertThat(ClaimsPool.getPauseFlagSetEvents(set)).singleElement().satisfies(e -> {
            assertThat(e.flag).isEqualTo(DEPOSITS);
            assertThat(e.paused).isTrue();
            assertThat(e.guardian).isEqualToIgnoringCase(guardian.getAddress());
        });
        assertThat(poolAsGuardian.pausedFlags().send()).isEqualTo(DEPOSITS);
        assertThat(poolAsGuardian.isPaused(DEPOSITS).send()).isTrue();
        assertThat(poolAsGuardian.isPaused(ANCHORING).send()).isFalse();

        String data = expectRevert(
                "CapabilityPaused(uint8)", () -> poolAsProvider.deposit(usd(1)).send());
        assertThat(Numeric.toBigInt(data.substring(10))).isEqualTo(DEPOSITS);
        expectRevert(
                "CapabilityPaused(uint8)",
                () -> poolAsProvider.depositFor(outsider.getAddress(), usd(1)).send());
        // the other capabilities go on
        poolAsProvider.payClaimBond("clm-dep-1", BigInteger.ZERO, usd(1)).send();
        anchor(Batch.of("deposits-paused-during", usd(5)));
        redeem(poolAsRelayer, before, before.claims.get(0));

        poolAsGuardian.setPaused(DEPOSITS, false).send();
        assertThat(poolAsGuardian.pausedFlags().send()).isZero();
        poolAsProvider.deposit(usd(1)).send();
    }

    @Test
    void anchoring_paused_refuses_anchoring_and_nothing_else() throws Exception {
        poolAsProvider.deposit(usd(1_000)).send();
        Batch before = Batch.of("anchoring-paused-before", usd(10));
        anchor(before);
        poolAsGuardian.setPaused(ANCHORING, true).send();

        Batch during = Batch.of("anchoring-paused-during", usd(5));
        String data = expectRevert("CapabilityPaused(uint8)", () -> anchor(during));
        assertThat(Numeric.toBigInt(data.substring(10))).isEqualTo(ANCHORING);
        poolAsProvider.deposit(usd(1)).send();
        poolAsProvider.payClaimBond("clm-anc-1", BigInteger.ZERO, usd(1)).send();
        redeem(poolAsRelayer, before, before.claims.get(0));

        poolAsGuardian.setPaused(ANCHORING, false).send();
        anchor(during);
        assertThat(poolAsGuardian.isAnchored(during.id).send()).isTrue();
    }

    @Test
    void redemption_paused_refuses_redemption_and_nothing_else() throws Exception {
        poolAsProvider.deposit(usd(1_000)).send();
        Batch before = Batch.of("redemption-paused-before", usd(10), usd(20));
        anchor(before);
        poolAsGuardian.setPaused(REDEMPTION, true).send();

        String data =
                expectRevert("CapabilityPaused(uint8)", () -> redeem(poolAsRelayer, before, before.claims.get(0)));
        assertThat(Numeric.toBigInt(data.substring(10))).isEqualTo(REDEMPTION);
        poolAsProvider.deposit(usd(1)).send();
        poolAsProvider.payClaimBond("clm-red-1", BigInteger.ZERO, usd(1)).send();
        anchor(Batch.of("redemption-paused-during", usd(5)));

        poolAsGuardian.setPaused(REDEMPTION, false).send();
        redeem(poolAsRelayer, before, before.claims.get(0));
        assertThat(token.balanceOf(before.claims.get(0).claimant()).send()).isEqualTo(usd(10));
    }

    @Test
    void flags_combine_and_clearing_all_leaves_the_others_set() throws Exception {
        poolAsGuardian.setPaused(REDEMPTION, true).send();
        poolAsGuardian.setPaused(ALL, true).send();
        assertThat(poolAsGuardian.pausedFlags().send()).isEqualTo(REDEMPTION.or(ALL));
        // everything stops under ALL, and the revert names ALL
        String data = expectRevert(
                "CapabilityPaused(uint8)", () -> poolAsProvider.deposit(usd(1)).send());
        assertThat(Numeric.toBigInt(data.substring(10))).isEqualTo(ALL);
        poolAsGuardian.unpause().send();
        assertThat(poolAsGuardian.pausedFlags().send()).isEqualTo(REDEMPTION);
        assertThat(poolAsGuardian.paused().send()).isFalse();
        assertThat(poolAsGuardian.isPaused(REDEMPTION).send()).isTrue();
        poolAsProvider.deposit(usd(1)).send();
    }

    @Test
    void setting_a_flag_as_it_already_is_changes_nothing_and_emits_nothing() throws Exception {
        poolAsGuardian.setPaused(ANCHORING, true).send();
        TransactionReceipt again = poolAsGuardian.setPaused(ANCHORING, true).send();
        assertThat(again.isStatusOK()).isTrue();
        assertThat(ClaimsPool.getPauseFlagSetEvents(again)).isEmpty();
        TransactionReceipt clearClear =
                poolAsGuardian.setPaused(DEPOSITS, false).send();
        assertThat(ClaimsPool.getPauseFlagSetEvents(clearClear)).isEmpty();
        assertThat(poolAsGuardian.pausedFlags().send()).isEqualTo(ANCHORING);
    }

    @Test
    void only_a_guardian_sets_a_flag_and_only_a_known_one() throws Exception {
        ClaimsPool poolAsOutsider = chain.pool(poolAddress, outsider);
        ClaimsPool poolAsAdmin = chain.pool(poolAddress, admin);
        for (ClaimsPool notGuardian : List.of(poolAsOutsider, poolAsBridge, poolAsAdmin)) {
            for (BigInteger flag : List.of(DEPOSITS, ANCHORING, REDEMPTION, ALL)) {
                expectRevert(
                        "AccessControlUnauthorizedAccount(address,bytes32)",
                        () -> notGuardian.setPaused(flag, true).send());
            }
        }
        assertThat(poolAsGuardian.pausedFlags().send()).isZero();
        for (long invalid : new long[] {0, 3, 16, 255}) {
            expectRevert(
                    "InvalidPauseFlag(uint8)",
                    () -> poolAsGuardian
                            .setPaused(BigInteger.valueOf(invalid), true)
                            .send());
        }
    }

    // ------------------------------------------------------------------------------------------

    private TransactionReceipt anchor(Batch batch) throws Exception {
        return poolAsBridge
                .anchorBatch(batch.id, batch.tree.root(), BigInteger.valueOf(batch.claims.size()), batch.total())
                .send();
    }

    private static TransactionReceipt redeem(ClaimsPool as, Batch batch, ClaimLeaf claim) throws Exception {
        return as.redeem(claim.batchId(), claim.claimId(), claim.claimant(), claim.amount(), batch.tree.proof(claim))
                .send();
    }

    static final BigInteger DEPOSITS = BigInteger.ONE;
    static final BigInteger ANCHORING = BigInteger.TWO;
    static final BigInteger REDEMPTION = BigInteger.valueOf(4);
    static final BigInteger ALL = BigInteger.valueOf(8);

    /** The implementation behind a proxy: its ERC-1967 slot. */
    static String implementationOf(String proxy) throws Exception {
        String word = chain.web3j
                .ethGetStorageAt(
                        proxy,
                        Numeric.toBigInt(io.coverclaims.chainbridge.chain.PoolGovernor.IMPLEMENTATION_SLOT),
                        org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                .send()
                .getData();
        return "0x" + Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(word), 40);
    }

    static BigInteger usd(long dollars) {
        return BigInteger.valueOf(dollars).multiply(BigInteger.valueOf(1_000_000));
    }

    static byte[] bytes32(String label) {
        return Hash.sha3(label.getBytes(StandardCharsets.UTF_8));
    }

    /** A settlement batch: id, claims (fresh claimant addresses) and their tree. */
    record Batch(byte[] id, List<ClaimLeaf> claims, MerkleTree tree) {
        static Batch of(String label, BigInteger... amounts) {
            byte[] id = bytes32("batch:" + label);
            List<ClaimLeaf> claims = new java.util.ArrayList<>();
            for (int i = 0; i < amounts.length; i++) {
                String claimant = "0x"
                        + Numeric.toHexStringNoPrefix(bytes32("claimant:" + label + ":" + i))
                                .substring(24);
                claims.add(new ClaimLeaf(id, bytes32("claim:" + label + ":" + i), claimant, amounts[i]));
            }
            return new Batch(id, List.copyOf(claims), MerkleTree.ofClaims(claims));
        }

        BigInteger total() {
            return claims.stream().map(ClaimLeaf::amount).reduce(BigInteger.ZERO, BigInteger::add);
        }
    }
}
