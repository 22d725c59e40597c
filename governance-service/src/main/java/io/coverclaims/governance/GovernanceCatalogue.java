package io.coverclaims.governance;

import io.coverclaims.governance.domain.parameter.ParameterCatalogue;
import io.coverclaims.governance.domain.parameter.ParameterSpec;
import io.coverclaims.governance.domain.parameter.ParameterType;
import java.math.BigInteger;

/**
 * The parameter catalogue (schemas' {@code parameter-catalogue.json}, read and checked by schemas'
 * {@link io.coverclaims.schemas.parameters.ParameterCatalogue}) as the governance domain sees it: a pure
 * {@link ParameterCatalogue} of {@link ParameterSpec}s the proposal decider checks changes against.
 */
public final class GovernanceCatalogue {

    private static volatile ParameterCatalogue loaded;

    private GovernanceCatalogue() {}

    /** The catalogue on the class path, read once. */
    public static ParameterCatalogue get() {
        ParameterCatalogue catalogue = loaded;
        if (catalogue == null) {
            catalogue = of(io.coverclaims.schemas.parameters.ParameterCatalogue.load());
            loaded = catalogue;
        }
        return catalogue;
    }

    static ParameterCatalogue of(io.coverclaims.schemas.parameters.ParameterCatalogue file) {
        return ParameterCatalogue.of(file.parameters().stream()
                .map(p -> new ParameterSpec(
                        p.name(),
                        p.owner(),
                        ParameterType.of(p.type()),
                        p.unit(),
                        new BigInteger(p.defaultValue()),
                        new BigInteger(p.min()),
                        new BigInteger(p.max()),
                        p.description()))
                .toList());
    }
}
