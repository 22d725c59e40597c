package io.coverclaims.claim.saga;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.platform.governance.ProposalExecution.Mapping;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.streams.CausedBy;
import io.coverclaims.schemas.claim.AppointAssessorGroup;
import io.coverclaims.schemas.claim.RevokeAssessor;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.governance.ProposalAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure: one action of an executed governance proposal (governance.avdl's ProposalAction) → the claim command that
 * carries it out, or why there is none. claim-service carries out three kinds (docs/claims.md, "Assessors and
 * arbiters"):
 * <ul>
 *   <li>APPOINT_ASSESSOR: target = the group id ({@code grp-protocol-exploit}), arguments {@code category} (a product
 *       category; optional, the target's category when left out) and {@code members} (comma-separated addresses)
 *       → AppointAssessorGroup;</li>
 *   <li>APPOINT_ARBITER: target = the arbiters' group id ({@code grp-arbiters}), argument {@code members}
 *       → AppointAssessorGroup of category ARBITERS;</li>
 *   <li>REVOKE_ASSESSOR: target = the group id, argument {@code member} (an address) → RevokeAssessor, which the
 *       group's decider turns into an appointment of the other members.</li>
 * </ul>
 * Every command is issued by {@code governance:<proposalId>} at the execution's time, and its id derives from the
 * ProposalExecuted event's id and the action's index, so a re-delivered or replayed execution is decided once. What can
 * be read is passed on as it is: the decider judges it (an unknown category, a wrong group id, bad addresses) like any
 * command, and its refusal is the command's outcome. Only what cannot be put into a command at all is refused here.
 */
public final class ProposalActionMapper {

    public static final String ACTOR_PREFIX = "governance:";

    static final String APPOINT_ASSESSOR = "APPOINT_ASSESSOR";
    static final String REVOKE_ASSESSOR = "REVOKE_ASSESSOR";
    static final String APPOINT_ARBITER = "APPOINT_ARBITER";

    /** The arguments each kind takes: a misspelt one is refused rather than silently left out. */
    static final Map<String, Set<String>> KNOWN_ARGUMENTS = Map.of(
            APPOINT_ASSESSOR, Set.of("category", "members"),
            APPOINT_ARBITER, Set.of("category", "members"),
            REVOKE_ASSESSOR, Set.of("member"));

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
        Map<String, String> arguments = action.getArguments() == null ? Map.of() : action.getArguments();
        String target = action.getTarget();
        Set<String> known = KNOWN_ARGUMENTS.get(kind);
        if (known == null) {
            return new Mapping.NotOurs();
        }
        Set<String> unknown = new TreeSet<>(arguments.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            return new Mapping.Refused(kind + " takes the arguments " + new TreeSet<>(known) + ", not " + unknown);
        }
        return switch (kind) {
            case APPOINT_ASSESSOR -> appoint(cause, proposalId, index, target, arguments, false);
            case APPOINT_ARBITER -> appoint(cause, proposalId, index, target, arguments, true);
            case REVOKE_ASSESSOR -> revoke(cause, proposalId, index, target, arguments);
            default -> new Mapping.NotOurs();
        };
    }

    private static Mapping appoint(
            EventMetadata cause,
            String proposalId,
            int index,
            String target,
            Map<String, String> arguments,
            boolean arbiters) {
        if (!ClaimIds.isGroupId(target)) {
            return new Mapping.Refused("target " + target + " is no assessor group id: " + ClaimIds.GROUP_ID_MESSAGE);
        }
        String category = arguments.get("category");
        if (arbiters) {
            if (category != null && !category.strip().equals(ClaimIds.ARBITERS)) {
                return new Mapping.Refused(
                        "APPOINT_ARBITER appoints the group of category " + ClaimIds.ARBITERS + ", not " + category);
            }
            category = ClaimIds.ARBITERS;
        } else if (category == null || category.isBlank()) {
            category = categoryOf(target);
            if (category == null) {
                return new Mapping.Refused("argument category is missing and " + target + " is no category's group");
            }
        } else if (category.strip().equals(ClaimIds.ARBITERS)) {
            return new Mapping.Refused("the arbiters are appointed by APPOINT_ARBITER, not APPOINT_ASSESSOR");
        }
        String members = arguments.get("members");
        if (members == null || members.isBlank()) {
            return new Mapping.Refused("argument members (comma-separated addresses) is missing");
        }
        return new Mapping.Command(AppointAssessorGroup.newBuilder()
                .setMetadata(metadata(cause, target, proposalId, index))
                .setGroupId(target)
                .setCategory(category.strip())
                .setMembers(addresses(members))
                .build());
    }

    private static Mapping revoke(
            EventMetadata cause, String proposalId, int index, String target, Map<String, String> arguments) {
        if (!ClaimIds.isGroupId(target)) {
            return new Mapping.Refused("target " + target + " is no assessor group id: " + ClaimIds.GROUP_ID_MESSAGE);
        }
        String member = arguments.get("member");
        if (member == null || member.isBlank()) {
            return new Mapping.Refused("argument member (the address to revoke) is missing");
        }
        return new Mapping.Command(RevokeAssessor.newBuilder()
                .setMetadata(metadata(cause, target, proposalId, index))
                .setGroupId(target)
                .setMember(address(member))
                .build());
    }

    /** The comma-separated addresses, stripped, addresses in canonical form (anything else as it is, for the decider). */
    static List<String> addresses(String list) {
        List<String> addresses = new ArrayList<>();
        Arrays.stream(list.split(",", -1)).map(ProposalActionMapper::address).forEach(addresses::add);
        return addresses;
    }

    private static String address(String value) {
        String stripped = value.strip();
        return Ids.isAddress(stripped) ? Ids.canonical(stripped) : stripped;
    }

    private static String categoryOf(String groupId) {
        return ClaimIds.CATEGORIES.stream()
                .filter(category -> ClaimIds.groupIdOf(category).equals(groupId))
                .findFirst()
                .orElse(null);
    }

    /** Deterministic: the command id is a name-based UUID of the execution event's id and the action's index. */
    static CommandMetadata metadata(EventMetadata cause, String groupId, String proposalId, int index) {
        return CausedBy.derived(
                cause, groupId, cause.getEventId() + "/action-" + index, actor(proposalId), cause.getOccurredAt());
    }
}
