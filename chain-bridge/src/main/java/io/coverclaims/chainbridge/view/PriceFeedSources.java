package io.coverclaims.chainbridge.view;

import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ViewEntry;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewTable;
import io.coverclaims.platform.view.ViewUpdate;
import io.coverclaims.schemas.oracle.FeedSourceDisabled;
import io.coverclaims.schemas.oracle.FeedSourceRegistered;
import io.coverclaims.schemas.oracle.SourceKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chain-bridge's own read model of oracle.events (it never calls oracle-service): the on-chain sources of the feeds,
 * i.e. every {@code FeedSourceRegistered} of kind {@code CHAINLINK_AGGREGATOR} (feed, source, aggregator address in
 * canonical form, decimals of its answers), disabled by {@code FeedSourceDisabled}. The price-feed poller reads the
 * enabled ones. Other records of the topic, and sources of other kinds, are not kept.
 *
 * <p>oracle.events is keyed by feed id: every key here ({@code <feed id>/<source id>}) is written by one partition, so
 * a rebuild comes out as the live view did.
 */
@ApplicationScoped
public class PriceFeedSources {

    /** The topic it folds: oracle-service's events (a test points it at a topic of its own). */
    public static final String TOPIC_PROPERTY = "coverclaims.chain.oracle-events-topic";

    public static final String ORACLE_EVENTS = "oracle.events";

    /**
     * An on-chain source: the AggregatorV3Interface contract to read ({@code aggregator}: canonical 0x hex, or what
     * oracle.events said if that is not an address) and the decimals its answers were registered with.
     */
    public record Source(String feedId, String sourceId, String aggregator, int decimals, boolean enabled) {

        /** Its key in the view: {@code <feed id>/<source id>}. */
        public String key() {
            return key(feedId, sourceId);
        }

        static String key(String feedId, String sourceId) {
            return feedId + "/" + sourceId;
        }

        Source disabled() {
            return new Source(feedId, sourceId, aggregator, decimals, false);
        }
    }

    /** {@code <feed id>/<source id>} → the source. */
    static final ViewTable<Source> SOURCES = ViewTable.of("source", Source.class);

    private final ReadModel model;

    @Inject
    public PriceFeedSources(@ConfigProperty(name = TOPIC_PROPERTY, defaultValue = ORACLE_EVENTS) String topic) {
        this(readModel(topic));
    }

    /** A view of the read model {@code model} (a test's, on a topic of its own). */
    public PriceFeedSources(ReadModel model) {
        this.model = model;
    }

    /** The read model of {@code topic} (oracle.events, or a test's stand-in). */
    public static ReadModel readModel(String topic) {
        return ReadModel.named("chain-price-feed-sources")
                .from(topic)
                .tables(SOURCES)
                .projector(PriceFeedSources::project)
                .build();
    }

    @Produces
    @Singleton
    ReadModel priceFeedSourcesModel() {
        return model;
    }

    public ReadModel model() {
        return model;
    }

    static void project(ViewEvent event, ViewUpdate view) {
        switch (event.value()) {
            case FeedSourceRegistered e -> {
                String key = Source.key(e.getFeedId(), e.getSourceId());
                if (e.getSourceKind() == SourceKind.CHAINLINK_AGGREGATOR) {
                    String aggregator = e.getAggregator() == null ? "" : e.getAggregator();
                    view.put(
                            SOURCES,
                            key,
                            new Source(
                                    e.getFeedId(),
                                    e.getSourceId(),
                                    Ids.isAddress(aggregator) ? Ids.canonical(aggregator) : aggregator,
                                    e.getDecimals(),
                                    true));
                } else {
                    // registered again as another kind: no longer read on chain
                    view.delete(SOURCES, key);
                }
            }
            case FeedSourceDisabled e -> {
                String key = Source.key(e.getFeedId(), e.getSourceId());
                view.get(SOURCES, key).ifPresent(source -> view.put(SOURCES, key, source.disabled()));
            }
            default -> {}
        }
    }

    /** True once everything the topic held when this instance started has been read. */
    public boolean ready() {
        return model.ready();
    }

    /** The enabled on-chain sources, in key order (feed, then source). */
    public List<Source> enabled() {
        return model.all(SOURCES).stream()
                .map(ViewEntry::value)
                .filter(Source::enabled)
                .toList();
    }

    /** An on-chain source, enabled or not. */
    public Optional<Source> source(String feedId, String sourceId) {
        return model.get(SOURCES, Source.key(feedId, sourceId));
    }
}
