package io.coverclaims.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules over the whole tree: the rules about production code over every module's main classes,
 * the others over main and test classes. A broken rule fails ./claims test.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter().importLocations(ArchitectureRules.modules(false));
    private static final JavaClasses ALL = new ClassFileImporter().importLocations(ArchitectureRules.modules(true));

    @Test
    void domain_slices_import_no_kafka_avro_wire_jakarta_or_kernel_stream_types() {
        ArchitectureRules.DOMAIN_IS_PURE.check(MAIN);
    }

    @Test
    void a_contexts_domain_never_uses_another_contexts_domain() {
        ArchitectureRules.DOMAINS_ARE_SEPARATE.check(MAIN);
    }

    @Test
    void every_service_has_the_one_package_layout() {
        ArchitectureRules.ONE_LAYOUT.check(MAIN);
    }

    @Test
    void services_use_only_the_kernels_public_api() {
        ArchitectureRules.SERVICES_USE_KERNEL_API_ONLY.check(ALL);
    }

    @Test
    void no_service_depends_on_another_service() {
        ArchitectureRules.SERVICES_ARE_INDEPENDENT.check(ALL);
    }

    @Test
    void test_names_are_snake_case_sentences() {
        ArchitectureRules.TEST_NAMES_STATE_THE_RULE.check(ALL);
    }
}
