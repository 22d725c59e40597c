package io.coverclaims.governance.domain.proposal;

/** The governed voting rules in force when a proposal is made (read by the edge, recorded on the proposal). */
public record ProposalRules(long votingPeriodMs, int quorumBps, int voterWeightCapBps, long timelockMs) {}
