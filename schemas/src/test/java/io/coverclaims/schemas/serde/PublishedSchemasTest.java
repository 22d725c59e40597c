package io.coverclaims.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.gate.GeneratedSchemas;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class PublishedSchemasTest {

    @Test
    void every_current_schema_is_published_and_loaded_from_the_classpath() {
        Map<String, Schema> current = GeneratedSchemas.scan(
                GeneratedSchemas.classesDirOf(EventMetadata.class), getClass().getClassLoader());
        PublishedSchemas published = PublishedSchemas.get();

        assertThat(current).isNotEmpty();
        current.values()
                .forEach(schema -> assertThat(published.findByFingerprint(PublishedSchemas.fingerprint(schema)))
                        .as("published version of %s", schema.getFullName())
                        .isNotNull()
                        .extracting(Schema::getFullName)
                        .isEqualTo(schema.getFullName()));
        assertThat(published.all()).hasSizeGreaterThanOrEqualTo(current.size());
    }

    @Test
    void is_a_singleton() {
        assertThat(PublishedSchemas.get()).isSameAs(PublishedSchemas.get());
    }
}
