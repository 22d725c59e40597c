package io.coverclaims.claim.domain.incident;

import io.coverclaims.platform.money.Money;

/**
 * A pool's figures when an incident was declared (claim.avdl's IncidentPool).
 *
 * @param capital   the pool's capital, free of reserved payouts
 * @param worstCase all active cover on the incident's products placed in the pool
 */
public record IncidentPool(String poolId, Money capital, Money worstCase) {}
