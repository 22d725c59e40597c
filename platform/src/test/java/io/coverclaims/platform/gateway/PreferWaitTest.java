package io.coverclaims.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PreferWaitTest {

    @Test
    void reads_the_wait_preference_among_others() {
        assertThat(PreferWait.parse("respond-async, wait=0")).contains(Duration.ZERO);
        assertThat(PreferWait.parse("wait=3")).contains(Duration.ofSeconds(3));
        assertThat(PreferWait.parse("handling=lenient; wait=\"12\"")).contains(Duration.ofSeconds(12));
    }

    @Test
    void no_or_malformed_wait_means_the_default() {
        assertThat(PreferWait.parse(null)).isEmpty();
        assertThat(PreferWait.parse("respond-async")).isEmpty();
        assertThat(PreferWait.parse("wait=soon")).isEmpty();
        assertThat(PreferWait.parse("nowait=5")).isEmpty();
    }
}
