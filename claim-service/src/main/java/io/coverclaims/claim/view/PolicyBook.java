package io.coverclaims.claim.view;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewTable;
import io.coverclaims.platform.view.ViewUpdate;
import io.coverclaims.schemas.policy.CoverReduced;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.policy.PolicyCancelled;
import io.coverclaims.schemas.policy.PolicyExpired;
import io.coverclaims.schemas.policy.ProductDefined;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Claim-service's own read model of policy.events (it never calls policy-service): every policy that became active,
 * with the cover left on it, and each product's category. A claim's submission is checked against it, and what it
 * said is recorded in the claim (ClaimSubmitted), so a replay never reads it again.
 */
@ApplicationScoped
public class PolicyBook {

    public static final String POLICY_EVENTS = "policy.events";

    /** Cover a claim can be made on: what policy.events said about one policy. */
    public record ClaimablePolicy(
            String policyId,
            String productId,
            String poolId,
            String holder,
            String asset,
            Money coverAmount,
            Money coverLeft,
            Instant startAt,
            Instant endAt,
            Status status) {

        ClaimablePolicy with(Status status, Instant endAt, Money coverLeft) {
            return new ClaimablePolicy(
                    policyId, productId, poolId, holder, asset, coverAmount, coverLeft, startAt, endAt, status);
        }

        /** Cover still at risk: active, with cover left. */
        public boolean atRisk() {
            return status == Status.ACTIVE && coverLeft.isPositive();
        }
    }

    /** ACTIVE, EXPIRED, CANCELLED (cover ends at the cancellation), or CLOSED (its cover is used up). */
    public enum Status {
        ACTIVE,
        EXPIRED,
        CANCELLED,
        CLOSED
    }

    /**
     * A product: its claim method (ASSESSMENT or PARAMETRIC), the oracle trigger a parametric product is bound to, and
     * the contract it covers (an oracle incident naming that contract affects it).
     */
    public record Product(
            String productId,
            String name,
            String category,
            String claimMethod,
            String triggerId,
            String coveredContract) {

        public boolean parametricOn(String trigger) {
            return "PARAMETRIC".equals(claimMethod) && trigger != null && trigger.equals(triggerId);
        }
    }

    static final ViewTable<ClaimablePolicy> POLICIES = ViewTable.of("policy", ClaimablePolicy.class);
    static final ViewTable<Product> PRODUCTS = ViewTable.of("product", Product.class);
    /** {@code <product id>/<policy id>} → the pool: the policies of a product. */
    static final ViewTable<String> POLICIES_OF_PRODUCT = ViewTable.of("product-policy", String.class);

    private final ReadModel model;

    public PolicyBook() {
        this(readModel(POLICY_EVENTS));
    }

    public PolicyBook(ReadModel model) {
        this.model = model;
    }

    public static ReadModel readModel(String topic) {
        return ReadModel.named("claim-policy-book")
                .from(topic)
                .tables(POLICIES, PRODUCTS, POLICIES_OF_PRODUCT)
                .projector(PolicyBook::project)
                .build();
    }

    @Produces
    @Singleton
    ReadModel policyBookModel() {
        return model;
    }

    static void project(ViewEvent event, ViewUpdate view) {
        switch (event.value()) {
            case ProductDefined e ->
                view.put(
                        PRODUCTS,
                        e.getProductId(),
                        new Product(
                                e.getProductId(),
                                e.getName(),
                                e.getCategory().name(),
                                e.getClaimMethod().name(),
                                e.getTriggerId(),
                                e.getCoveredContract()));
            case PolicyActivated e -> {
                Money cover = money(e.getCoverAmount());
                view.put(
                        POLICIES,
                        e.getPolicyId(),
                        new ClaimablePolicy(
                                e.getPolicyId(),
                                e.getProductId(),
                                e.getPoolId(),
                                e.getHolder(),
                                e.getAsset(),
                                cover,
                                cover,
                                e.getStartAt(),
                                e.getEndAt(),
                                Status.ACTIVE));
                view.put(POLICIES_OF_PRODUCT, e.getProductId() + "/" + e.getPolicyId(), e.getPoolId());
            }
            case PolicyExpired e ->
                update(
                        view,
                        e.getPolicyId(),
                        p -> p.status() == Status.ACTIVE ? p.with(Status.EXPIRED, p.endAt(), p.coverLeft()) : p);
            case PolicyCancelled e -> {
                Instant at = WireMetadata.ofEvent(e).getOccurredAt();
                update(
                        view,
                        e.getPolicyId(),
                        p -> p.with(Status.CANCELLED, at.isBefore(p.endAt()) ? at : p.endAt(), p.coverLeft()));
            }
            case CoverReduced e -> {
                Money left = money(e.getRemainingCover());
                update(view, e.getPolicyId(), p -> p.with(left.isZero() ? Status.CLOSED : p.status(), p.endAt(), left));
            }
            default -> {}
        }
    }

    private static void update(
            ViewUpdate view, String policyId, java.util.function.UnaryOperator<ClaimablePolicy> change) {
        view.get(POLICIES, policyId).ifPresent(p -> view.put(POLICIES, policyId, change.apply(p)));
    }

    private static Money money(BigDecimal amount) {
        return Money.of(amount.toBigIntegerExact());
    }

    public boolean ready() {
        return model.ready();
    }

    public Optional<ClaimablePolicy> policy(String policyId) {
        return model.get(POLICIES, policyId);
    }

    public Optional<Product> product(String productId) {
        return model.get(PRODUCTS, productId);
    }

    /** Every product defined. */
    public List<Product> products() {
        return model.all(PRODUCTS).stream().map(entry -> entry.value()).toList();
    }

    /** The policies of a product that were ever active (any status). */
    public List<ClaimablePolicy> policiesOf(String productId) {
        String prefix = productId + "/";
        return model.prefix(POLICIES_OF_PRODUCT, prefix).stream()
                .map(entry -> model.get(POLICIES, entry.key().substring(prefix.length())))
                .flatMap(Optional::stream)
                .toList();
    }
}
