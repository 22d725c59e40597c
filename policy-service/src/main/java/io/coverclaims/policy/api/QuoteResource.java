package io.coverclaims.policy.api;

import io.coverclaims.platform.gateway.Commands;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.policy.domain.cover.CoverEvent;
import io.coverclaims.policy.domain.cover.CoverState;
import io.coverclaims.policy.domain.product.ProductDecider;
import io.coverclaims.policy.domain.product.ProductState;
import io.coverclaims.policy.view.PolicyEventsView;
import io.coverclaims.policy.view.PoolCapacityView;
import io.coverclaims.schemas.policy.RequestQuote;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/quotes")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "quotes", description = "Priced, expiring offers of cover")
public class QuoteResource {

    @Inject
    AggregateResponses responses;

    @Inject
    PolicyEventsView policyView;

    @Inject
    PoolCapacityView poolView;

    @ConfigProperty(name = "coverclaims.policy.quote-validity", defaultValue = "15m")
    Duration quoteValidity;

    public record QuoteRequest(
            @NotNull @Pattern(regexp = Ids.PRODUCT_ID, message = Ids.PRODUCT_ID_MESSAGE)
            String productId,

            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String holder,

            /** Smallest units of the product's asset, a decimal string (uint256). */
            @NotNull Money coverAmount,

            @NotNull @Min(1) @Max(ProductDecider.MAX_PERIOD_DAYS)
            Integer periodDays,

            @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE)
            String poolId) {}

    // a quote is an offer: it acts for no one (buying it is signed by the holder), so anyone may ask for one
    @PermitAll
    @POST
    @Operation(
            summary = "Price cover",
            description =
                    "annualRatePpm = max(minimum, floor + (ceiling - floor) x utilisation); "
                            + "premium = ceil(coverAmount x annualRatePpm x periodDays / (365 x 1e6)). The pool's utilisation comes from "
                            + "policy-service's read model of pool.events and is recorded in the quote. The quote expires after 15 minutes.")
    @APIResponse(responseCode = "201", description = "the quote, with its rate, premium and expiry")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "404", description = "PRODUCT_NOT_FOUND, POOL_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description =
                    "PRODUCT_RETIRED, NO_POOL, PERIOD_OUT_OF_BOUNDS, AMOUNT_OUT_OF_RANGE, IDEMPOTENCY_KEY_REUSED, "
                            + "PAUSED (cover-sales paused by the guardians, for the pool, or the product when none is named, or everywhere; "
                            + "field capability), ...")
    public CompletionStage<Response> quote(
            @Valid @NotNull QuoteRequest request, @Valid @BeanParam CommandHeaders headers) {
        if (!request.coverAmount().isPositive()) {
            throw ProblemException.badRequest("coverAmount", "must be a positive amount");
        }
        String quoteId = newCoverId(request.holder(), request.productId(), headers.idempotencyKey);
        // a retry re-sends the command the first request sent (same recorded price inputs, so the same request hash),
        // which the gateway answers with the first outcome, however the utilisation moved since
        RequestQuote command = (headers.idempotencyKey == null
                        ? Optional.<CoverEvent.QuoteIssued>empty()
                        : issued(quoteId))
                .map(earlier -> retry(quoteId, earlier, request, headers))
                .orElseGet(() -> newQuote(quoteId, request, headers));
        return responses.create(
                command, quoteId, headers, CoverState.Issued.class, (quote, version) -> CoverViews.QuoteView.of(quote));
    }

    /** The command of a new quote: the product's terms and the pool's utilisation, as known now. */
    private RequestQuote newQuote(String quoteId, QuoteRequest request, CommandHeaders headers) {
        ProductState.Defined product = product(request.productId())
                .orElseThrow(() -> ProblemException.notFound(
                        "PRODUCT_NOT_FOUND", "no product " + request.productId(), "productId"));
        if (product instanceof ProductState.Retired retired) {
            throw new ProblemException(Problem.of(
                    Problem.UNPROCESSABLE_CONTENT,
                    "PRODUCT_RETIRED",
                    "product " + request.productId() + " is retired: " + retired.reason(),
                    "productId"));
        }
        ProductState.Terms terms = product.terms();
        String poolId = Optional.ofNullable(request.poolId())
                .or(() -> poolView.poolFor(request.productId()))
                .orElseThrow(() -> new ProblemException(Problem.of(
                        Problem.UNPROCESSABLE_CONTENT,
                        "NO_POOL",
                        "no pool underwrites product " + request.productId() + " yet",
                        "poolId")));
        if (poolView.pool(poolId).isEmpty()) {
            throw ProblemException.notFound("POOL_NOT_FOUND", "no pool " + poolId, "poolId");
        }
        return requested(quoteId, request, headers)
                .setPoolId(poolId)
                .setUtilisationPpm(poolView.utilisationPpm(poolId, request.productId()))
                .setAsset(terms.asset())
                .setFloorRateBps(terms.pricing().floorRateBps())
                .setCeilingRateBps(terms.pricing().ceilingRateBps())
                .setMinAnnualRateBps(terms.pricing().minAnnualRateBps())
                .setMinPeriodDays(terms.minPeriodDays())
                .setMaxPeriodDays(terms.maxPeriodDays())
                .setValidityMs(quoteValidity.toMillis())
                .build();
    }

    /**
     * The command of a retried quote: the request as sent now, priced on the inputs the first one recorded. Same
     * body, same command (the gateway answers it with the first outcome); another body, another request hash (422
     * IDEMPOTENCY_KEY_REUSED).
     */
    private RequestQuote retry(
            String quoteId, CoverEvent.QuoteIssued earlier, QuoteRequest request, CommandHeaders headers) {
        return requested(quoteId, request, headers)
                .setPoolId(request.poolId() == null ? earlier.poolId() : request.poolId())
                .setUtilisationPpm(earlier.utilisationPpm())
                .setAsset(earlier.asset())
                .setFloorRateBps(earlier.floorRateBps())
                .setCeilingRateBps(earlier.ceilingRateBps())
                .setMinAnnualRateBps(earlier.minAnnualRateBps())
                .setMinPeriodDays(earlier.minPeriodDays())
                .setMaxPeriodDays(earlier.maxPeriodDays())
                .setValidityMs(
                        Duration.between(earlier.at(), earlier.expiresAt()).toMillis())
                .build();
    }

    /** The command of quote {@code quoteId} with what the request itself says; the caller adds the pricing inputs. */
    private RequestQuote.Builder requested(String quoteId, QuoteRequest request, CommandHeaders headers) {
        return RequestQuote.newBuilder()
                .setMetadata(responses.metadata(quoteId, request.holder(), headers))
                .setQuoteId(quoteId)
                .setProductId(request.productId())
                .setHolder(request.holder())
                .setCoverAmount(new BigDecimal(request.coverAmount().value()))
                .setPeriodDays(request.periodDays());
    }

    /** The quote {@code quoteId} as this instance holds it, if it was issued. */
    private Optional<CoverEvent.QuoteIssued> issued(String quoteId) {
        try {
            return responses.local(quoteId, CoverState.Issued.class).map(CoverState.Issued::quote);
        } catch (InvalidStateStoreException rebalancing) {
            return Optional.empty();
        }
    }

    @GET
    @Path("/{quoteId}")
    @Operation(summary = "A quote")
    @APIResponse(responseCode = "404", description = "QUOTE_NOT_FOUND")
    public Response get(
            @PathParam("quoteId") @Pattern(regexp = Ids.COVER_ID, message = Ids.COVER_ID_MESSAGE) String quoteId,
            @Context UriInfo uri,
            @HeaderParam("X-Coverclaims-Routed") String routed) {
        return responses.read(
                quoteId,
                uri,
                routed,
                CoverState.Issued.class,
                (quote, version) -> CoverViews.QuoteView.of(quote),
                () -> ProblemException.notFound("QUOTE_NOT_FOUND", "no quote " + quoteId, "quoteId"));
    }

    /** The product as its aggregate holds it when this instance owns it (fresh), else from the read model. */
    private Optional<ProductState.Defined> product(String productId) {
        try {
            Optional<ProductState.Defined> local = responses.local(productId, ProductState.Defined.class);
            if (local.isPresent()) {
                return local;
            }
        } catch (InvalidStateStoreException rebalancing) {
            // fall back on the read model
        }
        return policyView.product(productId);
    }

    /**
     * A new quote id; from the client's idempotency key when it sends one, so a retry addresses the same quote. The
     * key is scoped to the caller (the holder the quote is for, canonical) and the product: another holder's same key
     * is another quote, never this one.
     */
    static String newCoverId(String holder, String productId, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return "cov-" + UUID.randomUUID();
        }
        return "cov-" + Commands.scoped(Ids.canonical(holder), "quote", productId, idempotencyKey);
    }
}
