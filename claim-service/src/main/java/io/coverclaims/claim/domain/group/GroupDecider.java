package io.coverclaims.claim.domain.group;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.group.GroupCommand.AppointAssessorGroup;
import io.coverclaims.claim.domain.group.GroupCommand.RevokeAssessor;
import io.coverclaims.claim.domain.group.GroupEvent.AssessorGroupAppointed;
import io.coverclaims.claim.domain.group.GroupState.Group;
import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.ids.Ids;
import java.util.HashSet;
import java.util.List;

/**
 * An assessor group (aggregate "group", id {@code grp-<category lowercased with dashes>}): who votes on claims of a
 * product category, or (ARBITERS) who decides appeals. An appointment replaces the members; a revocation
 * (governance) appoints the others again.
 */
public final class GroupDecider {

    public static final Decider<GroupCommand, GroupEvent, GroupState> DECIDER =
            Decider.of(GroupState.INITIAL, GroupDecider::decide, GroupDecider::evolve);

    public static final int MAX_MEMBERS = 21;

    private GroupDecider() {}

    public static Decision<GroupEvent> decide(GroupCommand command, GroupState state) {
        return switch (command) {
            case AppointAssessorGroup c -> appoint(c, state);
            case RevokeAssessor c -> revoke(c, state);
        };
    }

    /**
     * 1 to 21 distinct canonical (lower-case 0x) addresses, a known category, the group id of that category. The same
     * members again (in any order) is nothing to do.
     */
    static Decision<GroupEvent> appoint(AppointAssessorGroup c, GroupState state) {
        if (!ClaimIds.CATEGORIES.contains(c.category())) {
            return Decision.reject("UNKNOWN_CATEGORY", "a category is one of " + ClaimIds.CATEGORIES, "category");
        }
        String groupId = ClaimIds.groupIdOf(c.category());
        if (!groupId.equals(c.groupId())) {
            return Decision.reject("GROUP_ID_MISMATCH", "the group of " + c.category() + " is " + groupId, "groupId");
        }
        List<String> members = c.members();
        if (members.isEmpty()
                || members.size() > MAX_MEMBERS
                || !members.stream().allMatch(Ids::isCanonicalAddress)
                || new HashSet<>(members).size() != members.size()) {
            return Decision.reject(
                    "INVALID_MEMBERS",
                    "1 to " + MAX_MEMBERS + " distinct addresses, lower-case 0x-prefixed hex",
                    "members");
        }
        if (state instanceof Group group && new HashSet<>(group.members()).equals(new HashSet<>(members))) {
            return Decision.nothingToDo();
        }
        return Decision.accept(new AssessorGroupAppointed(c.groupId(), c.category(), List.copyOf(members)));
    }

    /**
     * One member leaves: the group is appointed again with the others (in their order). The group must exist, the
     * address be one of its members, and someone must remain (a group without members assesses nothing: appoint a new
     * one instead).
     */
    static Decision<GroupEvent> revoke(RevokeAssessor c, GroupState state) {
        if (!(state instanceof Group group)) {
            return Decision.reject("GROUP_NOT_FOUND", "no assessor group " + c.groupId() + " is appointed", "groupId");
        }
        if (!Ids.isCanonicalAddress(c.member())) {
            return Decision.reject("INVALID_MEMBER", "member " + Ids.ADDRESS_MESSAGE + ", lower case", "member");
        }
        if (!group.members().contains(c.member())) {
            return Decision.reject("NOT_A_MEMBER", c.member() + " is no member of " + c.groupId(), "member");
        }
        List<String> remaining =
                group.members().stream().filter(m -> !m.equals(c.member())).toList();
        if (remaining.isEmpty()) {
            return Decision.reject(
                    "LAST_MEMBER",
                    c.member() + " is the last member of " + c.groupId() + ": appoint its successors instead",
                    "member");
        }
        return Decision.accept(new AssessorGroupAppointed(c.groupId(), group.category(), remaining));
    }

    public static GroupState evolve(GroupState state, GroupEvent event) {
        return switch (event) {
            case AssessorGroupAppointed e -> new Group(e.category(), e.members());
        };
    }
}
