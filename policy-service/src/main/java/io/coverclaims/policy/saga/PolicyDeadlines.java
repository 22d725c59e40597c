package io.coverclaims.policy.saga;

import io.coverclaims.platform.schedule.Deadline;
import io.coverclaims.platform.schedule.DeadlinePlanner;
import io.coverclaims.platform.schedule.DeadlineScheduler;
import io.coverclaims.policy.PolicyContext;
import io.coverclaims.policy.domain.cover.CoverDecider;
import io.coverclaims.policy.domain.cover.CoverEvent;
import io.coverclaims.schemas.policy.DeclinePolicy;
import io.coverclaims.schemas.policy.ExpirePolicy;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.policy.PolicyCancelled;
import io.coverclaims.schemas.policy.PolicyDeclined;
import io.coverclaims.schemas.policy.PolicyExpired;
import io.coverclaims.schemas.policy.PolicyRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The policy's deadlines, planned from policy.events:
 * <ul>
 *   <li>PolicyRequested: if the pool has not answered by the request's reservationDeadline, DeclinePolicy
 *       (RESERVATION_TIMEOUT);</li>
 *   <li>PolicyActivated: ExpirePolicy at the end of cover; the reservation deadline is dropped;</li>
 *   <li>PolicyDeclined / PolicyCancelled / PolicyExpired: the deadlines of the policy are dropped.</li>
 * </ul>
 * A deadline that fires anyway (e.g. the activation and the timeout cross) is harmless: the decider treats a
 * late DeclinePolicy or ExpirePolicy as nothing to do.
 */
public final class PolicyDeadlines implements DeadlinePlanner {

    public static final String ACTOR = "policy-service/scheduler";

    /** The edge clock's offset (coverclaims.clock.offset): the times in events are on that clock. */
    private final Duration clockOffset;

    public PolicyDeadlines() {
        this(Duration.ZERO);
    }

    /**
     * @param clockOffset the edge clock's offset from the real one ({@code coverclaims.clock.offset}, a demonstration
     *     setting): the reservation time-out is waited for in real time (the scheduler's clock), so a purchase gets its
     *     full {@code RESERVATION_TIMEOUT} whatever the edge clock says; the end of cover stays on the edge's clock.
     */
    public PolicyDeadlines(Duration clockOffset) {
        this.clockOffset = clockOffset;
    }

    static String reservationKey(String policyId) {
        return "reservation/" + policyId;
    }

    static String expiryKey(String policyId) {
        return "expiry/" + policyId;
    }

    @Override
    public List<Deadline> plan(SpecificRecord event) {
        return switch (event) {
            case PolicyRequested requested -> {
                // read through the aggregate's mapping: purchases recorded before the field existed get theirs by its
                // upcast
                Instant due =
                        ((CoverEvent.PolicyRequested) PolicyContext.COVER.readEvent(requested)).reservationDeadline();
                yield List.of(Deadline.at(
                        reservationKey(requested.getPolicyId()),
                        due.minus(clockOffset),
                        DeclinePolicy.newBuilder()
                                .setMetadata(DeadlineScheduler.metadata(
                                        requested.getMetadata(),
                                        requested.getPolicyId(),
                                        "reservation-timeout",
                                        ACTOR,
                                        due))
                                .setPolicyId(requested.getPolicyId())
                                .setReasonCode(CoverDecider.RESERVATION_TIMEOUT_CODE)
                                .setReason(
                                        "pool " + requested.getPoolId() + " did not answer the reservation by " + due)
                                .setAvailableCapacity(null)
                                .build()));
            }
            case PolicyActivated activated ->
                List.of(
                        Deadline.cancel(reservationKey(activated.getPolicyId())),
                        Deadline.at(
                                expiryKey(activated.getPolicyId()),
                                activated.getEndAt(),
                                ExpirePolicy.newBuilder()
                                        .setMetadata(DeadlineScheduler.metadata(
                                                activated.getMetadata(),
                                                activated.getPolicyId(),
                                                "expire",
                                                ACTOR,
                                                activated.getEndAt()))
                                        .setPolicyId(activated.getPolicyId())
                                        .build()));
            case PolicyDeclined declined -> List.of(Deadline.cancel(reservationKey(declined.getPolicyId())));
            case PolicyCancelled cancelled ->
                List.of(
                        Deadline.cancel(reservationKey(cancelled.getPolicyId())),
                        Deadline.cancel(expiryKey(cancelled.getPolicyId())));
            case PolicyExpired expired -> List.of(Deadline.cancel(expiryKey(expired.getPolicyId())));
            default -> List.of();
        };
    }
}
