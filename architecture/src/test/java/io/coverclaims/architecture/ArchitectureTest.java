package io.coverclaims.architecture;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The architecture rules over the whole tree: the rules about production code over every module's main classes,
 * the others over main and test classes. A broken rule fails ./claims test.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter().importLocations(ArchitectureRules.modules(false));
    private static final JavaClasses ALL = new ClassFileImporter().importLocations(ArchitectureRules.modules(true));

    static Stream<Arguments> rules() {
        return Stream.of(
                arguments(
                        "domain slices import no Kafka, Avro, wire, Jakarta or kernel-stream types",
                        ArchitectureRules.DOMAIN_IS_PURE,
                        MAIN),
                arguments(
                        "a context's domain never uses another context's domain",
                        ArchitectureRules.DOMAINS_ARE_SEPARATE,
                        MAIN),
                arguments("every service has the one package layout", ArchitectureRules.ONE_LAYOUT, MAIN),
                arguments(
                        "every write endpoint proves who acts (role, signature or explicitly anyone)",
                        ArchitectureRules.WHO_ACTS_IS_PROVEN,
                        MAIN),
                arguments(
                        "services use only the kernel's public API",
                        ArchitectureRules.SERVICES_USE_KERNEL_API_ONLY,
                        ALL),
                arguments("no service depends on another service", ArchitectureRules.SERVICES_ARE_INDEPENDENT, ALL),
                arguments("test names are snake_case sentences", ArchitectureRules.TEST_NAMES_STATE_THE_RULE, ALL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void the_tree_keeps_the_rule(String rule, ArchRule check, JavaClasses classes) {
        check.check(classes);
    }
}
