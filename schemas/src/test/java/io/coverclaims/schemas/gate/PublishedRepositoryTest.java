package io.coverclaims.schemas.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.serde.PublishedSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedRepositoryTest {

    @TempDir
    Path root;

    @Test
    void publishes_numbered_self_contained_versions_and_indexes_them() throws Exception {
        Schema v1 = SchemaBuilder.record("Thing")
                .namespace("io.coverclaims.schemas.test")
                .fields()
                .requiredString("id")
                .endRecord();
        Schema v2 = SchemaBuilder.record("Thing")
                .namespace("io.coverclaims.schemas.test")
                .fields()
                .requiredString("id")
                .optionalLong("size")
                .endRecord();

        PublishedRepository repo = PublishedRepository.read(root);
        repo.publish(v1);
        repo.publish(v2);
        repo.writeIndex();

        assertThat(root.resolve("io.coverclaims.schemas.test.Thing/v2.avsc")).exists();
        assertThat(PublishedSchemas.indexEntries(Files.readString(root.resolve("index.txt"))))
                .containsExactly(
                        "io.coverclaims.schemas.test.Thing/v1.avsc", "io.coverclaims.schemas.test.Thing/v2.avsc");
        PublishedRepository reread = PublishedRepository.read(root);
        assertThat(reread.problems()).isEmpty();
        assertThat(reread.versions().get("io.coverclaims.schemas.test.Thing"))
                .extracting(PublishedRepository.Version::schema)
                .containsExactly(v1, v2);
        assertThat(reread.actualIndex()).contains(reread.expectedIndex());
    }

    @Test
    void reports_gaps_and_misplaced_files() throws Exception {
        Schema thing = SchemaBuilder.record("Thing")
                .namespace("io.coverclaims.schemas.test")
                .fields()
                .requiredString("id")
                .endRecord();
        Files.createDirectories(root.resolve("io.coverclaims.schemas.test.Thing"));
        Files.writeString(root.resolve("io.coverclaims.schemas.test.Thing/v2.avsc"), thing.toString());
        Files.createDirectories(root.resolve("io.coverclaims.schemas.test.Other"));
        Files.writeString(root.resolve("io.coverclaims.schemas.test.Other/v1.avsc"), thing.toString());

        assertThat(PublishedRepository.read(root).problems())
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("without gaps"))
                .anySatisfy(p -> assertThat(p).contains("holds io.coverclaims.schemas.test.Thing"));
    }
}
