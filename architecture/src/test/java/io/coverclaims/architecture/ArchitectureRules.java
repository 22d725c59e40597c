package io.coverclaims.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The layering docs/kernel.md and docs/adding-an-aggregate.md promise, as ArchUnit rules over the compiled classes of
 * every module. Each rule is a constant so that {@link ArchitectureTest} checks it against the tree and
 * {@link ArchitectureRulesCatchViolationsTest} shows it failing on a deliberate violation.
 */
final class ArchitectureRules {

    /** The service modules and their root packages. */
    static final List<String> SERVICE_MODULES = List.of(
            "policy-service", "pool-service", "claim-service", "oracle-service", "governance-service", "chain-bridge");

    static final String[] SERVICE_PACKAGES = {
        "io.coverclaims.policy..",
        "io.coverclaims.pool..",
        "io.coverclaims.claim..",
        "io.coverclaims.oracle..",
        "io.coverclaims.governance..",
        "io.coverclaims.chainbridge.."
    };

    /** The packages a service may have below its root: the one layout of docs/adding-an-aggregate.md. */
    static final String LAYOUT = "io\\.coverclaims\\.(policy|pool|claim|oracle|governance|chainbridge)"
            + "(\\.(domain|api|saga|view)(\\..*)?|\\.(chain|contracts)(\\..*)?)?";

    /** The kernel packages a service may use; everything else of the kernel is internal. */
    static final String[] KERNEL_API = {
        "io.coverclaims.platform.decider..",
        "io.coverclaims.platform.ids..",
        "io.coverclaims.platform.money..",
        "io.coverclaims.platform.streams",
        "io.coverclaims.platform.gateway",
        "io.coverclaims.platform.query",
        "io.coverclaims.platform.rest",
        "io.coverclaims.platform.schedule",
        "io.coverclaims.platform.health",
        "io.coverclaims.platform.auth",
        "io.coverclaims.platform.view",
        "io.coverclaims.platform.governance",
        "io.coverclaims.platform.testing.."
    };

    /** Domain slices are pure: no Kafka, Avro, wire records, Jakarta, framework or kernel-stream types. */
    static final ArchRule DOMAIN_IS_PURE = classes()
            .that()
            .resideInAPackage("io.coverclaims.*.domain..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "java..",
                    "io.coverclaims.platform.decider..",
                    "io.coverclaims.platform.ids..",
                    "io.coverclaims.platform.money..",
                    "io.coverclaims.*.domain..",
                    // pure hashing and hex helpers (keccak for batch ids and Merkle leaves), no I/O
                    "org.web3j.crypto..",
                    "org.web3j.utils..")
            .because("deciders are pure functions of commands, events and state (docs/kernel.md): "
                    + "Kafka, Avro, io.coverclaims.schemas, Jakarta and kernel-stream types stay at the edges");

    /** Nor do they reach into another context's domain. */
    static final ArchRule DOMAINS_ARE_SEPARATE = slices().matching("io.coverclaims.(*).domain..")
            .should()
            .notDependOnEachOther()
            .because("a context learns about another only from its events");

    /** Services use only the kernel's public API; its internals are package-private or in an internal package. */
    static final ArchRule SERVICES_USE_KERNEL_API_ONLY = noClasses()
            .that()
            .resideInAnyPackage(SERVICE_PACKAGES)
            .should()
            .dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.coverclaims.platform..")
                    .and(not(JavaClass.Predicates.resideInAnyPackage(KERNEL_API))))
            .because("the kernel's internals (io.coverclaims.platform..internal..) may change without notice");

    /** No service module depends on another service module. */
    static final ArchRule SERVICES_ARE_INDEPENDENT = classes()
            .that()
            .resideInAnyPackage(SERVICE_PACKAGES)
            .should(new ArchCondition<JavaClass>("depend on no other service's classes") {
                @Override
                public void check(JavaClass javaClass, ConditionEvents events) {
                    String own = context(javaClass.getPackageName());
                    for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                        String other = context(dependency.getTargetClass().getPackageName());
                        if (other != null && !other.equals(own)) {
                            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                        }
                    }
                }
            })
            .because("services talk through topics only; none calls or links another");

    private static final java.util.regex.Pattern SERVICE_ROOT = java.util.regex.Pattern.compile(
            "io\\.coverclaims\\.(policy|pool|claim|oracle|governance|chainbridge)(\\..*)?");

    static String context(String packageName) {
        var matcher = SERVICE_ROOT.matcher(packageName);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** Every service has the same package layout. */
    static final ArchRule ONE_LAYOUT = classes()
            .that()
            .resideInAnyPackage(SERVICE_PACKAGES)
            .should(new ArchCondition<JavaClass>("reside in the root, domain, api, saga or view package") {
                @Override
                public void check(JavaClass javaClass, ConditionEvents events) {
                    if (!javaClass.getPackageName().matches(LAYOUT)) {
                        events.add(SimpleConditionEvent.violated(
                                javaClass,
                                javaClass.getName() + " is in package " + javaClass.getPackageName()
                                        + ", outside the service layout"));
                    }
                }
            })
            .because("every service has one layout: <Ctx>Context at the root, domain/<aggregate>, api, saga, view "
                    + "(and chain for chain-bridge's adapters)");

    /** The JAX-RS annotations of a request that changes something. */
    private static final List<String> WRITES =
            List.of("jakarta.ws.rs.POST", "jakarta.ws.rs.PUT", "jakarta.ws.rs.DELETE", "jakarta.ws.rs.PATCH");

    /** Headers that once named who acts without proving it. */
    private static final Set<String> UNPROVEN_IDENTITY_HEADERS = Set.of("X-Actor", "X-Admin-Key");

    /**
     * Every write endpoint of a service says who may call it: an operator role ({@code @RolesAllowed}), a wallet
     * signature (a {@code SignatureHeaders} parameter), or explicitly anyone ({@code @PermitAll}: it acts for no
     * one, e.g. a price quote). No endpoint takes its actor from a header.
     */
    static final ArchRule WHO_ACTS_IS_PROVEN = methods()
            .that()
            .areDeclaredInClassesThat()
            .resideInAnyPackage(SERVICE_PACKAGES)
            .should(new ArchCondition<JavaMethod>("prove who acts (a role, a signature, or @PermitAll)") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    for (JavaParameter parameter : method.getParameters()) {
                        parameter
                                .tryGetAnnotationOfType("jakarta.ws.rs.HeaderParam")
                                .flatMap(header -> header.get("value"))
                                .filter(UNPROVEN_IDENTITY_HEADERS::contains)
                                .ifPresent(header -> events.add(SimpleConditionEvent.violated(
                                        method,
                                        method.getFullName() + " takes who acts from the " + header
                                                + " header, which proves nothing")));
                    }
                    if (WRITES.stream().noneMatch(method::isAnnotatedWith)) {
                        return;
                    }
                    boolean guarded = method.isAnnotatedWith("jakarta.annotation.security.RolesAllowed")
                            || method.isAnnotatedWith("jakarta.annotation.security.PermitAll")
                            || method.getRawParameterTypes().stream()
                                    .anyMatch(type ->
                                            type.getName().equals("io.coverclaims.platform.auth.SignatureHeaders"));
                    if (!guarded) {
                        events.add(SimpleConditionEvent.violated(
                                method,
                                method.getFullName() + " changes something but proves no caller: add "
                                        + "@RolesAllowed (an operator role), a SignatureHeaders parameter (a wallet "
                                        + "signature) or @PermitAll (it acts for no one)"));
                    }
                }
            })
            .because("every actor is proven (a wallet signature or an operator role), never taken from a header");

    /** One test naming style: snake_case sentences that state the rule. */
    static final ArchRule TEST_NAMES_STATE_THE_RULE = methods()
            .that()
            .areAnnotatedWith("org.junit.jupiter.api.Test")
            .or()
            .areAnnotatedWith("net.jqwik.api.Property")
            .or()
            .areAnnotatedWith("net.jqwik.api.Example")
            .or()
            .areAnnotatedWith("org.junit.jupiter.params.ParameterizedTest")
            .should()
            .haveNameMatching("[a-z][a-z0-9]*(_[a-z0-9]+)+")
            .because("test names are snake_case sentences stating the rule they check");

    private ArchitectureRules() {}

    /** The compiled classes of every module: main classes, and test classes when {@code withTests}. */
    static Set<Location> modules(boolean withTests) {
        Path root = Path.of(System.getProperty("coverclaims.root", ".."));
        Stream<String> modules = Stream.concat(
                Stream.of("schemas", "platform", "platform-testing", "cli", "system-tests", "demo"),
                SERVICE_MODULES.stream());
        Set<Location> locations = modules.flatMap(module -> Stream.of(
                        root.resolve(module).resolve("target/classes"),
                        withTests ? root.resolve(module).resolve("target/test-classes") : null))
                .filter(p -> p != null && Files.isDirectory(p))
                .map(p -> Location.of(p.toUri()))
                .collect(Collectors.toSet());
        if (locations.isEmpty()) {
            throw new IllegalStateException("no compiled classes under " + root.toAbsolutePath()
                    + ": build the modules first (./claims test builds them in order)");
        }
        return locations;
    }
}
