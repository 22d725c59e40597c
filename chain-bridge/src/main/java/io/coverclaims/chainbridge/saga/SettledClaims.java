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
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.common.CommandMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;

/**
 * Process manager: claim.events ClaimSettled → chain.commands EnqueueSettlement (keyed by pool id). The command
 * id derives from the event id, so a re-delivered ClaimSettled is queued once.
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
        if (!(event instanceof ClaimSettled settled)
                || settled.getSettledAmount().signum() <= 0) {
            return List.of();
        }
        String poolId = settled.getPoolId();
        CommandMetadata metadata = CausedBy.metadata(settled.getMetadata(), poolId, STEP, ACTOR);
        return List.of(ChainContext.SETTLEMENT
                .mapping()
                .writeCommand(
                        new EnqueueSettlement(
                                poolId,
                                poolId,
                                SettlementKind.CLAIM_PAYOUT,
                                settled.getClaimId(),
                                settled.getRecipient(),
                                Money.of(settled.getSettledAmount().toBigIntegerExact()),
                                settled.getAsset()),
                        metadata));
    }
}
