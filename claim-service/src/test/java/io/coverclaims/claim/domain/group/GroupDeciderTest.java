package io.coverclaims.claim.domain.group;

import io.coverclaims.claim.domain.group.GroupCommand.AppointAssessorGroup;
import io.coverclaims.claim.domain.group.GroupCommand.RevokeAssessor;
import io.coverclaims.claim.domain.group.GroupEvent.AssessorGroupAppointed;
import io.coverclaims.platform.testing.DeciderFixture;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Appointing an assessor group, and revoking one of its members (governance): one test per rule. */
class GroupDeciderTest {

    static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    static final String A = "0x" + "a".repeat(40);
    static final String B = "0x" + "b".repeat(40);
    static final String C = "0x" + "c".repeat(40);
    static final String GROUP = "grp-protocol-exploit";

    final DeciderFixture<GroupCommand, GroupEvent, GroupState> fixture = DeciderFixture.of(GroupDecider.DECIDER);

    static AppointAssessorGroup appoint(String groupId, String category, List<String> members) {
        return new AppointAssessorGroup(groupId, category, members, AT);
    }

    @Test
    void an_operator_appoints_a_categorys_assessors_and_a_new_appointment_replaces_them() {
        fixture.given()
                .when(appoint(GROUP, "PROTOCOL_EXPLOIT", List.of(A, B)))
                .thenEvents(new AssessorGroupAppointed(GROUP, "PROTOCOL_EXPLOIT", List.of(A, B)));
        fixture.given(new AssessorGroupAppointed(GROUP, "PROTOCOL_EXPLOIT", List.of(A, B)))
                .when(appoint(GROUP, "PROTOCOL_EXPLOIT", List.of(B)))
                .thenEvents(new AssessorGroupAppointed(GROUP, "PROTOCOL_EXPLOIT", List.of(B)));
    }

    @Test
    void the_arbiters_are_the_group_of_category_arbiters() {
        fixture.given()
                .when(appoint("grp-arbiters", "ARBITERS", List.of(A)))
                .thenEvents(new AssessorGroupAppointed("grp-arbiters", "ARBITERS", List.of(A)));
    }

    @Test
    void the_same_members_again_in_any_order_is_nothing_to_do() {
        fixture.given(new AssessorGroupAppointed(GROUP, "PROTOCOL_EXPLOIT", List.of(A, B)))
                .when(appoint(GROUP, "PROTOCOL_EXPLOIT", List.of(B, A)))
                .thenNoEvents();
    }

    @Test
    void a_category_neither_a_product_category_nor_arbiters_is_rejected() {
        fixture.given()
                .when(appoint("grp-weather", "WEATHER", List.of(A)))
                .thenRejected("UNKNOWN_CATEGORY", "category");
    }

    @Test
    void the_group_id_is_the_categorys() {
        fixture.given()
                .when(appoint("grp-custody", "PROTOCOL_EXPLOIT", List.of(A)))
                .thenRejected("GROUP_ID_MISMATCH", "groupId");
    }

    @Test
    void members_are_one_to_twenty_one_distinct_canonical_addresses() {
        fixture.given().when(appoint(GROUP, "PROTOCOL_EXPLOIT", List.of())).thenRejected("INVALID_MEMBERS", "members");
        fixture.given()
                .when(appoint(GROUP, "PROTOCOL_EXPLOIT", List.of(A, A)))
                .thenRejected("INVALID_MEMBERS", "members");
        fixture.given()
                .when(appoint(GROUP, "PROTOCOL_EXPLOIT", List.of("0x" + "A".repeat(40))))
                .thenRejected("INVALID_MEMBERS", "members");
        List<String> many = IntStream.range(0, 22)
                .mapToObj(i -> "0x" + String.join("", Collections.nCopies(38, "0")) + String.format("%02x", i))
                .toList();
        fixture.given().when(appoint(GROUP, "PROTOCOL_EXPLOIT", many)).thenRejected("INVALID_MEMBERS", "members");
        fixture.given()
                .when(appoint(GROUP, "PROTOCOL_EXPLOIT", many.subList(0, 21)))
                .thenEvents(new AssessorGroupAppointed(GROUP, "PROTOCOL_EXPLOIT", many.subList(0, 21)));
    }

    static RevokeAssessor revoke(String groupId, String member) {
        return new RevokeAssessor(groupId, member, AT);
    }

    @Test
    void a_revoked_member_leaves_and_the_others_are_appointed_again_in_their_order() {
        fixture.given(new AssessorGroupAppointed(GROUP, "PROTOCOL_EXPLOIT", List.of(A, B, C)))
                .when(revoke(GROUP, B))
                .thenEvents(new AssessorGroupAppointed(GROUP, "PROTOCOL_EXPLOIT", List.of(A, C)));
    }

    @Test
    void a_revocation_is_decided_against_the_latest_appointment() {
        // an appointment just before the revocation (same proposal, or the operator) is never undone by it
        fixture.given(
                        new AssessorGroupAppointed("grp-arbiters", "ARBITERS", List.of(A, B)),
                        new AssessorGroupAppointed("grp-arbiters", "ARBITERS", List.of(B, C)))
                .when(revoke("grp-arbiters", B))
                .thenEvents(new AssessorGroupAppointed("grp-arbiters", "ARBITERS", List.of(C)));
    }

    @Test
    void revoking_from_a_group_never_appointed_is_rejected() {
        fixture.given().when(revoke(GROUP, A)).thenRejected("GROUP_NOT_FOUND", "groupId");
    }

    @Test
    void revoking_an_address_that_is_no_member_is_rejected() {
        fixture.given(new AssessorGroupAppointed(GROUP, "PROTOCOL_EXPLOIT", List.of(A, B)))
                .when(revoke(GROUP, C))
                .thenRejected("NOT_A_MEMBER", "member");
    }

    @Test
    void the_last_member_cannot_be_revoked() {
        fixture.given(new AssessorGroupAppointed(GROUP, "PROTOCOL_EXPLOIT", List.of(A)))
                .when(revoke(GROUP, A))
                .thenRejected("LAST_MEMBER", "member");
    }

    @Test
    void a_revoked_member_is_named_by_its_canonical_address() {
        fixture.given(new AssessorGroupAppointed(GROUP, "PROTOCOL_EXPLOIT", List.of(A, B)))
                .when(revoke(GROUP, "0x" + "A".repeat(40)))
                .thenRejected("INVALID_MEMBER", "member");
        fixture.given(new AssessorGroupAppointed(GROUP, "PROTOCOL_EXPLOIT", List.of(A, B)))
                .when(revoke(GROUP, "someone"))
                .thenRejected("INVALID_MEMBER", "member");
    }
}
