package io.coverclaims.governance.domain.proposal;

import io.coverclaims.platform.money.Money;

/** A member's voting weight: its capital stake across pools when the proposal was made. */
public record VoterStake(String member, Money stake) {}
