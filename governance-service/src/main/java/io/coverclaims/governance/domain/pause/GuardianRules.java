package io.coverclaims.governance.domain.pause;

import io.coverclaims.governance.domain.pause.PauseCommand.SetGuardians;
import io.coverclaims.governance.domain.pause.PauseEvent.GuardiansSet;
import io.coverclaims.governance.domain.pause.PauseState.Board;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.ids.Ids;
import java.util.List;
import java.util.Optional;

/**
 * The guardian set: genesis sets it only while none exists (a restart's genesis is refused harmlessly,
 * GUARDIANS_ALREADY_SET); an executed SET_GUARDIANS proposal replaces it. At least one distinct address, 1 <= k <= n.
 * Requests pending when the set changes keep the threshold they were made with; only current guardians approve them.
 */
final class GuardianRules {

    private GuardianRules() {}

    static Decision<PauseEvent> set(SetGuardians c, Board board, boolean guarded) {
        if (c.proposalId() == null && guarded) {
            return Decision.reject(
                    "GUARDIANS_ALREADY_SET",
                    "the guardian set exists: only an executed proposal (SET_GUARDIANS) changes it",
                    "proposalId");
        }
        Optional<GuardianSet.Invalid> invalid = GuardianSet.check(c.guardians(), c.threshold());
        if (invalid.isPresent()) {
            return Decision.reject(
                    invalid.get().code(), invalid.get().message(), invalid.get().field());
        }
        List<String> guardians = c.guardians().stream().map(Ids::canonical).toList();
        return Decision.accept(new GuardiansSet(guardians, c.threshold(), c.proposalId()));
    }
}
