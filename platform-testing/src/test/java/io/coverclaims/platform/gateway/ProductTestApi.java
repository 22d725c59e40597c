package io.coverclaims.platform.gateway;

import io.coverclaims.platform.example.PricedProduct;
import io.coverclaims.platform.query.AggregateQueries;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.ProductCategory;
import io.coverclaims.schemas.policy.UpdateProductPricing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.concurrent.CompletionStage;

/** A test-only REST slice over the kernel's example aggregate, used to exercise the gateway end to end. */
@Path("/test-products")
@Consumes(MediaType.APPLICATION_JSON)
@jakarta.ws.rs.Produces(MediaType.APPLICATION_JSON)
public class ProductTestApi {

    private final Commands commands = Commands.systemClock();

    @Inject
    CommandGateway gateway;

    @Inject
    AggregateQueries queries;

    public record DefineRequest(
            @NotBlank String name,
            @NotNull @PositiveOrZero @Max(100_000) Integer floorRateBps,
            @NotNull @PositiveOrZero @Max(100_000) Integer ceilingRateBps) {}

    public record ProductView(String productId, String name, int floorRateBps, int ceilingRateBps, long version) {}

    @POST
    @Path("/{productId}")
    public CompletionStage<Response> define(
            @PathParam("productId") String productId,
            @Valid @NotNull DefineRequest request,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("X-Actor") @DefaultValue("0xtester") String actor,
            @HeaderParam("Prefer") String prefer,
            @Context UriInfo uri) {
        DefineProduct command = DefineProduct.newBuilder()
                .setMetadata(commands.metadata(productId, actor, null, idempotencyKey, null))
                .setProductId(productId)
                .setName(request.name())
                .setCategory(ProductCategory.PROTOCOL_EXPLOIT)
                .setClaimMethod(ClaimMethod.ASSESSMENT)
                .setAsset("USDC")
                .setFloorRateBps(request.floorRateBps())
                .setCeilingRateBps(request.ceilingRateBps())
                .setMinPeriodDays(28)
                .setMaxPeriodDays(365)
                .build();
        URI created = uri.getAbsolutePath();
        return gateway.submit(
                command,
                uri,
                prefer,
                result -> Response.created(created).entity(result).build());
    }

    public record PricingRequest(
            @NotNull @PositiveOrZero @Max(100_000) Integer floorRateBps,
            @NotNull @PositiveOrZero @Max(100_000) Integer ceilingRateBps) {}

    @PUT
    @Path("/{productId}/pricing")
    public CompletionStage<Response> reprice(
            @PathParam("productId") String productId,
            @Valid @NotNull PricingRequest request,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("X-Actor") @DefaultValue("0xtester") String actor,
            @Context UriInfo uri) {
        UpdateProductPricing command = UpdateProductPricing.newBuilder()
                .setMetadata(commands.metadata(productId, actor, null, idempotencyKey, null))
                .setProductId(productId)
                .setFloorRateBps(request.floorRateBps())
                .setCeilingRateBps(request.ceilingRateBps())
                .setMinAnnualRateBps(null)
                .build();
        return gateway.submit(command, uri, null);
    }

    @GET
    @Path("/{productId}")
    public Response get(
            @PathParam("productId") String productId,
            @Context UriInfo uri,
            @HeaderParam("X-Coverclaims-Routed") String routed) {
        return queries.route(
                productId,
                uri,
                routed,
                () -> queries.localAggregate(productId)
                        .map(aggregate -> {
                            PricedProduct.Defined state = aggregate.stateAs(PricedProduct.Defined.class);
                            return Response.ok(new ProductView(
                                            state.productId(),
                                            state.name(),
                                            state.floorBps(),
                                            state.ceilingBps(),
                                            aggregate.version()))
                                    .build();
                        })
                        .orElseThrow(() -> ProblemException.notFound(
                                "PRODUCT_NOT_FOUND", "no product " + productId, "productId")));
    }

    @ApplicationScoped
    public static class TestContext {
        @Produces
        @Singleton
        BoundedContext context() {
            return BoundedContext.of("policy", PricedProduct.TYPE);
        }
    }
}
