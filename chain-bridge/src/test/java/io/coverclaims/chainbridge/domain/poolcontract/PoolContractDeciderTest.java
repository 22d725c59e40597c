package io.coverclaims.chainbridge.domain.poolcontract;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.chainbridge.domain.poolcontract.PoolContractCommand.RecordPoolContractUpgrade;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractCommand.RecordPoolContractUpgradeFailure;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractCommand.RecordPoolPauseMirrored;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractEvent.PoolContractUpgradeFailed;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractEvent.PoolContractUpgraded;
import io.coverclaims.chainbridge.domain.poolcontract.PoolContractEvent.PoolPauseMirrored;
import io.coverclaims.platform.testing.DeciderFixture;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pool contract as governance steers it: pause flags reported mirrored and upgrades, each once. */
class PoolContractDeciderTest {

    private static final String POOL = "0x" + "5f".repeat(20);
    private static final String ID = PoolContractDecider.aggregateId(POOL);
    private static final String V1 = "0x" + "01".repeat(20);
    private static final String V2 = "0x" + "02".repeat(20);
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private final DeciderFixture<PoolContractCommand, PoolContractEvent, PoolContractState> fixture =
            DeciderFixture.of(PoolContractDecider.DECIDER);

    private static RecordPoolPauseMirrored mirrored(PoolPauseFlag flag, boolean paused, String requestId, int flags) {
        return new RecordPoolPauseMirrored(
                ID, POOL, flag, paused, flag.governanceFlag(), requestId, AT, "0xt" + requestId, 40, 2, flags, true);
    }

    private static PoolPauseMirrored mirroredEvent(RecordPoolPauseMirrored c) {
        return new PoolPauseMirrored(
                c.contract(),
                c.flag(),
                c.paused(),
                c.governanceFlag(),
                c.requestId(),
                c.requestedAt(),
                c.txHash(),
                c.blockNumber(),
                c.confirmations(),
                c.onChainFlags(),
                c.sent());
    }

    @Test
    void a_mirrored_pause_is_reported_once_per_request_and_state() {
        RecordPoolPauseMirrored paused = mirrored(PoolPauseFlag.DEPOSITS, true, "req-1", 1);
        fixture.given().when(paused).thenEvents(mirroredEvent(paused));
        fixture.given(mirroredEvent(paused)).when(paused).thenNoEvents();
        RecordPoolPauseMirrored resumed = mirrored(PoolPauseFlag.DEPOSITS, false, "req-2", 0);
        fixture.given(mirroredEvent(paused)).when(resumed).thenEvents(mirroredEvent(resumed));
    }

    @Test
    void each_flag_is_its_own_and_a_request_mirrored_on_one_flag_does_not_count_for_another() {
        RecordPoolPauseMirrored deposits = mirrored(PoolPauseFlag.DEPOSITS, true, "req-1", 1);
        RecordPoolPauseMirrored all = mirrored(PoolPauseFlag.ALL, true, "req-1", 9);
        fixture.given(mirroredEvent(deposits)).when(all).thenEvents(mirroredEvent(all));
    }

    @Test
    void a_report_whose_on_chain_flags_disagree_with_the_state_is_rejected() {
        fixture.given()
                .when(mirrored(PoolPauseFlag.ANCHORING, true, "req-1", 1))
                .thenRejected("NOT_MIRRORED", "onChainFlags");
        fixture.given()
                .when(mirrored(PoolPauseFlag.REDEMPTION, false, "req-1", 4))
                .thenRejected("NOT_MIRRORED", "onChainFlags");
    }

    @Test
    void a_flag_mirrors_only_its_own_governance_flag() {
        fixture.given()
                .when(new RecordPoolPauseMirrored(
                        ID, POOL, PoolPauseFlag.ANCHORING, true, "POOLS", "req-1", AT, "0xt", 40, 2, 2, true))
                .thenRejected("FLAG_MISMATCH", "governanceFlag");
        fixture.given()
                .when(new RecordPoolPauseMirrored(
                        ID, POOL, PoolPauseFlag.UNKNOWN, true, "", "req-1", AT, "0xt", 40, 2, 2, true))
                .thenRejected("INVALID_FLAG", "flag");
    }

    @Test
    void a_report_about_another_contract_than_the_aggregate_is_rejected() {
        fixture.given()
                .when(new RecordPoolPauseMirrored(
                        ID,
                        "0x" + "99".repeat(20),
                        PoolPauseFlag.ALL,
                        true,
                        "GLOBAL",
                        "req-1",
                        AT,
                        "0xt",
                        40,
                        2,
                        8,
                        true))
                .thenRejected("WRONG_CONTRACT", "contract");
        fixture.given()
                .when(new RecordPoolContractUpgrade(ID, "prop-1", "0x" + "99".repeat(20), V1, V2, "0xu", 50, 2))
                .thenRejected("WRONG_CONTRACT", "proxy");
    }

    @Test
    void a_proposal_upgrades_the_pool_once() {
        RecordPoolContractUpgrade upgrade = new RecordPoolContractUpgrade(ID, "prop-1", POOL, V1, V2, "0xu", 50, 2);
        PoolContractUpgraded upgraded = new PoolContractUpgraded("prop-1", POOL, V1, V2, "0xu", 50, 2);
        fixture.given().when(upgrade).thenEvents(upgraded);
        fixture.given(upgraded).when(upgrade).thenNoEvents();
        fixture.given(upgraded)
                .when(new RecordPoolContractUpgradeFailure(ID, "prop-1", POOL, V2, "REVERTED", "late", "0xz"))
                .thenNoEvents();
        assertThat(PoolContractDecider.evolve(PoolContractState.INITIAL, upgraded)
                        .implementation())
                .isEqualTo(V2);
    }

    @Test
    void a_failed_upgrade_is_recorded_once_with_a_known_reason_and_leaves_the_implementation() {
        RecordPoolContractUpgradeFailure failure =
                new RecordPoolContractUpgradeFailure(ID, "prop-2", POOL, V2, "NO_CODE", "no contract at " + V2, null);
        PoolContractUpgradeFailed failed =
                new PoolContractUpgradeFailed("prop-2", POOL, V2, "NO_CODE", "no contract at " + V2, null);
        fixture.given().when(failure).thenEvents(failed);
        fixture.given(failed).when(failure).thenNoEvents();
        fixture.given(failed)
                .when(new RecordPoolContractUpgrade(ID, "prop-2", POOL, V1, V2, "0xu", 50, 2))
                .thenNoEvents();
        fixture.given()
                .when(new RecordPoolContractUpgradeFailure(ID, "prop-3", POOL, V2, "BROKEN", "?", null))
                .thenRejected("INVALID_REASON", "reasonCode");
        PoolContractState upgradedThenFailed = PoolContractDecider.evolve(
                PoolContractDecider.evolve(
                        PoolContractState.INITIAL, new PoolContractUpgraded("prop-1", POOL, V1, V2, "0xu", 50, 2)),
                failed);
        assertThat(upgradedThenFailed.implementation()).isEqualTo(V2);
    }

    @Test
    void each_pool_flag_maps_to_its_governance_flag_and_bit() {
        assertThat(PoolPauseFlag.ofGovernanceFlag("POOLS")).contains(PoolPauseFlag.DEPOSITS);
        assertThat(PoolPauseFlag.ofGovernanceFlag("SETTLEMENT")).contains(PoolPauseFlag.ANCHORING);
        assertThat(PoolPauseFlag.ofGovernanceFlag("PAYOUTS")).contains(PoolPauseFlag.REDEMPTION);
        assertThat(PoolPauseFlag.ofGovernanceFlag("GLOBAL")).contains(PoolPauseFlag.ALL);
        assertThat(PoolPauseFlag.ofGovernanceFlag("CLAIMS")).isEqualTo(Optional.empty());
        assertThat(PoolPauseFlag.mirrored().stream().mapToInt(PoolPauseFlag::bit))
                .containsExactly(8, 1, 2, 4);
        assertThat(PoolPauseFlag.ANCHORING.isSetIn(2 | 8)).isTrue();
        assertThat(PoolPauseFlag.DEPOSITS.isSetIn(2 | 8)).isFalse();
    }
}
