package io.coverclaims.chainbridge.it;

import static io.coverclaims.chainbridge.it.ChainTestKit.account;
import static io.coverclaims.chainbridge.it.ChainTestKit.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.chainbridge.chain.AnchoringWorker;
import io.coverclaims.chainbridge.chain.ChainConfig;
import io.coverclaims.chainbridge.chain.SigningKey;
import io.coverclaims.chainbridge.contracts.ClaimsPool;
import io.coverclaims.chainbridge.domain.settlement.BatchIds;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.schemas.chain.ClaimBondKind;
import io.coverclaims.schemas.chain.ClaimBondObserved;
import io.coverclaims.schemas.chain.OnChainDepositObserved;
import io.coverclaims.schemas.chain.SettlementBatchAnchored;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.chain.SettlementRedeemed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** Settled claims in → batch anchored → redeemed with the served proof → the redemption back as an event. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(ChainTestResource.class)
class SettlementFlowTest extends ChainServiceTest {

    @Inject
    ChainConfig config;

    @Inject
    AnchoringWorker worker;

    static JsonPath awaitAnchoredProof(String claimId) {
        JsonPath[] proof = new JsonPath[1];
        awaitTrue("an anchored proof of " + claimId, () -> {
            var response = RestAssured.given().get("/settlements/claims/{id}/proof", claimId);
            if (response.statusCode() != 200) {
                return false;
            }
            proof[0] = response.jsonPath();
            return proof[0].getBoolean("anchored");
        });
        return proof[0];
    }

    @Test
    void settled_claims_are_anchored_redeemed_with_the_served_proof_and_observed_back() throws Exception {
        ServiceConformance.awaitReady();
        String poolId = "pool-flow-" + UUID.randomUUID();
        Credentials alice = account(5);
        Credentials bob = account(6);
        Credentials provider = account(3);

        // capital on chain: a deposit, which must come back as OnChainDepositObserved
        kit.token(provider)
                .mint(provider.getAddress(), BigInteger.valueOf(1_000_000_000_000L))
                .send();
        kit.token(provider)
                .approve(kit.poolAddress, BigInteger.valueOf(1_000_000_000_000L))
                .send();
        TransactionReceipt deposit =
                kit.pool(provider).deposit(BigInteger.valueOf(500_000_000_000L)).send();

        String claimA = "claim-" + UUID.randomUUID();
        String claimB = "claim-" + UUID.randomUUID();
        String claimC = "claim-" + UUID.randomUUID();
        long settledAt = System.nanoTime();
        kit.settle(poolId, claimA, alice.getAddress(), 1_500_000_000L);
        kit.settle(poolId, claimB, bob.getAddress(), 250_000_000L);
        kit.settle(poolId, claimC, alice.getAddress(), 42_000_000L);
        kit.flush();

        JsonPath proof = awaitAnchoredProof(claimA);
        String batchId = proof.getString("batchId");
        assertThat(batchId).isEqualTo(BatchIds.batchId(poolId, 0));
        // amounts are decimal strings in JSON
        assertThat(proof.getString("amount")).isEqualTo("1500000000");
        assertThat((Object) proof.get("amount")).isInstanceOf(String.class);
        SettlementBatchAnchored anchored = kit.await(
                        "chain.events",
                        SettlementBatchAnchored.class,
                        e -> e.getBatchId().equals(batchId),
                        1)
                .get(0);
        System.out.printf(
                "[chain-bridge] settled claim -> confirmed anchor: %d ms (batch of %d, %d confirmations)%n",
                (System.nanoTime() - settledAt) / 1_000_000, anchored.getLeafCount(), anchored.getConfirmations());
        assertThat(anchored.getLeafCount()).isEqualTo(3);
        assertThat(anchored.getTotalAmount()).isEqualTo(BigDecimal.valueOf(1_792_000_000L));
        assertThat(anchored.getPoolId()).isEqualTo(poolId);
        assertThat(anchored.getConfirmations()).isEqualTo(config.confirmations());
        assertThat(anchored.getGasUsed()).isPositive();
        assertThat(anchored.getAttempt()).isEqualTo(1);
        assertThat(kit.anchorLogs(batchId)).isEqualTo(1);
        ClaimsPool readOnly = kit.pool(account(9));
        assertThat(Numeric.toHexString(
                        readOnly.getBatch(BatchIds.bytes32(batchId)).send().component1()))
                .isEqualTo(anchored.getMerkleRoot())
                .isEqualTo(proof.getString("merkleRoot"));

        // alice redeems claim A with exactly what the endpoint served
        BigInteger before = kit.token(alice).balanceOf(alice.getAddress()).send();
        List<byte[]> siblings = proof.getList("proof", String.class).stream()
                .map(Numeric::hexStringToByteArray)
                .toList();
        TransactionReceipt redeemed = kit.pool(alice)
                .redeem(
                        Numeric.hexStringToByteArray(batchId),
                        Numeric.hexStringToByteArray(proof.getString("onChainClaimId")),
                        proof.getString("claimant"),
                        new BigInteger(proof.getString("amount")),
                        siblings)
                .send();
        assertThat(redeemed.isStatusOK()).isTrue();
        assertThat(kit.token(alice).balanceOf(alice.getAddress()).send().subtract(before))
                .isEqualTo(BigInteger.valueOf(1_500_000_000L));

        SettlementRedeemed redemption = kit.await(
                        "chain.events",
                        SettlementRedeemed.class,
                        e -> e.getReferenceId().equals(claimA),
                        1)
                .get(0);
        assertThat(redemption.getBatchId()).isEqualTo(batchId);
        assertThat(redemption.getPoolId()).isEqualTo(poolId);
        assertThat(redemption.getAmount()).isEqualTo(BigDecimal.valueOf(1_500_000_000L));
        assertThat(redemption.getRecipient()).isEqualToIgnoringCase(alice.getAddress());
        assertThat(redemption.getTxHash()).isEqualTo(redeemed.getTransactionHash());

        OnChainDepositObserved observed = kit.await(
                        "chain.events",
                        OnChainDepositObserved.class,
                        e -> e.getTxHash().equals(deposit.getTransactionHash()),
                        1)
                .get(0);
        assertThat(observed.getAmount()).isEqualTo(BigDecimal.valueOf(500_000_000_000L));
        assertThat(observed.getDepositor()).isEqualToIgnoringCase(provider.getAddress());
        assertThat(observed.getPoolId()).isEqualTo(config.poolId());

        // the watcher restarts from chain.events: nothing observed twice
        worker.restart();
        String claimD = "claim-" + UUID.randomUUID();
        kit.settle(poolId, claimD, bob.getAddress(), 7_000_000L);
        kit.flush();
        awaitAnchoredProof(claimD);
        TransactionReceipt deposit2 =
                kit.pool(provider).deposit(BigInteger.valueOf(1_000_000L)).send();
        kit.await(
                "chain.events",
                OnChainDepositObserved.class,
                e -> e.getTxHash().equals(deposit2.getTransactionHash()),
                1);
        assertThat(kit.readAll(
                        "chain.events",
                        OnChainDepositObserved.class,
                        e -> e.getTxHash().equals(deposit.getTransactionHash())))
                .hasSize(1);
        assertThat(kit.readAll(
                        "chain.events",
                        SettlementRedeemed.class,
                        e -> e.getReferenceId().equals(claimA)))
                .hasSize(1);
    }

    /** 10^18: one token of an 18-decimal asset (ETH-sized), in its smallest unit. */
    static final BigInteger ETH = BigInteger.TEN.pow(18);

    @Test
    void amounts_beyond_a_long_are_observed_anchored_served_and_redeemed_to_the_last_unit() throws Exception {
        ServiceConformance.awaitReady();
        String poolId = "pool-wei-" + UUID.randomUUID();
        Credentials provider = account(4);
        Credentials carol = account(7);
        BigInteger deposited = ETH.multiply(BigInteger.valueOf(1_500)); // 1,500 tokens of 18 decimals
        BigInteger settled = ETH.multiply(BigInteger.valueOf(250)); // 250 tokens: 250000000000000000000
        assertThat(deposited.bitLength()).isGreaterThan(63);
        assertThat(settled).isEqualTo(new BigInteger("250000000000000000000"));
        assertThat(settled.bitLength()).isGreaterThan(63); // neither fits a long

        // the deposit log's uint256 comes back exactly as OnChainDepositObserved
        kit.token(provider).mint(provider.getAddress(), deposited).send();
        kit.token(provider).approve(kit.poolAddress, deposited).send();
        TransactionReceipt deposit = kit.pool(provider).deposit(deposited).send();
        assertThat(deposit.isStatusOK()).isTrue();
        OnChainDepositObserved observed = kit.await(
                        "chain.events",
                        OnChainDepositObserved.class,
                        e -> e.getTxHash().equals(deposit.getTransactionHash()),
                        1)
                .get(0);
        assertThat(observed.getAmount()).isEqualTo(new BigDecimal(deposited));
        assertThat(observed.getAmount().toBigIntegerExact()).isEqualTo(new BigInteger("1500000000000000000000"));
        assertThat(observed.getDepositor()).isEqualToIgnoringCase(provider.getAddress());

        // a settlement of 250 tokens: sealed, anchored with the exact uint256 total, served as a decimal string
        String claim = "claim-" + UUID.randomUUID();
        kit.settle(poolId, claim, carol.getAddress(), settled);
        kit.flush();
        JsonPath proof = awaitAnchoredProof(claim);
        assertThat(proof.getString("amount")).isEqualTo("250000000000000000000");
        String batchId = proof.getString("batchId");
        SettlementBatchAnchored anchored = kit.await(
                        "chain.events",
                        SettlementBatchAnchored.class,
                        e -> e.getBatchId().equals(batchId),
                        1)
                .get(0);
        assertThat(anchored.getTotalAmount()).isEqualTo(new BigDecimal(settled));
        assertThat(kit.pool(account(9))
                        .getBatch(BatchIds.bytes32(batchId))
                        .send()
                        .component3())
                .isEqualTo(settled);
        RestAssured.given()
                .get("/settlements/batches/{id}", batchId)
                .then()
                .statusCode(200)
                .body("totalAmount", equalTo("250000000000000000000"))
                .body("status", equalTo("ANCHORED"));

        // the claimant redeems with what was served and is paid exactly that
        BigInteger before = kit.token(carol).balanceOf(carol.getAddress()).send();
        TransactionReceipt redeemed = kit.pool(carol)
                .redeem(
                        Numeric.hexStringToByteArray(batchId),
                        Numeric.hexStringToByteArray(proof.getString("onChainClaimId")),
                        proof.getString("claimant"),
                        new BigInteger(proof.getString("amount")),
                        proof.getList("proof", String.class).stream()
                                .map(Numeric::hexStringToByteArray)
                                .toList())
                .send();
        assertThat(redeemed.isStatusOK()).isTrue();
        assertThat(kit.token(carol).balanceOf(carol.getAddress()).send().subtract(before))
                .isEqualTo(settled);
        SettlementRedeemed redemption = kit.await(
                        "chain.events",
                        SettlementRedeemed.class,
                        e -> e.getReferenceId().equals(claim),
                        1)
                .get(0);
        assertThat(redemption.getAmount()).isEqualTo(new BigDecimal(settled));
        System.out.printf(
                "[chain-bridge] 18-decimal amounts: anchorBatch gas %d (1 leaf of %s), redeem gas %s%n",
                anchored.getGasUsed(), settled, redeemed.getGasUsed());
    }

    @Test
    void a_claim_bond_paid_on_chain_is_observed_once_and_its_refund_is_redeemed_by_its_reference_id() throws Exception {
        ServiceConformance.awaitReady();
        String poolId = "pool-bond-" + UUID.randomUUID();
        String claimId = "clm-" + UUID.randomUUID() + "-1";
        String refundId = claimId + "/deposit";
        Credentials claimant = account(7);
        BigInteger bond = BigInteger.valueOf(50_000_000L);
        kit.token(claimant)
                .mint(claimant.getAddress(), bond.add(BigInteger.ONE))
                .send();
        kit.token(claimant).approve(kit.poolAddress, bond.add(BigInteger.ONE)).send();

        // the claimant pays the claim deposit into the pool: approve, then payClaimBond(claimId, 0, amount)
        TransactionReceipt paid =
                kit.pool(claimant).payClaimBond(claimId, BigInteger.ZERO, bond).send();
        assertThat(paid.isStatusOK()).isTrue();
        ClaimBondObserved observed = kit.await(
                        "chain.events",
                        ClaimBondObserved.class,
                        e -> e.getTxHash().equals(paid.getTransactionHash()),
                        1)
                .get(0);
        assertThat(observed.getClaimId()).isEqualTo(claimId);
        assertThat(observed.getKind()).isEqualTo(ClaimBondKind.CLAIM_DEPOSIT);
        assertThat(observed.getPayer()).isEqualToIgnoringCase(claimant.getAddress());
        assertThat(observed.getAmount()).isEqualTo(new BigDecimal(bond));
        assertThat(observed.getPoolId()).isEqualTo(config.poolId());
        assertThat(observed.getContract()).isEqualToIgnoringCase(kit.poolAddress);
        assertThat(observed.getConfirmations()).isGreaterThanOrEqualTo(config.confirmations());
        assertThat(observed.getRequiredConfirmations()).isEqualTo(observed.getConfirmations());
        assertThat(observed.getMetadata().getAggregateId())
                .isEqualTo(paid.getTransactionHash() + ":" + observed.getLogIndex());

        // the deposit is owed back (a draw): a CLAIM_REFUND leaf next to the claim's payout, each with its own proof
        kit.refundDue(poolId, claimId, refundId, claimant.getAddress(), 50_000_000L);
        kit.settle(poolId, claimId, claimant.getAddress(), 3_000_000L);
        kit.flush();
        JsonPath[] proof = new JsonPath[1];
        awaitTrue("an anchored proof of " + refundId, () -> {
            var response =
                    RestAssured.given().queryParam("referenceId", refundId).get("/settlements/proof");
            if (response.statusCode() != 200) {
                return false;
            }
            proof[0] = response.jsonPath();
            return proof[0].getBoolean("anchored");
        });
        assertThat(proof[0].getString("kind")).isEqualTo("CLAIM_REFUND");
        assertThat(proof[0].getString("claimId")).isEqualTo(refundId);
        assertThat(proof[0].getString("amount")).isEqualTo("50000000");
        JsonPath payout = awaitAnchoredProof(claimId);
        assertThat(payout.getString("kind")).isEqualTo("CLAIM_PAYOUT");
        assertThat(payout.getString("onChainClaimId")).isNotEqualTo(proof[0].getString("onChainClaimId"));
        assertThat(proof[0].getString("onChainClaimId")).isEqualTo(Numeric.toHexString(BatchIds.claimId32(refundId)));

        BigInteger before = kit.token(claimant).balanceOf(claimant.getAddress()).send();
        TransactionReceipt redeemed = kit.pool(claimant)
                .redeem(
                        Numeric.hexStringToByteArray(proof[0].getString("batchId")),
                        Numeric.hexStringToByteArray(proof[0].getString("onChainClaimId")),
                        proof[0].getString("claimant"),
                        new BigInteger(proof[0].getString("amount")),
                        proof[0].getList("proof", String.class).stream()
                                .map(Numeric::hexStringToByteArray)
                                .toList())
                .send();
        assertThat(redeemed.isStatusOK()).isTrue();
        assertThat(kit.token(claimant).balanceOf(claimant.getAddress()).send().subtract(before))
                .isEqualTo(bond);
        SettlementRedeemed redemption = kit.await(
                        "chain.events",
                        SettlementRedeemed.class,
                        e -> e.getReferenceId().equals(refundId),
                        1)
                .get(0);
        assertThat(redemption.getKind()).isEqualTo(SettlementKind.CLAIM_REFUND);
        assertThat(redemption.getAmount()).isEqualTo(new BigDecimal(bond));

        // observed once, however often its block is read again
        worker.restart();
        TransactionReceipt appealBond = kit.pool(claimant)
                .payClaimBond(claimId, BigInteger.ONE, BigInteger.ONE)
                .send();
        assertThat(kit.await(
                                "chain.events",
                                ClaimBondObserved.class,
                                e -> e.getTxHash().equals(appealBond.getTransactionHash()),
                                1)
                        .get(0)
                        .getKind())
                .isEqualTo(ClaimBondKind.APPEAL_BOND);
        assertThat(kit.readAll(
                        "chain.events",
                        ClaimBondObserved.class,
                        e -> e.getTxHash().equals(paid.getTransactionHash())))
                .hasSize(1);
    }

    @Test
    void a_proof_by_reference_id_needs_one_and_an_unknown_one_is_not_found() {
        RestAssured.given()
                .get("/settlements/proof")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("referenceId"));
        RestAssured.given()
                .queryParam("referenceId", "clm-none-1/deposit")
                .get("/settlements/proof")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("SETTLEMENT_NOT_FOUND"))
                .body("field", equalTo("referenceId"));
    }

    @Test
    void an_unknown_claim_has_no_proof() {
        RestAssured.given()
                .get("/settlements/claims/{id}/proof", "no-such-claim")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void the_signing_key_is_never_logged_shown_or_returned() throws Exception {
        String key = Files.readString(Path.of(kit.keyFile)).strip();
        String address = account(1).getAddress();
        SigningKey signingKey = SigningKey.load(config.signer().keyFile(), "UNUSED", name -> null);
        assertThat(signingKey.address()).isEqualToIgnoringCase(address);
        assertThat(signingKey.toString()).contains(address).doesNotContainIgnoringCase(key);
        assertThat(config.toString()).doesNotContainIgnoringCase(key);
        assertThat(config.signer().toString()).doesNotContainIgnoringCase(key);
        String body = RestAssured.given()
                .get("/chain/bridge")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(body).containsIgnoringCase(address).doesNotContainIgnoringCase(key);
        // from the environment too, and a malformed key is refused without being echoed
        assertThat(SigningKey.load(java.util.Optional.empty(), "KEY", name -> "0x" + key)
                        .address())
                .isEqualToIgnoringCase(address);
        try {
            SigningKey.load(java.util.Optional.empty(), "KEY", name -> key + "zz");
            throw new AssertionError("a malformed key was accepted");
        } catch (java.io.IOException e) {
            assertThat(e.getMessage()).doesNotContainIgnoringCase(key);
        }
        // the service's own log (quarkus.log.file in %test) never holds it
        Path log = Path.of("target/quarkus-test.log");
        if (Files.exists(log)) {
            assertThat(Files.readString(log)).doesNotContainIgnoringCase(key);
        }
    }
}
