package io.coverclaims.oracle.domain.feed;

/**
 * One source left out of a quorum evaluation, and why (oracle.avdl's SourceExclusion).
 *
 * @param detail  the figures behind the reason (times, heartbeat, bounds, median, ppm)
 * @param priceE8 the source's latest observation, 0 when it has none
 */
public record SourceExclusion(String sourceId, ExclusionReason reason, String detail, long priceE8) {}
