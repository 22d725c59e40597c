package io.coverclaims.governance.domain.proposal;

import java.util.Map;

/** One action of a proposal: its kind, its target and its arguments (governance.avdl documents each kind's). */
public record ProposalAction(ProposalActionKind kind, String target, Map<String, String> arguments) {

    public ProposalAction {
        arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }
}
