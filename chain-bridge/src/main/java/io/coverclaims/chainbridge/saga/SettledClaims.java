package io.coverclaims.chainbridge.saga;

import io.coverclaims.chainbridge.ChainContext;
import io.coverclaims.chainbridge.domain.settlement.SettlementCommand.EnqueueSettlement;
import io.coverclaims.chainbridge.domain.settlement.SettlementKind;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.platform.streams.ProcessManager;
import io.coverclaims.platform.streams.ProcessManagerTopology;
import io.coverclaims.platform.streams.TopologyContribution;
import io.coverclaims.schemas.claim.ClaimRefundDue;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;

/**
 * Process manager: claim.events ClaimSettled → chain.commands EnqueueSettlement CLAIM_PAYOUT (reference id the claim
 * id), ClaimRefundDue → EnqueueSettlement CLAIM_REFUND (reference id the refund id, {@code <claimId>/deposit} or
 * {@code <claimId>/<appealId>/bond}), keyed by pool id. The command id derives from the event id, so a re-delivered
 * event is queued once (and the queue takes a reference id once). A payout's and a refund's leaves never collide: the
 * leaf's on-chain claim id is {@code keccak256(utf8(referenceId))} and the reference ids differ.
 */
@ApplicationScoped
public class SettledClaims implements TopologyContribution, ProcessManager {

    public static final String CLAIM_EVENTS = "claim.events";
    static final String STEP = "enqueue-settlement";
    static final String ACTOR = "chain-bridge";

    @Inject
    BoundedContext context;

    @Override
    public void contribute(Topology topology) {
        ProcessManagerTopology.addTo(topology, STEP, context, List.of(CLAIM_EVENTS), this);
    }

    @Override
    public List<SpecificRecord> react(SpecificRecord event) {
        return switch (event) {
            case ClaimSettled settled ->
                enqueue(
                        settled.getMetadata(),
                        settled.getPoolId(),
                        SettlementKind.CLAIM_PAYOUT,
                        settled.getClaimId(),
                        settled.getRecipient(),
                        settled.getSettledAmount(),
                        settled.getAsset());
            case ClaimRefundDue refund ->
                enqueue(
                        refund.getMetadata(),
                        refund.getPoolId(),
                        SettlementKind.CLAIM_REFUND,
                        refund.getRefundId(),
                        refund.getRecipient(),
                        refund.getAmount(),
                        refund.getAsset());
            default -> List.of();
        };
    }

    /** One EnqueueSettlement on the pool's queue, caused by {@code cause}; nothing for a zero amount. */
    private static List<SpecificRecord> enqueue(
            EventMetadata cause,
            String poolId,
            SettlementKind kind,
            String referenceId,
            String recipient,
            BigDecimal amount,
            String asset) {
        if (amount.signum() <= 0) {
            return List.of();
        }
        CommandMetadata metadata = CausedBy.metadata(cause, poolId, STEP, ACTOR);
        return List.of(ChainContext.SETTLEMENT
                .mapping()
                .writeCommand(
                        new EnqueueSettlement(
                                poolId,
                                poolId,
                                kind,
                                referenceId,
                                recipient,
                                Money.of(amount.toBigIntegerExact()),
                                asset),
                        metadata));
    }
}
