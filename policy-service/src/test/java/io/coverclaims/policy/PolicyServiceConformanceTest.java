package io.coverclaims.policy;

import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.ServiceConformance;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class PolicyServiceConformanceTest extends ServiceConformance {}
