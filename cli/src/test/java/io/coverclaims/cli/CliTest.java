package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliTest {

    @Test
    void an_unknown_tool_exits_2_with_the_usage() {
        CliRun run = CliRun.run("audit");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("usage: Cli token|sign|history|at|verify|dead-letters|replay");
    }

    @Test
    void no_arguments_exit_2_with_the_usage() {
        assertThat(CliRun.run().status()).isEqualTo(2);
    }
}
