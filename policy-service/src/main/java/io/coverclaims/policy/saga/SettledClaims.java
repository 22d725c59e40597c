package io.coverclaims.policy.saga;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.platform.streams.ProcessManager;
import io.coverclaims.policy.PolicyContext;
import io.coverclaims.policy.domain.cover.CoverCommand.ReduceCover;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.common.CommandMetadata;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Policy's side of the claims saga, reacting to claim.events: a settled claim uses up the cover it was settled for
 * (ClaimSettled → ReduceCover of its settledAmount, the amount the pool reserved and the claimant redeems; nothing for
 * a settlement of 0). A policy whose cover is used up closes ({@code CoverState.Exhausted}). The command id derives
 * from the claim event, so a re-delivered ClaimSettled is decided once; the decider also reduces once per claim id.
 */
public final class SettledClaims implements ProcessManager {

    public static final String ACTOR = "policy-service";
    static final String STEP = "reduce-cover";

    @Override
    public List<SpecificRecord> react(SpecificRecord event) {
        if (!(event instanceof ClaimSettled settled)
                || settled.getSettledAmount().signum() <= 0) {
            return List.of();
        }
        CommandMetadata metadata = CausedBy.metadata(settled.getMetadata(), settled.getPolicyId(), STEP, ACTOR);
        return List.of(PolicyContext.COVER
                .mapping()
                .writeCommand(
                        new ReduceCover(
                                settled.getPolicyId(),
                                settled.getClaimId(),
                                Money.of(settled.getSettledAmount().toBigIntegerExact()),
                                metadata.getIssuedAt()),
                        metadata));
    }
}
