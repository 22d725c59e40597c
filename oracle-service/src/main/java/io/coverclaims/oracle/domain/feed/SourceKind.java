package io.coverclaims.oracle.domain.feed;

/** Where a source's observations come from. Mirrors oracle.avdl's SourceKind symbol for symbol. */
public enum SourceKind {
    /** An off-chain reporter that signs its observations with its key ({@code signer}). */
    SIGNED_REPORTER,
    /** A Chainlink AggregatorV3Interface contract chain-bridge reads ({@code aggregator}); price feeds only. */
    CHAINLINK_AGGREGATOR,
    UNKNOWN
}
