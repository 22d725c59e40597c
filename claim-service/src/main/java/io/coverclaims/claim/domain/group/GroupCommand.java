package io.coverclaims.claim.domain.group;

import java.time.Instant;
import java.util.List;

/** What an assessor group is asked to do; the record mirrors claim.avdl's command of the same name. */
public sealed interface GroupCommand {

    String groupId();

    Instant at();

    /** Operator (claims-admin): the members of a category's assessor group, or of the arbiters (category ARBITERS). */
    record AppointAssessorGroup(String groupId, String category, List<String> members, Instant at)
            implements GroupCommand {}
}
