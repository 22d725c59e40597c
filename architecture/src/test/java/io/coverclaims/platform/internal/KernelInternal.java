package io.coverclaims.platform.internal;

/** Stands for a kernel internal in ArchitectureRulesCatchViolationsTest. */
public final class KernelInternal {}
