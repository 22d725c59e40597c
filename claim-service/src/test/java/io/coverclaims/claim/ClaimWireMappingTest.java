package io.coverclaims.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.claim.domain.claim.ClaimCommand;
import io.coverclaims.claim.domain.claim.ClaimEvent;
import io.coverclaims.claim.domain.claim.ClaimRules;
import io.coverclaims.claim.domain.incident.IncidentEvent;
import io.coverclaims.claim.domain.incident.IncidentPayoutMode;
import io.coverclaims.claim.domain.incident.IncidentPool;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.WireRoundTrip;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The claim context's domain records and claim.avdl, mapped by the kernel's convention: what is written reads back equal. */
class ClaimWireMappingTest {

    static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    static final String A = "0x" + "a".repeat(40);
    static final EventMetadata EVENT = EventMetadata.newBuilder()
            .setEventId("e")
            .setAggregateId("cov-1")
            .setAggregateVersion(1)
            .setCausationId("c")
            .setCorrelationId("c")
            .setOccurredAt(AT)
            .setActor("t")
            .build();
    static final CommandMetadata COMMAND = CommandMetadata.newBuilder()
            .setCommandId("k")
            .setAggregateId("cov-1")
            .setExpectedVersion(null)
            .setCorrelationId("k")
            .setCausationId(null)
            .setIssuedAt(AT)
            .setActor(A)
            .build();

    @Test
    void every_command_and_event_of_a_policys_claims_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(ClaimContext.CLAIMS)).isEqualTo(16 + 20);
    }

    @Test
    void every_command_and_event_of_an_incident_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(ClaimContext.INCIDENT)).isEqualTo(5 + 7);
    }

    @Test
    void every_command_and_event_of_an_assessor_group_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(ClaimContext.GROUP)).isEqualTo(2 + 1);
    }

    @Test
    void every_record_of_the_claim_topics_belongs_to_exactly_one_aggregate() throws IOException {
        List<String> mapped = new ArrayList<>();
        Stream.of(ClaimContext.CLAIMS, ClaimContext.INCIDENT, ClaimContext.GROUP)
                .forEach(type -> {
                    type.mapping().commandWireTypes().forEach(t -> mapped.add(t.getName()));
                    type.mapping().eventWireTypes().forEach(t -> mapped.add(t.getName()));
                });
        String catalogue;
        try (InputStream in = getClass().getResourceAsStream("/topic-catalogue.json")) {
            assertThat(in).as("the topic catalogue on the classpath").isNotNull();
            catalogue = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        List<String> listed = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("\"(io\\.coverclaims\\.schemas\\.claim\\.[A-Za-z]+)\"")
                .matcher(catalogue);
        while (matcher.find()) {
            listed.add(matcher.group(1));
        }
        assertThat(mapped).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(listed);
    }

    @Test
    void absent_optional_fields_read_back_absent_through_the_topics_serde() {
        List<ClaimEvent> events = List.of(
                new ClaimEvent.ClaimSubmitted(
                        "clm-1",
                        "cov-1",
                        "prod-a",
                        "pool-a",
                        A,
                        "USDC",
                        AT,
                        Money.of(10),
                        Money.of(100),
                        "d",
                        null,
                        Money.of(5),
                        Money.of(5),
                        null,
                        null,
                        "PROTOCOL_EXPLOIT",
                        AT,
                        AT,
                        "grp-protocol-exploit",
                        List.of(A),
                        ClaimRules.DEFAULTS),
                new ClaimEvent.AssessmentVoteCast("clm-1", A, false, null, Money.of(1), AT, ""),
                new ClaimEvent.ClaimSettled(
                        "clm-1", "cov-1", "pool-a", "pay-clm-1", A, "USDC", Money.of(9), Money.of(9), 1, null, 1),
                new ClaimEvent.ClaimClosed(
                        "clm-1", "cov-1", io.coverclaims.claim.domain.claim.ClaimClosure.WITHDRAWN, null));
        for (ClaimEvent event : events) {
            assertThat(ClaimContext.CLAIMS.readEvent(viaTopic(ClaimContext.CLAIMS.writeEvent(event, EVENT))))
                    .as(event.getClass().getSimpleName())
                    .isEqualTo(event);
        }
        ClaimCommand vote = new ClaimCommand.CastAssessmentVote("clm-1", A, true, null, Money.of(1), "", AT);
        assertThat(ClaimContext.CLAIMS.readCommand(
                        viaTopic(ClaimContext.CLAIMS.mapping().writeCommand(vote, COMMAND))))
                .isEqualTo(vote);
        IncidentEvent declared = new IncidentEvent.IncidentDeclared(
                "inc-1",
                "t",
                List.of("prod-a"),
                AT,
                1,
                AT,
                List.of(new IncidentPool("pool-a", Money.of(1), Money.MAX)),
                IncidentPayoutMode.PRO_RATA,
                "trg-usdc-depeg",
                List.of("cov-1", "cov-2"));
        assertThat(ClaimContext.INCIDENT.readEvent(viaTopic(ClaimContext.INCIDENT.writeEvent(declared, EVENT))))
                .isEqualTo(declared);
    }

    @Test
    void who_withdraws_a_claim_is_the_commands_actor_from_its_metadata() {
        ClaimCommand withdraw = new ClaimCommand.WithdrawClaim("clm-1", "changed my mind", A, AT);
        SpecificRecord wire = ClaimContext.CLAIMS.mapping().writeCommand(withdraw, COMMAND);
        assertThat(wire.getSchema().getField("actor")).isNull();
        assertThat(ClaimContext.CLAIMS.readCommand(viaTopic(wire))).isEqualTo(withdraw);
    }

    static SpecificRecord viaTopic(SpecificRecord wire) {
        return new AvroSingleObjectDeserializer()
                .deserialize("claim.events", new AvroSingleObjectSerializer().serialize("claim.events", wire));
    }
}
