package io.coverclaims.schemas.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.schemas.parameters.ParameterCatalogue;
import io.coverclaims.schemas.parameters.ParameterSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ParametersDocTest {

    private static final Path PARAMETERS_MD = Path.of("../docs/parameters.md");

    @Test
    void parameters_markdown_is_up_to_date_with_the_catalogue() throws Exception {
        String expected = ParametersDoc.render(ParameterCatalogue.load());

        assertThat(PARAMETERS_MD)
                .as("docs/parameters.md exists; run ./claims docs")
                .exists();
        assertThat(Files.readString(PARAMETERS_MD))
                .as("docs/parameters.md is out of date with the parameter catalogue; run ./claims docs")
                .isEqualTo(expected);
    }

    @Test
    void the_catalogue_holds_the_governance_rules_of_nexus_mutual() {
        ParameterCatalogue catalogue = ParameterCatalogue.load();

        assertThat(catalogue
                        .parameter("governance.votingPeriodMs")
                        .orElseThrow()
                        .defaultLong())
                .isEqualTo(3L * 24 * 3600 * 1000);
        assertThat(catalogue.parameter("governance.quorumBps").orElseThrow().defaultLong())
                .isEqualTo(1500);
        assertThat(catalogue
                        .parameter("governance.voterWeightCapBps")
                        .orElseThrow()
                        .defaultLong())
                .isEqualTo(500);
        assertThat(catalogue.parameter("governance.timelockMs").orElseThrow().defaultLong())
                .isEqualTo(24L * 3600 * 1000);
        assertThat(ParametersDoc.render(catalogue)).contains("## claim-service", "`claim.depositUnits`");
    }

    @Test
    void a_value_outside_the_bounds_is_refused_with_the_bounds_named() {
        ParameterSpec quorum =
                ParameterCatalogue.load().parameter("governance.quorumBps").orElseThrow();

        assertThat(quorum.refusal(1500)).isEmpty();
        assertThat(quorum.refusal(10_001)).hasValueSatisfying(m -> assertThat(m).contains("[1, 10000]"));
        assertThat(quorum.refusal(0)).isPresent();
    }

    @Test
    void a_default_outside_its_bounds_cannot_enter_the_catalogue() {
        String json = """
                {"about":"","parameters":[{"name":"x.y","owner":"o","type":"long","unit":"u","default":"5",
                "min":"6","max":"9","description":"d"}]}""";

        assertThatThrownBy(
                        () -> ParameterCatalogue.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("not within");
    }
}
