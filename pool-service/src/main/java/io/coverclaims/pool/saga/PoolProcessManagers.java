package io.coverclaims.pool.saga;

import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.platform.streams.ProcessManagerTopology;
import io.coverclaims.platform.streams.TopologyContribution;
import io.coverclaims.pool.PoolContext;
import io.coverclaims.pool.domain.pool.PoolCommand;
import io.coverclaims.pool.domain.pool.PoolCommand.Source;
import io.coverclaims.schemas.chain.OnChainDepositObserved;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.chain.SettlementRedeemed;
import io.coverclaims.schemas.claim.ClaimPayoutRequested;
import io.coverclaims.schemas.claim.PayoutRefused;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.policy.PolicyCancelled;
import io.coverclaims.schemas.policy.PolicyDeclined;
import io.coverclaims.schemas.policy.PolicyExpired;
import io.coverclaims.schemas.policy.PolicyRequested;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;

/**
 * Pool's side of the sagas, run in pool-service's Streams application:
 * <ul>
 *   <li>policy.events: PolicyRequested → ReserveCapacity; PolicyActivated → RecordPremium;
 *       PolicyExpired / PolicyCancelled / PolicyDeclined → ReleaseCapacity;</li>
 *   <li>chain.events: OnChainDepositObserved (with its required confirmations) → DepositCapital;
 *       SettlementRedeemed of a CLAIM_PAYOUT leaf → ConfirmPayout ({@code pay-<referenceId>}: the leaf's reference id
 *       is the claim id);</li>
 *   <li>claim.events: ClaimPayoutRequested → ReservePayout (to the claimant); PayoutRefused → ReleasePayout
 *       (compensation: a reservation the claim cannot use).</li>
 * </ul>
 * Pure reactions; command ids derive from the triggering event ({@link CausedBy}), so a re-delivered event is decided once.
 * Amounts arrive as Avro {@code decimal(78, 0)} ({@link BigDecimal}) and become {@link Money} exactly: an on-chain
 * deposit of any uint256 (an 18-decimal token's wei) passes through unchanged; a value no uint256 holds (negative,
 * fractional, beyond 2^256 - 1) is never rounded: the reaction fails and the event goes to the dead-letter topic.
 */
@ApplicationScoped
public class PoolProcessManagers implements TopologyContribution {

    public static final String ACTOR = "pool-service";
    public static final String POLICY_EVENTS = "policy.events";
    public static final String CHAIN_EVENTS = "chain.events";
    public static final String CLAIM_EVENTS = "claim.events";

    @Inject
    BoundedContext context;

    @Override
    public void contribute(Topology topology) {
        ProcessManagerTopology.addTo(
                topology, "pool-policy-saga", context, List.of(POLICY_EVENTS), PoolProcessManagers::onPolicyEvent);
        ProcessManagerTopology.addTo(
                topology, "pool-chain-deposits", context, List.of(CHAIN_EVENTS), PoolProcessManagers::onChainEvent);
        ProcessManagerTopology.addTo(
                topology, "pool-claim-payouts", context, List.of(CLAIM_EVENTS), PoolProcessManagers::onClaimEvent);
    }

    /** The payout a claim's settlement redeems on chain: claim-service names it {@code pay-<claimId>}. */
    public static String payoutId(String claimId) {
        return "pay-" + claimId;
    }

    /** The reservation a policy's cover uses: one per policy, so the id is derived from the policy id. */
    public static String reservationId(String policyId) {
        return "res-" + policyId;
    }

    /** An on-chain deposit's id: its log's coordinates, unique per chain. */
    public static String depositId(String txHash, int logIndex) {
        return Ids.canonical(txHash) + ":" + logIndex;
    }

    /** An amount read from another context's event, exactly. */
    public static Money money(BigDecimal amount) {
        return Money.of(amount.toBigIntegerExact());
    }

    public static List<SpecificRecord> onPolicyEvent(SpecificRecord event) {
        return switch (event) {
            case PolicyRequested e ->
                List.of(command(
                        e.getMetadata(),
                        e.getPoolId(),
                        "reserve-capacity",
                        at -> new PoolCommand.ReserveCapacity(
                                e.getPoolId(),
                                reservationId(e.getPolicyId()),
                                e.getPolicyId(),
                                e.getProductId(),
                                money(e.getCoverAmount()),
                                e.getStartAt(),
                                e.getEndAt(),
                                at)));
            case PolicyActivated e ->
                e.getPremium().signum() <= 0
                        ? List.of()
                        : List.of(command(
                                e.getMetadata(),
                                e.getPoolId(),
                                "record-premium",
                                at -> new PoolCommand.RecordPremium(
                                        e.getPoolId(), e.getPolicyId(), money(e.getPremium()), null, at)));
            case PolicyExpired e ->
                List.of(release(
                        e.getMetadata(), e.getPoolId(), e.getReservationId(), e.getPolicyId(), "POLICY_EXPIRED"));
            case PolicyCancelled e ->
                List.of(release(
                        e.getMetadata(),
                        e.getPoolId(),
                        e.getReservationId() == null ? reservationId(e.getPolicyId()) : e.getReservationId(),
                        e.getPolicyId(),
                        "POLICY_CANCELLED: " + e.getReason()));
            // compensation: a purchase declined by policy (e.g. its reservation deadline passed) gives back any
            // capacity
            // reserved for it; a no-op when none was
            case PolicyDeclined e ->
                List.of(release(
                        e.getMetadata(),
                        e.getPoolId(),
                        reservationId(e.getPolicyId()),
                        e.getPolicyId(),
                        "POLICY_DECLINED: " + e.getReasonCode()));
            default -> List.of();
        };
    }

    public static List<SpecificRecord> onClaimEvent(SpecificRecord event) {
        return switch (event) {
            case ClaimPayoutRequested e ->
                List.of(command(
                        e.getMetadata(),
                        e.getPoolId(),
                        "reserve-payout",
                        at -> new PoolCommand.ReservePayout(
                                e.getPoolId(),
                                e.getPayoutId(),
                                e.getClaimId(),
                                e.getPolicyId(),
                                Ids.canonical(e.getClaimant()),
                                money(e.getAmount()),
                                e.getIncidentId(),
                                at)));
            // compensation: the claim refused the reservation (never asked, or settled under another payout)
            case PayoutRefused e ->
                List.of(command(
                        e.getMetadata(),
                        e.getPoolId(),
                        "release-payout",
                        at -> new PoolCommand.ReleasePayout(
                                e.getPoolId(),
                                e.getPayoutId(),
                                e.getClaimId(),
                                "PAYOUT_REFUSED: " + e.getReason(),
                                at)));
            default -> List.of();
        };
    }

    public static List<SpecificRecord> onChainEvent(SpecificRecord event) {
        if (event instanceof SettlementRedeemed e && e.getKind() == SettlementKind.CLAIM_PAYOUT) {
            return List.of(command(
                    e.getMetadata(),
                    e.getPoolId(),
                    "confirm-payout",
                    at -> new PoolCommand.ConfirmPayout(
                            e.getPoolId(),
                            payoutId(e.getReferenceId()),
                            e.getReferenceId(),
                            money(e.getAmount()),
                            e.getBatchId(),
                            e.getTxHash(),
                            at)));
        }
        if (event instanceof OnChainDepositObserved e && e.getConfirmations() >= e.getRequiredConfirmations()) {
            return List.of(command(
                    e.getMetadata(),
                    e.getPoolId(),
                    "deposit-capital",
                    at -> new PoolCommand.DepositCapital(
                            e.getPoolId(),
                            depositId(e.getTxHash(), e.getLogIndex()),
                            Ids.canonical(e.getDepositor()),
                            money(e.getAmount()),
                            null,
                            Source.CHAIN,
                            Ids.canonical(e.getTxHash()),
                            e.getLogIndex(),
                            at)));
        }
        return List.of();
    }

    private static SpecificRecord release(
            EventMetadata cause, String poolId, String reservationId, String policyId, String reason) {
        return command(
                cause,
                poolId,
                "release-capacity",
                at -> new PoolCommand.ReleaseCapacity(poolId, reservationId, policyId, reason, at));
    }

    /** The pool command a step of the saga sends, with metadata derived from its cause; {@code at} is the metadata's. */
    private static SpecificRecord command(
            EventMetadata cause, String poolId, String step, Function<Instant, PoolCommand> command) {
        CommandMetadata metadata = CausedBy.metadata(cause, poolId, step, ACTOR);
        return PoolContext.POOL.mapping().writeCommand(command.apply(metadata.getIssuedAt()), metadata);
    }
}
