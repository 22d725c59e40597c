package io.coverclaims.policy.view;

import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.policy.PolicyContext;
import io.coverclaims.policy.domain.cover.CoverEvent;
import io.coverclaims.policy.domain.cover.CoverState;
import io.coverclaims.policy.domain.product.ProductEvent;
import io.coverclaims.policy.domain.product.ProductState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every instance's read model of policy.events (its own consumer group, read from the first offset at each
 * start, so it is a cache of the topic): the product catalogue and the policies of each holder. The states are
 * folded with the aggregates' own deciders, so they are exactly what the command processor holds, only
 * eventually: a read right after a write may not see it yet (the aggregate itself, read through
 * {@code AggregateQueries}, does).
 */
@ApplicationScoped
public class PolicyEventsView {

    private static final AggregateType<?, ProductEvent, ProductState> PRODUCT = PolicyContext.PRODUCT;
    private static final AggregateType<?, CoverEvent, CoverState> COVER = PolicyContext.COVER;

    private final Map<String, ProductState> products = new ConcurrentHashMap<>();
    private final Map<String, CoverState> covers = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> policiesByHolder = new ConcurrentHashMap<>();

    @Incoming("policy-view")
    public void on(SpecificRecord event) {
        if (event == null) {
            return; // undecodable: the command processor dead-letters what it cannot read; the view skips it
        }
        String id = WireMetadata.ofEvent(event).getAggregateId();
        if (PRODUCT.handlesEvent(event)) {
            ProductEvent domain = PRODUCT.readEvent(event);
            products.compute(
                    id,
                    (key, state) -> PRODUCT.decider()
                            .evolve(state == null ? PRODUCT.decider().initialState() : state, domain));
        } else if (COVER.handlesEvent(event)) {
            CoverEvent domain = COVER.readEvent(event);
            covers.compute(
                    id,
                    (key, state) -> COVER.decider()
                            .evolve(state == null ? COVER.decider().initialState() : state, domain));
            if (domain instanceof CoverEvent.PolicyRequested requested) {
                policiesByHolder
                        .computeIfAbsent(
                                requested.holder().toLowerCase(Locale.ROOT), key -> ConcurrentHashMap.newKeySet())
                        .add(id);
            }
        }
    }

    public Optional<ProductState.Defined> product(String productId) {
        return Optional.ofNullable(products.get(productId))
                .filter(ProductState.Defined.class::isInstance)
                .map(ProductState.Defined.class::cast);
    }

    public List<ProductState.Defined> products() {
        return products.values().stream()
                .filter(ProductState.Defined.class::isInstance)
                .map(ProductState.Defined.class::cast)
                .sorted(Comparator.comparing(product -> product.terms().productId()))
                .toList();
    }

    /** Bought policies (not bare quotes) of a holder, newest purchase first. */
    public List<CoverState.Bought> policiesOf(String holder) {
        return policiesByHolder.getOrDefault(holder.toLowerCase(Locale.ROOT), Set.of()).stream()
                .map(covers::get)
                .filter(CoverState.Bought.class::isInstance)
                .map(CoverState.Bought.class::cast)
                .sorted(Comparator.comparing(
                                (CoverState.Bought state) -> state.request().at())
                        .reversed())
                .toList();
    }
}
