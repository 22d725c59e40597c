package io.coverclaims.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.oracle.domain.feed.ExclusionReason;
import io.coverclaims.oracle.domain.feed.FeedCommand;
import io.coverclaims.oracle.domain.feed.FeedEvent;
import io.coverclaims.oracle.domain.feed.IncidentConfirmation;
import io.coverclaims.oracle.domain.feed.SourceExclusion;
import io.coverclaims.oracle.domain.feed.SourceKind;
import io.coverclaims.oracle.domain.feed.TriggerKind;
import io.coverclaims.platform.testing.WireRoundTrip;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.serde.AvroSingleObjectDeserializer;
import io.coverclaims.schemas.serde.AvroSingleObjectSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The oracle context's domain records and oracle.avdl, mapped by the kernel's convention: what is written reads back equal. */
class OracleWireMappingTest {

    static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");
    static final String A = "0x" + "a".repeat(40);
    static final EventMetadata EVENT = EventMetadata.newBuilder()
            .setEventId("e")
            .setAggregateId("USDC-USD")
            .setAggregateVersion(1)
            .setCausationId("c")
            .setCorrelationId("c")
            .setOccurredAt(AT)
            .setActor("t")
            .build();
    static final CommandMetadata COMMAND = CommandMetadata.newBuilder()
            .setCommandId("k")
            .setAggregateId("USDC-USD")
            .setExpectedVersion(null)
            .setCorrelationId("k")
            .setCausationId(null)
            .setIssuedAt(AT)
            .setActor("operator-1")
            .build();

    @Test
    void every_command_and_event_of_a_feed_survives_its_wire_record() {
        assertThat(WireRoundTrip.assertRoundTrips(OracleContext.FEED)).isEqualTo(10 + 15);
    }

    @Test
    void every_record_of_the_oracle_topics_belongs_to_exactly_one_aggregate() throws IOException {
        List<String> mapped = new ArrayList<>();
        OracleContext.FEED.mapping().commandWireTypes().forEach(t -> mapped.add(t.getName()));
        OracleContext.FEED.mapping().eventWireTypes().forEach(t -> mapped.add(t.getName()));
        String catalogue;
        try (InputStream in = getClass().getResourceAsStream("/topic-catalogue.json")) {
            assertThat(in).as("the topic catalogue on the classpath").isNotNull();
            catalogue = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> listed = new ArrayList<>();
        var matcher = Pattern.compile("\"(io\\.coverclaims\\.schemas\\.oracle\\.[A-Za-z]+)\"")
                .matcher(catalogue);
        while (matcher.find()) {
            listed.add(matcher.group(1));
        }
        assertThat(listed).hasSize(25);
        assertThat(mapped).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(listed);
        assertThat(OracleContext.CONTEXT.name()).isEqualTo(OracleContext.NAME);
    }

    @Test
    void absent_optional_fields_read_back_absent_through_the_topics_serde() {
        List<FeedEvent> events = List.of(
                new FeedEvent.FeedSourceRegistered(
                        "USDC-USD", "s1", "reporter one", A, 1, SourceKind.SIGNED_REPORTER, null, 0, 8, 1, 2),
                new FeedEvent.PriceObserved("USDC-USD", "s1", 99_950_000, AT, null, null, A),
                new FeedEvent.PriceQuorumReached(
                        "USDC-USD",
                        99_950_000,
                        AT,
                        List.of("s1", "s2"),
                        2,
                        3,
                        5_000,
                        3_600_000,
                        AT,
                        List.of(new SourceExclusion("s3", ExclusionReason.STALE, "old", 99_000_000))),
                new FeedEvent.IncidentConfirmed(
                        "incidents-ethereum",
                        "inc-aave-1",
                        null,
                        null,
                        AT,
                        List.of(),
                        2,
                        3,
                        IncidentConfirmation.OPERATOR,
                        "operator-1",
                        "drained",
                        List.of("0x" + "f".repeat(64))),
                new FeedEvent.TriggerFired(
                        "trg-usdc",
                        "prod-usdc",
                        "USDC-USD",
                        "inc-usdc-1",
                        AT,
                        AT,
                        98_000_000,
                        99_500_000,
                        99_900_000,
                        86_400_000,
                        TriggerKind.DEPEG,
                        98_000_000,
                        20_000,
                        null,
                        ""));
        for (FeedEvent event : events) {
            assertThat(OracleContext.FEED.readEvent(viaTopic(OracleContext.FEED.writeEvent(event, EVENT))))
                    .as(event.getClass().getSimpleName())
                    .isEqualTo(event);
        }
        FeedCommand evaluate = new FeedCommand.EvaluateTrigger("trg-usdc", null, null, null, "USDC-USD", AT);
        assertThat(OracleContext.FEED.readCommand(
                        viaTopic(OracleContext.FEED.mapping().writeCommand(evaluate, COMMAND))))
                .isEqualTo(evaluate);
    }

    @Test
    void who_confirms_an_incident_is_the_commands_actor_from_its_metadata() {
        FeedCommand confirm = new FeedCommand.ConfirmIncident(
                "incidents-ethereum", "inc-aave-1", "prod-aave", null, AT, "drained", "", "operator-1", AT);
        SpecificRecord wire = OracleContext.FEED.mapping().writeCommand(confirm, COMMAND);
        assertThat(wire.getSchema().getField("actor")).isNull();
        assertThat(OracleContext.FEED.readCommand(viaTopic(wire))).isEqualTo(confirm);
    }

    static SpecificRecord viaTopic(SpecificRecord wire) {
        return new AvroSingleObjectDeserializer()
                .deserialize("oracle.events", new AvroSingleObjectSerializer().serialize("oracle.events", wire));
    }
}
