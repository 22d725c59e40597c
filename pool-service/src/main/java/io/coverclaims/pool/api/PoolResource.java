package io.coverclaims.pool.api;

import io.coverclaims.platform.gateway.CommandGateway;
import io.coverclaims.platform.gateway.Commands;
import io.coverclaims.platform.query.AggregateQueries;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.pool.domain.PoolState;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.pool.CancelWithdrawal;
import io.coverclaims.schemas.pool.CompleteWithdrawal;
import io.coverclaims.schemas.pool.CreatePool;
import io.coverclaims.schemas.pool.DepositCapital;
import io.coverclaims.schemas.pool.FundsSource;
import io.coverclaims.schemas.pool.ProductWeight;
import io.coverclaims.schemas.pool.RequestWithdrawal;
import io.coverclaims.schemas.pool.SetProductWeights;
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
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Pools, capital providers' positions, deposits and withdrawals. Writes go through the kernel's gateway
 * (read-your-writes: the answer is the command's outcome); reads are answered by the instance owning the pool.
 */
@Path("/pools")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pools", description = "Risk pools: capital, capacity per product, providers' positions")
public class PoolResource {

    public static final String POOL_ID = "pool-[A-Za-z0-9._-]{1,64}";
    public static final String ADDRESS = "0x[0-9a-fA-F]{40}";
    public static final String ID = "[A-Za-z0-9._:-]{1,128}";
    static final String ROUTED = "X-Coverclaims-Routed";

    private final Commands commands = Commands.systemClock();

    @Inject
    CommandGateway gateway;

    @Inject
    AggregateQueries queries;

    public record Weight(@NotBlank @Pattern(regexp = ID) String productId,
                         @NotNull @PositiveOrZero @Max(10_000) Integer weightBps) {
    }

    public record CreatePoolRequest(@NotNull @Pattern(regexp = POOL_ID) String poolId,
                                    @NotBlank @Size(max = 200) String name,
                                    @NotNull @Pattern(regexp = ADDRESS) String manager,
                                    @NotBlank @Pattern(regexp = "[A-Za-z0-9.]{1,16}") String asset,
                                    @Min(0) @Max(18) Integer assetDecimals,
                                    @NotNull @Positive @Max(100_000) Integer capacityRatioBps,
                                    @NotNull @Size(max = 100) List<@Valid @NotNull Weight> products,
                                    @Min(1_000) @Max(31_622_400_000L) Long trancheDurationMs,
                                    @PositiveOrZero @Max(31_622_400_000L) Long withdrawalCooldownMs) {
    }

    public record WeightsRequest(@NotNull @Size(max = 100) List<@Valid @NotNull Weight> products) {
    }

    public record DepositRequest(@NotNull @Pattern(regexp = ADDRESS) String provider,
                                 @NotNull @Positive Long amount,
                                 @PositiveOrZero Integer trancheId) {
    }

    public record WithdrawalRequest(@NotNull @Pattern(regexp = ADDRESS) String provider,
                                    @NotNull @PositiveOrZero Integer trancheId,
                                    @NotNull @Positive Long amount,
                                    @Pattern(regexp = ADDRESS) String recipient) {
    }

    // ------------------------------------------------------------------ admin

    @POST
    @Operation(summary = "Create a pool (admin)", description = "Capacity ratio in bps (20000 = 2.0); tranche length "
            + "(default 91 days) and withdrawal cooldown (default 7 days) in ms; asset decimals default 6.")
    @APIResponse(responseCode = "201", description = "created; Location is the pool")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "422", description = "rejected by the pool's rules, problem+json with code and field")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> create(@Valid @NotNull CreatePoolRequest request,
                                            @HeaderParam("Idempotency-Key") @Pattern(regexp = ID) String idempotencyKey,
                                            @HeaderParam("X-Actor") String actor, @HeaderParam("Prefer") String prefer,
                                            @Context UriInfo uri) {
        CreatePool command = CreatePool.newBuilder()
                .setMetadata(metadata(request.poolId(), actor, idempotencyKey))
                .setPoolId(request.poolId()).setName(request.name()).setManager(lower(request.manager()))
                .setAsset(request.asset()).setAssetDecimals(request.assetDecimals())
                .setCapacityRatioBps(request.capacityRatioBps()).setProducts(weights(request.products()))
                .setTrancheDurationMs(request.trancheDurationMs()).setWithdrawalCooldownMs(request.withdrawalCooldownMs()).build();
        URI created = uri.getAbsolutePathBuilder().path(request.poolId()).build();
        return gateway.submit(command, uri, prefer, result -> Response.created(created).entity(result).build());
    }

    @PUT
    @Path("/{poolId}/products")
    @Operation(summary = "Replace the pool's product weights (admin)", description = "A weight may not drop below what the "
            + "product's active cover needs.")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> setWeights(@PathParam("poolId") @Pattern(regexp = POOL_ID) String poolId,
                                                @Valid @NotNull WeightsRequest request,
                                                @HeaderParam("Idempotency-Key") @Pattern(regexp = ID) String idempotencyKey,
                                                @HeaderParam("X-Actor") String actor, @HeaderParam("Prefer") String prefer,
                                                @Context UriInfo uri) {
        SetProductWeights command = SetProductWeights.newBuilder().setMetadata(metadata(poolId, actor, idempotencyKey))
                .setPoolId(poolId).setProducts(weights(request.products())).build();
        return gateway.submit(command, uri, prefer);
    }

    // ------------------------------------------------------------------ reads

    @GET
    @Operation(summary = "Every pool, gathered from all instances, with capital, utilisation and capacity per product")
    @APIResponse(responseCode = "503", description = "an instance is rebuilding or did not answer (NOT_READY)")
    public Response list(@Context UriInfo uri, @HeaderParam(ROUTED) String routed) {
        return queries.gather(uri, routed, () -> queries.localAggregates().values().stream()
                        .filter(a -> a.state() instanceof PoolState s && s.exists())
                        .map(a -> PoolViews.pool(a.stateAs(PoolState.class), a.version())).toList(),
                PoolViews.PoolView.class, Comparator.comparing(PoolViews.PoolView::poolId));
    }

    @GET
    @Path("/{poolId}")
    @Operation(summary = "A pool: capital, utilisation, capacity per product, ledger")
    @APIResponse(responseCode = "404", description = "no such pool (POOL_NOT_FOUND)")
    public Response get(@PathParam("poolId") @Pattern(regexp = POOL_ID) String poolId, @Context UriInfo uri,
                        @HeaderParam(ROUTED) String routed) {
        return queries.route(poolId, uri, routed, () -> {
            var aggregate = queries.localAggregate(poolId).orElseThrow(() -> notFound(poolId));
            PoolState state = existing(aggregate.state(), poolId);
            return Response.ok(PoolViews.pool(state, aggregate.version())).build();
        });
    }

    @GET
    @Path("/{poolId}/providers/{provider}")
    @Operation(summary = "A capital provider's positions in a pool: stake per tranche, pending withdrawals")
    public Response provider(@PathParam("poolId") @Pattern(regexp = POOL_ID) String poolId,
                             @PathParam("provider") @Pattern(regexp = ADDRESS) String provider,
                             @Context UriInfo uri, @HeaderParam(ROUTED) String routed) {
        return queries.route(poolId, uri, routed, () -> {
            PoolState state = existing(queries.localAggregate(poolId).orElseThrow(() -> notFound(poolId)).state(), poolId);
            PoolViews.ProviderView view = PoolViews.provider(state, lower(provider), Instant.now());
            if (view.positions().isEmpty() && view.withdrawals().isEmpty()) {
                throw ProblemException.notFound("PROVIDER_NOT_FOUND", provider + " has no position in " + poolId, "provider");
            }
            return Response.ok(view).build();
        });
    }

    @GET
    @Path("/{poolId}/withdrawals/{withdrawalId}")
    @Operation(summary = "A withdrawal: amount, when its cooldown ends, status")
    public Response withdrawal(@PathParam("poolId") @Pattern(regexp = POOL_ID) String poolId,
                               @PathParam("withdrawalId") @Pattern(regexp = ID) String withdrawalId,
                               @Context UriInfo uri, @HeaderParam(ROUTED) String routed) {
        return queries.route(poolId, uri, routed, () -> {
            PoolState state = existing(queries.localAggregate(poolId).orElseThrow(() -> notFound(poolId)).state(), poolId);
            PoolState.Withdrawal w = state.withdrawals().get(withdrawalId);
            if (w == null) {
                throw ProblemException.notFound("WITHDRAWAL_NOT_FOUND", "no withdrawal " + withdrawalId + " in " + poolId, "withdrawalId");
            }
            return Response.ok(PoolViews.withdrawal(state, w)).build();
        });
    }

    // ------------------------------------------------------------------ capital

    @POST
    @Path("/{poolId}/deposits")
    @Operation(summary = "Deposit capital into a lock tranche (the current one unless trancheId is given)",
            description = "Idempotent on the Idempotency-Key header, which becomes the deposit id: a retry is never counted twice.")
    @APIResponse(responseCode = "201", description = "deposited; Location is the provider's positions")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> deposit(@PathParam("poolId") @Pattern(regexp = POOL_ID) String poolId,
                                             @Valid @NotNull DepositRequest request,
                                             @Parameter(description = "the deposit's id; a retry with the same key is not counted again")
                                             @HeaderParam("Idempotency-Key") @Pattern(regexp = ID) String idempotencyKey,
                                             @HeaderParam("X-Actor") String actor, @HeaderParam("Prefer") String prefer,
                                             @Context UriInfo uri) {
        CommandMetadata metadata = metadata(poolId, actor == null ? lower(request.provider()) : actor, idempotencyKey);
        DepositCapital command = DepositCapital.newBuilder().setMetadata(metadata).setPoolId(poolId)
                .setDepositId("api:" + metadata.getCommandId()).setProvider(lower(request.provider()))
                .setAmount(request.amount()).setTrancheId(request.trancheId()).setSource(FundsSource.API).build();
        URI positions = uri.getBaseUriBuilder().path("pools").path(poolId).path("providers").path(lower(request.provider())).build();
        return gateway.submit(command, uri, prefer, result -> Response.created(positions).entity(result).build());
    }

    @POST
    @Path("/{poolId}/withdrawals")
    @Operation(summary = "Request a withdrawal of stake from a tranche",
            description = "Completes once the tranche has ended and the pool's cooldown has passed (cooldownEndsAt), and only "
                    + "for stake not backing active cover.")
    @APIResponse(responseCode = "201", description = "requested; Location is the withdrawal")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> requestWithdrawal(@PathParam("poolId") @Pattern(regexp = POOL_ID) String poolId,
                                                       @Valid @NotNull WithdrawalRequest request,
                                                       @HeaderParam("Idempotency-Key") @Pattern(regexp = ID) String idempotencyKey,
                                                       @HeaderParam("X-Actor") String actor, @HeaderParam("Prefer") String prefer,
                                                       @Context UriInfo uri) {
        CommandMetadata metadata = metadata(poolId, actor == null ? lower(request.provider()) : actor, idempotencyKey);
        String withdrawalId = "wd-" + metadata.getCommandId();
        RequestWithdrawal command = RequestWithdrawal.newBuilder().setMetadata(metadata).setPoolId(poolId)
                .setWithdrawalId(withdrawalId).setProvider(lower(request.provider())).setTrancheId(request.trancheId())
                .setAmount(request.amount()).setRecipient(request.recipient() == null ? null : lower(request.recipient())).build();
        URI location = uri.getBaseUriBuilder().path("pools").path(poolId).path("withdrawals").path(withdrawalId).build();
        return gateway.submit(command, uri, prefer, result -> Response.created(location).entity(result).build());
    }

    @POST
    @Path("/{poolId}/withdrawals/{withdrawalId}/complete")
    @Operation(summary = "Complete a withdrawal whose cooldown has ended: the stake leaves the pool")
    @APIResponse(responseCode = "422", description = "COOLDOWN_NOT_OVER, CAPITAL_BACKS_ACTIVE_COVER, WITHDRAWAL_NOT_PENDING")
    public CompletionStage<Response> completeWithdrawal(@PathParam("poolId") @Pattern(regexp = POOL_ID) String poolId,
                                                        @PathParam("withdrawalId") @Pattern(regexp = ID) String withdrawalId,
                                                        @HeaderParam("Idempotency-Key") @Pattern(regexp = ID) String idempotencyKey,
                                                        @HeaderParam("X-Actor") String actor, @HeaderParam("Prefer") String prefer,
                                                        @Context UriInfo uri) {
        CompleteWithdrawal command = CompleteWithdrawal.newBuilder().setMetadata(metadata(poolId, actor, idempotencyKey))
                .setPoolId(poolId).setWithdrawalId(withdrawalId).build();
        return gateway.submit(command, uri, prefer);
    }

    @POST
    @Path("/{poolId}/withdrawals/{withdrawalId}/cancel")
    @Operation(summary = "Cancel a pending withdrawal; the stake stays locked")
    public CompletionStage<Response> cancelWithdrawal(@PathParam("poolId") @Pattern(regexp = POOL_ID) String poolId,
                                                      @PathParam("withdrawalId") @Pattern(regexp = ID) String withdrawalId,
                                                      @HeaderParam("Idempotency-Key") @Pattern(regexp = ID) String idempotencyKey,
                                                      @HeaderParam("X-Actor") String actor, @HeaderParam("Prefer") String prefer,
                                                      @Context UriInfo uri) {
        CancelWithdrawal command = CancelWithdrawal.newBuilder().setMetadata(metadata(poolId, actor, idempotencyKey))
                .setPoolId(poolId).setWithdrawalId(withdrawalId).build();
        return gateway.submit(command, uri, prefer);
    }

    // ------------------------------------------------------------------ helpers

    private CommandMetadata metadata(String poolId, String actor, String idempotencyKey) {
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? UUID.randomUUID().toString() : idempotencyKey;
        return commands.metadata(poolId, actor, null, key, null);
    }

    private static List<ProductWeight> weights(List<Weight> products) {
        return products.stream().map(p -> ProductWeight.newBuilder().setProductId(p.productId()).setWeightBps(p.weightBps()).build())
                .toList();
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    private static PoolState existing(Object state, String poolId) {
        if (state instanceof PoolState pool && pool.exists()) {
            return pool;
        }
        throw notFound(poolId);
    }

    private static ProblemException notFound(String poolId) {
        return ProblemException.notFound("POOL_NOT_FOUND", "no pool " + poolId, "poolId");
    }
}
