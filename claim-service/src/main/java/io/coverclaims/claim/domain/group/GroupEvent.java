package io.coverclaims.claim.domain.group;

import java.util.List;

/** What happened to an assessor group; the record mirrors claim.avdl's event of the same name. */
public sealed interface GroupEvent {

    String groupId();

    /** The members appointed, replacing the previous ones. */
    record AssessorGroupAppointed(String groupId, String category, List<String> members) implements GroupEvent {}
}
