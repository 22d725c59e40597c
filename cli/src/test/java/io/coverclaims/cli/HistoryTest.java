package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.chain.SettlementKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

    static final String POOL = "pool-a";

    @Test
    void an_event_names_an_id_by_its_aggregate_id_an_id_field_or_its_correlation_id() {
        LoggedEvent created = Wire.logged("pool.events", 0, Wire.poolCreated(POOL, 0));
        LoggedEvent premium = Wire.logged("pool.events", 1, Wire.premium(POOL, 2, 1, "cov-1", 10, 9, 1));
        LoggedEvent sealed = Wire.logged("chain.events", 0, Wire.sealed(POOL, 2, 3, "batch-7", "clm-1", 5));

        assertThat(History.direct(created, POOL)).contains(new History.ByAggregate());
        assertThat(History.direct(premium, "cov-1")).contains(new History.ByField("policyId"));
        assertThat(History.direct(sealed, "batch-7")).contains(new History.ByField("batchId"));
        assertThat(History.direct(premium, "corr-cov-1")).contains(new History.ByCorrelation("corr-cov-1"));
        assertThat(History.direct(created, "pool-b")).isEmpty();
        assertThat(History.direct(sealed, "clm-1"))
                .as("a leaf's reference is no field of the event")
                .isEmpty();
    }

    @Test
    void the_second_read_adds_the_events_that_share_a_correlation_id_with_those_found_and_nothing_twice() {
        History history = new History("cov-1");
        LoggedEvent activated = Wire.logged("policy.events", 0, Wire.policyActivated("cov-1", POOL, 5, 500));
        LoggedEvent premium = Wire.logged("pool.events", 4, Wire.premium(POOL, 2, 6, "cov-1", 10, 9, 1));
        LoggedEvent other = Wire.logged("pool.events", 3, Wire.deposit(POOL, 3, 1, 1_000, 1_000));
        // in another context, caused by the same purchase, naming neither the policy nor its pool
        LoggedEvent queued = Wire.logged(
                "chain.events",
                9,
                io.coverclaims.schemas.chain.SettlementEnqueued.newBuilder(
                                Wire.enqueued(POOL, 1, 7, SettlementKind.CLAIM_PAYOUT, "clm-1", 5))
                        .setMetadata(Wire.meta("pool-z", 1, 7, "corr-cov-1"))
                        .setPoolId("pool-z")
                        .build());

        for (LoggedEvent event : List.of(other, activated, premium, queued)) {
            history.offerDirect(event);
        }
        assertThat(history.correlations()).containsExactly("corr-cov-1");
        for (LoggedEvent event : List.of(other, activated, premium, queued)) {
            history.offerCorrelated(event);
        }

        assertThat(history.events())
                .extracting(found -> found.event().type() + " " + found.match().describe())
                .containsExactly(
                        "PolicyActivated aggregate id",
                        "PremiumRecorded field policyId",
                        "SettlementEnqueued correlation corr-cov-1");
    }

    @Test
    void events_come_in_the_order_they_occurred_then_by_context_and_position() {
        LoggedEvent late = Wire.logged("policy.events", 0, Wire.policyActivated("cov-1", POOL, 9, 500));
        LoggedEvent early = Wire.logged("pool.events", 2, Wire.deposit(POOL, 2, 1, 1_000, 1_000));
        LoggedEvent sameTimeChain = Wire.logged("chain.events", 0, Wire.sealed(POOL, 1, 4, "batch-1", "x", 1));
        LoggedEvent sameTimePool = Wire.logged("pool.events", 6, Wire.deposit(POOL, 4, 4, 5, 1_010));
        LoggedEvent sameTimePoolEarlier = Wire.logged("pool.events", 5, Wire.deposit(POOL, 3, 4, 5, 1_005));

        assertThat(positions(late, sameTimeChain, sameTimePool, early, sameTimePoolEarlier))
                .containsExactly(
                        "pool.events-0@2",
                        "pool.events-0@5",
                        "pool.events-0@6",
                        "chain.events-0@0",
                        "policy.events-0@0");
    }

    @Test
    void a_partitions_own_order_is_kept_even_where_its_times_go_backwards() {
        // pool-a's v2 occurred (by the clock of the service that decided it) before its v1: the log's order stands
        LoggedEvent v1 = Wire.logged("pool.events", 0, Wire.poolCreated(POOL, 30));
        LoggedEvent v2 = Wire.logged("pool.events", 1, Wire.deposit(POOL, 2, 10, 1_000, 1_000));
        LoggedEvent v3 = Wire.logged("pool.events", 2, Wire.deposit(POOL, 3, 40, 1_000, 2_000));
        LoggedEvent between = Wire.logged("policy.events", 0, Wire.policyActivated("cov-1", POOL, 35, 500));

        assertThat(positions(v3, between, v2, v1))
                .containsExactly("pool.events-0@0", "pool.events-0@1", "policy.events-0@0", "pool.events-0@2");
    }

    private static List<String> positions(LoggedEvent... events) {
        return History.ordered(List.of(events).stream()
                        .map(event -> new History.Found(event, new History.ByAggregate()))
                        .toList())
                .stream()
                .map(found -> found.event().position())
                .toList();
    }
}
