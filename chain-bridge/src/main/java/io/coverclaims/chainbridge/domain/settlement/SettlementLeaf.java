package io.coverclaims.chainbridge.domain.settlement;

import io.coverclaims.platform.money.Money;

/**
 * One leaf of a batch's Merkle tree: what one recipient may redeem with its proof ({@link BatchIds#leaf} turns it into
 * the leaf {@code ClaimsPool.redeem} verifies).
 *
 * @param index       the leaf's place in the batch, from 0
 * @param referenceId the claim id (or withdrawal id) the amount settles
 */
public record SettlementLeaf(int index, SettlementKind kind, String referenceId, String recipient, Money amount) {}
