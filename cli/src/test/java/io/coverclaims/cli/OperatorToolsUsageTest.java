package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Command lines the operators' tools cannot carry out: a clear sentence and exit status 2, before any Kafka. */
class OperatorToolsUsageTest {

    @Test
    void each_tool_prints_its_usage_with_help() {
        for (String tool : new String[] {"history", "at", "verify", "dead-letters", "replay"}) {
            CliRun run = CliRun.run(tool, "--help");
            assertThat(run.status()).as(tool).isZero();
            assertThat(run.out()).as(tool).startsWith("usage: ./claims " + tool).contains("--bootstrap");
        }
    }

    @Test
    void a_missing_or_extra_argument_exits_2_saying_what_is_wrong() {
        assertThat(CliRun.run("history")).satisfies(run -> {
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("claims history: which id? ./claims history <id>");
        });
        assertThat(CliRun.run("history", "a", "b").err()).contains("one id only, not 'a b'");
        assertThat(CliRun.run("verify", "pool").status()).isEqualTo(2);
        assertThat(CliRun.run("at", "2026-12-01T10:00:00Z").err()).contains("give a time and an aggregate id");
        assertThat(CliRun.run("dead-letters").err()).contains("which context?");
        assertThat(CliRun.run("replay").status()).isEqualTo(2);
    }

    @Test
    void an_unknown_option_context_time_offset_or_url_exits_2() {
        assertThat(CliRun.run("verify", "--bootsrap", "x:1").err()).contains("unknown option --bootsrap");
        assertThat(CliRun.run("dead-letters", "polcy").err())
                .contains("unknown context 'polcy'; the contexts are policy, pool, claim, oracle, governance, chain");
        assertThat(CliRun.run("at", "yesterday", "pool-a").err())
                .contains("the time 'yesterday' is not an ISO-8601 time with its zone");
        assertThat(CliRun.run("at", "2026-12-01T10:00:00", "pool-a").status()).isEqualTo(2);
        assertThat(CliRun.run("dead-letters", "pool", "--redrive", "-3").err())
                .contains("--redrive takes a whole number ≥ 0, not '-3'");
        assertThat(CliRun.run("dead-letters", "pool", "--yes").err())
                .contains("--yes confirms a redrive: give --redrive <offset>");
        assertThat(CliRun.run("dead-letters", "pool", "--redrive").err()).contains("--redrive needs a value");
        assertThat(CliRun.run("history", "x", "--json=1").err()).contains("--json takes no value");
        assertThat(CliRun.run("replay", "pool", "--url", "localhost:8082").err())
                .contains("--url 'localhost:8082' is not a service's base URL");
        for (CliRun run : new CliRun[] {
            CliRun.run("at", "yesterday", "pool-a"), CliRun.run("replay", "pool", "--url", "localhost:8082")
        }) {
            assertThat(run.status()).isEqualTo(2);
        }
    }

    @Test
    void times_are_iso_8601_with_their_zone() throws Exception {
        assertThat(AtCommand.time("2026-12-01T21:40:00+01:00"))
                .isEqualTo(java.time.Instant.parse("2026-12-01T20:40:00Z"));
        assertThat(AtCommand.time("2026-12-01T20:40:00.250Z"))
                .isEqualTo(java.time.Instant.parse("2026-12-01T20:40:00.250Z"));
    }
}
