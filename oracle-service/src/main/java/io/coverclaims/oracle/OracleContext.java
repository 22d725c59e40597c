package io.coverclaims.oracle;

import io.coverclaims.platform.streams.BoundedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The oracle context as the kernel runs it: its aggregates and, by convention, its oracle.* topics. */
@ApplicationScoped
public class OracleContext {

    public static final String NAME = "oracle";

    @Produces
    @Singleton
    BoundedContext context() {
        return BoundedContext.of(NAME);
    }
}
