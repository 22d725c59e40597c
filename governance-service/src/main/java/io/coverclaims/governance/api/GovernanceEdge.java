package io.coverclaims.governance.api;

import io.coverclaims.platform.gateway.CommandEdge;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the governance resources share: the ids they accept; the metadata of a signed command and sending it are the
 * kernel's {@link CommandEdge}. Every
 * write here is signed by the member or guardian it acts for (EIP-712, docs/signing.md): the signer is the actor and
 * the signed nonce keys the command.
 */
@ApplicationScoped
public class GovernanceEdge extends CommandEdge {

    /** A proposal id: prop- and 1 to 64 letters, digits, dots, dashes or underscores. */
    public static final String PROPOSAL_ID = "^prop-[A-Za-z0-9._-]{1,64}$";

    public static final String PROPOSAL_ID_MESSAGE =
            "must be prop- followed by 1 to 64 letters, digits, dots, dashes or underscores";

    /** A pause request id: 1 to 80 letters, digits, dots, colons, dashes or underscores. */
    public static final String REQUEST_ID = "^[A-Za-z0-9._:-]{1,80}$";

    public static final String REQUEST_ID_MESSAGE =
            "must be 1 to 80 letters, digits, dots, colons, dashes or underscores";

    /** A parameter name: dotted segments of letters and digits (claim.depositUnits). */
    public static final String PARAMETER_NAME = "^[a-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*){1,5}$";

    public static final String PARAMETER_NAME_MESSAGE = "must be a dotted parameter name, e.g. claim.depositUnits";

    /** A pool id or feed id a pause is limited to. */
    public static final String SCOPE = "^[A-Za-z0-9._:-]{1,80}$";

    public static final String SCOPE_MESSAGE = "must be a pool id or feed id (1 to 80 letters, digits, ._:-)";
}
