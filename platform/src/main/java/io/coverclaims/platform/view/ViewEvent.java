package io.coverclaims.platform.view;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record of a read model's topic, as its {@link Projector} sees it: decoded, with where it was read.
 *
 * @param key       the record's key (the aggregate id on an event topic)
 * @param value     the decoded wire record (an event of the topic's context)
 * @param timestamp the record's timestamp, epoch milliseconds
 */
public record ViewEvent(String topic, int partition, long offset, long timestamp, String key, SpecificRecord value) {}
