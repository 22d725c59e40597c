package io.coverclaims.governance.domain.proposal;

/**
 * What a proposal does besides changing parameters; mirrors governance.avdl's ProposalActionKind. SET_GUARDIANS is
 * carried out by governance-service itself, the others by the contexts that own them (from ProposalExecuted).
 */
public enum ProposalActionKind {
    APPOINT_ASSESSOR,
    REVOKE_ASSESSOR,
    APPOINT_ARBITER,
    REGISTER_ORACLE_SOURCE,
    SET_GUARDIANS,
    UPGRADE_POOL_CONTRACT,
    UNKNOWN
}
