package io.coverclaims.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.coverclaims.platform.internal.KernelInternal;
import io.coverclaims.policy.api.ResourceCallingAnotherService;
import io.coverclaims.pool.api.UnprovenCallerResource;
import io.coverclaims.pool.domain.violation.DeciderImportingKafka;
import io.coverclaims.pool.misc.StrayPackage;
import org.junit.jupiter.api.Test;

/** Each rule fails on a deliberate violation, so a green ArchitectureTest means something. */
class ArchitectureRulesCatchViolationsTest {

    private final JavaClasses fixtures = new ClassFileImporter()
            .importClasses(
                    DeciderImportingKafka.class,
                    StrayPackage.class,
                    ResourceCallingAnotherService.class,
                    KernelInternal.class,
                    NamingViolationFixture.class,
                    UnprovenCallerResource.class);

    @Test
    void a_decider_importing_a_kafka_type_breaks_the_pure_domain_rule() {
        assertThatThrownBy(() -> ArchitectureRules.DOMAIN_IS_PURE.check(fixtures))
                .satisfies(failure ->
                        System.out.println("ARCHITECTURE RULE FAILING AS IT SHOULD:\n" + failure.getMessage()))
                .hasMessageContaining("DeciderImportingKafka")
                .hasMessageContaining("org.apache.kafka.clients.producer.ProducerRecord");
    }

    @Test
    void a_service_using_a_kernel_internal_breaks_the_kernel_api_rule() {
        assertThatThrownBy(() -> ArchitectureRules.SERVICES_USE_KERNEL_API_ONLY.check(fixtures))
                .hasMessageContaining("io.coverclaims.platform.internal.KernelInternal");
    }

    @Test
    void a_service_linking_another_service_breaks_the_independence_rule() {
        assertThatThrownBy(() -> ArchitectureRules.SERVICES_ARE_INDEPENDENT.check(fixtures))
                .hasMessageContaining("ResourceCallingAnotherService")
                .hasMessageContaining("DeciderImportingKafka");
    }

    @Test
    void a_class_outside_the_layout_breaks_the_layout_rule() {
        assertThatThrownBy(() -> ArchitectureRules.ONE_LAYOUT.check(fixtures))
                .hasMessageContaining("io.coverclaims.pool.misc");
    }

    @Test
    void a_camel_case_test_name_breaks_the_naming_rule() {
        assertThatThrownBy(() -> ArchitectureRules.TEST_NAMES_STATE_THE_RULE.check(fixtures))
                .hasMessageContaining("testDeposit");
    }

    @Test
    void a_write_endpoint_without_a_role_or_signature_or_an_actor_header_breaks_the_proof_rule() {
        assertThatThrownBy(() -> ArchitectureRules.WHO_ACTS_IS_PROVEN.check(fixtures))
                .hasMessageContaining("UnprovenCallerResource.withdraw")
                .hasMessageContaining("proves no caller")
                .hasMessageContaining("X-Actor header");
    }
}
