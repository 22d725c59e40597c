package io.coverclaims.claim;

import io.coverclaims.platform.streams.BoundedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The claim context as the kernel runs it: its aggregates and, by convention, its claim.* topics. */
@ApplicationScoped
public class ClaimContext {

    public static final String NAME = "claim";

    @Produces
    @Singleton
    BoundedContext context() {
        return BoundedContext.of(NAME);
    }
}
