package io.coverclaims.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What ArchUnit cannot see: the module dependencies declared in the poms. */
class ServiceModulesTest {

    @Test
    void no_service_module_declares_another_service_module_as_a_dependency() throws IOException {
        Path root = Path.of(System.getProperty("coverclaims.root", ".."));
        for (String module : ArchitectureRules.SERVICE_MODULES) {
            String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
            for (String other : ArchitectureRules.SERVICE_MODULES) {
                if (!other.equals(module)) {
                    assertThat(pom).as(module + "/pom.xml").doesNotContain("<artifactId>" + other + "</artifactId>");
                }
            }
        }
    }
}
