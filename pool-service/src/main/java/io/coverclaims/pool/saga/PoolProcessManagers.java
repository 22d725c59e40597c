package io.coverclaims.pool.saga;

import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.platform.streams.ProcessManagerTopology;
import io.coverclaims.platform.streams.TopologyContribution;
import io.coverclaims.schemas.chain.OnChainDepositObserved;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.policy.PolicyCancelled;
import io.coverclaims.schemas.policy.PolicyDeclined;
import io.coverclaims.schemas.policy.PolicyExpired;
import io.coverclaims.schemas.policy.PolicyRequested;
import io.coverclaims.schemas.pool.DepositCapital;
import io.coverclaims.schemas.pool.FundsSource;
import io.coverclaims.schemas.pool.RecordPremium;
import io.coverclaims.schemas.pool.ReleaseCapacity;
import io.coverclaims.schemas.pool.ReserveCapacity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;

import java.util.List;
import java.util.Locale;

/**
 * Pool's side of the sagas, run in pool-service's Streams application:
 * <ul>
 *   <li>policy.events: PolicyRequested → ReserveCapacity; PolicyActivated → RecordPremium;
 *       PolicyExpired / PolicyCancelled / PolicyDeclined → ReleaseCapacity;</li>
 *   <li>chain.events: OnChainDepositObserved (with its required confirmations) → DepositCapital.</li>
 * </ul>
 * Pure reactions; command ids derive from the triggering event ({@link CausedBy}), so a re-delivered event is decided once.
 */
@ApplicationScoped
public class PoolProcessManagers implements TopologyContribution {

    public static final String ACTOR = "pool-service";
    public static final String POLICY_EVENTS = "policy.events";
    public static final String CHAIN_EVENTS = "chain.events";

    @Inject
    BoundedContext context;

    @Override
    public void contribute(Topology topology) {
        ProcessManagerTopology.addTo(topology, "pool-policy-saga", context, List.of(POLICY_EVENTS), PoolProcessManagers::onPolicyEvent);
        ProcessManagerTopology.addTo(topology, "pool-chain-deposits", context, List.of(CHAIN_EVENTS), PoolProcessManagers::onChainEvent);
    }

    /** The reservation a policy's cover uses: one per policy, so the id is derived from the policy id. */
    public static String reservationId(String policyId) {
        return "res-" + policyId;
    }

    /** An on-chain deposit's id: its log's coordinates, unique per chain. */
    public static String depositId(String txHash, int logIndex) {
        return txHash.toLowerCase(Locale.ROOT) + ":" + logIndex;
    }

    public static List<SpecificRecord> onPolicyEvent(SpecificRecord event) {
        return switch (event) {
            case PolicyRequested e -> List.of(ReserveCapacity.newBuilder()
                    .setMetadata(CausedBy.metadata(e.getMetadata(), e.getPoolId(), "reserve-capacity", ACTOR))
                    .setPoolId(e.getPoolId()).setReservationId(reservationId(e.getPolicyId())).setPolicyId(e.getPolicyId())
                    .setProductId(e.getProductId()).setAmount(e.getCoverAmount())
                    .setCoverStartsAt(e.getStartAt()).setCoverEndsAt(e.getEndAt()).build());
            case PolicyActivated e -> e.getPremium() <= 0 ? List.of() : List.of(RecordPremium.newBuilder()
                    .setMetadata(CausedBy.metadata(e.getMetadata(), e.getPoolId(), "record-premium", ACTOR))
                    .setPoolId(e.getPoolId()).setPolicyId(e.getPolicyId()).setAmount(e.getPremium()).setPaymentRef(null).build());
            case PolicyExpired e -> List.of(release(e.getMetadata(), e.getPoolId(), e.getReservationId(), e.getPolicyId(), "POLICY_EXPIRED"));
            case PolicyCancelled e -> List.of(release(e.getMetadata(), e.getPoolId(),
                    e.getReservationId() == null ? reservationId(e.getPolicyId()) : e.getReservationId(), e.getPolicyId(),
                    "POLICY_CANCELLED: " + e.getReason()));
            // compensation: a purchase declined by policy (e.g. its reservation deadline passed) gives back any capacity
            // reserved for it; a no-op when none was
            case PolicyDeclined e -> List.of(release(e.getMetadata(), e.getPoolId(), reservationId(e.getPolicyId()), e.getPolicyId(),
                    "POLICY_DECLINED: " + e.getReasonCode()));
            default -> List.of();
        };
    }

    public static List<SpecificRecord> onChainEvent(SpecificRecord event) {
        if (event instanceof OnChainDepositObserved e && e.getConfirmations() >= e.getRequiredConfirmations()) {
            return List.of(DepositCapital.newBuilder()
                    .setMetadata(CausedBy.metadata(e.getMetadata(), e.getPoolId(), "deposit-capital", ACTOR))
                    .setPoolId(e.getPoolId()).setDepositId(depositId(e.getTxHash(), e.getLogIndex()))
                    .setProvider(e.getDepositor().toLowerCase(Locale.ROOT)).setAmount(e.getAmount()).setTrancheId(null)
                    .setSource(FundsSource.CHAIN).setTxHash(e.getTxHash().toLowerCase(Locale.ROOT)).setLogIndex(e.getLogIndex())
                    .build());
        }
        return List.of();
    }

    private static ReleaseCapacity release(io.coverclaims.schemas.common.EventMetadata cause, String poolId, String reservationId,
                                           String policyId, String reason) {
        return ReleaseCapacity.newBuilder().setMetadata(CausedBy.metadata(cause, poolId, "release-capacity", ACTOR))
                .setPoolId(poolId).setReservationId(reservationId).setPolicyId(policyId).setReason(reason).build();
    }
}
