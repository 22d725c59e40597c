package io.coverclaims.governance.api;

import io.coverclaims.governance.view.StakeBook;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.Money;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The voting weights a proposal made now would snapshot: every member's capital stake across pools, read from
 * pool.events (deposits add, withdrawals take away).
 */
@Path("/stakes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stakes", description = "Members' stakes across pools: the voting weights (docs/governance.md)")
public class StakeResource {

    @Inject
    StakeBook stakes;

    public record MemberStake(String member, Money stake) {}

    @GET
    @Operation(
            summary = "Every member with stake, and where in pool.events it was read",
            description = "What POST /proposals records as the proposal's snapshot: members (lower-case addresses) "
                    + "with stake > 0, and position, \"partition:offset\" of the last pool.events record applied.")
    public StakeBook.Snapshot snapshot() {
        return stakes.snapshot();
    }

    @GET
    @Path("/{address}")
    @Operation(summary = "A member's stake across pools now (0 when it has none)")
    public MemberStake stake(
            @PathParam("address") @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE) String address) {
        String member = Ids.canonical(address);
        return new MemberStake(member, stakes.stakeOf(member));
    }
}
