package io.coverclaims.policy.view;

import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewTable;
import io.coverclaims.platform.view.ViewUpdate;
import io.coverclaims.policy.PolicyContext;
import io.coverclaims.policy.domain.cover.CoverEvent;
import io.coverclaims.policy.domain.cover.CoverState;
import io.coverclaims.policy.domain.product.ProductEvent;
import io.coverclaims.policy.domain.product.ProductState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every instance's read model of policy.events: the product catalogue, every cover, and an index of the policies of
 * each holder, kept by the kernel's {@link ReadModel} in a persistent global store (a restart reads only what is new;
 * a wiped state directory is rebuilt from the topic). The states are folded with the aggregates' own deciders, so
 * they are exactly what the command processor holds, only eventually: a read right after a write may not see it yet
 * (the aggregate itself, read through {@code AggregateQueries}, does).
 */
@ApplicationScoped
public class PolicyEventsView {

    private static final AggregateType<?, ProductEvent, ProductState> PRODUCT = PolicyContext.PRODUCT;
    private static final AggregateType<?, CoverEvent, CoverState> COVER = PolicyContext.COVER;

    /** Product id → its state. */
    static final ViewTable<ProductState> PRODUCTS = ViewTable.of("product", ProductState.class);

    /** Cover (quote and policy) id → its state. */
    static final ViewTable<CoverState> COVERS = ViewTable.of("cover", CoverState.class);

    /** {@code <holder, lower case>/<policy id>} → when the policy was requested: the policies of a holder. */
    static final ViewTable<Instant> POLICIES_BY_HOLDER = ViewTable.of("holder-policy", Instant.class);

    private final ReadModel model;

    public PolicyEventsView() {
        this(readModel(PolicyContext.CONTEXT.eventsTopic()));
    }

    /** A view of the read model {@code model} (a test's, on a topic of its own). */
    public PolicyEventsView(ReadModel model) {
        this.model = model;
    }

    /** The read model of {@code topic} (policy.events, or a test's stand-in). */
    public static ReadModel readModel(String topic) {
        return ReadModel.named("policy-view")
                .from(topic)
                .tables(PRODUCTS, COVERS, POLICIES_BY_HOLDER)
                .projector(PolicyEventsView::project)
                .build();
    }

    @Produces
    @Singleton
    ReadModel policyViewModel() {
        return model;
    }

    static void project(ViewEvent event, ViewUpdate view) {
        SpecificRecord wire = event.value();
        String id = WireMetadata.ofEvent(wire).getAggregateId();
        if (PRODUCT.handlesEvent(wire)) {
            ProductState state = view.get(PRODUCTS, id).orElse(PRODUCT.decider().initialState());
            view.put(PRODUCTS, id, PRODUCT.decider().evolve(state, PRODUCT.readEvent(wire)));
        } else if (COVER.handlesEvent(wire)) {
            CoverEvent domain = COVER.readEvent(wire);
            CoverState state = view.get(COVERS, id).orElse(COVER.decider().initialState());
            view.put(COVERS, id, COVER.decider().evolve(state, domain));
            if (domain instanceof CoverEvent.PolicyRequested requested) {
                view.put(POLICIES_BY_HOLDER, holderKey(requested.holder()) + id, requested.at());
            }
        }
    }

    private static String holderKey(String holder) {
        return holder.toLowerCase(Locale.ROOT) + "/";
    }

    public Optional<ProductState.Defined> product(String productId) {
        return model.get(PRODUCTS, productId)
                .filter(ProductState.Defined.class::isInstance)
                .map(ProductState.Defined.class::cast);
    }

    public List<ProductState.Defined> products() {
        return model.all(PRODUCTS).stream()
                .map(entry -> entry.value())
                .filter(ProductState.Defined.class::isInstance)
                .map(ProductState.Defined.class::cast)
                .sorted(Comparator.comparing(product -> product.terms().productId()))
                .toList();
    }

    /** Bought policies (not bare quotes) of a holder, newest purchase first. */
    public List<CoverState.Bought> policiesOf(String holder) {
        String prefix = holderKey(holder);
        return model.prefix(POLICIES_BY_HOLDER, prefix).stream()
                .map(entry -> model.get(COVERS, entry.key().substring(prefix.length())))
                .flatMap(Optional::stream)
                .filter(CoverState.Bought.class::isInstance)
                .map(CoverState.Bought.class::cast)
                .sorted(Comparator.comparing(
                                (CoverState.Bought state) -> state.request().at())
                        .reversed())
                .toList();
    }
}
