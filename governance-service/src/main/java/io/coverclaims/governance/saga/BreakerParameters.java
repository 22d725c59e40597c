package io.coverclaims.governance.saga;

import io.coverclaims.governance.domain.breaker.PayoutShareRule;
import java.time.Instant;

/**
 * The governed values the breakers apply: governance.breaker.payoutSharePpm, governance.breaker.payoutWindowMs and
 * governance.breaker.feedUnreliableWindowMs, as in force at an event's time (a payout's, or the time a feed became
 * unreliable), so that a source of governed values can answer by effective time. Each trip records the values it was
 * decided with.
 */
public interface BreakerParameters {

    PayoutShareRule.Parameters payoutShare(Instant at);

    long feedUnreliableWindowMs(Instant at);

    /** Fixed values (configuration, tests). */
    static BreakerParameters of(long payoutSharePpm, long payoutWindowMs, long feedUnreliableWindowMs) {
        PayoutShareRule.Parameters payoutShare = new PayoutShareRule.Parameters(payoutSharePpm, payoutWindowMs);
        if (feedUnreliableWindowMs < 1) {
            throw new IllegalArgumentException(
                    "the feed-unreliable window must be positive, not " + feedUnreliableWindowMs);
        }
        return new BreakerParameters() {
            @Override
            public PayoutShareRule.Parameters payoutShare(Instant at) {
                return payoutShare;
            }

            @Override
            public long feedUnreliableWindowMs(Instant at) {
                return feedUnreliableWindowMs;
            }

            @Override
            public String toString() {
                return "payoutSharePpm=" + payoutSharePpm + ", payoutWindowMs=" + payoutWindowMs
                        + ", feedUnreliableWindowMs=" + feedUnreliableWindowMs;
            }
        };
    }
}
