package io.coverclaims.governance.domain.pause;

import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.List;

/** What the pause flags (the single aggregate {@code pause-flags}) are asked to do. */
public sealed interface PauseCommand {

    /** Genesis (proposalId null: only while no guardian set exists) or an executed SET_GUARDIANS proposal. */
    record SetGuardians(List<String> guardians, int threshold, String proposalId, Instant at) implements PauseCommand {}

    /** A guardian ({@code admin}, the signer) asks to set or clear a flag; it counts as the first approval. */
    record RequestPauseChange(
            String requestId,
            PauseFlag flag,
            boolean paused,
            String admin,
            String reason,
            String scope,
            Long ttlMs,
            Instant at)
            implements PauseCommand {}

    /** Another guardian approves a pending request. */
    record ApprovePauseChange(String requestId, String admin, Instant at) implements PauseCommand {}

    /** The scheduler, at the request's expiresAt. */
    record ExpirePauseChange(String requestId, Instant at) implements PauseCommand {}

    /** The circuit-breaker saga saw a rule broken: pauses the flag for the scope, once. */
    record TripCircuitBreaker(
            String rule,
            PauseFlag flag,
            String scope,
            Money observed,
            Money limit,
            long thresholdPpm,
            long windowMs,
            String detail,
            Instant at)
            implements PauseCommand {}
}
