package io.coverclaims.platform.governance;

import io.coverclaims.platform.decider.Rejection;

/**
 * The rules of the pause gate that the command processor and the REST edge share: who is refused (a caller) and
 * who waits (a saga or a scheduler), and the refusal a caller gets.
 */
public final class PauseGate {

    /** The field a {@code PAUSED} refusal names. */
    public static final String FIELD = "capability";

    private PauseGate() {}

    /**
     * Whether {@code actor} is a caller, answered at once ({@code PAUSED}) rather than made to wait: an operator
     * ({@code operator:<name>}), a wallet ({@code 0x...}), or a request without an actor ({@code anonymous}, the edge's
     * default). Any other actor is a context's own process (a saga such as {@code claim-service}, a scheduler such as
     * {@code policy-service/scheduler}, chain-bridge's observer): its command waits for the unpause.
     */
    public static boolean isCaller(String actor) {
        return actor == null
                || actor.startsWith("operator:")
                || actor.startsWith("0x")
                || actor.startsWith("0X")
                || actor.equals("anonymous");
    }

    /** The refusal of a caller's command: it names the capability, its scope and the pause request. */
    public static Rejection refusal(String commandType, PauseKey needed, Pause pause) {
        String simpleName = commandType.substring(commandType.lastIndexOf('.') + 1);
        return new Rejection(
                Rejection.PAUSED,
                simpleName + " needs " + needed.describe() + ", which is paused: " + pause.describe()
                        + "; nothing was changed, send the request again once the pause is lifted",
                FIELD);
    }
}
