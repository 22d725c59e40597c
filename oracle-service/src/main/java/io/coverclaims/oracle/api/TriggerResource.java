package io.coverclaims.oracle.api;

import io.coverclaims.oracle.GovernedOracleParameters;
import io.coverclaims.oracle.domain.OracleIds;
import io.coverclaims.oracle.view.OracleView;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.rest.OperatorHeaders;
import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.schemas.oracle.DefineParametricTrigger;
import io.coverclaims.schemas.oracle.RetireTrigger;
import io.coverclaims.schemas.oracle.TriggerKind;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Parametric triggers: a DEPEG trigger arms when a feed's quorum price falls below its threshold and fires when it has
 * not recovered within its window; an EXPLOIT trigger fires when an incident of its feed is confirmed. Defined and
 * retired by an operator (oracle-admin); the command goes to the feed the trigger is bound to. Reads come from the
 * read model of oracle.events.
 */
@Path("/triggers")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "triggers", description = "Parametric triggers over feeds: depeg and exploit (docs/oracles.md)")
public class TriggerResource {

    @Inject
    OracleEdge edge;

    @Inject
    OracleView oracle;

    /** What a definition that leaves a rule out takes: the governed value, else the configured. */
    @Inject
    GovernedOracleParameters defaults;

    public record DefineTriggerRequest(
            @NotNull @Pattern(regexp = OracleIds.TRIGGER_ID, message = OracleIds.TRIGGER_ID_MESSAGE)
            String triggerId,

            @NotNull @Pattern(regexp = Ids.PRODUCT_ID, message = Ids.PRODUCT_ID_MESSAGE)
            String productId,

            @NotNull
            @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
            @Schema(description = "the feed it watches: a PRICE feed for DEPEG, an INCIDENT feed for EXPLOIT")
            String feedId,

            @Pattern(regexp = "DEPEG|EXPLOIT", message = "must be DEPEG or EXPLOIT")
            @Schema(description = "DEPEG (default) or EXPLOIT")
            String kind,

            @Positive
            @Schema(
                    description = "DEPEG: arms when a quorum price is below this, 1e-8 (default: the governed "
                            + "oracle.depeg.thresholdPriceE8, else coverclaims.oracle.depeg.threshold-price-e8, "
                            + "99500000 = 0.995)")
            Long thresholdPriceE8,

            @Positive
            @Schema(
                    description = "DEPEG: disarms when a quorum price is at or above this, 1e-8 (default: the "
                            + "governed oracle.depeg.recoveryPriceE8, else coverclaims.oracle.depeg.recovery-price-e8, "
                            + "99900000 = 0.999)")
            Long recoveryPriceE8,

            @Positive
            @Max(FeedResource.YEAR_MS)
            @Schema(
                    description = "DEPEG: fires when armed this long without recovery, ms (default: the governed "
                            + "oracle.depeg.windowMs, else coverclaims.oracle.depeg.window, 86400000 = 24 h)")
            Long windowMs,

            @PositiveOrZero
            @Schema(
                    description = "DEPEG: the depeg price used for the payout is never below this, 1e-8 (default "
                            + "coverclaims.oracle.depeg.min-depeg-price-e8, 0)")
            Long minDepegPriceE8,

            @Min(1)
            @Max(1_000_000)
            @Schema(description = "EXPLOIT (required): the share of each policy's cover paid, ppm")
            Integer payoutPpm) {}

    public record RetireRequest(@NotBlank @Size(max = 500) String reason) {}

    @POST
    @RolesAllowed(OperatorRoles.ORACLE_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @Operation(
            summary = "Define a parametric trigger on a feed (operator, oracle-admin)",
            description = "DEPEG: below thresholdPriceE8 and not back to recoveryPriceE8 within windowMs; it pays "
                    + "1e6 - depegPriceE8 / 100 ppm of cover, the depeg price floored at minDepegPriceE8; absent "
                    + "values take the governed oracle.depeg.* parameters, else the coverclaims.oracle.depeg.* "
                    + "configuration (minDepegPriceE8: the configuration), recorded in ParametricTriggerDefined. EXPLOIT: fires when an incident of the "
                    + "feed is confirmed, paying payoutPpm; it takes no price fields.")
    @APIResponse(responseCode = "201", description = "defined; Location is the trigger")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = OracleEdge.OPERATOR_401)
    @APIResponse(responseCode = "403", description = OracleEdge.OPERATOR_403)
    @APIResponse(
            responseCode = "422",
            description =
                    "TRIGGER_ID_TAKEN (the read model knows the id on another feed), or the decider's refusal naming"
                            + " the field (FEED_NOT_FOUND is a 404): INVALID_TRIGGER_ID, INVALID_PRODUCT_ID, WRONG_FEED_KIND, "
                            + "INVALID_THRESHOLD, INVALID_RECOVERY, INVALID_WINDOW, INVALID_MIN_DEPEG_PRICE, "
                            + "INVALID_PAYOUT_PPM, TRIGGER_EXISTS")
    public CompletionStage<Response> define(
            @Valid @NotNull DefineTriggerRequest request, @Valid @BeanParam OperatorHeaders headers) {
        TriggerKind kind = request.kind() == null ? TriggerKind.DEPEG : TriggerKind.valueOf(request.kind());
        oracle.trigger(request.triggerId())
                .filter(known -> !known.feedId().equals(request.feedId()))
                .ifPresent(known -> {
                    throw new ProblemException(Problem.of(
                            Problem.UNPROCESSABLE_CONTENT,
                            "TRIGGER_ID_TAKEN",
                            "trigger " + request.triggerId() + " is bound to feed " + known.feedId(),
                            "triggerId"));
                });
        DefineParametricTrigger.Builder command = DefineParametricTrigger.newBuilder()
                .setMetadata(edge.operator(request.feedId(), headers.idempotencyKey))
                .setTriggerId(request.triggerId())
                .setProductId(request.productId())
                .setFeedId(request.feedId())
                .setKind(kind);
        if (kind == TriggerKind.DEPEG) {
            if (request.payoutPpm() != null) {
                throw ProblemException.badRequest(
                        "payoutPpm", "a DEPEG trigger pays 1e6 - depegPriceE8 / 100 ppm: it takes no payoutPpm");
            }
            long threshold =
                    request.thresholdPriceE8() == null ? defaults.depegThresholdPriceE8() : request.thresholdPriceE8();
            long recovery =
                    request.recoveryPriceE8() == null ? defaults.depegRecoveryPriceE8() : request.recoveryPriceE8();
            long window = request.windowMs() == null ? defaults.depegWindowMs() : request.windowMs();
            command.setThresholdPriceE8(threshold)
                    .setRecoveryPriceE8(recovery)
                    .setWindowMs(window)
                    .setMinDepegPriceE8(
                            request.minDepegPriceE8() == null ? defaults.minDepegPriceE8() : request.minDepegPriceE8())
                    .setPayoutPpm(0);
        } else {
            if (request.payoutPpm() == null) {
                throw ProblemException.badRequest("payoutPpm", "required: the share of cover an EXPLOIT trigger pays");
            }
            noPriceRule(request.thresholdPriceE8(), "thresholdPriceE8");
            noPriceRule(request.recoveryPriceE8(), "recoveryPriceE8");
            noPriceRule(request.windowMs(), "windowMs");
            noPriceRule(request.minDepegPriceE8(), "minDepegPriceE8");
            command.setThresholdPriceE8(0)
                    .setRecoveryPriceE8(0)
                    .setWindowMs(0)
                    .setMinDepegPriceE8(0)
                    .setPayoutPpm(request.payoutPpm());
        }
        return edge.submit(command.build(), headers, OracleEdge.location(headers.uri, "triggers", request.triggerId()));
    }

    @POST
    @Path("/{triggerId}/retire")
    @RolesAllowed(OperatorRoles.ORACLE_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @Operation(
            summary = "Retire a trigger: it is no longer evaluated (operator, oracle-admin)",
            description = "Sent to the feed the read model binds the trigger to; an armed trigger's deadline is "
                    + "dropped.")
    @APIResponse(responseCode = "200", description = "retired")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = OracleEdge.OPERATOR_401)
    @APIResponse(responseCode = "403", description = OracleEdge.OPERATOR_403)
    @APIResponse(responseCode = "404", description = "TRIGGER_NOT_FOUND (the read model or the feed does not know it)")
    public CompletionStage<Response> retire(
            @PathParam("triggerId") @Pattern(regexp = OracleIds.TRIGGER_ID, message = OracleIds.TRIGGER_ID_MESSAGE)
                    String triggerId,
            @Valid @NotNull RetireRequest request,
            @Valid @BeanParam OperatorHeaders headers) {
        OracleView.Trigger trigger = oracle.trigger(triggerId).orElseThrow(() -> triggerNotFound(triggerId));
        return edge.submit(
                RetireTrigger.newBuilder()
                        .setMetadata(edge.operator(trigger.feedId(), headers.idempotencyKey))
                        .setTriggerId(triggerId)
                        .setReason(request.reason())
                        .setFeedId(trigger.feedId())
                        .build(),
                headers,
                null);
    }

    @GET
    @Operation(summary = "Every trigger, by id: definition, state and firings (read model of oracle.events)")
    public List<OracleView.Trigger> list() {
        return oracle.triggers();
    }

    @GET
    @Path("/{triggerId}")
    @Operation(
            summary = "A trigger: its definition, state (IDLE, ARMED, FIRED, RETIRED) and firings",
            description = "While ARMED: armedAt, armedPriceE8, firesAt and the lowest quorum price since. Each firing "
                    + "names the incident the parametric claims share, the depeg price and the payout (ppm).")
    @APIResponse(responseCode = "404", description = "TRIGGER_NOT_FOUND")
    public OracleView.Trigger get(
            @PathParam("triggerId") @Pattern(regexp = OracleIds.TRIGGER_ID, message = OracleIds.TRIGGER_ID_MESSAGE)
                    String triggerId) {
        return oracle.trigger(triggerId).orElseThrow(() -> triggerNotFound(triggerId));
    }

    private static void noPriceRule(Long value, String field) {
        if (value != null) {
            throw ProblemException.badRequest(field, "an EXPLOIT trigger fires on a confirmed incident: no price rule");
        }
    }

    private static ProblemException triggerNotFound(String triggerId) {
        return ProblemException.notFound("TRIGGER_NOT_FOUND", "no trigger " + triggerId, "triggerId");
    }
}
