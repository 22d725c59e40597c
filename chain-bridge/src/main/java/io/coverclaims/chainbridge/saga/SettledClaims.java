package io.coverclaims.chainbridge.settlement;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;

import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.platform.streams.ProcessManager;
import io.coverclaims.platform.streams.ProcessManagerTopology;
import io.coverclaims.platform.streams.TopologyContribution;
import io.coverclaims.schemas.chain.EnqueueSettlement;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.claim.ClaimSettled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Process manager: claim.events ClaimSettled → chain.commands EnqueueSettlement (keyed by pool id). The command
 * id derives from the event id, so a re-delivered ClaimSettled is queued once.
 */
@ApplicationScoped
public class SettledClaims implements TopologyContribution, ProcessManager {

    public static final String CLAIM_EVENTS = "claim.events";
    static final String STEP = "enqueue-settlement";

    @Inject
    BoundedContext context;

    @Override
    public void contribute(Topology topology) {
        ProcessManagerTopology.addTo(topology, STEP, context, List.of(CLAIM_EVENTS), this);
    }

    @Override
    public List<SpecificRecord> react(SpecificRecord event) {
        if (!(event instanceof ClaimSettled settled) || settled.getSettledAmount() <= 0) {
            return List.of();
        }
        return List.of(EnqueueSettlement.newBuilder()
                .setMetadata(CausedBy.metadata(settled.getMetadata(), settled.getPoolId(), STEP, "chain-bridge"))
                .setPoolId(settled.getPoolId())
                .setKind(SettlementKind.CLAIM_PAYOUT)
                .setReferenceId(settled.getClaimId())
                .setRecipient(settled.getRecipient())
                .setAmount(settled.getSettledAmount())
                .setAsset(settled.getAsset())
                .build());
    }
}
