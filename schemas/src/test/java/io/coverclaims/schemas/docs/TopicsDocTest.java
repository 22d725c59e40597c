package io.coverclaims.schemas.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.schemas.topics.TopicCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TopicsDocTest {

    private static final Path TOPICS_MD = Path.of("../docs/topics.md");

    @Test
    void topics_markdown_is_up_to_date_with_the_catalogue() throws Exception {
        String expected = TopicsDoc.render(TopicCatalogue.load());

        assertThat(TOPICS_MD).as("docs/topics.md exists; run ./claims docs").exists();
        assertThat(Files.readString(TOPICS_MD))
                .as("docs/topics.md is out of date with the topic catalogue; run ./claims docs")
                .isEqualTo(expected);
    }

    @Test
    void renders_a_table_per_context() {
        String markdown = TopicsDoc.render(TopicCatalogue.load());

        assertThat(markdown)
                .contains(
                        "## policy",
                        "## chain",
                        "| `claim.events` | 6 | delete | forever |",
                        "| `pool.commands` | 6 | delete | 7 days |",
                        "`ClaimSubmitted`");
    }
}
