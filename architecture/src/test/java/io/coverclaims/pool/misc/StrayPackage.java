package io.coverclaims.pool.misc;

/** A deliberate violation for ArchitectureRulesCatchViolationsTest: a class outside the service layout. */
public final class StrayPackage {}
