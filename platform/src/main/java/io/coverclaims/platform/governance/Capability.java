package io.coverclaims.platform.governance;

import io.coverclaims.schemas.governance.PauseFlag;
import java.util.Arrays;
import java.util.Optional;

/**
 * What an emergency pause stops, as the REST APIs and messages name it ({@link #restName()}, kebab case) and as
 * governance.events carries it ({@link PauseFlag}). {@link #ALL} stops every capability.
 */
public enum Capability {
    ALL("all", PauseFlag.GLOBAL),
    COVER_SALES("cover-sales", PauseFlag.COVER),
    CLAIMS("claims", PauseFlag.CLAIMS),
    ASSESSMENT("assessment", PauseFlag.ASSESSMENTS),
    PAYOUTS("payouts", PauseFlag.PAYOUTS),
    DEPOSITS("deposits", PauseFlag.POOLS),
    WITHDRAWALS("withdrawals", PauseFlag.WITHDRAWALS),
    PARAMETRIC_TRIGGERS("parametric-triggers", PauseFlag.ORACLES),
    ANCHORING("anchoring", PauseFlag.SETTLEMENT);

    private final String restName;
    private final PauseFlag flag;

    Capability(String restName, PauseFlag flag) {
        this.restName = restName;
        this.flag = flag;
    }

    /** The name in URLs, JSON and messages: {@code all}, {@code cover-sales}, {@code parametric-triggers}, ... */
    public String restName() {
        return restName;
    }

    /** The flag governance.events carries for this capability. */
    public PauseFlag flag() {
        return flag;
    }

    /** The capability of a REST name, or empty when there is none (an input to refuse, naming the field). */
    public static Optional<Capability> fromRestName(String name) {
        return Arrays.stream(values())
                .filter(capability -> capability.restName.equals(name))
                .findFirst();
    }

    /** The capability a flag stops; empty for {@link PauseFlag#UNKNOWN} (a symbol this code does not know yet). */
    public static Optional<Capability> fromFlag(PauseFlag flag) {
        // by symbol: a decoded record's enum may come from another class loader (Avro's own, under Quarkus tests)
        return flag == null ? Optional.empty() : fromFlagName(flag.name());
    }

    /** The capability of a flag's symbol ({@code GLOBAL}, {@code COVER}, ...); empty for an unknown symbol. */
    public static Optional<Capability> fromFlagName(String symbol) {
        return Arrays.stream(values())
                .filter(capability -> capability.flag.name().equals(symbol))
                .findFirst();
    }
}
