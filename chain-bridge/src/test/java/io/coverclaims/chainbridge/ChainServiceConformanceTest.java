package io.coverclaims.chainbridge;

import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.ServiceConformance;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
@QuarkusTestResource(io.coverclaims.chainbridge.it.ChainTestResource.class)
class ChainServiceConformanceTest extends ServiceConformance {}
