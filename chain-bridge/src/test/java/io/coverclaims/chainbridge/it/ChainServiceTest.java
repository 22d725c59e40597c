package io.coverclaims.chainbridge.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A Quarkus test of the service with its chain ({@link ChainTestResource}): one {@link ChainTestKit} per test class. */
abstract class ChainServiceTest {

    static ChainTestKit kit;

    @BeforeAll
    static void openKit() {
        kit = new ChainTestKit();
    }

    @AfterAll
    static void closeKit() {
        kit.close();
    }
}
