package io.coverclaims.oracle.domain.feed;

import io.coverclaims.oracle.domain.OracleIds;
import io.coverclaims.oracle.domain.feed.FeedCommand.DefineFeed;
import io.coverclaims.oracle.domain.feed.FeedCommand.SetFeedQuorum;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedDefined;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedQuorumChanged;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedUnreliable;
import io.coverclaims.oracle.domain.feed.FeedEvent.PriceQuorumReached;
import io.coverclaims.oracle.domain.feed.FeedState.Definition;
import io.coverclaims.oracle.domain.feed.FeedState.Feed;
import io.coverclaims.oracle.domain.feed.FeedState.Observation;
import io.coverclaims.oracle.domain.feed.FeedState.QuorumRule;
import io.coverclaims.oracle.domain.feed.FeedState.Source;
import io.coverclaims.oracle.domain.feed.FeedState.Unreliable;
import io.coverclaims.platform.decider.Decision;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A feed's definition and quorum rule, and the k-of-n evaluation every price decision ends with.
 *
 * <p>The evaluation at time T: the candidates are the enabled sources whose latest observation is fresh at T (no
 * older than the source's heartbeat); the reference is the median of all candidates' prices; a candidate further from
 * it than {@code maxDeviationPpm} is excluded (DEVIATION); if at least k remain, their median is the quorum price
 * ({@link PriceQuorumReached}), else the feed is {@link FeedUnreliable} (recorded once, on the transition).
 */
final class QuorumRules {

    /** 100 % in parts per million. */
    static final long PPM = 1_000_000;

    private QuorumRules() {}

    static Decision<FeedEvent> define(DefineFeed c, FeedState state) {
        if (!OracleIds.isFeedId(c.feedId())) {
            return Decision.reject("INVALID_FEED_ID", "feed id " + OracleIds.FEED_ID_MESSAGE, "feedId");
        }
        if (c.kind() != FeedKind.PRICE && c.kind() != FeedKind.INCIDENT) {
            return Decision.reject("INVALID_FEED_KIND", "a feed is PRICE or INCIDENT, not " + c.kind(), "kind");
        }
        Decision<FeedEvent> invalid = checkRule(c.kind(), c.quorum(), c.maxDeviationPpm(), c.maxStalenessMs());
        if (invalid != null) {
            return invalid;
        }
        Definition definition = new Definition(
                c.feedId(), c.kind(), c.description(), c.quorum(), c.maxDeviationPpm(), c.maxStalenessMs());
        if (state instanceof Feed feed) {
            return feed.definition().equals(definition)
                    ? Decision.nothingToDo()
                    : Decision.reject("FEED_EXISTS", "feed " + c.feedId() + " is already defined otherwise", "feedId");
        }
        return Decision.accept(new FeedDefined(
                c.feedId(), c.kind(), c.description(), c.quorum(), c.maxDeviationPpm(), c.maxStalenessMs()));
    }

    static Decision<FeedEvent> setQuorum(SetFeedQuorum c, Feed feed) {
        Decision<FeedEvent> invalid = checkRule(feed.kind(), c.quorum(), c.maxDeviationPpm(), c.maxStalenessMs());
        if (invalid != null) {
            return invalid;
        }
        int sourceCount = feed.sourceCount();
        if ((long) c.quorum() * 2 <= sourceCount) {
            return Decision.reject(
                    "QUORUM_NOT_MAJORITY",
                    "k = " + c.quorum() + " is no majority of the " + sourceCount + " enabled sources",
                    "quorum");
        }
        QuorumRule rule = new QuorumRule(c.quorum(), c.maxDeviationPpm(), c.maxStalenessMs());
        if (rule.equals(feed.rule())) {
            return Decision.nothingToDo();
        }
        return Decision.accept(
                new FeedQuorumChanged(feed.feedId(), c.quorum(), c.maxDeviationPpm(), c.maxStalenessMs(), sourceCount));
    }

    /** The bounds of a quorum rule, null when they hold. An INCIDENT feed uses only k. */
    private static Decision<FeedEvent> checkRule(FeedKind kind, int quorum, int maxDeviationPpm, long maxStalenessMs) {
        if (quorum < 1) {
            return Decision.reject("INVALID_QUORUM", "k must be at least 1, not " + quorum, "quorum");
        }
        boolean price = kind == FeedKind.PRICE;
        if (price ? maxDeviationPpm <= 0 || maxDeviationPpm >= PPM : maxDeviationPpm < 0 || maxDeviationPpm >= PPM) {
            return Decision.reject(
                    "INVALID_MAX_DEVIATION",
                    "maxDeviationPpm must be " + (price ? "above 0" : "at least 0") + " and below 1000000, not "
                            + maxDeviationPpm,
                    "maxDeviationPpm");
        }
        if (price ? maxStalenessMs <= 0 : maxStalenessMs < 0) {
            return Decision.reject(
                    "INVALID_MAX_STALENESS",
                    "maxStalenessMs must be " + (price ? "above 0" : "at least 0") + ", not " + maxStalenessMs,
                    "maxStalenessMs");
        }
        return null;
    }

    // ------------------------------------------------------------------ evaluation

    /**
     * Evaluates the quorum at {@code at} and, when a quorum price results, the feed's DEPEG triggers against it: the
     * events a price decision ends with (none while the feed stays unreliable).
     */
    static List<FeedEvent> reevaluate(Feed feed, Instant at) {
        List<FeedEvent> events = new ArrayList<>();
        FeedEvent outcome = evaluate(feed, at);
        if (outcome == null) {
            return events;
        }
        events.add(outcome);
        if (outcome instanceof PriceQuorumReached reached) {
            events.addAll(TriggerRules.onQuorum(FeedDecider.apply(feed, reached), reached.priceE8(), at));
        }
        return events;
    }

    /**
     * The k-of-n evaluation at {@code at}: {@link PriceQuorumReached}, {@link FeedUnreliable} on the transition into
     * it (the feed's first failed evaluation included), or null while it stays unreliable.
     *
     * <p>Why the reference is the median of <em>all</em> fresh sources and not, for each source, the median of the
     * others (a leave-one-out median): with 3 sources and one liar, an honest source's leave-one-out median is the
     * median of two values, the other honest value and the lie, that is their mean. A lie far enough away puts that
     * mean outside the tolerance of both honest values, so both honest sources are excluded and one liar alone denies
     * the quorum (or, lying moderately, drags the reference of the honest sources halfway towards the lie). The
     * median of all fresh sources is an honest value whenever the agreeing honest sources are a majority of the
     * candidates, so only the lie is excluded and the quorum price is the honest one.
     */
    static FeedEvent evaluate(Feed feed, Instant at) {
        QuorumRule rule = feed.rule();
        List<SourceExclusion> exclusions = new ArrayList<>();
        List<Source> fresh = new ArrayList<>();
        for (Source source : feed.sources().values()) {
            Observation latest = source.latest();
            if (!source.enabled()) {
                if (latest != null) {
                    exclusions.add(new SourceExclusion(
                            source.sourceId(), ExclusionReason.DISABLED, "the source is disabled", latest.priceE8()));
                }
                continue;
            }
            if (latest == null) {
                continue; // nothing observed yet: not a candidate, nothing to exclude
            }
            long heartbeat = source.heartbeatMs(rule);
            long age = at.toEpochMilli() - latest.observedAt().toEpochMilli();
            if (age > heartbeat) {
                exclusions.add(new SourceExclusion(
                        source.sourceId(),
                        ExclusionReason.STALE,
                        staleDetail(latest.observedAt(), at, age, heartbeat),
                        latest.priceE8()));
                continue;
            }
            fresh.add(source);
        }
        List<Source> agreeing = new ArrayList<>();
        if (!fresh.isEmpty()) {
            long reference = median(prices(fresh));
            for (Source source : fresh) {
                long price = source.latest().priceE8();
                if (deviates(price, reference, rule.maxDeviationPpm())) {
                    exclusions.add(new SourceExclusion(
                            source.sourceId(),
                            ExclusionReason.DEVIATION,
                            "price " + price + " is " + deviationPpm(price, reference) + " ppm from the median "
                                    + reference + " of the fresh sources, more than " + rule.maxDeviationPpm()
                                    + " ppm",
                            price));
                } else {
                    agreeing.add(source);
                }
            }
        }
        exclusions.sort(Comparator.comparing(SourceExclusion::sourceId));
        List<String> sourceIds =
                agreeing.stream().map(Source::sourceId).sorted().toList();
        if (agreeing.size() >= rule.quorum()) {
            Instant oldest = agreeing.stream()
                    .map(s -> s.latest().observedAt())
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
            return new PriceQuorumReached(
                    feed.feedId(),
                    median(prices(agreeing)),
                    oldest,
                    sourceIds,
                    rule.quorum(),
                    feed.sourceCount(),
                    rule.maxDeviationPpm(),
                    rule.maxStalenessMs(),
                    at,
                    List.copyOf(exclusions));
        }
        if (feed.status() instanceof Unreliable) {
            return null; // already unreliable: nothing new until a quorum is back
        }
        return new FeedUnreliable(
                feed.feedId(), sourceIds, rule.quorum(), feed.sourceCount(), at, List.copyOf(exclusions));
    }

    static String staleDetail(Instant observedAt, Instant at, long age, long heartbeat) {
        return "observed at " + observedAt + ", " + age + " ms before " + at + ", more than the heartbeat of "
                + heartbeat + " ms";
    }

    private static List<Long> prices(List<Source> sources) {
        return sources.stream().map(s -> s.latest().priceE8()).toList();
    }

    /** The median; of an even count, the floor of the mean of the two middle values. */
    static long median(List<Long> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no median of nothing");
        }
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n % 2 == 1) {
            return sorted.get(n / 2);
        }
        long low = sorted.get(n / 2 - 1);
        long high = sorted.get(n / 2);
        return low + Math.floorDiv(high - low, 2); // floor((low + high) / 2) without overflow (low <= high)
    }

    /** Whether |price - reference| x 1e6 > maxDeviationPpm x reference, exactly (no overflow). */
    static boolean deviates(long price, long reference, int maxDeviationPpm) {
        BigInteger distance = BigInteger.valueOf(price)
                .subtract(BigInteger.valueOf(reference))
                .abs();
        return distance.multiply(BigInteger.valueOf(PPM))
                        .compareTo(BigInteger.valueOf(maxDeviationPpm).multiply(BigInteger.valueOf(reference)))
                > 0;
    }

    /** |price - reference| in ppm of the reference, rounded down (for the detail). */
    static BigInteger deviationPpm(long price, long reference) {
        BigInteger distance = BigInteger.valueOf(price)
                .subtract(BigInteger.valueOf(reference))
                .abs();
        return reference <= 0
                ? distance
                : distance.multiply(BigInteger.valueOf(PPM)).divide(BigInteger.valueOf(reference));
    }
}
