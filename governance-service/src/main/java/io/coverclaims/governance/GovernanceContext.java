package io.coverclaims.governance;

import io.coverclaims.platform.streams.BoundedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The governance context as the kernel runs it: its aggregates and, by convention, its governance.* topics. */
@ApplicationScoped
public class GovernanceContext {

    public static final String NAME = "governance";

    @Produces
    @Singleton
    BoundedContext context() {
        return BoundedContext.of(NAME);
    }
}
