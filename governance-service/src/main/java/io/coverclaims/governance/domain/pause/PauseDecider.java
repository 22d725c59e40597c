package io.coverclaims.governance.domain.pause;

import io.coverclaims.governance.domain.pause.PauseCommand.ApprovePauseChange;
import io.coverclaims.governance.domain.pause.PauseCommand.ExpirePauseChange;
import io.coverclaims.governance.domain.pause.PauseCommand.RequestPauseChange;
import io.coverclaims.governance.domain.pause.PauseCommand.SetGuardians;
import io.coverclaims.governance.domain.pause.PauseCommand.TripCircuitBreaker;
import io.coverclaims.governance.domain.pause.PauseEvent.CircuitBreakerTripped;
import io.coverclaims.governance.domain.pause.PauseEvent.GuardiansSet;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseChangeApproved;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseChangeExpired;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseChangeRequested;
import io.coverclaims.governance.domain.pause.PauseEvent.PauseFlagChanged;
import io.coverclaims.governance.domain.pause.PauseState.Board;
import io.coverclaims.governance.domain.pause.PauseState.NoBoard;
import io.coverclaims.governance.domain.pause.PauseState.Pending;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import java.util.ArrayList;
import java.util.List;

/**
 * The emergency pause (one aggregate, {@code pause-flags}): the guardian set and its threshold k ({@link
 * GuardianRules}), k-of-n pause and unpause requests, their expiry, and circuit-breaker trips ({@link PauseRules}).
 */
public final class PauseDecider {

    /** The single aggregate id. */
    public static final String AGGREGATE_ID = "pause-flags";

    static final String APPLIED = "APPLIED";
    static final String EXPIRED = "EXPIRED";

    public static final Decider<PauseCommand, PauseEvent, PauseState> DECIDER =
            Decider.of(new NoBoard(), PauseDecider::decide, PauseDecider::evolve);

    private PauseDecider() {}

    static Decision<PauseEvent> decide(PauseCommand command, PauseState state) {
        Board board = state instanceof Board b ? b : Board.empty();
        boolean guarded = state instanceof Board b && !b.guardians().isEmpty();
        return switch (command) {
            case SetGuardians c -> GuardianRules.set(c, board, guarded);
            case RequestPauseChange c -> PauseRules.request(c, board);
            case ApprovePauseChange c -> PauseRules.approve(c, board);
            case ExpirePauseChange c -> PauseRules.expire(c, board);
            case TripCircuitBreaker c -> PauseRules.trip(c, board);
        };
    }

    static PauseState evolve(PauseState state, PauseEvent event) {
        Board board = state instanceof Board b ? b : Board.empty();
        return switch (event) {
            case GuardiansSet e -> board.withGuardians(e.guardians(), e.threshold());
            case PauseChangeRequested e ->
                board.withPending(new Pending(
                        e.requestId(),
                        e.flag(),
                        e.scope(),
                        e.paused(),
                        e.requiredApprovals(),
                        e.expiresAt(),
                        List.of(e.admin())));
            case PauseChangeApproved e -> {
                Pending pending = board.pending().get(e.requestId());
                if (pending == null) {
                    yield board;
                }
                List<String> approvers = new ArrayList<>(pending.approvers());
                approvers.add(e.admin());
                yield board.withPending(new Pending(
                        pending.requestId(),
                        pending.flag(),
                        pending.scope(),
                        pending.paused(),
                        pending.requiredApprovals(),
                        pending.expiresAt(),
                        List.copyOf(approvers)));
            }
            case PauseFlagChanged e -> {
                Board flagged = board.withFlag(e.flag(), e.scope(), e.paused());
                yield flagged.pending().containsKey(e.requestId()) ? flagged.settle(e.requestId(), APPLIED) : flagged;
            }
            case PauseChangeExpired e -> board.settle(e.requestId(), EXPIRED);
            case CircuitBreakerTripped e -> board;
        };
    }
}
