package io.coverclaims.policy.saga;

import io.coverclaims.platform.decider.Rejection;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.platform.streams.ProcessManager;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.policy.ActivatePolicy;
import io.coverclaims.schemas.policy.DeclinePolicy;
import io.coverclaims.schemas.pool.CapacityReservationDeclined;
import io.coverclaims.schemas.pool.CapacityReserved;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Policy's side of the purchase saga, reacting to pool.events: a reservation activates the policy, a refused
 * reservation declines it with the pool's reason; and to pool.command-outcomes: a ReserveCapacity the pool rejected
 * outright (or could not decide) declines the policy at once with the outcome's reason code. Command ids derive from the pool's event ids, so a re-delivered
 * event is decided once. What the policy does with a reservation that arrives too late (declined or cancelled
 * already) is the decider's business: it releases it (see {@code PolicyRules}).
 */
public final class PurchaseSaga implements ProcessManager {

    public static final String ACTOR = "policy-service";
    /** The pool command a purchase asks for; a REJECTED outcome of it on pool.command-outcomes declines the policy. */
    public static final String RESERVE_CAPACITY = "io.coverclaims.schemas.pool.ReserveCapacity";

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
                                + declined.getRequestedAmount().toPlainString() + ": " + declined.getReasonCode()
                                + " (available "
                                + declined.getAvailableCapacity().toPlainString() + ")")
                        .setAvailableCapacity(declined.getAvailableCapacity())
                        .build());
            case CommandOutcome outcome -> refusedReservation(outcome);
            default -> List.of();
        };
    }

    /**
     * The pool refused a ReserveCapacity command outright (a REJECTED outcome: an amount out of range, a decider that
     * threw and dead-lettered it, ...): the purchase is declined at once with the pool's reason instead of waiting for
     * its reservation deadline. The outcome's aggregate is the pool; the policy is its correlation id, which a
     * purchase carries from BuyCover through PolicyRequested to pool-service's ReserveCapacity. An outcome whose
     * correlation id is no policy id (a command not of a purchase) is left alone: the deadline still declines it.
     */
    static List<SpecificRecord> refusedReservation(CommandOutcome outcome) {
        if (outcome.getStatus() != CommandStatus.REJECTED
                || !RESERVE_CAPACITY.equals(outcome.getCommandType())
                || outcome.getCorrelationId() == null
                || !outcome.getCorrelationId().matches(Ids.COVER_ID)) {
            return List.of();
        }
        String policyId = outcome.getCorrelationId();
        String reasonCode = outcome.getReasonCode() == null ? Rejection.PROCESSING_FAILED : outcome.getReasonCode();
        CommandMetadata metadata = CommandMetadata.newBuilder()
                .setCommandId(UUID.nameUUIDFromBytes(("outcome/" + outcome.getCommandId() + "/decline-policy")
                                .getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setAggregateId(policyId)
                .setExpectedVersion(null)
                .setCorrelationId(policyId)
                .setCausationId(outcome.getCommandId())
                .setIssuedAt(outcome.getDecidedAt())
                .setActor(ACTOR)
                .build();
        return List.of(DeclinePolicy.newBuilder()
                .setMetadata(metadata)
                .setPolicyId(policyId)
                .setReasonCode(reasonCode)
                .setReason("pool " + outcome.getAggregateId() + " refused the reservation: " + reasonCode
                        + (outcome.getField() == null ? "" : " (" + outcome.getField() + ")")
                        + (outcome.getReasonMessage() == null ? "" : ": " + outcome.getReasonMessage()))
                .setAvailableCapacity(null)
                .build());
    }
}
