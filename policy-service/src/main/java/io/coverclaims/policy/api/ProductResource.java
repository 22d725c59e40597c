package io.coverclaims.policy.api;

import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.policy.domain.product.ProductDecider;
import io.coverclaims.policy.domain.product.ProductState;
import io.coverclaims.policy.view.PolicyEventsView;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.policy.ClaimMethod;
import io.coverclaims.schemas.policy.DefineProduct;
import io.coverclaims.schemas.policy.ProductCategory;
import io.coverclaims.schemas.policy.RetireProduct;
import io.coverclaims.schemas.policy.UpdateProductPricing;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/products")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(
        name = "products",
        description =
                "What cover is sold: products, their pricing curve and period bounds (administration needs an operator token with the product-admin role)")
public class ProductResource {

    @Inject
    AggregateResponses responses;

    @Inject
    PolicyEventsView view;

    @Inject
    SecurityIdentity identity;

    public record DefineProductRequest(
            @NotNull @Pattern(regexp = Ids.PRODUCT_ID, message = Ids.PRODUCT_ID_MESSAGE)
            String productId,

            @NotBlank @Size(max = 200) String name,
            @NotNull ProductCategory category,
            @NotNull ClaimMethod claimMethod,

            @NotBlank
            @Pattern(regexp = "^[A-Za-z0-9.]{1,16}$", message = "must be an asset symbol of 1 to 16 letters or digits")
            String asset,

            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String coveredContract,

            @Size(max = 128) String triggerId,

            @NotNull @Min(0) @Max(ProductDecider.MAX_RATE_BPS)
            Integer floorRateBps,

            @NotNull @Min(0) @Max(ProductDecider.MAX_RATE_BPS)
            Integer ceilingRateBps,

            @Min(1) @Max(ProductDecider.MAX_RATE_BPS) Integer minAnnualRateBps,
            @Min(1) @Max(ProductDecider.MAX_PERIOD_DAYS) Integer minPeriodDays,
            @Min(1) @Max(ProductDecider.MAX_PERIOD_DAYS) Integer maxPeriodDays) {}

    public record PricingRequest(
            @NotNull @Min(0) @Max(ProductDecider.MAX_RATE_BPS)
            Integer floorRateBps,

            @NotNull @Min(0) @Max(ProductDecider.MAX_RATE_BPS)
            Integer ceilingRateBps,

            @Min(1) @Max(ProductDecider.MAX_RATE_BPS) Integer minAnnualRateBps) {}

    public record ProductView(
            String productId,
            String name,
            String category,
            String claimMethod,
            String asset,
            String coveredContract,
            String triggerId,
            int floorRateBps,
            int ceilingRateBps,
            int minAnnualRateBps,
            int minPeriodDays,
            int maxPeriodDays,
            boolean retired,
            String retiredReason,
            Long version) {
        static ProductView of(ProductState.Defined s, Long version) {
            ProductState.Terms t = s.terms();
            String retiredReason = s instanceof ProductState.Retired retired ? retired.reason() : null;
            return new ProductView(
                    t.productId(),
                    t.name(),
                    t.category().name(),
                    t.claimMethod().name(),
                    t.asset(),
                    t.coveredContract(),
                    t.triggerId(),
                    t.pricing().floorRateBps(),
                    t.pricing().ceilingRateBps(),
                    t.pricing().minAnnualRateBps(),
                    t.minPeriodDays(),
                    t.maxPeriodDays(),
                    s instanceof ProductState.Retired,
                    retiredReason,
                    version);
        }
    }

    @RolesAllowed(OperatorRoles.PRODUCT_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @APIResponse(responseCode = "401", description = "no valid operator token (TOKEN_REQUIRED, TOKEN_INVALID)")
    @APIResponse(responseCode = "403", description = "a token without the product-admin role (ROLE_REQUIRED)")
    @POST
    @Operation(
            summary = "Define a product (admin)",
            description = "Periods default to 28..365 days, the minimum price to 100 bps (1%/year).")
    @APIResponse(responseCode = "201", description = "defined")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(
            responseCode = "422",
            description = "refused by the product rules (e.g. INVALID_PRICING, PRODUCT_ALREADY_DEFINED)")
    public CompletionStage<Response> define(
            @Valid @NotNull DefineProductRequest request, @Valid @BeanParam CommandHeaders headers) {
        DefineProduct command = DefineProduct.newBuilder()
                .setMetadata(asAdmin(request.productId(), headers))
                .setProductId(request.productId())
                .setName(request.name())
                .setCategory(request.category())
                .setClaimMethod(request.claimMethod())
                .setAsset(request.asset())
                .setCoveredContract(request.coveredContract())
                .setTriggerId(request.triggerId())
                .setFloorRateBps(request.floorRateBps())
                .setCeilingRateBps(request.ceilingRateBps())
                .setMinAnnualRateBps(request.minAnnualRateBps())
                .setMinPeriodDays(
                        request.minPeriodDays() == null
                                ? ProductDecider.DEFAULT_MIN_PERIOD_DAYS
                                : request.minPeriodDays())
                .setMaxPeriodDays(
                        request.maxPeriodDays() == null
                                ? ProductDecider.DEFAULT_MAX_PERIOD_DAYS
                                : request.maxPeriodDays())
                .build();
        return responses.create(command, request.productId(), headers);
    }

    @GET
    @Operation(summary = "Every product (read model of policy.events, eventually consistent)")
    public List<ProductView> list() {
        return view.products().stream()
                .map(state -> ProductView.of(state, null))
                .toList();
    }

    @GET
    @Path("/{productId}")
    @Operation(summary = "A product")
    @APIResponse(responseCode = "404", description = "PRODUCT_NOT_FOUND")
    public Response get(
            @PathParam("productId") @Pattern(regexp = Ids.PRODUCT_ID, message = Ids.PRODUCT_ID_MESSAGE)
                    String productId,
            @Context UriInfo uri,
            @HeaderParam("X-Coverclaims-Routed") String routed) {
        return responses.read(
                productId,
                uri,
                routed,
                ProductState.Defined.class,
                ProductView::of,
                () -> ProblemException.notFound("PRODUCT_NOT_FOUND", "no product " + productId, "productId"));
    }

    @RolesAllowed(OperatorRoles.PRODUCT_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @APIResponse(responseCode = "401", description = "no valid operator token (TOKEN_REQUIRED, TOKEN_INVALID)")
    @APIResponse(responseCode = "403", description = "a token without the product-admin role (ROLE_REQUIRED)")
    @PUT
    @Path("/{productId}/pricing")
    @Operation(summary = "Change a product's pricing curve (admin); quotes issued before keep their price")
    @APIResponse(responseCode = "200", description = "changed")
    @APIResponse(responseCode = "404", description = "PRODUCT_NOT_FOUND")
    @APIResponse(responseCode = "422", description = "INVALID_PRICING, PRODUCT_RETIRED, ...")
    public CompletionStage<Response> reprice(
            @PathParam("productId") @Pattern(regexp = Ids.PRODUCT_ID, message = Ids.PRODUCT_ID_MESSAGE)
                    String productId,
            @Valid @NotNull PricingRequest request,
            @Valid @BeanParam CommandHeaders headers) {
        return responses.submit(
                UpdateProductPricing.newBuilder()
                        .setMetadata(asAdmin(productId, headers))
                        .setProductId(productId)
                        .setFloorRateBps(request.floorRateBps())
                        .setCeilingRateBps(request.ceilingRateBps())
                        .setMinAnnualRateBps(request.minAnnualRateBps())
                        .build(),
                headers);
    }

    @RolesAllowed(OperatorRoles.PRODUCT_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @APIResponse(responseCode = "401", description = "no valid operator token (TOKEN_REQUIRED, TOKEN_INVALID)")
    @APIResponse(responseCode = "403", description = "a token without the product-admin role (ROLE_REQUIRED)")
    @DELETE
    @Path("/{productId}")
    @Operation(summary = "Retire a product (admin): no new quotes; existing cover runs to its end")
    @APIResponse(responseCode = "200", description = "retired (or already retired)")
    @APIResponse(responseCode = "404", description = "PRODUCT_NOT_FOUND")
    public CompletionStage<Response> retire(
            @PathParam("productId") @Pattern(regexp = Ids.PRODUCT_ID, message = Ids.PRODUCT_ID_MESSAGE)
                    String productId,
            @jakarta.ws.rs.QueryParam("reason") @Size(max = 500) String reason,
            @Valid @BeanParam CommandHeaders headers) {
        return responses.submit(
                RetireProduct.newBuilder()
                        .setMetadata(asAdmin(productId, headers))
                        .setProductId(productId)
                        .setReason(reason == null || reason.isBlank() ? "retired by an administrator" : reason)
                        .build(),
                headers);
    }

    /** The metadata of an operator's command on the product: the token's subject acts. */
    private CommandMetadata asAdmin(String productId, CommandHeaders headers) {
        return responses.metadata(productId, OperatorRoles.actor(identity), headers);
    }
}
