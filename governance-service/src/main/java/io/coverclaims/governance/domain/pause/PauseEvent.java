package io.coverclaims.governance.domain.pause;

import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;

/** What happened to the guardian set, the pause requests and the flags. */
public sealed interface PauseEvent {

    record GuardiansSet(List<String> guardians, int threshold, String proposalId) implements PauseEvent {}

    record PauseChangeRequested(
            String requestId,
            PauseFlag flag,
            boolean paused,
            String admin,
            String reason,
            int requiredApprovals,
            Instant expiresAt,
            String scope)
            implements PauseEvent {}

    record PauseChangeApproved(String requestId, String admin, int approvals, int requiredApprovals)
            implements PauseEvent {}

    /** The flag took its new value: {@code approvers} (k guardians), or {@code breaker} (a rule, no approvers). */
    record PauseFlagChanged(
            String requestId, PauseFlag flag, boolean paused, List<String> approvers, String scope, String breaker)
            implements PauseEvent {}

    record PauseChangeExpired(String requestId, int approvals, int requiredApprovals) implements PauseEvent {}

    record CircuitBreakerTripped(
            String rule,
            PauseFlag flag,
            String scope,
            Money observed,
            Money limit,
            long thresholdPpm,
            long windowMs,
            String detail)
            implements PauseEvent {}
}
