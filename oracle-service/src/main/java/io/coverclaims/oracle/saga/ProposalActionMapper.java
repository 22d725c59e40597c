package io.coverclaims.oracle.saga;

import io.coverclaims.oracle.domain.OracleIds;
import io.coverclaims.platform.governance.ProposalExecution.Mapping;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.governance.ProposalAction;
import io.coverclaims.schemas.oracle.RegisterFeedSource;
import io.coverclaims.schemas.oracle.SourceKind;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure: one action of an executed governance proposal (governance.avdl's ProposalAction) → the oracle command that
 * carries it out, or why there is none. oracle-service carries out REGISTER_ORACLE_SOURCE (docs/oracles.md, "Sources
 * through governance"): target = the feed id, arguments
 * <ul>
 *   <li>{@code sourceId} and {@code name} (required);</li>
 *   <li>{@code kind}: SIGNED_REPORTER (when left out) or CHAINLINK_AGGREGATOR;</li>
 *   <li>{@code address} (required): the reporter's signing address, or the aggregator contract;</li>
 *   <li>{@code heartbeatSeconds} (0 when left out: the feed's maxStalenessMs), {@code decimals} (8),
 *       {@code minPriceE8} and {@code maxPriceE8} (0), all decimal integers</li>
 * </ul>
 * → RegisterFeedSource, issued by {@code governance:<proposalId>} at the execution's time; its id derives from the
 * ProposalExecuted event's id and the action's index, so a re-delivered or replayed execution is decided once. The
 * values are passed on as they are: the feed's decider judges them (an unknown feed, a bad address, bounds, a source id
 * in use, k no longer a majority) like any command, and its refusal is the command's outcome. Only what cannot be put
 * into the command at all (a missing or unknown argument, a number that is none) is refused here.
 */
public final class ProposalActionMapper {

    public static final String ACTOR_PREFIX = "governance:";

    static final String REGISTER_ORACLE_SOURCE = "REGISTER_ORACLE_SOURCE";

    /** The arguments REGISTER_ORACLE_SOURCE takes: a misspelt one is refused rather than silently left out. */
    static final Set<String> ARGUMENTS =
            Set.of("sourceId", "name", "kind", "address", "heartbeatSeconds", "decimals", "minPriceE8", "maxPriceE8");

    private ProposalActionMapper() {}

    /** The actor of the commands a proposal's execution issues. */
    public static String actor(String proposalId) {
        return ACTOR_PREFIX + proposalId;
    }

    /**
     * @param cause the ProposalExecuted event's metadata
     * @param index the action's position in the proposal (0, 1, …): part of the command id
     */
    public static Mapping map(EventMetadata cause, String proposalId, int index, ProposalAction action) {
        // by symbol: a decoded record's enum may come from another class loader (Avro's own, under Quarkus tests)
        String kind = action.getKind() == null ? "" : action.getKind().name();
        if (!kind.equals(REGISTER_ORACLE_SOURCE)) {
            return new Mapping.NotOurs();
        }
        Map<String, String> arguments = action.getArguments() == null ? Map.of() : action.getArguments();
        String feedId = action.getTarget();
        if (!OracleIds.isFeedId(feedId)) {
            return new Mapping.Refused("target " + feedId + " is no feed id: " + OracleIds.FEED_ID_MESSAGE);
        }
        Set<String> unknown = new TreeSet<>(arguments.keySet());
        unknown.removeAll(ARGUMENTS);
        if (!unknown.isEmpty()) {
            return new Mapping.Refused(
                    REGISTER_ORACLE_SOURCE + " takes the arguments " + new TreeSet<>(ARGUMENTS) + ", not " + unknown);
        }
        for (String required : new String[] {"sourceId", "name", "address"}) {
            if (blank(arguments.get(required))) {
                return new Mapping.Refused("argument " + required + " is missing");
            }
        }
        String kindName = blank(arguments.get("kind"))
                ? SourceKind.SIGNED_REPORTER.name()
                : arguments.get("kind").strip();
        SourceKind sourceKind;
        if (kindName.equals(SourceKind.SIGNED_REPORTER.name())) {
            sourceKind = SourceKind.SIGNED_REPORTER;
        } else if (kindName.equals(SourceKind.CHAINLINK_AGGREGATOR.name())) {
            sourceKind = SourceKind.CHAINLINK_AGGREGATOR;
        } else {
            return new Mapping.Refused("argument kind is SIGNED_REPORTER or CHAINLINK_AGGREGATOR, not " + kindName);
        }
        long heartbeatMs;
        int decimals;
        long minPriceE8;
        long maxPriceE8;
        try {
            long heartbeatSeconds = number(arguments, "heartbeatSeconds", 0);
            if (heartbeatSeconds > Long.MAX_VALUE / 1_000L || heartbeatSeconds < -(Long.MAX_VALUE / 1_000L)) {
                throw new NumberFormatException("argument heartbeatSeconds is out of range: " + heartbeatSeconds);
            }
            heartbeatMs = heartbeatSeconds * 1_000L;
            long decimalsValue = number(arguments, "decimals", 8);
            if (decimalsValue < Integer.MIN_VALUE || decimalsValue > Integer.MAX_VALUE) {
                throw new NumberFormatException("argument decimals is out of range: " + decimalsValue);
            }
            decimals = (int) decimalsValue;
            minPriceE8 = number(arguments, "minPriceE8", 0);
            maxPriceE8 = number(arguments, "maxPriceE8", 0);
        } catch (NumberFormatException e) {
            return new Mapping.Refused(e.getMessage());
        }
        String address = arguments.get("address").strip();
        if (Ids.isAddress(address)) {
            address = Ids.canonical(address);
        }
        boolean reporter = sourceKind == SourceKind.SIGNED_REPORTER;
        return new Mapping.Command(RegisterFeedSource.newBuilder()
                .setMetadata(metadata(cause, feedId, proposalId, index))
                .setFeedId(feedId)
                .setSourceId(arguments.get("sourceId").strip())
                .setName(arguments.get("name").strip())
                .setSourceKind(sourceKind)
                .setSigner(reporter ? address : null)
                .setAggregator(reporter ? null : address)
                .setHeartbeatMs(heartbeatMs)
                .setDecimals(decimals)
                .setMinPriceE8(minPriceE8)
                .setMaxPriceE8(maxPriceE8)
                .build());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static long number(Map<String, String> arguments, String name, long absent) {
        String value = arguments.get(name);
        if (blank(value)) {
            return absent;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new NumberFormatException("argument " + name + " is no integer: " + value);
        }
    }

    /** Deterministic: the command id is a name-based UUID of the execution event's id and the action's index. */
    static CommandMetadata metadata(EventMetadata cause, String feedId, String proposalId, int index) {
        return CausedBy.derived(
                cause, feedId, cause.getEventId() + "/action-" + index, actor(proposalId), cause.getOccurredAt());
    }
}
