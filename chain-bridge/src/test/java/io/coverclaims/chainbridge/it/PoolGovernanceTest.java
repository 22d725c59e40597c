package io.coverclaims.chainbridge.it;

import static io.coverclaims.chainbridge.it.ChainTestKit.account;
import static io.coverclaims.chainbridge.it.ChainTestKit.awaitTrue;
import static io.coverclaims.chainbridge.it.ChainTestKit.quietly;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.chain.AnchoringWorker;
import io.coverclaims.chainbridge.chain.PoolGovernor;
import io.coverclaims.chainbridge.contracts.ClaimsPool;
import io.coverclaims.chainbridge.contracts.ClaimsPoolV2;
import io.coverclaims.chainbridge.domain.settlement.BatchIds;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.schemas.chain.AnchorFailed;
import io.coverclaims.schemas.chain.PoolContractUpgradeFailed;
import io.coverclaims.schemas.chain.PoolContractUpgraded;
import io.coverclaims.schemas.chain.PoolPauseMirrored;
import io.coverclaims.schemas.chain.SettlementBatchAnchored;
import io.coverclaims.schemas.governance.PauseFlag;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import io.coverclaims.schemas.governance.ProposalAction;
import io.coverclaims.schemas.governance.ProposalActionKind;
import io.coverclaims.schemas.governance.ProposalExecuted;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.utils.Numeric;

/**
 * Governance carried out on chain through the real broker and a real anvil: governance.events' PauseFlagChanged
 * applied to the pool contract's flags and reported back on chain.events (PoolPauseMirrored), the anchoring worker
 * holding its transactions while SETTLEMENT is paused, and an executed proposal's UPGRADE_POOL_CONTRACT carried out
 * once on the live pool (PoolContractUpgraded).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(ChainTestResource.class)
class PoolGovernanceTest extends ChainServiceTest {

    static final String GOVERNANCE_EVENTS = "governance.events";

    @Inject
    AnchoringWorker worker;

    @Inject
    PoolGovernor governor;

    private String pool;

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
        pool = kit.poolAddress.toLowerCase(Locale.ROOT);
    }

    /** Every test leaves governance's four mirrored flags cleared, carried out and reported. */
    @AfterEach
    void governanceUnpaused() throws Exception {
        for (PauseFlag flag : List.of(PauseFlag.GLOBAL, PauseFlag.POOLS, PauseFlag.PAYOUTS, PauseFlag.SETTLEMENT)) {
            String requestId = pauseChanged(flag, false, null).requestId;
            awaitMirrored(requestId);
        }
        assertThat(kit.pool(account(9)).pausedFlags().send()).isZero();
    }

    @Test
    void a_governance_pause_of_deposits_is_applied_to_the_pool_contract_and_reported_back() throws Exception {
        var provider = account(6);
        kit.token(provider)
                .mint(provider.getAddress(), BigInteger.valueOf(10_000_000))
                .send();
        kit.token(provider)
                .approve(kit.poolAddress, BigInteger.valueOf(10_000_000))
                .send();

        Published pause = pauseChanged(PauseFlag.POOLS, true, null);
        long setAt = awaitFlags(flags -> (flags & 1) != 0);
        long latency = setAt - pause.timestamp;
        System.out.printf(
                "[governance mirror] PauseFlagChanged(POOLS) record -> DEPOSITS flag set on chain: %d ms"
                        + " (executor: PauseFlagChanged -> receipt %d ms)%n",
                latency, governor.lastPauseLatency().orElseThrow().toMillis());

        PoolPauseMirrored mirrored = awaitMirrored(pause.requestId);
        assertThat(mirrored.getFlag().name()).isEqualTo("DEPOSITS");
        assertThat(mirrored.getGovernanceFlag()).isEqualTo("POOLS");
        assertThat(mirrored.getPaused()).isTrue();
        assertThat(mirrored.getSent()).isTrue();
        assertThat(mirrored.getContract()).isEqualTo(pool);
        assertThat(mirrored.getOnChainFlags() & 1).isEqualTo(1);
        assertThat(mirrored.getConfirmations()).isEqualTo(2);
        assertThat(mirrored.getRequestedAt().toEpochMilli()).isEqualTo(pause.timestamp);
        assertThat(mirrored.getTxHash()).isNotNull();
        assertThat(kit.head() - mirrored.getBlockNumber() + 1).isGreaterThanOrEqualTo(2);
        // the contract refuses deposits now; anchoring and redemption are not paused
        ClaimsPool asProvider = kit.pool(provider);
        assertThat(quietly(() -> asProvider.deposit(BigInteger.ONE).send().isStatusOK()))
                .isFalse();
        assertThat(asProvider.isPaused(BigInteger.TWO).send()).isFalse();
        assertThat(asProvider.isPaused(BigInteger.valueOf(4)).send()).isFalse();

        // a restart of the executor sends nothing and reports nothing again
        long sent = governor.transactionsSent();
        governor.restart();
        Thread.sleep(1_500);
        assertThat(governor.transactionsSent()).isEqualTo(sent);
        assertThat(mirroredEvents(pause.requestId)).hasSize(1);

        Published resume = pauseChanged(PauseFlag.POOLS, false, null);
        PoolPauseMirrored resumed = awaitMirrored(resume.requestId);
        assertThat(resumed.getPaused()).isFalse();
        assertThat(resumed.getOnChainFlags() & 1).isZero();
        assertThat(asProvider.deposit(BigInteger.ONE).send().isStatusOK()).isTrue();
    }

    @Test
    void payouts_pause_redemption_global_pauses_all_and_other_flags_or_scoped_ones_leave_the_contract_alone()
            throws Exception {
        ClaimsPool pool = kit.pool(account(9));
        long sentBefore = governor.transactionsSent();
        // no on-chain counterpart, or limited to one pool: nothing is sent
        pauseChanged(PauseFlag.CLAIMS, true, null);
        pauseChanged(PauseFlag.POOLS, true, "pool-only-this-one");
        Thread.sleep(1_500);
        assertThat(governor.transactionsSent()).isEqualTo(sentBefore);
        assertThat(pool.pausedFlags().send()).isZero();
        pauseChanged(PauseFlag.CLAIMS, false, null);

        PoolPauseMirrored payouts = awaitMirrored(pauseChanged(PauseFlag.PAYOUTS, true, null).requestId);
        assertThat(payouts.getFlag().name()).isEqualTo("REDEMPTION");
        assertThat(pool.pausedFlags().send()).isEqualTo(BigInteger.valueOf(4));

        PoolPauseMirrored global = awaitMirrored(pauseChanged(PauseFlag.GLOBAL, true, null).requestId);
        assertThat(global.getFlag().name()).isEqualTo("ALL");
        assertThat(global.getOnChainFlags()).isEqualTo(4 | 8);
        assertThat(pool.paused().send()).isTrue();
        assertThat(governor.transactionsSent() - sentBefore).isEqualTo(2);
    }

    @Test
    void anchoring_waits_while_settlement_is_paused_and_resumes_once_after_the_unpause() throws Exception {
        String poolId = "pool-governed-" + UUID.randomUUID();
        String batchId = BatchIds.batchId(poolId, 0);
        PoolPauseMirrored paused = awaitMirrored(pauseChanged(PauseFlag.SETTLEMENT, true, null).requestId);
        assertThat(paused.getFlag().name()).isEqualTo("ANCHORING");
        long sentBefore = worker.anchorsSent();
        BigInteger nonceBefore = kit.nonce(account(1).getAddress());

        List<String> claims = List.of("claim-" + UUID.randomUUID(), "claim-" + UUID.randomUUID());
        for (String claimId : claims) {
            kit.settle(poolId, claimId, account(7).getAddress(), 2_000_000L);
        }
        kit.flush();
        for (String claimId : claims) {
            awaitTrue(
                    "claim sealed",
                    () -> RestAssured.given()
                                    .get("/settlements/claims/{id}/proof", claimId)
                                    .statusCode()
                            == 200);
        }
        Thread.sleep(2_500); // the batch is sealed and would have been sent within a pass or two
        assertThat(worker.anchorsSent()).isEqualTo(sentBefore);
        assertThat(kit.nonce(account(1).getAddress())).isEqualTo(nonceBefore);
        assertThat(kit.isAnchored(batchId)).isFalse();

        pauseChanged(PauseFlag.SETTLEMENT, false, null);
        SettlementBatchAnchored anchored = kit.await(
                        "chain.events",
                        SettlementBatchAnchored.class,
                        e -> e.getBatchId().equals(batchId),
                        1)
                .get(0);
        assertThat(anchored.getAttempt()).isEqualTo(1);
        assertThat(anchored.getLeafCount()).isEqualTo(2);
        assertThat(kit.anchorLogs(batchId)).isEqualTo(1);
        assertThat(kit.readAll(
                        "chain.events", AnchorFailed.class, e -> e.getBatchId().equals(batchId)))
                .isEmpty();
        assertThat(worker.anchorsSent() - sentBefore).isEqualTo(1);
    }

    @Test
    void an_executed_upgrade_proposal_upgrades_the_live_pool_exactly_once() throws Exception {
        String before = implementationOf(kit.poolAddress);
        String v2 = ClaimsPoolV2.deploy(kit.web3j, kit.transactions(account(9)), kit.gas())
                .send()
                .getContractAddress()
                .toLowerCase(Locale.ROOT);
        String proposalId = "prop-upgrade-" + UUID.randomUUID();
        // the target as a wallet would write it (checksummed case): the same contract
        ProposalExecuted executed = proposalExecuted(
                proposalId,
                ProposalActionKind.UPGRADE_POOL_CONTRACT,
                org.web3j.crypto.Keys.toChecksumAddress(kit.poolAddress),
                Map.of("implementation", v2));
        kit.send(GOVERNANCE_EVENTS, proposalId, executed);

        PoolContractUpgraded upgraded = kit.await(
                        "chain.events",
                        PoolContractUpgraded.class,
                        e -> e.getProposalId().equals(proposalId),
                        1)
                .get(0);
        assertThat(upgraded.getProxy()).isEqualTo(pool);
        assertThat(upgraded.getPreviousImplementation()).isEqualTo(before);
        assertThat(upgraded.getNewImplementation()).isEqualTo(v2);
        assertThat(upgraded.getConfirmations()).isEqualTo(2);
        assertThat(implementationOf(kit.poolAddress)).isEqualTo(v2);
        assertThat(ClaimsPoolV2.load(kit.poolAddress, kit.web3j, kit.transactions(account(9)), kit.gas())
                        .version()
                        .send())
                .isEqualTo("2");

        // the same execution seen again, and the executor restarted: nothing more is sent or reported
        long sent = governor.transactionsSent();
        kit.send(GOVERNANCE_EVENTS, proposalId, executed);
        governor.restart();
        Thread.sleep(2_000);
        assertThat(governor.transactionsSent()).isEqualTo(sent);
        assertThat(kit.readAll(
                        "chain.events",
                        PoolContractUpgraded.class,
                        e -> e.getProposalId().equals(proposalId)))
                .hasSize(1);
        assertThat(upgradedLogs(v2)).isEqualTo(1);

        // the upgraded pool anchors on: a settlement after the upgrade
        String poolId = "pool-upgraded-" + UUID.randomUUID();
        String claimId = "claim-" + UUID.randomUUID();
        kit.settle(poolId, claimId, account(7).getAddress(), 3_000_000L);
        kit.flush();
        SettlementFlowTest.awaitAnchoredProof(claimId);
    }

    @Test
    void an_upgrade_to_an_address_without_code_fails_once_and_one_of_another_contract_is_ignored() throws Exception {
        String before = implementationOf(kit.poolAddress);
        long sent = governor.transactionsSent();
        String other = "prop-other-" + UUID.randomUUID();
        kit.send(
                GOVERNANCE_EVENTS,
                other,
                proposalExecuted(
                        other,
                        ProposalActionKind.UPGRADE_POOL_CONTRACT,
                        "0x" + "12".repeat(20),
                        Map.of("implementation", "0x" + "34".repeat(20))));
        String empty = "prop-no-code-" + UUID.randomUUID();
        kit.send(
                GOVERNANCE_EVENTS,
                empty,
                proposalExecuted(
                        empty,
                        ProposalActionKind.UPGRADE_POOL_CONTRACT,
                        kit.poolAddress,
                        Map.of("implementation", account(8).getAddress())));
        PoolContractUpgradeFailed failed = kit.await(
                        "chain.events",
                        PoolContractUpgradeFailed.class,
                        e -> e.getProposalId().equals(empty),
                        1)
                .get(0);
        assertThat(failed.getReasonCode()).isEqualTo("NO_CODE");
        assertThat(failed.getTxHash()).isNull();
        Thread.sleep(1_000);
        assertThat(governor.transactionsSent()).isEqualTo(sent);
        assertThat(implementationOf(kit.poolAddress)).isEqualTo(before);
        assertThat(kit.readAll(
                        "chain.events",
                        PoolContractUpgraded.class,
                        e -> e.getProposalId().equals(other)))
                .isEmpty();
        assertThat(kit.readAll(
                        "chain.events",
                        PoolContractUpgradeFailed.class,
                        e -> e.getProposalId().equals(other)))
                .isEmpty();
    }

    // ------------------------------------------------------------------------------------------

    /** A PauseFlagChanged as governance-service writes it, and when the broker stamped it. */
    private record Published(String requestId, long timestamp) {}

    private static Published pauseChanged(PauseFlag flag, boolean paused, String scope) {
        String requestId = "pause-" + UUID.randomUUID();
        PauseFlagChanged changed = PauseFlagChanged.newBuilder()
                .setMetadata(KafkaTestKit.event("pause-flags", 1, "governance-service"))
                .setRequestId(requestId)
                .setFlag(flag)
                .setPaused(paused)
                .setApprovers(List.of(account(2).getAddress(), account(3).getAddress()))
                .setScope(scope)
                .setBreaker(null)
                .build();
        RecordMetadata written = kit.send(GOVERNANCE_EVENTS, "pause-flags", changed);
        return new Published(requestId, written.timestamp());
    }

    private static ProposalExecuted proposalExecuted(
            String proposalId, ProposalActionKind kind, String target, Map<String, String> arguments) {
        return ProposalExecuted.newBuilder()
                .setMetadata(KafkaTestKit.event(proposalId, 9, "governance-service"))
                .setProposalId(proposalId)
                .setChanges(List.of())
                .setActions(List.of(ProposalAction.newBuilder()
                        .setKind(kind)
                        .setTarget(target)
                        .setArguments(arguments)
                        .build()))
                .build();
    }

    private static PoolPauseMirrored awaitMirrored(String requestId) {
        return kit.await(
                        "chain.events",
                        PoolPauseMirrored.class,
                        e -> e.getRequestId().equals(requestId),
                        1)
                .get(0);
    }

    private static List<PoolPauseMirrored> mirroredEvents(String requestId) {
        return kit.readAll(
                "chain.events", PoolPauseMirrored.class, e -> e.getRequestId().equals(requestId));
    }

    /** Polls the contract's flags every 20 ms until {@code until} holds; the wall-clock time it did. */
    private static long awaitFlags(java.util.function.IntPredicate until) throws Exception {
        ClaimsPool pool = kit.pool(account(9));
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (until.test(pool.pausedFlags().send().intValueExact())) {
                return System.currentTimeMillis();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the pool contract's flags never got there: "
                + pool.pausedFlags().send());
    }

    private static String implementationOf(String proxy) throws Exception {
        String word = kit.web3j
                .ethGetStorageAt(
                        proxy, Numeric.toBigInt(PoolGovernor.IMPLEMENTATION_SLOT), DefaultBlockParameterName.LATEST)
                .send()
                .getData();
        return "0x" + Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(word), 40);
    }

    private static int upgradedLogs(String implementation) throws Exception {
        EthFilter filter = new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.ZERO), DefaultBlockParameterName.LATEST, kit.poolAddress);
        filter.addSingleTopic(EventEncoder.encode(ClaimsPool.UPGRADED_EVENT));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(implementation), 64));
        return kit.web3j.ethGetLogs(filter).send().getLogs().size();
    }
}
