package io.coverclaims.oracle.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.oracle.saga.ProposalActionMapper;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.governance.ProposalExecution.Mapping;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.platform.testing.OperatorTokens;
import io.coverclaims.platform.testing.ServiceConformance;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.governance.ProposalAction;
import io.coverclaims.schemas.governance.ProposalActionKind;
import io.coverclaims.schemas.governance.ProposalExecuted;
import io.coverclaims.schemas.oracle.FeedSourceRegistered;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Governance takes over oracle-admin's source registrations, through the real broker: a feed defined by the operator
 * (bootstrap), then a ProposalExecuted record written to governance.events (as governance-service would) registers a
 * signed reporter and a Chainlink aggregator on it, issued by {@code governance:<proposalId>}. An action on an unknown
 * feed is refused by the decider (its outcome) and an action with an unreadable argument by the mapper (logged), and
 * neither stops the others; the same execution delivered again appends nothing.
 *
 * <p>This test writes governance.events in oracle-service's own test JVM, which is acceptable: no other test of this
 * JVM reads that topic (only the service does: its governance-actions application, and the kernel's store of pause
 * flags and parameters, which a ProposalExecuted does not change); source registrations are never paused. Its feed,
 * source and proposal ids are fresh, so nothing else sees its records.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class GovernanceActionsIntegrationTest {

    static KafkaTestKit topics;

    @BeforeAll
    static void open() {
        topics = new KafkaTestKit();
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    @BeforeEach
    void ready() {
        ServiceConformance.awaitReady();
    }

    static String address() {
        return "0x" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "0".repeat(32);
    }

    static ProposalAction register(String feedId, Map<String, String> arguments) {
        return ProposalAction.newBuilder()
                .setKind(ProposalActionKind.REGISTER_ORACLE_SOURCE)
                .setTarget(feedId)
                .setArguments(arguments)
                .build();
    }

    static Map<String, String> arguments(String sourceId, String kind, String address, String heartbeatSeconds) {
        Map<String, String> arguments = new HashMap<>();
        arguments.put("sourceId", sourceId);
        arguments.put("name", "governed " + sourceId);
        arguments.put("kind", kind);
        arguments.put("address", address);
        arguments.put("heartbeatSeconds", heartbeatSeconds);
        arguments.put("decimals", "8");
        arguments.put("minPriceE8", "90000000");
        arguments.put("maxPriceE8", "110000000");
        return arguments;
    }

    static String commandId(ProposalExecuted executed, int index) {
        Mapping mapping = ProposalActionMapper.map(
                executed.getMetadata(),
                executed.getProposalId(),
                index,
                executed.getActions().get(index));
        return WireMetadata.ofCommand(((Mapping.Command) mapping).command()).getCommandId();
    }

    static List<CommandOutcome> outcomes(String commandId, int count) {
        return topics.await(
                "oracle.command-outcomes",
                CommandOutcome.class,
                o -> o.getCommandId().equals(commandId),
                count);
    }

    @Test
    void an_executed_proposal_registers_feed_sources_and_a_refused_action_stops_nothing() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String feedId = "GOV-USD-" + run;
        String proposalId = "prop-" + UUID.randomUUID();
        String reporter = address();
        String aggregator = address();
        // the feed itself: defined by the operator (bootstrap)
        given().contentType(ContentType.JSON)
                .header("Authorization", OperatorTokens.bearer(OperatorRoles.ORACLE_ADMIN))
                .body(Map.of("feedId", feedId, "kind", "PRICE", "description", "governed feed"))
                .post("/feeds")
                .then()
                .statusCode(201);

        ProposalExecuted executed = ProposalExecuted.newBuilder()
                .setMetadata(KafkaTestKit.event(proposalId, 6, "governance-service"))
                .setProposalId(proposalId)
                .setChanges(List.of())
                .setActions(List.of(
                        // no such feed: the decider refuses it
                        register("NOPE-" + run, arguments("src-nope", "SIGNED_REPORTER", address(), "60")),
                        // no number: refused before any command (logged)
                        register(feedId, arguments("src-bad", "SIGNED_REPORTER", address(), "soon")),
                        register(
                                feedId,
                                arguments(
                                        "src-gov-" + run,
                                        "SIGNED_REPORTER",
                                        reporter.toUpperCase().replace("0X", "0x"),
                                        "120")),
                        register(feedId, arguments("src-link-" + run, "CHAINLINK_AGGREGATOR", aggregator, "3600")),
                        // not oracle-service's: claim-service carries it out
                        ProposalAction.newBuilder()
                                .setKind(ProposalActionKind.APPOINT_ARBITER)
                                .setTarget("grp-arbiters")
                                .setArguments(Map.of("members", reporter))
                                .build()))
                .build();
        topics.send("governance.events", proposalId, executed);

        Response[] last = new Response[1];
        try {
            KafkaTestKit.awaitTrue("both governed sources of " + feedId, Duration.ofSeconds(60), () -> {
                last[0] = given().get("/feeds/" + feedId);
                return last[0].statusCode() == 200
                        && last[0].jsonPath().getList("sources").size() == 2;
            });
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; last answer " + (last[0] == null ? "none" : last[0].asString()), e);
        }
        Response feed = last[0];
        assertThat(feed.jsonPath().getList("sources.sourceId", String.class))
                .containsExactly("src-gov-" + run, "src-link-" + run);
        assertThat(feed.jsonPath().getString("sources[0].kind")).isEqualTo("SIGNED_REPORTER");
        assertThat(feed.jsonPath().getString("sources[0].signer")).isEqualTo(reporter);
        assertThat(feed.jsonPath().getLong("sources[0].heartbeatMs")).isEqualTo(120_000L);
        assertThat(feed.jsonPath().getLong("sources[0].minPriceE8")).isEqualTo(90_000_000L);
        assertThat(feed.jsonPath().getString("sources[1].kind")).isEqualTo("CHAINLINK_AGGREGATOR");
        assertThat(feed.jsonPath().getString("sources[1].aggregator")).isEqualTo(aggregator);
        assertThat(feed.jsonPath().getLong("sources[1].heartbeatMs")).isEqualTo(3_600_000L);
        assertThat(topics
                        .await(
                                "oracle.events",
                                feedId,
                                FeedSourceRegistered.class,
                                e -> e.getMetadata().getActor().equals("governance:" + proposalId),
                                2)
                        .stream()
                        .map(FeedSourceRegistered::getSourceId))
                .containsExactly("src-gov-" + run, "src-link-" + run);

        CommandOutcome refused = outcomes(commandId(executed, 0), 1).getFirst();
        assertThat(refused.getStatus().name()).isEqualTo("REJECTED");
        assertThat(refused.getReasonCode()).isEqualTo("FEED_NOT_FOUND");

        // the same execution again (a replay, a re-delivery): every command is a duplicate, nothing is appended
        topics.send("governance.events", proposalId, executed);
        for (int index : new int[] {0, 2, 3}) {
            assertThat(outcomes(commandId(executed, index), 2))
                    .extracting(CommandOutcome::getDuplicate)
                    .containsExactly(false, true);
        }
        assertThat(topics.readAll(
                        "oracle.events",
                        FeedSourceRegistered.class,
                        e -> e.getMetadata().getActor().equals("governance:" + proposalId)))
                .hasSize(2);
    }
}
