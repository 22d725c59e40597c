package io.coverclaims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void a_line_shows_the_share_done_the_counts_the_rate_and_the_time_left() {
        assertThat(ProgressBar.line("verify", 2_500, 10_000, 2_400, 2 * SECOND))
                .isEqualTo(
                        "verify [######··················] 25 % · 2,500 of 10,000 records · 1,200 records/s · ETA 0:06");
        assertThat(ProgressBar.line(null, 0, 10_000, 0, 0))
                .isEqualTo("0 % · 0 of 10,000 records · 0 records/s · ETA …");
        assertThat(ProgressBar.line(null, 0, 0, 0, SECOND)).startsWith("100 % · 0 of 0 records");
    }

    @Test
    void times_left_read_as_minutes_or_hours() {
        assertThat(ProgressBar.clock(75)).isEqualTo("1:15");
        assertThat(ProgressBar.clock(3725)).isEqualTo("1:02:05");
    }

    @Test
    void on_a_terminal_the_bar_is_redrawn_in_place_and_cleared_at_the_end() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        ProgressBar bar =
                new ProgressBar("history", new PrintStream(bytes, true, StandardCharsets.UTF_8), true, now::get);
        bar.start(100);
        bar.update(10, 10); // too early to draw: a short read shows nothing
        now.set(SECOND);
        bar.update(50, 50);
        bar.finish();

        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown)
                .startsWith("\rhistory [############············] 50 %")
                .endsWith("\r\033[K");
        assertThat(shown).doesNotContain("\n");
    }

    @Test
    void elsewhere_a_plain_line_every_ten_seconds_and_nothing_for_a_short_read() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(
                "verify: reading the log", new PrintStream(bytes, true, StandardCharsets.UTF_8), false, now::get);
        bar.start(1_000);
        now.set(5 * SECOND);
        bar.update(100, 100);
        assertThat(bytes.size()).isZero();
        now.set(11 * SECOND);
        bar.update(500, 500);
        now.set(12 * SECOND);
        bar.update(600, 600);
        bar.finish();

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("verify: reading the log: 50 % · 500 of 1,000 records · 45 records/s · ETA 0:11");
    }
}
