package io.coverclaims.oracle.domain.feed;

import io.coverclaims.oracle.domain.OracleIds;
import io.coverclaims.oracle.domain.feed.FeedCommand.DisableFeedSource;
import io.coverclaims.oracle.domain.feed.FeedCommand.RecordPriceObservation;
import io.coverclaims.oracle.domain.feed.FeedCommand.RegisterFeedSource;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedSourceDisabled;
import io.coverclaims.oracle.domain.feed.FeedEvent.FeedSourceRegistered;
import io.coverclaims.oracle.domain.feed.FeedEvent.ObservationExcluded;
import io.coverclaims.oracle.domain.feed.FeedEvent.PriceObserved;
import io.coverclaims.oracle.domain.feed.FeedState.Feed;
import io.coverclaims.oracle.domain.feed.FeedState.Observation;
import io.coverclaims.oracle.domain.feed.FeedState.Registration;
import io.coverclaims.oracle.domain.feed.FeedState.Source;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.ids.Ids;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A feed's sources: registration (k stays a majority of the enabled sources), disabling, and price observations on
 * arrival (who may deliver them, their time, the source's bounds, rounds and heartbeat).
 */
final class SourceRules {

    /** How far ahead of the decision an observation's time may be (clocks differ): more is refused. */
    static final long MAX_CLOCK_SKEW_MS = 60_000;

    static final int MAX_DECIMALS = 36;

    private static final Pattern NUMERIC_ROUND = Pattern.compile("^[0-9]{1,78}$");

    private SourceRules() {}

    static Decision<FeedEvent> register(RegisterFeedSource c, Feed feed) {
        if (!OracleIds.isSourceId(c.sourceId())) {
            return Decision.reject("INVALID_SOURCE_ID", "source id " + OracleIds.SOURCE_ID_MESSAGE, "sourceId");
        }
        SourceKind kind = c.sourceKind();
        if (kind != SourceKind.SIGNED_REPORTER && kind != SourceKind.CHAINLINK_AGGREGATOR) {
            return Decision.reject(
                    "INVALID_SOURCE_KIND",
                    "a source is SIGNED_REPORTER or CHAINLINK_AGGREGATOR, not " + kind,
                    "sourceKind");
        }
        if (feed.kind() == FeedKind.INCIDENT && kind != SourceKind.SIGNED_REPORTER) {
            return Decision.reject(
                    "WRONG_FEED_KIND", "an INCIDENT feed takes SIGNED_REPORTER sources only", "sourceKind");
        }
        if (kind == SourceKind.SIGNED_REPORTER
                ? !Ids.isAddress(c.signer())
                : c.signer() != null && !Ids.isAddress(c.signer())) {
            return Decision.reject("INVALID_SIGNER", "signer " + Ids.ADDRESS_MESSAGE, "signer");
        }
        if (kind == SourceKind.CHAINLINK_AGGREGATOR && !Ids.isAddress(c.aggregator())) {
            return Decision.reject("INVALID_AGGREGATOR", "aggregator " + Ids.ADDRESS_MESSAGE, "aggregator");
        }
        if (kind == SourceKind.SIGNED_REPORTER && c.aggregator() != null) {
            return Decision.reject(
                    "INVALID_AGGREGATOR", "an aggregator is for CHAINLINK_AGGREGATOR sources only", "aggregator");
        }
        if (c.heartbeatMs() < 0) {
            return Decision.reject(
                    "INVALID_HEARTBEAT",
                    "heartbeatMs must be at least 0 (0: the feed's maxStalenessMs)",
                    "heartbeatMs");
        }
        if (c.decimals() < 0 || c.decimals() > MAX_DECIMALS) {
            return Decision.reject("INVALID_DECIMALS", "decimals must be 0 to " + MAX_DECIMALS, "decimals");
        }
        if (feed.kind() == FeedKind.PRICE) {
            if (c.minPriceE8() <= 0) {
                return Decision.reject("INVALID_PRICE_BOUNDS", "minPriceE8 must be above 0", "minPriceE8");
            }
            if (c.maxPriceE8() <= c.minPriceE8()) {
                return Decision.reject("INVALID_PRICE_BOUNDS", "maxPriceE8 must be above minPriceE8", "maxPriceE8");
            }
        }
        Registration registration = new Registration(
                c.name(),
                kind,
                Ids.canonical(c.signer()),
                Ids.canonical(c.aggregator()),
                c.heartbeatMs(),
                c.decimals(),
                c.minPriceE8(),
                c.maxPriceE8());
        Source existing = feed.sources().get(c.sourceId());
        if (existing != null) {
            return existing.registration().equals(registration)
                    ? Decision.nothingToDo()
                    : Decision.reject(
                            "SOURCE_EXISTS", "source " + c.sourceId() + " is already registered otherwise", "sourceId");
        }
        // one key, one vote: a reporter backing two sources would count twice towards k
        for (Source other : feed.sources().values()) {
            if (other.registration().reporter().equals(registration.reporter())) {
                return Decision.reject(
                        "REPORTER_IN_USE",
                        registration.reporter() + " already delivers source " + other.sourceId(),
                        kind == SourceKind.CHAINLINK_AGGREGATOR ? "aggregator" : "signer");
            }
        }
        int sourceCount = feed.sourceCount() + 1;
        if ((long) feed.rule().quorum() * 2 <= sourceCount) {
            return Decision.reject(
                    "QUORUM_NOT_MAJORITY",
                    "k = " + feed.rule().quorum() + " would be no majority of " + sourceCount
                            + " enabled sources: raise the quorum first",
                    "sourceId");
        }
        return Decision.accept(new FeedSourceRegistered(
                feed.feedId(),
                c.sourceId(),
                c.name(),
                registration.signer(),
                sourceCount,
                kind,
                registration.aggregator(),
                c.heartbeatMs(),
                c.decimals(),
                c.minPriceE8(),
                c.maxPriceE8()));
    }

    static Decision<FeedEvent> disable(DisableFeedSource c, Feed feed) {
        Source source = feed.sources().get(c.sourceId());
        if (source == null) {
            return unknownSource(c.sourceId());
        }
        if (!source.enabled()) {
            return Decision.nothingToDo();
        }
        List<FeedEvent> events = new ArrayList<>();
        events.add(new FeedSourceDisabled(feed.feedId(), c.sourceId(), c.reason(), feed.sourceCount() - 1));
        if (feed.kind() == FeedKind.PRICE) {
            events.addAll(QuorumRules.reevaluate(FeedDecider.applyAll(feed, events), c.at()));
        }
        return Decision.accept(events);
    }

    static Decision<FeedEvent> observe(RecordPriceObservation c, Feed feed) {
        if (feed.kind() != FeedKind.PRICE) {
            return Decision.reject("WRONG_FEED_KIND", feed.feedId() + " is not a PRICE feed", "feedId");
        }
        Decision<FeedEvent> refused = checkReporter(feed, c.sourceId(), c.reporter());
        if (refused != null) {
            return refused;
        }
        Source source = feed.sources().get(c.sourceId());
        if (c.observedAt() == null) {
            return Decision.reject("INVALID_OBSERVED_AT", "an observation has a time", "observedAt");
        }
        if (inFuture(c.observedAt(), c.at())) {
            return Decision.reject(
                    "OBSERVATION_IN_FUTURE",
                    "observed at " + c.observedAt() + ", more than " + MAX_CLOCK_SKEW_MS + " ms after " + c.at(),
                    "observedAt");
        }
        Observation latest = source.latest();
        if (latest != null && sameObservation(c, latest)) {
            return Decision.nothingToDo(); // the same round read again
        }
        String reporter = Ids.canonical(c.reporter());
        FeedEvent arrival = excludedOnArrival(c, source, feed, reporter);
        if (arrival == null) {
            arrival = new PriceObserved(
                    feed.feedId(), c.sourceId(), c.priceE8(), c.observedAt(), c.roundId(), c.rawAnswer(), reporter);
        }
        List<FeedEvent> events = new ArrayList<>();
        events.add(arrival);
        events.addAll(QuorumRules.reevaluate(FeedDecider.apply(feed, arrival), c.at()));
        return Decision.accept(events);
    }

    /** The source is known, enabled, and {@code reporter} is its signer (or aggregator); null when all hold. */
    static Decision<FeedEvent> checkReporter(Feed feed, String sourceId, String reporter) {
        Source source = feed.sources().get(sourceId);
        if (source == null) {
            return unknownSource(sourceId);
        }
        if (!source.enabled()) {
            return Decision.reject("SOURCE_DISABLED", "source " + sourceId + " is disabled", "sourceId");
        }
        if (reporter == null
                || !Ids.canonical(reporter).equals(source.registration().reporter())) {
            return Decision.reject(
                    "NOT_SOURCE_REPORTER",
                    (reporter == null ? "no reporter" : reporter) + " does not deliver source " + sourceId,
                    "reporter");
        }
        return null;
    }

    private static Decision<FeedEvent> unknownSource(String sourceId) {
        return Decision.reject("SOURCE_NOT_FOUND", "no source " + sourceId + " in this feed", "sourceId");
    }

    /** The same round (by id), or, without a round id, the same time and price: a re-read, not news. */
    private static boolean sameObservation(RecordPriceObservation c, Observation latest) {
        if (c.roundId() != null) {
            return c.roundId().equals(latest.roundId());
        }
        return c.observedAt().equals(latest.observedAt()) && c.priceE8() == latest.priceE8();
    }

    /** Out of the source's bounds, a regressed round, or stale on arrival: recorded, never the source's latest. */
    private static ObservationExcluded excludedOnArrival(
            RecordPriceObservation c, Source source, Feed feed, String reporter) {
        Registration registration = source.registration();
        ExclusionReason reason = null;
        String detail = null;
        Observation latest = source.latest();
        long age = c.at().toEpochMilli() - c.observedAt().toEpochMilli();
        long heartbeat = source.heartbeatMs(feed.rule());
        if (c.priceE8() < registration.minPriceE8() || c.priceE8() > registration.maxPriceE8()) {
            reason = ExclusionReason.OUT_OF_BOUNDS;
            detail = "price " + c.priceE8() + " outside the source's bounds [" + registration.minPriceE8() + ", "
                    + registration.maxPriceE8() + "]";
        } else if (latest != null && roundBefore(c.roundId(), latest.roundId())) {
            reason = ExclusionReason.ROUND_REGRESSED;
            detail = "round " + c.roundId() + " is before the latest round " + latest.roundId();
        } else if (latest != null && c.observedAt().isBefore(latest.observedAt())) {
            reason = ExclusionReason.ROUND_REGRESSED;
            detail = "observed at " + c.observedAt() + ", before the latest observation at " + latest.observedAt();
        } else if (age > heartbeat) {
            reason = ExclusionReason.STALE;
            detail = QuorumRules.staleDetail(c.observedAt(), c.at(), age, heartbeat);
        }
        if (reason == null) {
            return null;
        }
        return new ObservationExcluded(
                feed.feedId(), c.sourceId(), c.priceE8(), c.observedAt(), c.roundId(), reason, detail, reporter);
    }

    /** Whether both rounds are numeric (Chainlink's uint80 round ids) and {@code round} is the lower. */
    private static boolean roundBefore(String round, String latest) {
        if (round == null || latest == null || Objects.equals(round, latest)) {
            return false;
        }
        if (!NUMERIC_ROUND.matcher(round).matches()
                || !NUMERIC_ROUND.matcher(latest).matches()) {
            return false;
        }
        return new BigInteger(round).compareTo(new BigInteger(latest)) < 0;
    }

    /** Whether {@code time} is more than the clock skew allowed after {@code at}. */
    static boolean inFuture(Instant time, Instant at) {
        return time.toEpochMilli() - at.toEpochMilli() > MAX_CLOCK_SKEW_MS;
    }
}
