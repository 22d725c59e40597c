package io.coverclaims.policy;

import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.policy.cover.CoverWire;
import io.coverclaims.policy.product.ProductWire;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The policy context as the kernel runs it: products (ids {@code prod-…}) and quotes-that-become-policies (ids
 * {@code cov-…}), on the policy.* topics.
 */
@ApplicationScoped
public class PolicyContext {

    public static final String NAME = "policy";
    public static final BoundedContext CONTEXT = BoundedContext.of(NAME, ProductWire.TYPE, CoverWire.TYPE);

    @Produces
    @Singleton
    BoundedContext context() {
        return CONTEXT;
    }
}
