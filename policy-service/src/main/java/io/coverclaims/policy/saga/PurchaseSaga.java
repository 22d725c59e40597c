package io.coverclaims.policy.saga;

import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.platform.streams.ProcessManager;
import io.coverclaims.schemas.policy.ActivatePolicy;
import io.coverclaims.schemas.policy.DeclinePolicy;
import io.coverclaims.schemas.pool.CapacityReservationDeclined;
import io.coverclaims.schemas.pool.CapacityReserved;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Policy's side of the purchase saga, reacting to pool.events: a reservation activates the policy, a refused
 * reservation declines it with the pool's reason. Command ids derive from the pool's event ids, so a re-delivered
 * event is decided once. What the policy does with a reservation that arrives too late (declined or cancelled
 * already) is the decider's business: it releases it (see {@code PolicyRules}).
 */
public final class PurchaseSaga implements ProcessManager {

    public static final String ACTOR = "policy-service";

    @Override
    public List<SpecificRecord> react(SpecificRecord event) {
        return switch (event) {
            case CapacityReserved reserved ->
                List.of(ActivatePolicy.newBuilder()
                        .setMetadata(CausedBy.metadata(
                                reserved.getMetadata(), reserved.getPolicyId(), "activate-policy", ACTOR))
                        .setPolicyId(reserved.getPolicyId())
                        .setPoolId(reserved.getPoolId())
                        .setReservationId(reserved.getReservationId())
                        .setReservedAmount(reserved.getAmount())
                        .build());
            case CapacityReservationDeclined declined ->
                List.of(DeclinePolicy.newBuilder()
                        .setMetadata(CausedBy.metadata(
                                declined.getMetadata(), declined.getPolicyId(), "decline-policy", ACTOR))
                        .setPolicyId(declined.getPolicyId())
                        .setReasonCode(declined.getReasonCode())
                        .setReason("pool " + declined.getPoolId() + " declined the reservation of "
                                + declined.getRequestedAmount() + ": " + declined.getReasonCode() + " (available "
                                + declined.getAvailableCapacity() + ")")
                        .setAvailableCapacity(declined.getAvailableCapacity())
                        .build());
            default -> List.of();
        };
    }
}
