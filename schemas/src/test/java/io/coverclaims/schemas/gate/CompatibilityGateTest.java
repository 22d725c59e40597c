package io.coverclaims.schemas.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.gate.PublishedRepository.Version;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class CompatibilityGateTest {

    private static final Schema V1 = claimFiled().requiredLong("amount").endRecord();

    /** V1 and a new optional field: compatible both ways. */
    private static final Schema WITH_EVIDENCE =
            claimFiled().requiredLong("amount").optionalString("evidenceUri").endRecord();

    /** The test record, its first field {@code claimId} declared. */
    private static SchemaBuilder.FieldAssembler<Schema> claimFiled() {
        return SchemaBuilder.record("ClaimFiled")
                .namespace("io.coverclaims.schemas.test")
                .fields()
                .requiredString("claimId");
    }

    @Test
    void accepts_a_new_optional_field_with_a_default() {
        assertThat(CompatibilityGate.check(WITH_EVIDENCE, List.of(new Version(1, V1))))
                .isEmpty();
    }

    @Test
    void rejects_a_new_field_without_a_default() {
        Schema v2 =
                claimFiled().requiredLong("amount").requiredString("assessor").endRecord();

        assertThat(CompatibilityGate.check(v2, List.of(new Version(1, V1))))
                .singleElement()
                .asString()
                .contains(
                        "io.coverclaims.schemas.test.ClaimFiled",
                        "not backward compatible with published v1",
                        "READER_FIELD_MISSING_DEFAULT_VALUE",
                        "assessor");
    }

    @Test
    void rejects_a_removed_field_that_had_no_default() {
        Schema v2 = claimFiled().endRecord();

        assertThat(CompatibilityGate.check(v2, List.of(new Version(1, V1))))
                .singleElement()
                .asString()
                .contains("not forward compatible with published v1", "READER_FIELD_MISSING_DEFAULT_VALUE", "amount");
    }

    @Test
    void rejects_an_incompatible_type_change() {
        Schema v2 = claimFiled().requiredString("amount").endRecord();

        assertThat(CompatibilityGate.check(v2, List.of(new Version(1, V1))))
                .hasSize(2)
                .allSatisfy(problem -> assertThat(problem).contains("TYPE_MISMATCH", "/fields/1/type"));
    }

    @Test
    void checks_every_published_version_not_only_the_latest() {
        Schema v2 = claimFiled()
                .requiredLong("amount")
                .name("note")
                .type()
                .stringType()
                .stringDefault("")
                .endRecord();
        Schema v3 = claimFiled()
                .name("note")
                .type()
                .stringType()
                .stringDefault("")
                .name("amount")
                .type()
                .longType()
                .longDefault(0)
                .endRecord();

        assertThat(CompatibilityGate.check(v3, List.of(new Version(1, V1), new Version(2, v2))))
                .isEmpty();
        assertThat(CompatibilityGate.check(
                        claimFiled()
                                .name("note")
                                .type()
                                .stringType()
                                .stringDefault("")
                                .endRecord(),
                        List.of(new Version(1, V1), new Version(2, v2))))
                .hasSize(2)
                .allSatisfy(problem -> assertThat(problem).contains("not forward compatible"));
    }

    @Test
    void accepts_an_enum_symbol_added_when_the_enum_has_a_default() {
        Schema v1 = SchemaBuilder.enumeration("Kind")
                .namespace("io.coverclaims.schemas.test")
                .defaultSymbol("UNKNOWN")
                .symbols("A", "UNKNOWN");
        Schema v2 = SchemaBuilder.enumeration("Kind")
                .namespace("io.coverclaims.schemas.test")
                .defaultSymbol("UNKNOWN")
                .symbols("A", "B", "UNKNOWN");

        assertThat(CompatibilityGate.check(v2, List.of(new Version(1, v1)))).isEmpty();
    }

    @Test
    void reports_unpublished_and_removed_schemas() {
        Schema gone = SchemaBuilder.record("Gone")
                .namespace("io.coverclaims.schemas.test")
                .fields()
                .requiredString("id")
                .endRecord();

        CompatibilityGate.Result result = CompatibilityGate.evaluate(
                Map.of(V1.getFullName(), WITH_EVIDENCE),
                Map.of(
                        V1.getFullName(),
                        List.of(new Version(1, V1)),
                        gone.getFullName(),
                        List.of(new Version(1, gone))));

        assertThat(result.unpublished()).containsExactly(WITH_EVIDENCE);
        assertThat(result.incompatibilities())
                .singleElement()
                .asString()
                .contains("io.coverclaims.schemas.test.Gone", "no longer defined");
        assertThat(CompatibilityGate.evaluate(
                                Map.of(V1.getFullName(), V1), Map.of(V1.getFullName(), List.of(new Version(1, V1))))
                        .unpublished())
                .as("a published schema needs no new version")
                .isEmpty();
    }
}
