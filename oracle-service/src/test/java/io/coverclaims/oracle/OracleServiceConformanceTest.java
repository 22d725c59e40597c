package io.coverclaims.oracle;

import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.ServiceConformance;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class OracleServiceConformanceTest extends ServiceConformance {}
