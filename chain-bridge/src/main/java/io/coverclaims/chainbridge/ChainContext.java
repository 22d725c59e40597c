package io.coverclaims.chainbridge;

import io.coverclaims.platform.streams.BoundedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The chain context as the kernel runs it: its aggregates and, by convention, its chain.* topics. */
@ApplicationScoped
public class ChainContext {

    public static final String NAME = "chain";

    @Produces
    @Singleton
    BoundedContext context() {
        return BoundedContext.of(NAME);
    }
}
