package io.coverclaims.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.rest.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectionResponseTest {

    private static CommandResult rejected(String code, String field) {
        return new CommandResult("c1", "a1", "T", "REJECTED", 3, List.of(), code, "because", field, false);
    }

    private static Response respond(CommandResult result) {
        return CommandGateway.respond(result, accepted -> Response.ok().build());
    }

    @Test
    void a_version_conflict_is_409() {
        assertThat(respond(rejected("VERSION_CONFLICT", "expectedVersion")).getStatus())
                .isEqualTo(409);
    }

    @Test
    void an_unknown_target_is_404() {
        assertThat(respond(rejected("POLICY_NOT_FOUND", "policyId")).getStatus())
                .isEqualTo(404);
    }

    @Test
    void any_other_business_rule_is_422_naming_code_and_field() {
        Response response = respond(rejected("INSUFFICIENT_CAPACITY", "coverAmount"));
        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.code()).isEqualTo("INSUFFICIENT_CAPACITY");
        assertThat(problem.field()).isEqualTo("coverAmount");
        assertThat(problem.invalidParams()).containsExactly(new Problem.InvalidParam("coverAmount", "because"));
    }

    @Test
    void an_accepted_command_is_answered_by_the_resource() {
        CommandResult accepted =
                new CommandResult("c1", "a1", "T", "ACCEPTED", 1, List.of("e1"), null, null, null, false);
        assertThat(CommandGateway.respond(
                                accepted, result -> Response.status(201).build())
                        .getStatus())
                .isEqualTo(201);
    }
}
