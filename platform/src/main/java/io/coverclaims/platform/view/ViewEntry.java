package io.coverclaims.platform.view;

/** A key of a {@link ViewTable} and its value. */
public record ViewEntry<V>(String key, V value) {}
