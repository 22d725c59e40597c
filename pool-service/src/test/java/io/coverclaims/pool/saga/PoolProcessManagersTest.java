package io.coverclaims.pool.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.chain.OnChainDepositObserved;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.chain.SettlementRedeemed;
import io.coverclaims.schemas.claim.ClaimClosed;
import io.coverclaims.schemas.claim.ClaimClosure;
import io.coverclaims.schemas.claim.ClaimPayoutRequested;
import io.coverclaims.schemas.claim.PayoutRefused;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.policy.PolicyCancelled;
import io.coverclaims.schemas.policy.PolicyDeclined;
import io.coverclaims.schemas.policy.PolicyExpired;
import io.coverclaims.schemas.policy.PolicyRequested;
import io.coverclaims.schemas.policy.ProductRetired;
import io.coverclaims.schemas.pool.ConfirmPayout;
import io.coverclaims.schemas.pool.DepositCapital;
import io.coverclaims.schemas.pool.FundsSource;
import io.coverclaims.schemas.pool.RecordPremium;
import io.coverclaims.schemas.pool.ReleaseCapacity;
import io.coverclaims.schemas.pool.ReleasePayout;
import io.coverclaims.schemas.pool.ReserveCapacity;
import io.coverclaims.schemas.pool.ReservePayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Pool's reactions to policy, chain and claim events: which command, with which fields and which deterministic id. */
public class PoolProcessManagersTest {

    static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

    static EventMetadata meta(String aggregateId) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAggregateId(aggregateId)
                .setAggregateVersion(1)
                .setCausationId("cmd")
                .setCorrelationId("corr-1")
                .setOccurredAt(AT)
                .setActor("policy-service")
                .build();
    }

    public static PolicyRequested policyRequested(
            EventMetadata meta, String policyId, String poolId, String productId, long amount) {
        return policyRequested(meta, policyId, poolId, productId, BigInteger.valueOf(amount));
    }

    /** As policy-service writes it: amounts are decimal(78, 0), any uint256 (e.g. an 18-decimal token's wei). */
    public static PolicyRequested policyRequested(
            EventMetadata meta, String policyId, String poolId, String productId, BigInteger amount) {
        return PolicyRequested.newBuilder()
                .setMetadata(meta)
                .setPolicyId(policyId)
                .setQuoteId("q-" + policyId)
                .setProductId(productId)
                .setPoolId(poolId)
                .setHolder("0x" + "e".repeat(40))
                .setAsset("USDC")
                .setCoverAmount(new BigDecimal(amount))
                .setPremium(new BigDecimal(amount.divide(BigInteger.valueOf(50))))
                .setAnnualRatePpm(20_000)
                .setStartAt(AT)
                .setEndAt(AT.plusSeconds(30 * 86_400))
                .build();
    }

    @Test
    void a_requested_policy_asks_its_pool_to_reserve_the_cover_amount_for_the_cover_period() {
        EventMetadata meta = meta("pol-1");
        List<SpecificRecord> commands =
                PoolProcessManagers.onPolicyEvent(policyRequested(meta, "pol-1", "pool-1", "prod-aave", 5_000));

        assertThat(commands).singleElement().isInstanceOfSatisfying(ReserveCapacity.class, reserve -> {
            assertThat(reserve.getPoolId()).isEqualTo("pool-1");
            assertThat(reserve.getMetadata().getAggregateId()).isEqualTo("pool-1");
            assertThat(reserve.getReservationId()).isEqualTo("res-pol-1");
            assertThat(reserve.getPolicyId()).isEqualTo("pol-1");
            assertThat(reserve.getProductId()).isEqualTo("prod-aave");
            assertThat(reserve.getAmount()).isEqualByComparingTo(BigDecimal.valueOf(5_000));
            assertThat(reserve.getCoverStartsAt()).isEqualTo(AT);
            assertThat(reserve.getCoverEndsAt()).isEqualTo(AT.plusSeconds(30 * 86_400));
            assertThat(reserve.getMetadata().getCausationId()).isEqualTo(meta.getEventId());
            assertThat(reserve.getMetadata().getCorrelationId()).isEqualTo("corr-1");
            assertThat(reserve.getMetadata().getIssuedAt()).isEqualTo(AT);
        });
    }

    @Test
    void a_redelivered_event_yields_the_same_command_id_so_it_is_decided_once() {
        PolicyRequested event = policyRequested(meta("pol-1"), "pol-1", "pool-1", "prod-aave", 5_000);
        ReserveCapacity first =
                (ReserveCapacity) PoolProcessManagers.onPolicyEvent(event).getFirst();
        ReserveCapacity again =
                (ReserveCapacity) PoolProcessManagers.onPolicyEvent(event).getFirst();
        assertThat(again.getMetadata().getCommandId())
                .isEqualTo(first.getMetadata().getCommandId());
    }

    @Test
    void an_expired_policy_releases_its_reservation() {
        PolicyExpired expired = PolicyExpired.newBuilder()
                .setMetadata(meta("pol-1"))
                .setPolicyId("pol-1")
                .setPoolId("pool-1")
                .setReservationId("res-pol-1")
                .setEndAt(AT)
                .build();
        assertThat(PoolProcessManagers.onPolicyEvent(expired))
                .singleElement()
                .isInstanceOfSatisfying(ReleaseCapacity.class, release -> {
                    assertThat(release.getReservationId()).isEqualTo("res-pol-1");
                    assertThat(release.getReason()).isEqualTo("POLICY_EXPIRED");
                });
    }

    @Test
    void a_cancelled_policy_releases_its_reservation_even_when_the_event_does_not_name_it() {
        PolicyCancelled cancelled = PolicyCancelled.newBuilder()
                .setMetadata(meta("pol-1"))
                .setPolicyId("pol-1")
                .setPoolId("pool-1")
                .setHolder("0x" + "e".repeat(40))
                .setReservationId(null)
                .setReason("holder asked")
                .setUnusedPeriodPpm(500_000)
                .setPremiumRefund(BigDecimal.TEN)
                .build();
        assertThat(PoolProcessManagers.onPolicyEvent(cancelled))
                .singleElement()
                .isInstanceOfSatisfying(
                        ReleaseCapacity.class,
                        release -> assertThat(release.getReservationId()).isEqualTo("res-pol-1"));
    }

    @Test
    void a_declined_policy_gives_back_any_capacity_reserved_for_it() {
        PolicyDeclined declined = PolicyDeclined.newBuilder()
                .setMetadata(meta("pol-1"))
                .setPolicyId("pol-1")
                .setPoolId("pool-1")
                .setHolder("0x" + "e".repeat(40))
                .setReasonCode("RESERVATION_TIMEOUT")
                .setPremiumRefund(BigDecimal.TEN)
                .build();
        assertThat(PoolProcessManagers.onPolicyEvent(declined))
                .singleElement()
                .isInstanceOfSatisfying(
                        ReleaseCapacity.class,
                        release -> assertThat(release.getReservationId()).isEqualTo("res-pol-1"));
    }

    @Test
    void an_activated_policy_credits_its_premium_to_the_pool() {
        PolicyActivated activated = PolicyActivated.newBuilder()
                .setMetadata(meta("pol-1"))
                .setPolicyId("pol-1")
                .setProductId("prod-aave")
                .setPoolId("pool-1")
                .setHolder("0x" + "e".repeat(40))
                .setAsset("USDC")
                .setReservationId("res-pol-1")
                .setCoverAmount(BigDecimal.valueOf(5_000))
                .setPremium(BigDecimal.valueOf(100))
                .setStartAt(AT)
                .setEndAt(AT.plusSeconds(86_400))
                .build();
        assertThat(PoolProcessManagers.onPolicyEvent(activated))
                .singleElement()
                .isInstanceOfSatisfying(RecordPremium.class, premium -> {
                    assertThat(premium.getPolicyId()).isEqualTo("pol-1");
                    assertThat(premium.getAmount()).isEqualByComparingTo(BigDecimal.valueOf(100));
                });
    }

    @Test
    void an_on_chain_deposit_with_enough_confirmations_becomes_a_deposit_identified_by_its_log() {
        OnChainDepositObserved observed = deposit(12, 12);
        assertThat(PoolProcessManagers.onChainEvent(observed))
                .singleElement()
                .isInstanceOfSatisfying(DepositCapital.class, deposit -> {
                    assertThat(deposit.getDepositId()).isEqualTo("0x" + "ab".repeat(32) + ":7");
                    assertThat(deposit.getProvider()).isEqualTo("0x" + "f".repeat(40));
                    assertThat(deposit.getAmount()).isEqualByComparingTo(BigDecimal.valueOf(2_500_000));
                    assertThat(deposit.getSource()).isEqualTo(FundsSource.CHAIN);
                    assertThat(deposit.getLogIndex()).isEqualTo(7);
                });
    }

    @Test
    void an_on_chain_deposit_without_its_required_confirmations_is_not_counted() {
        assertThat(PoolProcessManagers.onChainEvent(deposit(3, 12))).isEmpty();
    }

    @Test
    void events_of_no_interest_cause_nothing() {
        assertThat(PoolProcessManagers.onPolicyEvent(ProductRetired.newBuilder()
                        .setMetadata(meta("prod-1"))
                        .setProductId("prod-1")
                        .setReason("old")
                        .build()))
                .isEmpty();
    }

    @Test
    void an_on_chain_deposit_of_an_18_decimal_token_passes_through_to_the_wei() {
        for (String wei : List.of(
                "1500000000000000000000", // 1,500 ETH
                "1500000000000000000001", // and one wei
                "115792089237316195423570985008687907853269984665640564039457584007913129639935")) { // 2^256 - 1
            OnChainDepositObserved observed = deposit(12, 12, new BigInteger(wei));
            assertThat(PoolProcessManagers.onChainEvent(observed))
                    .singleElement()
                    .isInstanceOfSatisfying(
                            DepositCapital.class,
                            deposit -> assertThat(deposit.getAmount().toBigIntegerExact())
                                    .isEqualTo(new BigInteger(wei)));
        }
    }

    @Test
    void a_requested_policy_of_an_18_decimal_cover_reserves_exactly_that_many_wei() {
        BigInteger eth250 = new BigInteger("250000000000000000000");
        ReserveCapacity reserve = (ReserveCapacity) PoolProcessManagers.onPolicyEvent(
                        policyRequested(meta("pol-1"), "pol-1", "pool-1", "prod-aave", eth250))
                .getFirst();
        assertThat(reserve.getAmount().toBigIntegerExact()).isEqualTo(eth250);
    }

    static final String CLAIM = "clm-7d8e2a04-1c1f-4d43-9a51-0f0e4bb7b0aa-1";

    static ClaimPayoutRequested payoutRequested(String incidentId) {
        return ClaimPayoutRequested.newBuilder()
                .setMetadata(meta("cov-7d8e2a04-1c1f-4d43-9a51-0f0e4bb7b0aa"))
                .setClaimId(CLAIM)
                .setPolicyId("cov-7d8e2a04-1c1f-4d43-9a51-0f0e4bb7b0aa")
                .setPoolId("pool-1")
                .setPayoutId("pay-" + CLAIM)
                .setClaimant("0x" + "AB".repeat(20))
                .setAsset("USDC")
                .setPayoutAmount(BigDecimal.valueOf(10_000))
                .setIncidentId(incidentId)
                .setRatioPpm(500_000)
                .setAmount(BigDecimal.valueOf(5_000))
                .build();
    }

    @Test
    void a_requested_claim_payout_asks_the_pool_to_reserve_the_amount_for_the_claimant() {
        ClaimPayoutRequested requested = payoutRequested("inc-bridge-hack");
        assertThat(PoolProcessManagers.onClaimEvent(requested))
                .singleElement()
                .isInstanceOfSatisfying(ReservePayout.class, reserve -> {
                    assertThat(reserve.getMetadata().getAggregateId()).isEqualTo("pool-1");
                    assertThat(reserve.getPoolId()).isEqualTo("pool-1");
                    assertThat(reserve.getPayoutId()).isEqualTo("pay-" + CLAIM);
                    assertThat(reserve.getClaimId()).isEqualTo(CLAIM);
                    assertThat(reserve.getPolicyId()).isEqualTo("cov-7d8e2a04-1c1f-4d43-9a51-0f0e4bb7b0aa");
                    // the claimant, in the canonical (lower-case) form the pool requires
                    assertThat(reserve.getRecipient()).isEqualTo("0x" + "ab".repeat(20));
                    // the amount asked for (the incident's ratio applied), not the accepted payout
                    assertThat(reserve.getAmount()).isEqualByComparingTo(BigDecimal.valueOf(5_000));
                    assertThat(reserve.getIncidentId()).isEqualTo("inc-bridge-hack");
                    assertThat(reserve.getMetadata().getCausationId())
                            .isEqualTo(requested.getMetadata().getEventId());
                    assertThat(reserve.getMetadata().getIssuedAt()).isEqualTo(AT);
                });
        assertThat(((ReservePayout) PoolProcessManagers.onClaimEvent(payoutRequested(null))
                                .getFirst())
                        .getIncidentId())
                .isNull();
        // re-delivered: the same command id
        assertThat(((ReservePayout) PoolProcessManagers.onClaimEvent(requested).getFirst())
                        .getMetadata()
                        .getCommandId())
                .isEqualTo(((ReservePayout)
                                PoolProcessManagers.onClaimEvent(requested).getFirst())
                        .getMetadata()
                        .getCommandId());
    }

    @Test
    void a_payout_the_claim_refused_is_released() {
        PayoutRefused refused = PayoutRefused.newBuilder()
                .setMetadata(meta("cov-1"))
                .setClaimId(CLAIM)
                .setPoolId("pool-1")
                .setPayoutId("pay-" + CLAIM)
                .setReason("ALREADY_SETTLED")
                .build();
        assertThat(PoolProcessManagers.onClaimEvent(refused))
                .singleElement()
                .isInstanceOfSatisfying(ReleasePayout.class, release -> {
                    assertThat(release.getMetadata().getAggregateId()).isEqualTo("pool-1");
                    assertThat(release.getPayoutId()).isEqualTo("pay-" + CLAIM);
                    assertThat(release.getClaimId()).isEqualTo(CLAIM);
                    assertThat(release.getReason()).isEqualTo("PAYOUT_REFUSED: ALREADY_SETTLED");
                });
    }

    @Test
    void other_claim_events_cause_nothing() {
        assertThat(PoolProcessManagers.onClaimEvent(ClaimClosed.newBuilder()
                        .setMetadata(meta("cov-1"))
                        .setClaimId(CLAIM)
                        .setPolicyId("cov-1")
                        .setClosure(ClaimClosure.APPEAL_REJECTED)
                        .build()))
                .isEmpty();
    }

    static SettlementRedeemed redeemed(SettlementKind kind, String referenceId) {
        return SettlementRedeemed.newBuilder()
                .setMetadata(meta("pool-1"))
                .setBatchId("0x" + "ba".repeat(32))
                .setPoolId("pool-1")
                .setLeafIndex(3)
                .setKind(kind)
                .setReferenceId(referenceId)
                .setRecipient("0x" + "ab".repeat(20))
                .setAmount(new BigDecimal("250000000000000000000"))
                .setTxHash("0x" + "7e".repeat(32))
                .setLogIndex(2)
                .setBlockNumber(120)
                .setBlockHash("0x" + "cd".repeat(32))
                .build();
    }

    @Test
    void a_redeemed_claim_payout_confirms_the_payout_named_after_the_claim() {
        assertThat(PoolProcessManagers.onChainEvent(redeemed(SettlementKind.CLAIM_PAYOUT, CLAIM)))
                .singleElement()
                .isInstanceOfSatisfying(ConfirmPayout.class, confirm -> {
                    assertThat(confirm.getMetadata().getAggregateId()).isEqualTo("pool-1");
                    assertThat(confirm.getPoolId()).isEqualTo("pool-1");
                    assertThat(confirm.getPayoutId()).isEqualTo("pay-" + CLAIM);
                    assertThat(confirm.getClaimId()).isEqualTo(CLAIM);
                    // exactly the uint256 redeemed, past a long
                    assertThat(confirm.getAmount().toBigIntegerExact())
                            .isEqualTo(new BigInteger("250000000000000000000"));
                    assertThat(confirm.getBatchId()).isEqualTo("0x" + "ba".repeat(32));
                    assertThat(confirm.getTxHash()).isEqualTo("0x" + "7e".repeat(32));
                });
    }

    @Test
    void a_redeemed_refund_or_withdrawal_confirms_no_payout() {
        assertThat(PoolProcessManagers.onChainEvent(redeemed(SettlementKind.CLAIM_REFUND, CLAIM + "/deposit")))
                .isEmpty();
        assertThat(PoolProcessManagers.onChainEvent(redeemed(SettlementKind.CAPITAL_WITHDRAWAL, "wd-1")))
                .isEmpty();
    }

    public static OnChainDepositObserved deposit(int confirmations, int required) {
        return deposit(confirmations, required, BigInteger.valueOf(2_500_000));
    }

    public static OnChainDepositObserved deposit(int confirmations, int required, BigInteger amount) {
        return OnChainDepositObserved.newBuilder()
                .setMetadata(meta("chain"))
                .setChainId(31337)
                .setTxHash("0x" + "AB".repeat(32))
                .setLogIndex(7)
                .setBlockNumber(100)
                .setBlockHash("0x" + "cd".repeat(32))
                .setContract("0x" + "9".repeat(40))
                .setPoolId("pool-1")
                .setDepositor("0x" + "F".repeat(40))
                .setAmount(new BigDecimal(amount))
                .setAsset("USDC")
                .setConfirmations(confirmations)
                .setRequiredConfirmations(required)
                .build();
    }
}
