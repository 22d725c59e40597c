package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StateComparisonTest {

    static StateComparison.Served served(long version, String hash) {
        return new StateComparison.Served("pool", version, hash);
    }

    static StateComparison.Rebuilt rebuilt(long version, String hashAtServed) {
        return new StateComparison.Rebuilt("pool", version, hashAtServed, true, null);
    }

    @Test
    void the_same_hash_at_the_served_version_is_identical_even_when_the_log_has_moved_on() {
        StateComparison.Result result = StateComparison.compare(
                Map.of("pool-a", served(3, "aa"), "pool-b", served(2, "bb")),
                Map.of("pool-a", rebuilt(3, "aa"), "pool-b", rebuilt(5, "bb")));

        assertThat(result.identical()).isEqualTo(2);
        assertThat(result.mismatches()).isEmpty();
    }

    @Test
    void every_kind_of_difference_is_a_mismatch_in_one_sentence() {
        StateComparison.Result result = StateComparison.compare(
                Map.of(
                        "pool-hash", served(3, "aa"),
                        "pool-ahead", served(4, "cc"),
                        "pool-ghost", served(1, "dd"),
                        "pool-type", new StateComparison.Served("policy", 1, "ee")),
                Map.of(
                        "pool-hash", rebuilt(3, "ab"),
                        "pool-ahead", rebuilt(3, null),
                        "pool-type", rebuilt(1, "ee"),
                        "pool-unserved", rebuilt(2, null),
                        "pool-broken", new StateComparison.Rebuilt("pool", 1, null, true, "a gap")));

        assertThat(result.identical()).isZero();
        assertThat(result.mismatches())
                .containsExactly(
                        "pool-ahead: served at v4 but the log holds only v3 (a state the log does not back)",
                        "pool-broken: the rebuild cannot fold it: a gap",
                        "pool-ghost: served (pool v1) but it has no event in the log",
                        "pool-hash: at v3 the service's state hash is aa, the rebuild's ab",
                        "pool-type: served as a policy, the log makes it a pool",
                        "pool-unserved: in the log (pool v2) but the service does not serve it");
    }

    @Test
    void an_aggregate_created_after_the_service_was_asked_is_not_a_mismatch() {
        StateComparison.Result result = StateComparison.compare(
                Map.of(), Map.of("pool-new", new StateComparison.Rebuilt("pool", 1, null, false, null)));

        assertThat(result.mismatches()).isEmpty();
        assertThat(result.newSinceAsked()).isEqualTo(1);
    }

    @Test
    void the_services_answer_is_read_strictly_as_a_list_or_a_map_of_aggregates() throws Exception {
        var json = AvroJson.JSON;
        assertThat(StateComparison.parse(json.readTree(
                        "[{\"aggregateId\": \"pool-a\", \"type\": \"pool\", \"version\": 7, \"hash\": \"ab12\"}]")))
                .containsExactlyEntriesOf(Map.of("pool-a", new StateComparison.Served("pool", 7, "ab12")));
        assertThat(StateComparison.parse(
                        json.readTree("{\"pool-a\": {\"type\": \"pool\", \"version\": 7, \"hash\": \"ab12\"}}")))
                .containsEntry("pool-a", new StateComparison.Served("pool", 7, "ab12"));
        assertThat(StateComparison.parse(json.readTree("[]"))).isEmpty();
        assertThatThrownBy(() -> StateComparison.parse(json.readTree("{\"pool-a\": {\"type\": \"pool\"}}")))
                .hasMessageContaining("pool-a is not {\"type\", \"version\", \"hash\"}");
        assertThatThrownBy(() -> StateComparison.parse(json.readTree("[{\"type\": \"pool\"}]")))
                .hasMessageContaining("an entry has no aggregateId");
        assertThatThrownBy(() -> StateComparison.parse(json.readTree("\"hashes\"")))
                .hasMessageContaining("neither a JSON array nor an object");
    }
}
