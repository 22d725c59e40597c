package io.coverclaims.claim.domain.group;

import java.util.List;

/** An assessor group: none yet, or appointed. */
public sealed interface GroupState {

    GroupState INITIAL = new NoGroup();

    record NoGroup() implements GroupState {}

    /** The group's category and its members, as last appointed. */
    record Group(String category, List<String> members) implements GroupState {
        public Group {
            members = List.copyOf(members);
        }
    }
}
