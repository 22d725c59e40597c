package io.coverclaims.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.gate.GeneratedSchemas;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    private static final List<String> CONTEXTS = List.of("policy", "pool", "claim", "oracle", "governance", "chain");
    private static final Map<String, String> OWNERS = Map.of(
            "policy",
            "policy-service",
            "pool",
            "pool-service",
            "claim",
            "claim-service",
            "oracle",
            "oracle-service",
            "governance",
            "governance-service",
            "chain",
            "chain-bridge");
    private static final String DEAD_LETTER_VALUE = "raw bytes of the failed record";

    private final TopicCatalogue catalogue = TopicCatalogue.load();
    private final Map<String, Schema> current = GeneratedSchemas.scan(
            GeneratedSchemas.classesDirOf(EventMetadata.class), getClass().getClassLoader());

    @Test
    void has_the_four_topics_of_every_context_with_their_rules() {
        for (String context : CONTEXTS) {
            String owner = OWNERS.get(context);
            TopicSpec commands = catalogue.topic(context + ".commands");
            TopicSpec events = catalogue.topic(context + ".events");
            TopicSpec outcomes = catalogue.topic(context + ".command-outcomes");
            TopicSpec deadLetter = catalogue.topic(context + ".dead-letter");

            assertThat(catalogue.ownedBy(owner)).containsExactlyInAnyOrder(commands, events, outcomes, deadLetter);
            assertThat(commands.retentionMs()).isEqualTo(7L * 24 * 3600 * 1000);
            assertThat(List.of(events, outcomes, deadLetter))
                    .allSatisfy(t -> assertThat(t.retentionMs()).isEqualTo(-1));
            assertThat(List.of(commands, events, outcomes))
                    .as("co-partitioned by aggregate id")
                    .allSatisfy(t -> assertThat(t.partitions()).isEqualTo(6));
            assertThat(deadLetter.partitions()).isEqualTo(1);
            assertThat(deadLetter.values()).containsExactly(DEAD_LETTER_VALUE);
            assertThat(outcomes.values()).containsExactly(CommandOutcome.class.getName());
        }
        assertThat(catalogue.topics())
                .hasSize(4 * CONTEXTS.size())
                .allSatisfy(t -> assertThat(t.cleanupPolicy()).isEqualTo("delete"))
                .allSatisfy(t -> assertThat(t.key()).isNotBlank())
                .allSatisfy(t -> assertThat(t.description()).isNotBlank());
    }

    @Test
    void every_value_type_is_a_generated_record() throws Exception {
        for (TopicSpec topic : catalogue.topics()) {
            if (topic.name().endsWith(".dead-letter")) {
                continue;
            }
            for (String value : topic.values()) {
                Class<?> type = Class.forName(value);
                assertThat(SpecificRecord.class.isAssignableFrom(type))
                        .as("%s on %s", value, topic.name())
                        .isTrue();
            }
        }
    }

    @Test
    void every_command_and_event_is_on_exactly_its_contexts_topic() {
        Map<String, Set<String>> topicsByValue = catalogue.topics().stream()
                .flatMap(t -> t.values().stream().map(v -> Map.entry(v, t.name())))
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toSet())));
        int messages = 0;
        for (Schema schema : current.values()) {
            String kind = messageKind(schema);
            if (kind == null) {
                continue;
            }
            messages++;
            String context = schema.getNamespace().substring(GeneratedSchemas.ROOT_PACKAGE.length() + 1);
            assertThat(topicsByValue.get(schema.getFullName()))
                    .as(schema.getFullName())
                    .containsExactly(context + "." + kind);
        }
        assertThat(messages).isGreaterThan(100);
    }

    @Test
    void every_other_context_type_is_part_of_a_command_or_event() {
        Set<String> parts = current.values().stream()
                .filter(s -> messageKind(s) != null)
                .flatMap(s -> s.getFields().stream().skip(1))
                .flatMap(f -> namedTypesIn(f.schema()))
                .collect(Collectors.toSet());
        current.values().stream()
                .filter(s -> !s.getNamespace().endsWith(".common") && messageKind(s) == null)
                .forEach(s -> assertThat(parts)
                        .as("%s lacks its metadata field, or is unused", s.getFullName())
                        .contains(s.getFullName()));
    }

    private static Stream<String> namedTypesIn(Schema schema) {
        return switch (schema.getType()) {
            case RECORD ->
                Stream.concat(
                        Stream.of(schema.getFullName()),
                        schema.getFields().stream().flatMap(f -> namedTypesIn(f.schema())));
            case ENUM, FIXED -> Stream.of(schema.getFullName());
            case ARRAY -> namedTypesIn(schema.getElementType());
            case MAP -> namedTypesIn(schema.getValueType());
            case UNION -> schema.getTypes().stream().flatMap(TopicCatalogueTest::namedTypesIn);
            default -> Stream.empty();
        };
    }

    @Test
    void unknown_topic_is_an_error() {
        assertThatThrownBy(() -> catalogue.topic("policy.nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy.nope");
    }

    /** "commands" or "events" from the type of the first field, null for anything else. */
    private static String messageKind(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD
                || schema.getFields().isEmpty()
                || !schema.getFields().get(0).name().equals("metadata")) {
            return null;
        }
        String first = schema.getFields().get(0).schema().getFullName();
        return first.equals(CommandMetadata.getClassSchema().getFullName())
                ? "commands"
                : first.equals(EventMetadata.getClassSchema().getFullName()) ? "events" : null;
    }
}
