package io.coverclaims.platform.streams;

import org.apache.kafka.streams.Topology;

/** A service's addition to its Kafka Streams topology, beside the command processor. */
public interface TopologyContribution {

    void contribute(Topology topology);
}
