package io.coverclaims.governance.view;

import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ViewEntry;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewTable;
import io.coverclaims.platform.view.ViewUpdate;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.CapitalWithdrawn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Governance-service's read model of pool.events: each member's capital stake across pools, its voting weight. A
 * deposit (CapitalDeposited.amount) adds to its provider's stake, a withdrawal (CapitalWithdrawn.withdrawnAmount)
 * takes from it (never below zero). Members are lower-case addresses. The position read (the last offset applied per
 * partition) travels with a proposal's snapshot, for audit.
 */
@ApplicationScoped
public class StakeBook {

    public static final String POOL_EVENTS = "pool.events";

    /** The last applied offset of a partition of pool.events. */
    public record Position(int partition, long offset) {}

    /** A member's stake. */
    public record Stake(String member, Money stake) {}

    /** Every member with stake > 0, by address, and the position they were read at ("partition:offset", ...). */
    public record Snapshot(List<Stake> stakes, String position) {}

    static final ViewTable<Money> STAKES = ViewTable.of("stake", Money.class);
    static final ViewTable<Position> POSITIONS = ViewTable.of("stake-position", Position.class);

    private final ReadModel model;

    public StakeBook() {
        this(readModel(POOL_EVENTS));
    }

    public StakeBook(ReadModel model) {
        this.model = model;
    }

    public static ReadModel readModel(String topic) {
        return ReadModel.named("governance-stake-book")
                .from(topic)
                .tables(STAKES, POSITIONS)
                .projector(StakeBook::project)
                .build();
    }

    @Produces
    @Singleton
    ReadModel stakeBookModel() {
        return model;
    }

    static void project(ViewEvent event, ViewUpdate view) {
        switch (event.value()) {
            case CapitalDeposited e -> {
                String member = member(e.getProvider());
                view.put(STAKES, member, stake(view, member).plus(money(e.getAmount())));
            }
            case CapitalWithdrawn e -> {
                String member = member(e.getProvider());
                view.put(STAKES, member, stake(view, member).minusOrZero(money(e.getWithdrawnAmount())));
            }
            default -> {
                return;
            }
        }
        view.put(POSITIONS, String.valueOf(event.partition()), new Position(event.partition(), event.offset()));
    }

    private static Money stake(ViewUpdate view, String member) {
        return view.get(STAKES, member).orElse(Money.ZERO);
    }

    private static String member(String address) {
        return Ids.isAddress(address) ? Ids.canonical(address) : address.toLowerCase(java.util.Locale.ROOT);
    }

    private static Money money(BigDecimal amount) {
        return Money.of(amount.toBigIntegerExact());
    }

    public boolean ready() {
        return model.ready();
    }

    public Money stakeOf(String member) {
        return model.get(STAKES, member(member)).orElse(Money.ZERO);
    }

    /** Every member with stake > 0, in address order, and where in pool.events they were read. */
    public Snapshot snapshot() {
        List<Stake> stakes = model.all(STAKES).stream()
                .filter(entry -> entry.value().isPositive())
                .map(entry -> new Stake(entry.key(), entry.value()))
                .toList();
        String position = model.all(POSITIONS).stream()
                .map(ViewEntry::value)
                .sorted(java.util.Comparator.comparingInt(Position::partition))
                .map(p -> p.partition() + ":" + p.offset())
                .collect(Collectors.joining(","));
        return new Snapshot(stakes, position.isEmpty() ? null : position);
    }
}
