package io.coverclaims.claim.saga;

import io.coverclaims.claim.ClaimParameters;
import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.platform.schedule.DeadlineScheduler;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.platform.streams.ProcessManagerTopology;
import io.coverclaims.platform.streams.TopologyContribution;
import io.coverclaims.schemas.chain.ClaimBondKind;
import io.coverclaims.schemas.chain.ClaimBondObserved;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.chain.SettlementRedeemed;
import io.coverclaims.schemas.claim.AdmitIncidentClaim;
import io.coverclaims.schemas.claim.ClaimAccepted;
import io.coverclaims.schemas.claim.ClaimClosed;
import io.coverclaims.schemas.claim.ClaimSubmitted;
import io.coverclaims.schemas.claim.IncidentClaimReleased;
import io.coverclaims.schemas.claim.MarkClaimPaid;
import io.coverclaims.schemas.claim.ParametricClaimOpened;
import io.coverclaims.schemas.claim.RecordAppealBond;
import io.coverclaims.schemas.claim.RecordClaimDeposit;
import io.coverclaims.schemas.claim.RecordPayoutDeclined;
import io.coverclaims.schemas.claim.RegisterIncidentClaim;
import io.coverclaims.schemas.claim.ReleaseClaimPayout;
import io.coverclaims.schemas.claim.ResolveIncidentClaim;
import io.coverclaims.schemas.claim.SettleClaim;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.pool.PayoutReservationDeclined;
import io.coverclaims.schemas.pool.PayoutReserved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;

/**
 * Claim-service's side of the sagas, in its Streams application (pure reactions; each command's id derives from the
 * event that caused it, so a re-delivered event is decided once):
 * <ul>
 *   <li>chain.events: ClaimBondObserved (confirmed) → RecordClaimDeposit / RecordAppealBond; SettlementRedeemed of a
 *       claim payout → MarkClaimPaid;</li>
 *   <li>pool.events: PayoutReserved for a claim → SettleClaim; PayoutReservationDeclined → RecordPayoutDeclined;</li>
 *   <li>claim.events (its own, through the deadline scheduler, which reads that topic: {@link ClaimDeadlines}): a
 *       claim naming an incident is registered with it when submitted (or opened by a trigger), admitted when accepted, resolved when closed;
 *       IncidentClaimReleased → ReleaseClaimPayout; and the claim deadlines.</li>
 * </ul>
 * A bond paid on-chain for a string that is no claim id is ignored here (the money stays in the pool contract, as
 * anything sent to it by mistake; docs/claims.md).
 */
@ApplicationScoped
public class ClaimSagas implements TopologyContribution {

    public static final String ACTOR = "claim-service";
    public static final String CHAIN_EVENTS = "chain.events";
    public static final String POOL_EVENTS = "pool.events";

    @Inject
    BoundedContext context;

    @Inject
    ClaimParameters parameters;

    @Override
    public void contribute(Topology topology) {
        addTo(topology, context, CHAIN_EVENTS, POOL_EVENTS, parameters.deadlineCheckInterval());
    }

    /** Also used by tests that run the topology on topics of their own. */
    public static Topology addTo(
            Topology topology,
            BoundedContext context,
            String chainEvents,
            String poolEvents,
            Duration deadlineCheckInterval) {
        ProcessManagerTopology.addTo(topology, "claim-chain", context, List.of(chainEvents), ClaimSagas::onChainEvent);
        ProcessManagerTopology.addTo(topology, "claim-pool", context, List.of(poolEvents), ClaimSagas::onPoolEvent);
        DeadlineScheduler.addTo(
                topology,
                "claim-schedule",
                context,
                List.of(context.eventsTopic()),
                new ClaimDeadlines(),
                deadlineCheckInterval);
        return topology;
    }

    public static List<SpecificRecord> onChainEvent(SpecificRecord event) {
        return switch (event) {
            case ClaimBondObserved e
            when e.getConfirmations() >= e.getRequiredConfirmations() && ClaimIds.isClaimId(e.getClaimId()) -> {
                String claimId = e.getClaimId();
                CommandMetadata metadata =
                        metadata(e.getMetadata(), ClaimIds.policyIdOf(claimId), "record-" + e.getKind());
                if (e.getKind() == ClaimBondKind.CLAIM_DEPOSIT) {
                    yield List.of(RecordClaimDeposit.newBuilder()
                            .setMetadata(metadata)
                            .setClaimId(claimId)
                            .setPayer(e.getPayer())
                            .setAmount(e.getAmount())
                            .setTxHash(e.getTxHash())
                            .setLogIndex(e.getLogIndex())
                            .build());
                }
                if (e.getKind() == ClaimBondKind.APPEAL_BOND) {
                    yield List.of(RecordAppealBond.newBuilder()
                            .setMetadata(metadata)
                            .setClaimId(claimId)
                            .setPayer(e.getPayer())
                            .setAmount(e.getAmount())
                            .setTxHash(e.getTxHash())
                            .setLogIndex(e.getLogIndex())
                            .build());
                }
                yield List.of();
            }
            case SettlementRedeemed e
            when e.getKind() == SettlementKind.CLAIM_PAYOUT && ClaimIds.isClaimId(e.getReferenceId()) ->
                List.of(MarkClaimPaid.newBuilder()
                        .setMetadata(metadata(e.getMetadata(), ClaimIds.policyIdOf(e.getReferenceId()), "mark-paid"))
                        .setClaimId(e.getReferenceId())
                        .setBatchId(e.getBatchId())
                        .setRecipient(e.getRecipient())
                        .setAmount(e.getAmount())
                        .setTxHash(e.getTxHash())
                        .setBlockNumber(e.getBlockNumber())
                        .build());
            default -> List.of();
        };
    }

    public static List<SpecificRecord> onPoolEvent(SpecificRecord event) {
        return switch (event) {
            case PayoutReserved e
            when ClaimIds.isClaimId(e.getClaimId()) ->
                List.of(SettleClaim.newBuilder()
                        .setMetadata(metadata(e.getMetadata(), ClaimIds.policyIdOf(e.getClaimId()), "settle"))
                        .setClaimId(e.getClaimId())
                        .setPoolId(e.getPoolId())
                        .setPayoutId(e.getPayoutId())
                        .setReservedAmount(e.getReservedAmount())
                        .setProRataPpm(e.getProRataPpm())
                        .build());
            case PayoutReservationDeclined e
            when ClaimIds.isClaimId(e.getClaimId()) ->
                List.of(RecordPayoutDeclined.newBuilder()
                        .setMetadata(metadata(e.getMetadata(), ClaimIds.policyIdOf(e.getClaimId()), "payout-declined"))
                        .setClaimId(e.getClaimId())
                        .setPayoutId(e.getPayoutId())
                        .setReason(e.getReasonCode())
                        .build());
            default -> List.of();
        };
    }

    public static List<SpecificRecord> onClaimEvent(SpecificRecord event) {
        return switch (event) {
            case ClaimSubmitted e
            when e.getIncidentId() != null ->
                List.of(RegisterIncidentClaim.newBuilder()
                        .setMetadata(metadata(e.getMetadata(), e.getIncidentId(), "register-with-incident"))
                        .setIncidentId(e.getIncidentId())
                        .setClaimId(e.getClaimId())
                        .setPolicyId(e.getPolicyId())
                        .setPoolId(e.getPoolId())
                        .setSubmittedAt(e.getMetadata().getOccurredAt())
                        .build());
            case ParametricClaimOpened e ->
                List.of(RegisterIncidentClaim.newBuilder()
                        .setMetadata(metadata(e.getMetadata(), e.getIncidentId(), "register-with-incident"))
                        .setIncidentId(e.getIncidentId())
                        .setClaimId(e.getClaimId())
                        .setPolicyId(e.getPolicyId())
                        .setPoolId(e.getPoolId())
                        .setSubmittedAt(e.getMetadata().getOccurredAt())
                        .build());
            case ClaimAccepted e
            when e.getIncidentId() != null ->
                List.of(AdmitIncidentClaim.newBuilder()
                        .setMetadata(metadata(e.getMetadata(), e.getIncidentId(), "admit-to-incident"))
                        .setIncidentId(e.getIncidentId())
                        .setClaimId(e.getClaimId())
                        .setPolicyId(e.getPolicyId())
                        .setPoolId(e.getPoolId())
                        .setPayoutAmount(e.getPayoutAmount())
                        .build());
            case ClaimClosed e
            when e.getIncidentId() != null ->
                List.of(ResolveIncidentClaim.newBuilder()
                        .setMetadata(metadata(e.getMetadata(), e.getIncidentId(), "resolve-with-incident"))
                        .setIncidentId(e.getIncidentId())
                        .setClaimId(e.getClaimId())
                        .setReason(e.getClosure().name())
                        .build());
            case IncidentClaimReleased e ->
                List.of(ReleaseClaimPayout.newBuilder()
                        .setMetadata(metadata(e.getMetadata(), e.getPolicyId(), "release-payout"))
                        .setClaimId(e.getClaimId())
                        .setIncidentId(e.getIncidentId())
                        .setRatioPpm(e.getRatioPpm())
                        .build());
            default -> List.of();
        };
    }

    private static CommandMetadata metadata(EventMetadata cause, String aggregateId, String step) {
        return CausedBy.metadata(cause, aggregateId, step, ACTOR);
    }
}
