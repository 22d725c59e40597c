package io.coverclaims.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.platform.testing.Wallets;
import io.coverclaims.schemas.governance.InitializeParameter;
import io.coverclaims.schemas.governance.SetGuardians;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class GovernanceGenesisTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static GovernanceParameters parameters(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GovernanceParameters.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                // plain SmallRye reads ISO-8601 durations only (Quarkus also reads "1s")
                .withSources(new PropertiesConfigSource(
                        Map.of("coverclaims.governance.deadline-check-interval", "PT1S"), "defaults", 100))
                .build();
        return config.getConfigMapping(GovernanceParameters.class);
    }

    @Test
    void with_no_overrides_every_parameter_starts_at_its_catalogue_default_and_the_dev_guardians_two_of_three() {
        GovernanceParameters parameters = parameters(Map.of());
        assertThat(parameters.genesis()).isEmpty();
        List<String> guardians = GovernanceGenesis.guardians(parameters.guardians());
        assertThat(guardians).containsExactly(Wallets.address(7), Wallets.address(8), Wallets.address(9));
        List<SpecificRecord> commands = GovernanceGenesis.commands(
                GovernanceCatalogue.get(), parameters.genesis(), guardians, parameters.guardianThreshold(), NOW);
        assertThat(commands).hasSize(GovernanceCatalogue.get().specs().size() + 1);
        InitializeParameter voting = (InitializeParameter) commands.stream()
                .filter(c -> c instanceof InitializeParameter i
                        && i.getValue().getName().equals("governance.votingPeriodMs"))
                .findFirst()
                .orElseThrow();
        assertThat(voting.getValue().getLongValue()).isEqualTo(259_200_000L);
        SetGuardians set = (SetGuardians) commands.getLast();
        assertThat(set.getThreshold()).isEqualTo(2);
        assertThat(set.getProposalId()).isNull();
    }

    @Test
    void an_override_replaces_the_default_and_the_command_ids_are_the_same_at_every_start() {
        GovernanceParameters parameters =
                parameters(Map.of("coverclaims.governance.genesis.\"governance.votingPeriodMs\"", "20000"));
        assertThat(parameters.genesis()).containsEntry("governance.votingPeriodMs", "20000");
        List<SpecificRecord> first = GovernanceGenesis.commands(
                GovernanceCatalogue.get(), parameters.genesis(), List.of(Wallets.address(7)), 1, NOW);
        List<SpecificRecord> again = GovernanceGenesis.commands(
                GovernanceCatalogue.get(), parameters.genesis(), List.of(Wallets.address(7)), 1, NOW.plusSeconds(3600));
        InitializeParameter voting = (InitializeParameter) first.stream()
                .filter(c -> c instanceof InitializeParameter i
                        && i.getValue().getName().equals("governance.votingPeriodMs"))
                .findFirst()
                .orElseThrow();
        assertThat(voting.getValue().getLongValue()).isEqualTo(20_000L);
        assertThat(first.stream()
                        .map(c -> WireMetadata.ofCommand(c).getCommandId())
                        .toList())
                .isEqualTo(again.stream()
                        .map(c -> WireMetadata.ofCommand(c).getCommandId())
                        .toList());
    }

    @Test
    void an_override_of_an_unknown_parameter_or_not_a_number_stops_the_start() {
        assertThatThrownBy(() -> GovernanceGenesis.commands(
                        GovernanceCatalogue.get(), Map.of("claim.nothing", "1"), List.of(Wallets.address(7)), 1, NOW))
                .hasMessageContaining("claim.nothing");
        assertThatThrownBy(() -> GovernanceGenesis.commands(
                        GovernanceCatalogue.get(),
                        Map.of("governance.timelockMs", "1 day"),
                        List.of(Wallets.address(7)),
                        1,
                        NOW))
                .hasMessageContaining("governance.timelockMs");
        assertThatThrownBy(() -> GovernanceGenesis.commands(
                        GovernanceCatalogue.get(), Map.of(), List.of(Wallets.address(7)), 2, NOW))
                .hasMessageContaining("threshold");
    }
}
