package io.coverclaims.oracle.api;

import io.coverclaims.oracle.GovernedOracleParameters;
import io.coverclaims.oracle.domain.OracleIds;
import io.coverclaims.oracle.view.OracleView;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.rest.OperatorHeaders;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.platform.rest.SignedHeaders;
import io.coverclaims.schemas.oracle.ConfirmIncident;
import io.coverclaims.schemas.oracle.DefineFeed;
import io.coverclaims.schemas.oracle.DisableFeedSource;
import io.coverclaims.schemas.oracle.FeedKind;
import io.coverclaims.schemas.oracle.RecordIncidentReport;
import io.coverclaims.schemas.oracle.RecordPriceObservation;
import io.coverclaims.schemas.oracle.RegisterFeedSource;
import io.coverclaims.schemas.oracle.SetFeedQuorum;
import io.coverclaims.schemas.oracle.SourceKind;
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
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Feeds: an operator (oracle-admin) defines a feed and its k-of-n quorum rule, registers and disables its sources;
 * each source's reporter signs its observations and incident reports (EIP-712 ReportPrice and ReportIncident,
 * docs/signing.md); an operator may confirm an incident without waiting for k reports. Every command goes to
 * oracle.commands keyed by the feed. Reads come from oracle-service's read model of oracle.events (eventually
 * consistent). docs/oracles.md, "REST", gives an example of each.
 */
@Path("/feeds")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "feeds", description = "Price and incident feeds, their sources, observations and quorum (docs/oracles.md)")
public class FeedResource {

    static final String REPORT_PRICE = "ReportPrice";
    static final String REPORT_INCIDENT = "ReportIncident";

    /** The longest duration a rule takes: a year (366 days), in ms. */
    static final long YEAR_MS = 31_622_400_000L;

    @Inject
    OracleEdge edge;

    @Inject
    SignedRequests signatures;

    @Inject
    OracleView oracle;

    /** What a definition that leaves a rule out takes: the governed value, else the configured. */
    @Inject
    GovernedOracleParameters defaults;

    public record DefineFeedRequest(
            @NotNull
            @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
            @Schema(description = "the feed's id, e.g. USDC-USD or incidents-ethereum")
            String feedId,

            @NotNull
            @Pattern(regexp = "PRICE|INCIDENT", message = "must be PRICE or INCIDENT")
            @Schema(description = "PRICE (observations and a quorum price) or INCIDENT (incident reports)")
            String kind,

            @NotBlank @Size(max = 500) String description,

            @Min(1)
            @Max(100)
            @Schema(
                    description = "k: fresh, agreeing sources needed (default: the governed oracle.quorum, else "
                            + "coverclaims.oracle.feed.quorum, 2)")
            Integer quorum,

            @Min(0)
            @Max(1_000_000)
            @Schema(
                    description = "most a price may differ from the median and still agree, ppm of the median "
                            + "(default: the governed oracle.tolerancePpm, else coverclaims.oracle.feed.max-deviation-ppm,"
                            + " 20000 = 2 %)")
            Integer maxDeviationPpm,

            @Positive
            @Max(YEAR_MS)
            @Schema(
                    description = "older observations do not count, ms (default: the governed oracle.maxStalenessMs, "
                            + "else coverclaims.oracle.feed.max-staleness, 3600000 = 1 h)")
            Long maxStalenessMs) {}

    public record RegisterSourceRequest(
            @NotNull @Pattern(regexp = OracleIds.SOURCE_ID, message = OracleIds.SOURCE_ID_MESSAGE)
            String sourceId,

            @NotBlank @Size(max = 200) String name,

            @Pattern(
                    regexp = "SIGNED_REPORTER|CHAINLINK_AGGREGATOR",
                    message = "must be SIGNED_REPORTER or CHAINLINK_AGGREGATOR")
            @Schema(
                    description = "SIGNED_REPORTER (default: a reporter signs each observation) or "
                            + "CHAINLINK_AGGREGATOR (chain-bridge reads an AggregatorV3Interface contract)")
            String sourceKind,

            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            @Schema(description = "SIGNED_REPORTER: the address that signs the source's reports (required)")
            String signer,

            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            @Schema(description = "CHAINLINK_AGGREGATOR: the aggregator contract chain-bridge reads (required)")
            String aggregator,

            @PositiveOrZero
            @Max(YEAR_MS)
            @Schema(description = "an observation older than this is stale, ms; 0 or absent: the feed's maxStalenessMs")
            Long heartbeatMs,

            @Min(0) @Max(36) @Schema(description = "decimals of the source's native answer (default 8)")
            Integer decimals,

            @PositiveOrZero
            @Schema(description = "an observation below this is excluded (OUT_OF_BOUNDS), 1e-8; default 0")
            Long minPriceE8,

            @PositiveOrZero
            @Schema(description = "an observation above this is excluded (OUT_OF_BOUNDS), 1e-8; 0 or absent: no bound")
            Long maxPriceE8) {}

    public record DisableSourceRequest(
            @NotBlank @Size(max = 500) String reason) {}

    public record QuorumRequest(
            @NotNull @Min(1) @Max(100) @Schema(description = "k: fresh, agreeing sources needed")
            Integer quorum,

            @NotNull
            @Min(0)
            @Max(1_000_000)
            @Schema(description = "most a price may differ from the median and still agree, ppm of the median")
            Integer maxDeviationPpm,

            @NotNull @Positive @Max(YEAR_MS) @Schema(description = "older observations do not count, ms")
            Long maxStalenessMs) {}

    public record ObservationRequest(
            @NotNull @Pattern(regexp = OracleIds.SOURCE_ID, message = OracleIds.SOURCE_ID_MESSAGE)
            String sourceId,

            @NotNull
            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            @Schema(description = "the source's registered signer; it signs the report")
            String reporter,

            @NotNull PriceE8 priceE8,

            @NotNull @Schema(description = "when the source observed the price; signed as unix milliseconds")
            Instant observedAt,

            @Pattern(regexp = OracleEdge.ROUND_ID, message = OracleEdge.ROUND_ID_MESSAGE)
            @Schema(description = "the source's round; rounds must not go backwards; signed as \"\" when absent")
            String roundId) {}

    public record IncidentReportRequest(
            @NotNull @Pattern(regexp = OracleIds.SOURCE_ID, message = OracleIds.SOURCE_ID_MESSAGE)
            String sourceId,

            @NotNull
            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            @Schema(description = "the source's registered signer; it signs the report")
            String reporter,

            @NotNull
            @Pattern(regexp = OracleIds.INCIDENT_ID, message = OracleIds.INCIDENT_ID_MESSAGE)
            @Schema(description = "shared by the sources reporting the same incident")
            String incidentId,

            @Pattern(regexp = Ids.PRODUCT_ID, message = Ids.PRODUCT_ID_MESSAGE)
            @Schema(description = "the product it affects; signed as \"\" when absent")
            String productId,

            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            @Schema(
                    description = "the affected contract; signed as sent (a string), \"\" when absent; recorded in "
                            + "lower case")
            String affectedContract,

            @NotNull @Schema(description = "when the incident happened; signed as unix milliseconds")
            Instant incidentAt,

            @NotBlank @Size(max = 2000) String summary,

            @Size(max = 2000) @Schema(description = "a transaction hash, a post-mortem URL; signed as \"\" when absent")
            String evidence) {}

    public record ConfirmIncidentRequest(
            @Pattern(regexp = Ids.PRODUCT_ID, message = Ids.PRODUCT_ID_MESSAGE)
            @Schema(description = "default: the reported incident's")
            String productId,

            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            @Schema(description = "default: the reported incident's")
            String affectedContract,

            @Schema(
                    description =
                            "when it happened; default: the reported incident's (required when none was reported)")
            Instant incidentAt,

            @Size(min = 1, max = 2000)
            @Schema(description = "default: the reported incident's (required when none was reported)")
            String summary,

            @Size(max = 2000) @Schema(description = "what the operator's confirmation rests on")
            String evidence) {}

    // ------------------------------------------------------------------------------------------ feeds and sources

    @POST
    @RolesAllowed(OperatorRoles.ORACLE_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @Operation(
            summary = "Define a feed and its quorum rule (operator, oracle-admin)",
            description = "A PRICE feed reaches a quorum price when k of its n enabled sources have fresh observations "
                    + "within maxDeviationPpm of their median; an INCIDENT feed confirms an incident when k sources "
                    + "report it. Absent rule fields take the coverclaims.oracle.feed.* defaults; the command records "
                    + "the values used.")
    @APIResponse(responseCode = "201", description = "defined; Location is the feed")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = OracleEdge.OPERATOR_401)
    @APIResponse(responseCode = "403", description = OracleEdge.OPERATOR_403)
    @APIResponse(
            responseCode = "422",
            description = "the decider's refusal naming the field: INVALID_FEED_ID, INVALID_FEED_KIND, INVALID_QUORUM, "
                    + "INVALID_MAX_DEVIATION, INVALID_MAX_STALENESS, FEED_EXISTS (defined otherwise; the same "
                    + "definition again changes nothing)")
    public CompletionStage<Response> define(
            @Valid @NotNull DefineFeedRequest request, @Valid @BeanParam OperatorHeaders headers) {
        DefineFeed command = DefineFeed.newBuilder()
                .setMetadata(edge.operator(request.feedId(), headers.idempotencyKey))
                .setFeedId(request.feedId())
                .setKind(FeedKind.valueOf(request.kind()))
                .setDescription(request.description())
                .setQuorum(request.quorum() == null ? defaults.quorum() : request.quorum())
                .setMaxDeviationPpm(
                        request.maxDeviationPpm() == null ? defaults.maxDeviationPpm() : request.maxDeviationPpm())
                .setMaxStalenessMs(
                        request.maxStalenessMs() == null ? defaults.maxStalenessMs() : request.maxStalenessMs())
                .build();
        return edge.submit(command, headers, OracleEdge.location(headers.uri, "feeds", request.feedId()));
    }

    @POST
    @Path("/{feedId}/sources")
    @RolesAllowed(OperatorRoles.ORACLE_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @Operation(
            summary = "Register a source of a feed (operator, oracle-admin)",
            description = "A SIGNED_REPORTER source names the address that signs its reports (signer); a "
                    + "CHAINLINK_AGGREGATOR source names the aggregator contract chain-bridge reads (aggregator). "
                    + "Observations outside [minPriceE8, maxPriceE8] are excluded (OUT_OF_BOUNDS); older than "
                    + "heartbeatMs (else the feed's maxStalenessMs) they are STALE. For bootstrap: the normal path "
                    + "is a governance proposal's REGISTER_ORACLE_SOURCE action (docs/oracles.md).")
    @APIResponse(responseCode = "200", description = "registered; GET /feeds/{feedId} lists it")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = OracleEdge.OPERATOR_401)
    @APIResponse(responseCode = "403", description = OracleEdge.OPERATOR_403)
    @APIResponse(
            responseCode = "422",
            description =
                    "the decider's refusal naming the field (FEED_NOT_FOUND, SOURCE_NOT_FOUND: 404): INVALID_SOURCE_ID, INVALID_SOURCE_KIND, "
                            + "WRONG_FEED_KIND, INVALID_SIGNER, INVALID_AGGREGATOR, INVALID_HEARTBEAT, INVALID_DECIMALS, "
                            + "INVALID_PRICE_BOUNDS, SOURCE_EXISTS, REPORTER_IN_USE, QUORUM_NOT_MAJORITY")
    public CompletionStage<Response> registerSource(
            @PathParam("feedId") @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
                    String feedId,
            @Valid @NotNull RegisterSourceRequest request,
            @Valid @BeanParam OperatorHeaders headers) {
        SourceKind kind =
                request.sourceKind() == null ? SourceKind.SIGNED_REPORTER : SourceKind.valueOf(request.sourceKind());
        if (kind == SourceKind.SIGNED_REPORTER) {
            required(request.signer(), "signer", "a SIGNED_REPORTER source names the address that signs its reports");
            absent(request.aggregator(), "aggregator", "only a CHAINLINK_AGGREGATOR source has an aggregator");
        } else {
            required(request.aggregator(), "aggregator", "a CHAINLINK_AGGREGATOR source names its aggregator contract");
            absent(request.signer(), "signer", "a CHAINLINK_AGGREGATOR source has no signer (chain-bridge reads it)");
        }
        RegisterFeedSource command = RegisterFeedSource.newBuilder()
                .setMetadata(edge.operator(feedId, headers.idempotencyKey))
                .setFeedId(feedId)
                .setSourceId(request.sourceId())
                .setName(request.name())
                .setSourceKind(kind)
                .setSigner(Ids.canonical(request.signer()))
                .setAggregator(Ids.canonical(request.aggregator()))
                .setHeartbeatMs(request.heartbeatMs() == null ? 0 : request.heartbeatMs())
                .setDecimals(request.decimals() == null ? 8 : request.decimals())
                .setMinPriceE8(request.minPriceE8() == null ? 0 : request.minPriceE8())
                .setMaxPriceE8(request.maxPriceE8() == null ? 0 : request.maxPriceE8())
                .build();
        return edge.submit(command, headers, null);
    }

    @POST
    @Path("/{feedId}/sources/{sourceId}/disable")
    @RolesAllowed(OperatorRoles.ORACLE_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @Operation(
            summary = "Stop counting a source (operator, oracle-admin)",
            description = "Its observations no longer count (EXCLUDED, DISABLED); k must stay a majority of the "
                    + "enabled sources left.")
    @APIResponse(responseCode = "200", description = "disabled")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = OracleEdge.OPERATOR_401)
    @APIResponse(responseCode = "403", description = OracleEdge.OPERATOR_403)
    @APIResponse(
            responseCode = "422",
            description = "the decider's refusal naming the field; FEED_NOT_FOUND and SOURCE_NOT_FOUND are 404s")
    public CompletionStage<Response> disableSource(
            @PathParam("feedId") @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
                    String feedId,
            @PathParam("sourceId") @Pattern(regexp = OracleIds.SOURCE_ID, message = OracleIds.SOURCE_ID_MESSAGE)
                    String sourceId,
            @Valid @NotNull DisableSourceRequest request,
            @Valid @BeanParam OperatorHeaders headers) {
        return edge.submit(
                DisableFeedSource.newBuilder()
                        .setMetadata(edge.operator(feedId, headers.idempotencyKey))
                        .setFeedId(feedId)
                        .setSourceId(sourceId)
                        .setReason(request.reason())
                        .build(),
                headers,
                null);
    }

    @PUT
    @Path("/{feedId}/quorum")
    @RolesAllowed(OperatorRoles.ORACLE_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @Operation(
            summary = "Replace a feed's quorum rule (operator, oracle-admin)",
            description = "All three values are the new rule; k must stay a majority of the enabled sources.")
    @APIResponse(responseCode = "200", description = "changed")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = OracleEdge.OPERATOR_401)
    @APIResponse(responseCode = "403", description = OracleEdge.OPERATOR_403)
    @APIResponse(
            responseCode = "422",
            description =
                    "the decider's refusal naming the field (FEED_NOT_FOUND, SOURCE_NOT_FOUND: 404): INVALID_QUORUM, INVALID_MAX_DEVIATION, "
                            + "INVALID_MAX_STALENESS, QUORUM_NOT_MAJORITY")
    public CompletionStage<Response> setQuorum(
            @PathParam("feedId") @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
                    String feedId,
            @Valid @NotNull QuorumRequest request,
            @Valid @BeanParam OperatorHeaders headers) {
        return edge.submit(
                SetFeedQuorum.newBuilder()
                        .setMetadata(edge.operator(feedId, headers.idempotencyKey))
                        .setFeedId(feedId)
                        .setQuorum(request.quorum())
                        .setMaxDeviationPpm(request.maxDeviationPpm())
                        .setMaxStalenessMs(request.maxStalenessMs())
                        .build(),
                headers,
                null);
    }

    // ------------------------------------------------------------------------------------------ signed reports

    @POST
    @Path("/{feedId}/observations")
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Report a price (signed by the source's reporter)",
            description =
                    "EIP-712 ReportPrice(feedId, sourceId, reporter, priceE8, observedAt, roundId, nonce, expiry) "
                            + "signed by the source's registered signer, with observedAt in unix milliseconds and roundId \"\" "
                            + "when absent. The observation is recorded (PriceObserved) or recorded as not counting "
                            + "(ObservationExcluded: STALE, OUT_OF_BOUNDS, ROUND_REGRESSED), and the feed is evaluated: "
                            + "PriceQuorumReached or FeedUnreliable.")
    @APIResponse(responseCode = "200", description = "recorded")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = OracleEdge.SIGNED_401)
    @APIResponse(
            responseCode = "422",
            description =
                    "the decider's refusal naming the field (FEED_NOT_FOUND, SOURCE_NOT_FOUND: 404): WRONG_FEED_KIND, "
                            + "SOURCE_DISABLED, NOT_SOURCE_REPORTER (the signer is not the source's), OBSERVATION_IN_FUTURE")
    public CompletionStage<Response> observe(
            @PathParam("feedId") @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
                    String feedId,
            @Valid @NotNull ObservationRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        String reporter = Ids.canonical(request.reporter());
        Instant observedAt = OracleEdge.millis(request.observedAt(), "observedAt");
        String roundId = OracleEdge.blankToNull(request.roundId());
        SignedRequests.Signed signed = signatures.verify(
                REPORT_PRICE,
                Map.of(
                        "feedId",
                        feedId,
                        "sourceId",
                        request.sourceId(),
                        "reporter",
                        reporter,
                        "priceE8",
                        request.priceE8().unsigned(),
                        "observedAt",
                        BigInteger.valueOf(observedAt.toEpochMilli()),
                        "roundId",
                        roundId == null ? "" : roundId),
                signature);
        return edge.submitSigned(
                RecordPriceObservation.newBuilder()
                        .setMetadata(edge.signed(feedId, signed))
                        .setFeedId(feedId)
                        .setSourceId(request.sourceId())
                        .setPriceE8(request.priceE8().value())
                        .setObservedAt(observedAt)
                        .setRoundId(roundId)
                        .setSignature(signature.signature)
                        .setRawAnswer(null)
                        .setReporter(signed.signer())
                        .build(),
                signed,
                headers);
    }

    @POST
    @Path("/{feedId}/incident-reports")
    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @Operation(
            summary = "Report an incident (signed by the source's reporter)",
            description = "EIP-712 ReportIncident(feedId, sourceId, reporter, incidentId, productId, affectedContract, "
                    + "incidentAt, summary, evidence, nonce, expiry) signed by the source's registered signer, with "
                    + "incidentAt in unix milliseconds and absent strings signed as \"\". The incident is confirmed "
                    + "(IncidentConfirmed, QUORUM) once k sources of the feed reported it.")
    @APIResponse(responseCode = "200", description = "recorded")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = OracleEdge.SIGNED_401)
    @APIResponse(
            responseCode = "422",
            description =
                    "the decider's refusal naming the field (FEED_NOT_FOUND, SOURCE_NOT_FOUND: 404): WRONG_FEED_KIND, "
                            + "SOURCE_DISABLED, NOT_SOURCE_REPORTER (the signer is not the source's), INVALID_INCIDENT_ID, "
                            + "INVALID_PRODUCT_ID, INVALID_ADDRESS, INCIDENT_IN_FUTURE")
    public CompletionStage<Response> reportIncident(
            @PathParam("feedId") @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
                    String feedId,
            @Valid @NotNull IncidentReportRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedHeaders headers) {
        String reporter = Ids.canonical(request.reporter());
        Instant incidentAt = OracleEdge.millis(request.incidentAt(), "incidentAt");
        String productId = OracleEdge.blankToNull(request.productId());
        String affectedContract = OracleEdge.blankToNull(request.affectedContract());
        String evidence = request.evidence() == null ? "" : request.evidence();
        SignedRequests.Signed signed = signatures.verify(
                REPORT_INCIDENT,
                Map.of(
                        "feedId",
                        feedId,
                        "sourceId",
                        request.sourceId(),
                        "reporter",
                        reporter,
                        "incidentId",
                        request.incidentId(),
                        "productId",
                        productId == null ? "" : productId,
                        "affectedContract",
                        affectedContract == null ? "" : affectedContract,
                        "incidentAt",
                        BigInteger.valueOf(incidentAt.toEpochMilli()),
                        "summary",
                        request.summary(),
                        "evidence",
                        evidence),
                signature);
        return edge.submitSigned(
                RecordIncidentReport.newBuilder()
                        .setMetadata(edge.signed(feedId, signed))
                        .setFeedId(feedId)
                        .setSourceId(request.sourceId())
                        .setIncidentId(request.incidentId())
                        .setProductId(productId)
                        .setAffectedContract(Ids.canonical(affectedContract))
                        .setIncidentAt(incidentAt)
                        .setSummary(request.summary())
                        .setEvidence(evidence)
                        .setReporter(signed.signer())
                        .build(),
                signed,
                headers);
    }

    @POST
    @Path("/{feedId}/incidents/{incidentId}/confirmation")
    @RolesAllowed(OperatorRoles.ORACLE_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @Operation(
            summary = "Confirm an incident without waiting for k reports (operator, oracle-admin)",
            description = "IncidentConfirmed with confirmation OPERATOR and confirmedBy the operator. Fields left out "
                    + "are taken from the incident's first report in the read model; incidentAt and summary are "
                    + "required when none was reported.")
    @APIResponse(responseCode = "200", description = "confirmed")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = OracleEdge.OPERATOR_401)
    @APIResponse(responseCode = "403", description = OracleEdge.OPERATOR_403)
    @APIResponse(
            responseCode = "422",
            description =
                    "the decider's refusal naming the field (FEED_NOT_FOUND, SOURCE_NOT_FOUND: 404): WRONG_FEED_KIND, INCIDENT_IN_FUTURE, "
                            + "PAUSED (parametric-triggers paused for the feed by the guardians or the FEED_UNRELIABLE circuit "
                            + "breaker; field capability)")
    public CompletionStage<Response> confirmIncident(
            @PathParam("feedId") @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
                    String feedId,
            @PathParam("incidentId") @Pattern(regexp = OracleIds.INCIDENT_ID, message = OracleIds.INCIDENT_ID_MESSAGE)
                    String incidentId,
            @Valid @NotNull ConfirmIncidentRequest request,
            @Valid @BeanParam OperatorHeaders headers) {
        OracleView.Incident reported = oracle.incident(feedId, incidentId).orElse(null);
        Instant incidentAt = request.incidentAt() != null
                ? OracleEdge.millis(request.incidentAt(), "incidentAt")
                : reported != null ? reported.incidentAt() : null;
        String summary = request.summary() != null ? request.summary() : reported != null ? reported.summary() : null;
        if (incidentAt == null) {
            throw ProblemException.badRequest("incidentAt", "required: no report of " + incidentId + " is known");
        }
        if (summary == null) {
            throw ProblemException.badRequest("summary", "required: no report of " + incidentId + " is known");
        }
        String productId =
                request.productId() != null ? request.productId() : reported != null ? reported.productId() : null;
        String affectedContract = request.affectedContract() != null
                ? Ids.canonical(request.affectedContract())
                : reported != null ? reported.affectedContract() : null;
        return edge.submit(
                ConfirmIncident.newBuilder()
                        .setMetadata(edge.operator(feedId, headers.idempotencyKey))
                        .setFeedId(feedId)
                        .setIncidentId(incidentId)
                        .setProductId(productId)
                        .setAffectedContract(affectedContract)
                        .setIncidentAt(incidentAt)
                        .setSummary(summary)
                        .setEvidence(request.evidence() == null ? "" : request.evidence())
                        .build(),
                headers,
                null);
    }

    // ------------------------------------------------------------------------------------------ reads

    @GET
    @Operation(
            summary = "Every feed with its status and current quorum value",
            description = "status RELIABLE (the last evaluation reached a quorum: priceE8/price is its median), "
                    + "UNRELIABLE (it did not: the value shown is the last quorum price, if any) or NO_VALUE. Read "
                    + "model of oracle.events (eventually consistent).")
    public List<OracleView.FeedSummary> list() {
        return oracle.summaries();
    }

    @GET
    @Path("/{feedId}")
    @Operation(
            summary = "A feed: its rule, status, current value and each source's latest observation and status",
            description = "value is the last PriceQuorumReached (priceE8, price, observedAt, evaluatedAt, sourceIds). "
                    + "Each source's status is as of the last evaluation: FRESH, STALE, EXCLUDED (statusReason "
                    + "OUT_OF_BOUNDS, ROUND_REGRESSED, DEVIATION or DISABLED, statusDetail the figures) or "
                    + "NO_OBSERVATION. Read model of oracle.events (eventually consistent).")
    @APIResponse(responseCode = "404", description = "FEED_NOT_FOUND")
    public OracleView.Feed get(
            @PathParam("feedId") @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
                    String feedId) {
        return oracle.feed(feedId).orElseThrow(() -> feedNotFound(feedId));
    }

    @GET
    @Path("/{feedId}/observations")
    @Operation(
            summary = "A feed's history, newest first: observations, exclusions and evaluations",
            description = "PriceObserved, ObservationExcluded, PriceQuorumReached and FeedUnreliable entries, each "
                    + "with its event id, time and number (seq, from 1). At most limit entries (default 50, at most "
                    + "500) recorded before entry `before`; nextBefore asks for the next page.")
    @APIResponse(responseCode = "400", description = "limit or before out of range")
    @APIResponse(responseCode = "404", description = "FEED_NOT_FOUND")
    public OracleView.HistoryPage history(
            @PathParam("feedId") @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
                    String feedId,
            @QueryParam("limit")
                    @DefaultValue("50")
                    @Pattern(regexp = "^[1-9][0-9]{0,2}$", message = "must be 1 to 500")
                    String limit,
            @QueryParam("before")
                    @Pattern(regexp = "^[1-9][0-9]{0,17}$", message = "must be an entry's seq (a positive integer)")
                    String before) {
        int count = Integer.parseInt(limit);
        if (count > 500) {
            throw ProblemException.badRequest("limit", "must be 1 to 500");
        }
        return oracle.history(feedId, count, before == null ? null : Long.valueOf(before))
                .orElseThrow(() -> feedNotFound(feedId));
    }

    @GET
    @Path("/{feedId}/incidents/{incidentId}")
    @Operation(summary = "An incident of a feed: its reports (reporter, evidence, summary) and its confirmation")
    @APIResponse(responseCode = "404", description = "INCIDENT_NOT_FOUND")
    public OracleView.Incident incident(
            @PathParam("feedId") @Pattern(regexp = OracleIds.FEED_ID, message = OracleIds.FEED_ID_MESSAGE)
                    String feedId,
            @PathParam("incidentId") @Pattern(regexp = OracleIds.INCIDENT_ID, message = OracleIds.INCIDENT_ID_MESSAGE)
                    String incidentId) {
        return oracle.incident(feedId, incidentId)
                .orElseThrow(() -> ProblemException.notFound(
                        "INCIDENT_NOT_FOUND", "no incident " + incidentId + " on feed " + feedId, "incidentId"));
    }

    // ------------------------------------------------------------------------------------------ helpers

    static ProblemException feedNotFound(String feedId) {
        return ProblemException.notFound("FEED_NOT_FOUND", "no feed " + feedId, "feedId");
    }

    private static void required(String value, String field, String why) {
        if (value == null) {
            throw ProblemException.badRequest(field, "required: " + why);
        }
    }

    private static void absent(String value, String field, String why) {
        if (value != null) {
            throw ProblemException.badRequest(field, why);
        }
    }
}
