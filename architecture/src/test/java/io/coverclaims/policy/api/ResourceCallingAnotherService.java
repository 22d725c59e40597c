package io.coverclaims.policy.api;

import io.coverclaims.platform.internal.KernelInternal;
import io.coverclaims.pool.domain.violation.DeciderImportingKafka;

/** Deliberate violations for ArchitectureRulesCatchViolationsTest: linking another service and a kernel internal. */
public final class ResourceCallingAnotherService {

    public Object call() {
        return new DeciderImportingKafka().decide("x");
    }

    public Object internal() {
        return new KernelInternal();
    }
}
