package io.coverclaims.policy;

import io.coverclaims.platform.streams.BoundedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The policy context as the kernel runs it: its aggregates and, by convention, its policy.* topics. */
@ApplicationScoped
public class PolicyContext {

    public static final String NAME = "policy";

    @Produces
    @Singleton
    BoundedContext context() {
        return BoundedContext.of(NAME);
    }
}
