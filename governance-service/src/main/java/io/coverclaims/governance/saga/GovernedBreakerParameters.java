package io.coverclaims.governance.saga;

import io.coverclaims.governance.domain.breaker.PayoutShareRule;
import io.coverclaims.governance.view.GovernanceView;
import io.coverclaims.governance.view.GovernanceView.HistoryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The breakers' parameters as governance set them: the value of governance.breaker.payoutSharePpm, payoutWindowMs and
 * feedUnreliableWindowMs in force at an event's time, from the history of ParameterInitialized and ParameterChanged
 * that {@link GovernanceView} folds from governance.events (the latest value whose effectiveAt is at or before the
 * event's time; an event older than the genesis value is decided with the genesis value).
 *
 * <p>The view refuses reads while it catches up (at start): the breaker then waits for it, up to {@code wait}, so that
 * no event is decided with a value it has not read yet. Only if the view is still not ready after that (then the
 * breaker does not wait again until the view is ready, so that the Streams thread is not held past its poll interval),
 * or has no value of a parameter (genesis has not run), is the {@code fallback} (configuration) used, and logged.
 */
final class GovernedBreakerParameters implements BreakerParameters {

    private static final Logger LOG = Logger.getLogger(GovernedBreakerParameters.class);

    static final String PAYOUT_SHARE_PPM = "governance.breaker.payoutSharePpm";
    static final String PAYOUT_WINDOW_MS = "governance.breaker.payoutWindowMs";
    static final String FEED_UNRELIABLE_WINDOW_MS = "governance.breaker.feedUnreliableWindowMs";

    private static final long POLL_MS = 50;

    /** Where the parameters' histories are read: the governance view in the service, a map in tests. */
    interface Histories {

        /** Caught up: reads are answered. */
        boolean ready();

        /** Every value the parameter took, oldest first (empty before genesis). */
        List<HistoryEntry> history(String name);
    }

    private final Histories histories;
    private final BreakerParameters fallback;
    private final Duration wait;
    private final LongSupplier clock;
    private final AtomicBoolean fallingBack = new AtomicBoolean();

    GovernedBreakerParameters(Histories histories, BreakerParameters fallback, Duration wait, LongSupplier clock) {
        this.histories = histories;
        this.fallback = fallback;
        this.wait = wait;
        this.clock = clock;
    }

    /** Over the service's governance view; waits up to {@code wait} for it to catch up. */
    static GovernedBreakerParameters of(GovernanceView view, BreakerParameters fallback, Duration wait) {
        return new GovernedBreakerParameters(
                new Histories() {
                    @Override
                    public boolean ready() {
                        return view.ready();
                    }

                    @Override
                    public List<HistoryEntry> history(String name) {
                        return view.history(name);
                    }
                },
                fallback,
                wait,
                System::currentTimeMillis);
    }

    @Override
    public PayoutShareRule.Parameters payoutShare(Instant at) {
        PayoutShareRule.Parameters configured = fallback.payoutShare(at);
        if (!caughtUp()) {
            return configured;
        }
        long sharePpm = governed(PAYOUT_SHARE_PPM, at).orElse(configured.sharePpm());
        long windowMs = governed(PAYOUT_WINDOW_MS, at).orElse(configured.windowMs());
        try {
            return new PayoutShareRule.Parameters(sharePpm, windowMs);
        } catch (IllegalArgumentException e) {
            LOG.warnf("governed payout breaker parameters refused (%s): using the configured %s", e, configured);
            return configured;
        }
    }

    @Override
    public long feedUnreliableWindowMs(Instant at) {
        long configured = fallback.feedUnreliableWindowMs(at);
        if (!caughtUp()) {
            return configured;
        }
        long windowMs = governed(FEED_UNRELIABLE_WINDOW_MS, at).orElse(configured);
        if (windowMs < 1) {
            LOG.warnf("governed %s=%d is not positive: using the configured %d", FEED_UNRELIABLE_WINDOW_MS, windowMs);
            return configured;
        }
        return windowMs;
    }

    /** Waits for the view to catch up, up to {@code wait}; false (logged) when it did not. */
    private boolean caughtUp() {
        if (histories.ready()) {
            if (fallingBack.compareAndSet(true, false)) {
                LOG.infof("the governance view caught up: the breakers apply the governed parameters again");
            }
            return true;
        }
        if (fallingBack.get()) {
            return false; // waited once already: not again for every event while the view catches up
        }
        long deadline = clock.getAsLong() + wait.toMillis();
        while (clock.getAsLong() < deadline) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (histories.ready()) {
                return true;
            }
        }
        if (histories.ready()) {
            return true;
        }
        if (fallingBack.compareAndSet(false, true)) {
            LOG.warnf(
                    "the governance view is not caught up after %s: the breakers apply the configured parameters (%s)"
                            + " until it is",
                    wait, fallback);
        }
        return false;
    }

    private Optional<Long> governed(String name, Instant at) {
        List<HistoryEntry> history;
        try {
            history = histories.history(name);
        } catch (RuntimeException e) {
            LOG.warnf("reading %s from the governance view failed (%s): using the configured value", name, e);
            return Optional.empty();
        }
        Optional<HistoryEntry> entry = valueAt(history, at);
        if (entry.isEmpty()) {
            LOG.debugf("%s has no governed value yet (genesis has not run): using the configured value", name);
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(entry.get().value()));
        } catch (NumberFormatException e) {
            LOG.warnf(
                    "%s=%s is not a number: using the configured value",
                    name, entry.get().value());
            return Optional.empty();
        }
    }

    /**
     * The value in force at {@code at}: the latest whose effectiveAt is at or before it (of two at the same instant,
     * the later in the history); before the first, the first (the genesis value).
     */
    static Optional<HistoryEntry> valueAt(List<HistoryEntry> history, Instant at) {
        Comparator<HistoryEntry> order =
                Comparator.comparing(HistoryEntry::effectiveAt).thenComparingLong(HistoryEntry::seq);
        Optional<HistoryEntry> inForce = history.stream()
                .filter(entry ->
                        entry.effectiveAt() != null && !entry.effectiveAt().isAfter(at))
                .max(order);
        if (inForce.isPresent()) {
            return inForce;
        }
        return history.stream().filter(entry -> entry.effectiveAt() != null).min(order);
    }

    @Override
    public String toString() {
        return "the governed " + PAYOUT_SHARE_PPM + ", " + PAYOUT_WINDOW_MS + " and " + FEED_UNRELIABLE_WINDOW_MS
                + " at each event's time (before genesis, or if the governance view does not catch up: " + fallback
                + ")";
    }
}
