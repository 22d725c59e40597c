package io.coverclaims.architecture;

import org.junit.jupiter.api.Test;

/** A deliberate violation for ArchitectureRulesCatchViolationsTest (not run: its name is no test class name). */
class NamingViolationFixture {

    @Test
    void testDeposit() {}
}
