package io.coverclaims.pool;

import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.pool.domain.PoolAggregate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The pool context as the kernel runs it: its aggregates and, by convention, its pool.* topics. */
@ApplicationScoped
public class PoolContext {

    public static final String NAME = "pool";

    @Produces
    @Singleton
    BoundedContext context() {
        return BoundedContext.of(NAME, PoolAggregate.TYPE);
    }
}
