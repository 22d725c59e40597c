package io.coverclaims.policy.view;

import io.coverclaims.policy.cover.Cover;
import io.coverclaims.policy.cover.CoverWire;
import io.coverclaims.policy.product.Product;
import io.coverclaims.policy.product.ProductWire;
import io.coverclaims.platform.streams.WireMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every instance's read model of policy.events (its own consumer group, read from the first offset at each
 * start, so it is a cache of the topic): the product catalogue and the policies of each holder. The states are
 * folded with the aggregates' own deciders, so they are exactly what the command processor holds, only
 * eventually: a read right after a write may not see it yet (the aggregate itself, read through
 * {@code AggregateQueries}, does).
 */
@ApplicationScoped
public class PolicyEventsView {

    private final Map<String, Product.State> products = new ConcurrentHashMap<>();
    private final Map<String, Cover.State> covers = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> policiesByHolder = new ConcurrentHashMap<>();

    @Incoming("policy-view")
    public void on(SpecificRecord event) {
        if (event == null) {
            return; // undecodable: the command processor dead-letters what it cannot read; the view skips it
        }
        String id = WireMetadata.ofEvent(event).getAggregateId();
        if (ProductWire.TYPE.handlesEvent(event)) {
            Product.Event domain = ProductWire.TYPE.readEvent(event);
            products.compute(id, (key, state) -> Product.DECIDER.evolve(state == null ? Product.DECIDER.initialState() : state, domain));
        } else if (CoverWire.TYPE.handlesEvent(event)) {
            Cover.Event domain = CoverWire.TYPE.readEvent(event);
            Cover.State after = covers.compute(id, (key, state) -> Cover.DECIDER.evolve(state == null ? Cover.DECIDER.initialState() : state, domain));
            if (domain instanceof Cover.PolicyRequested requested) {
                policiesByHolder.computeIfAbsent(requested.holder().toLowerCase(Locale.ROOT), key -> ConcurrentHashMap.newKeySet()).add(id);
            }
            assert after != null;
        }
    }

    public Optional<Product.State> product(String productId) {
        return Optional.ofNullable(products.get(productId));
    }

    public List<Product.State> products() {
        return products.values().stream().sorted(Comparator.comparing(Product.State::productId)).toList();
    }

    /** Bought policies (not bare quotes) of a holder, newest purchase first. */
    public List<Cover.State> policiesOf(String holder) {
        return policiesByHolder.getOrDefault(holder.toLowerCase(Locale.ROOT), Set.of()).stream()
                .map(covers::get).filter(state -> state != null && state.bought())
                .sorted(Comparator.comparing((Cover.State state) -> state.request().at()).reversed())
                .toList();
    }
}
