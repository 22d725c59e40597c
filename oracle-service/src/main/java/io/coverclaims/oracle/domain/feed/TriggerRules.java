package io.coverclaims.oracle.domain.feed;

import io.coverclaims.oracle.domain.OracleIds;
import io.coverclaims.oracle.domain.feed.FeedCommand.DefineParametricTrigger;
import io.coverclaims.oracle.domain.feed.FeedCommand.EvaluateTrigger;
import io.coverclaims.oracle.domain.feed.FeedCommand.RetireTrigger;
import io.coverclaims.oracle.domain.feed.FeedEvent.IncidentConfirmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.ParametricTriggerDefined;
import io.coverclaims.oracle.domain.feed.FeedEvent.ParametricTriggerRetired;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerArmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerDisarmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.TriggerFired;
import io.coverclaims.oracle.domain.feed.FeedState.Armed;
import io.coverclaims.oracle.domain.feed.FeedState.Feed;
import io.coverclaims.oracle.domain.feed.FeedState.Fired;
import io.coverclaims.oracle.domain.feed.FeedState.Idle;
import io.coverclaims.oracle.domain.feed.FeedState.Retired;
import io.coverclaims.oracle.domain.feed.FeedState.Trigger;
import io.coverclaims.oracle.domain.feed.FeedState.TriggerSpec;
import io.coverclaims.platform.decider.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parametric triggers of a feed. A DEPEG trigger moves only on a quorum price P (never on a FeedUnreliable), at the
 * decision's time T:
 * <ul>
 *   <li>IDLE and P &lt;= threshold: armed, to fire at T + window;
 *   <li>ARMED and P &gt;= recovery: disarmed (idle);
 *   <li>ARMED, T &gt;= firesAt and P &lt; recovery: fired, at depegPriceE8 = max(P, minDepegPriceE8), paying
 *       floor((1e8 - depegPriceE8) / 100) ppm of cover;
 *   <li>FIRED and P &gt;= recovery: disarmed (idle again, and may fire again later).
 * </ul>
 * An EXPLOIT trigger fires on each confirmed incident of its product. A retired trigger never moves. Trigger ids are
 * unique within their feed (the aggregate); the edge keeps them unique across feeds.
 */
final class TriggerRules {

    /** 1.0 in 1e-8 units: no recovery price above it. */
    static final long ONE_E8 = 100_000_000;

    /** The longest window (ten years): a firing time always exists. */
    static final long MAX_WINDOW_MS = Duration.ofDays(3653).toMillis();

    static final long FULL_PAYOUT_PPM = 1_000_000;

    private TriggerRules() {}

    static Decision<FeedEvent> define(DefineParametricTrigger c, FeedState state) {
        if (!OracleIds.isTriggerId(c.triggerId())) {
            return Decision.reject("INVALID_TRIGGER_ID", "trigger id " + OracleIds.TRIGGER_ID_MESSAGE, "triggerId");
        }
        if (!(state instanceof Feed feed)) {
            return Decision.reject("FEED_NOT_FOUND", "no feed " + c.feedId() + " is defined", "feedId");
        }
        if (!OracleIds.isProductId(c.productId())) {
            return Decision.reject("INVALID_PRODUCT_ID", "product id " + OracleIds.PRODUCT_ID_MESSAGE, "productId");
        }
        if (c.kind() == null) {
            return Decision.reject("INVALID_TRIGGER_KIND", "a trigger is DEPEG or EXPLOIT", "kind");
        }
        Decision<FeedEvent> invalid = switch (c.kind()) {
            case DEPEG -> checkDepeg(c, feed);
            case EXPLOIT -> checkExploit(c, feed);
            case UNKNOWN -> Decision.reject("INVALID_TRIGGER_KIND", "a trigger is DEPEG or EXPLOIT", "kind");
        };
        if (invalid != null) {
            return invalid;
        }
        TriggerSpec spec = new TriggerSpec(
                c.triggerId(),
                c.productId(),
                c.kind(),
                c.thresholdPriceE8(),
                c.recoveryPriceE8(),
                c.windowMs(),
                c.minDepegPriceE8(),
                c.payoutPpm());
        Trigger existing = feed.triggers().get(c.triggerId());
        if (existing != null) {
            return existing.spec().equals(spec)
                    ? Decision.nothingToDo()
                    : Decision.reject(
                            "TRIGGER_EXISTS",
                            "trigger " + c.triggerId() + " is already defined otherwise",
                            "triggerId");
        }
        return Decision.accept(new ParametricTriggerDefined(
                c.triggerId(),
                c.productId(),
                feed.feedId(),
                c.thresholdPriceE8(),
                c.recoveryPriceE8(),
                c.windowMs(),
                c.kind(),
                c.minDepegPriceE8(),
                c.payoutPpm()));
    }

    private static Decision<FeedEvent> checkDepeg(DefineParametricTrigger c, Feed feed) {
        if (feed.kind() != FeedKind.PRICE) {
            return Decision.reject("WRONG_FEED_KIND", "a DEPEG trigger watches a PRICE feed", "feedId");
        }
        if (c.thresholdPriceE8() <= 0) {
            return Decision.reject("INVALID_THRESHOLD", "thresholdPriceE8 must be above 0", "thresholdPriceE8");
        }
        if (c.recoveryPriceE8() <= c.thresholdPriceE8() || c.recoveryPriceE8() > ONE_E8) {
            return Decision.reject(
                    "INVALID_RECOVERY",
                    "recoveryPriceE8 must be above the threshold and at most " + ONE_E8,
                    "recoveryPriceE8");
        }
        if (c.windowMs() <= 0 || c.windowMs() > MAX_WINDOW_MS) {
            return Decision.reject(
                    "INVALID_WINDOW", "windowMs must be above 0 and at most " + MAX_WINDOW_MS, "windowMs");
        }
        if (c.minDepegPriceE8() < 0 || c.minDepegPriceE8() > c.thresholdPriceE8()) {
            return Decision.reject(
                    "INVALID_MIN_DEPEG_PRICE",
                    "minDepegPriceE8 must be 0 to the threshold " + c.thresholdPriceE8(),
                    "minDepegPriceE8");
        }
        return null;
    }

    private static Decision<FeedEvent> checkExploit(DefineParametricTrigger c, Feed feed) {
        if (feed.kind() != FeedKind.INCIDENT) {
            return Decision.reject("WRONG_FEED_KIND", "an EXPLOIT trigger watches an INCIDENT feed", "feedId");
        }
        if (c.payoutPpm() <= 0 || c.payoutPpm() > FULL_PAYOUT_PPM) {
            return Decision.reject(
                    "INVALID_PAYOUT_PPM", "payoutPpm must be above 0 and at most " + FULL_PAYOUT_PPM, "payoutPpm");
        }
        return null;
    }

    static Decision<FeedEvent> retire(RetireTrigger c, Feed feed) {
        Trigger trigger = feed.triggers().get(c.triggerId());
        if (trigger == null) {
            return unknownTrigger(c.triggerId());
        }
        if (trigger.retired()) {
            return Decision.nothingToDo();
        }
        return Decision.accept(new ParametricTriggerRetired(c.triggerId(), c.reason(), feed.feedId()));
    }

    /**
     * The scheduler at an armed trigger's firesAt: the quorum is evaluated again at T from the observations held (the
     * command's price is not trusted); a quorum below recovery fires it, one at or above recovery disarms it, and an
     * unreliable feed fires nothing (the trigger then fires at the next quorum price below recovery).
     */
    static Decision<FeedEvent> evaluate(EvaluateTrigger c, Feed feed) {
        Trigger trigger = feed.triggers().get(c.triggerId());
        if (trigger == null) {
            return unknownTrigger(c.triggerId());
        }
        if (!(trigger.phase() instanceof Armed armed) || c.at().isBefore(armed.firesAt())) {
            return Decision.nothingToDo();
        }
        return Decision.accept(QuorumRules.reevaluate(feed, c.at()));
    }

    private static Decision<FeedEvent> unknownTrigger(String triggerId) {
        return Decision.reject("TRIGGER_NOT_FOUND", "no trigger " + triggerId + " on this feed", "triggerId");
    }

    /** The DEPEG triggers' moves on a quorum price {@code price} at {@code at} ({@code feed}: after the quorum event). */
    static List<FeedEvent> onQuorum(Feed feed, long price, Instant at) {
        List<FeedEvent> events = new ArrayList<>();
        for (Trigger trigger : feed.triggers().values()) {
            TriggerSpec spec = trigger.spec();
            if (spec.kind() != TriggerKind.DEPEG) {
                continue;
            }
            switch (trigger.phase()) {
                case Idle idle -> {
                    if (price <= spec.thresholdPriceE8()) {
                        events.add(new TriggerArmed(
                                spec.triggerId(),
                                spec.productId(),
                                feed.feedId(),
                                price,
                                at,
                                spec.thresholdPriceE8(),
                                spec.windowMs(),
                                at.plusMillis(spec.windowMs())));
                    }
                }
                case Armed armed -> {
                    if (price >= spec.recoveryPriceE8()) {
                        events.add(disarmed(spec, feed, price, at));
                    } else if (!at.isBefore(armed.firesAt())) {
                        events.add(depegFired(trigger, feed, armed, price, at));
                    }
                }
                case Fired fired -> {
                    if (price >= spec.recoveryPriceE8()) {
                        events.add(disarmed(spec, feed, price, at));
                    }
                }
                case Retired retired -> {}
            }
        }
        return events;
    }

    private static TriggerDisarmed disarmed(TriggerSpec spec, Feed feed, long price, Instant at) {
        return new TriggerDisarmed(spec.triggerId(), price, at, spec.recoveryPriceE8(), feed.feedId());
    }

    private static TriggerFired depegFired(Trigger trigger, Feed feed, Armed armed, long price, Instant at) {
        TriggerSpec spec = trigger.spec();
        long depegPrice = Math.max(price, spec.minDepegPriceE8());
        return new TriggerFired(
                spec.triggerId(),
                spec.productId(),
                feed.feedId(),
                OracleIds.firingIncidentId(spec.triggerId(), trigger.firings() + 1),
                armed.armedAt(),
                at,
                Math.min(armed.lowestPriceE8(), price),
                spec.thresholdPriceE8(),
                spec.recoveryPriceE8(),
                spec.windowMs(),
                TriggerKind.DEPEG,
                depegPrice,
                depegPayoutPpm(depegPrice),
                null,
                "");
    }

    /** floor((1e8 - depegPriceE8) / 100): the share of cover lost at that price, in ppm, rounded in the pool's favour. */
    static int depegPayoutPpm(long depegPriceE8) {
        return (int) Math.max(0, Math.floorDiv(ONE_E8 - Math.max(0, depegPriceE8), 100));
    }

    /** The EXPLOIT triggers of the confirmed incident's product fire ({@code feed}: after the confirmation). */
    static List<FeedEvent> onIncidentConfirmed(Feed feed, IncidentConfirmed confirmed, Instant at) {
        List<FeedEvent> events = new ArrayList<>();
        if (confirmed.productId() == null) {
            return events;
        }
        for (Trigger trigger : feed.triggers().values()) {
            TriggerSpec spec = trigger.spec();
            if (spec.kind() != TriggerKind.EXPLOIT
                    || trigger.retired()
                    || !spec.productId().equals(confirmed.productId())) {
                continue;
            }
            events.add(new TriggerFired(
                    spec.triggerId(),
                    spec.productId(),
                    feed.feedId(),
                    OracleIds.firingIncidentId(spec.triggerId(), trigger.firings() + 1),
                    at,
                    at,
                    0,
                    spec.thresholdPriceE8(),
                    spec.recoveryPriceE8(),
                    spec.windowMs(),
                    TriggerKind.EXPLOIT,
                    0,
                    spec.payoutPpm(),
                    confirmed.incidentId(),
                    ""));
        }
        return events;
    }
}
