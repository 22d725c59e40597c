package io.coverclaims.platform.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.governance.PauseFlag;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CapabilityTest {

    @Test
    void every_capability_has_its_kebab_rest_name_and_is_found_by_it() {
        assertThat(Arrays.stream(Capability.values()).map(Capability::restName))
                .containsExactly(
                        "all",
                        "cover-sales",
                        "claims",
                        "assessment",
                        "payouts",
                        "deposits",
                        "withdrawals",
                        "parametric-triggers",
                        "anchoring");
        for (Capability capability : Capability.values()) {
            assertThat(Capability.fromRestName(capability.restName())).contains(capability);
        }
        assertThat(Capability.fromRestName("CLAIMS")).isEmpty();
        assertThat(Capability.fromRestName("cover_sales")).isEmpty();
        assertThat(Capability.fromRestName(null)).isEmpty();
    }

    @Test
    void capabilities_and_pause_flags_map_one_to_one_and_unknown_maps_to_none() {
        assertThat(Capability.ALL.flag()).isEqualTo(PauseFlag.GLOBAL);
        assertThat(Capability.COVER_SALES.flag()).isEqualTo(PauseFlag.COVER);
        assertThat(Capability.ASSESSMENT.flag()).isEqualTo(PauseFlag.ASSESSMENTS);
        assertThat(Capability.DEPOSITS.flag()).isEqualTo(PauseFlag.POOLS);
        assertThat(Capability.PARAMETRIC_TRIGGERS.flag()).isEqualTo(PauseFlag.ORACLES);
        assertThat(Capability.ANCHORING.flag()).isEqualTo(PauseFlag.SETTLEMENT);
        Set<PauseFlag> mapped =
                Arrays.stream(Capability.values()).map(Capability::flag).collect(Collectors.toSet());
        assertThat(mapped).hasSize(Capability.values().length).doesNotContain(PauseFlag.UNKNOWN);
        for (PauseFlag flag : PauseFlag.values()) {
            if (flag == PauseFlag.UNKNOWN) {
                assertThat(Capability.fromFlag(flag)).isEmpty();
            } else {
                assertThat(Capability.fromFlag(flag).orElseThrow().flag()).isEqualTo(flag);
                assertThat(Capability.fromFlagName(flag.name())).isEqualTo(Capability.fromFlag(flag));
            }
        }
    }
}
