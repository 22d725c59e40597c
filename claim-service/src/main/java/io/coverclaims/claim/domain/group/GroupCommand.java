package io.coverclaims.claim.domain.group;

import java.time.Instant;
import java.util.List;

/** What an assessor group is asked to do; the record mirrors claim.avdl's command of the same name. */
public sealed interface GroupCommand {

    String groupId();

    Instant at();

    /**
     * A passed governance proposal (APPOINT_ASSESSOR, APPOINT_ARBITER), or an operator (claims-admin) at bootstrap: the
     * members of a category's assessor group, or of the arbiters (category ARBITERS).
     */
    record AppointAssessorGroup(String groupId, String category, List<String> members, Instant at)
            implements GroupCommand {}

    /**
     * A passed governance proposal (REVOKE_ASSESSOR): one member leaves the group, decided against the group's members
     * now (never against a read model that may lag behind an appointment).
     */
    record RevokeAssessor(String groupId, String member, Instant at) implements GroupCommand {}
}
