package io.coverclaims.pool.api;

import io.coverclaims.platform.gateway.CommandGateway;
import io.coverclaims.platform.gateway.Commands;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.query.AggregateQueries;
import io.coverclaims.platform.rest.AdminGuard;
import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.pool.PoolContext;
import io.coverclaims.pool.domain.pool.PoolCommand;
import io.coverclaims.pool.domain.pool.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.pool.PoolCommand.Source;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.pool.DepositCapital;
import io.coverclaims.schemas.pool.RequestWithdrawal;
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
import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Pools, capital providers' positions, deposits and withdrawals. Writes go through the kernel's gateway
 * (read-your-writes: the answer is the command's outcome); reads are answered by the instance owning the pool.
 * Amounts are {@link Money}: decimal strings in JSON. Pool administration (create, product weights) needs the operator's
 * key ({@link AdminGuard}, header {@value AdminGuard#HEADER}).
 */
@Path("/pools")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pools", description = "Risk pools: capital, capacity per product, providers' positions")
public class PoolResource {

    static final String ROUTED = "X-Coverclaims-Routed";
    private static final Logger LOG = Logger.getLogger(PoolResource.class);

    private final Commands commands = Commands.systemClock();

    @Inject
    CommandGateway gateway;

    @Inject
    AggregateQueries queries;

    @Inject
    AdminGuard admin;

    public record Weight(
            @NotBlank @Pattern(regexp = Ids.KEY, message = Ids.KEY_MESSAGE)
            String productId,

            @NotNull @PositiveOrZero @Max(10_000) Integer weightBps) {}

    public record CreatePoolRequest(
            @NotNull @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE)
            String poolId,

            @NotBlank @Size(max = 200) String name,

            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String manager,

            @NotBlank @Pattern(regexp = "[A-Za-z0-9.]{1,16}")
            String asset,

            @Min(0) @Max(18) Integer assetDecimals,
            @NotNull @Positive @Max(100_000) Integer capacityRatioBps,
            @NotNull @Size(max = 100) List<@Valid @NotNull Weight> products,
            @Min(1_000) @Max(31_622_400_000L) Long trancheDurationMs,
            @PositiveOrZero @Max(31_622_400_000L) Long withdrawalCooldownMs) {}

    public record WeightsRequest(@NotNull @Size(max = 100) List<@Valid @NotNull Weight> products) {}

    public record DepositRequest(
            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String provider,

            @NotNull Money amount,
            @PositiveOrZero Integer trancheId) {}

    public record WithdrawalRequest(
            @NotNull @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String provider,

            @NotNull @PositiveOrZero Integer trancheId,
            @NotNull Money amount,

            @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE)
            String recipient) {}

    /** What every write takes besides its body: the headers that shape the command, and the request's URI. */
    public static class CommandHeaders {
        @Parameter(
                description = "the command's id: a retry with the same key is the same command (a deposit's id: it is "
                        + "never counted twice)")
        @HeaderParam("Idempotency-Key")
        @Pattern(regexp = Ids.KEY, message = Ids.KEY_MESSAGE)
        String idempotencyKey;

        @HeaderParam("X-Actor")
        String actor;

        @HeaderParam("Prefer")
        String prefer;

        @Context
        UriInfo uri;
    }

    /** What every read of one pool takes: its id, the request's URI, and whether another instance routed it here. */
    public static class PoolRead {
        @PathParam("poolId")
        @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE)
        String poolId;

        @Context
        UriInfo uri;

        @HeaderParam(ROUTED)
        String routed;
    }

    // ------------------------------------------------------------------ admin

    @POST
    @Operation(
            summary = "Create a pool (admin)",
            description = "Capacity ratio in bps (20000 = 2.0); tranche length "
                    + "(default 91 days) and withdrawal cooldown (default 7 days) in ms; asset decimals default 6.")
    @APIResponse(responseCode = "201", description = "created; Location is the pool")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = "no X-Admin-Key (ADMIN_KEY_REQUIRED)")
    @APIResponse(responseCode = "403", description = "a wrong X-Admin-Key (ADMIN_ONLY)")
    @APIResponse(responseCode = "422", description = "rejected by the pool's rules, problem+json with code and field")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> create(
            @Valid @NotNull CreatePoolRequest request,
            @Parameter(in = ParameterIn.HEADER, required = true, description = "the operator's key")
                    @HeaderParam(AdminGuard.HEADER)
                    String adminKey,
            @Valid @BeanParam CommandHeaders headers) {
        admin.require(adminKey, "pool administration");
        CommandMetadata metadata = metadata(request.poolId(), headers.actor, headers);
        PoolCommand command = new PoolCommand.CreatePool(
                request.poolId(),
                request.name(),
                Ids.canonical(request.manager()),
                request.asset(),
                request.assetDecimals(),
                request.capacityRatioBps(),
                weights(request.products()),
                request.trancheDurationMs(),
                request.withdrawalCooldownMs(),
                metadata.getIssuedAt());
        return submit(
                command,
                metadata,
                headers,
                headers.uri.getAbsolutePathBuilder().path(request.poolId()).build());
    }

    @PUT
    @Path("/{poolId}/products")
    @Operation(
            summary = "Replace the pool's product weights (admin)",
            description = "A weight may not drop below what the " + "product's active cover needs.")
    @APIResponse(responseCode = "401", description = "no X-Admin-Key (ADMIN_KEY_REQUIRED)")
    @APIResponse(responseCode = "403", description = "a wrong X-Admin-Key (ADMIN_ONLY)")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> setWeights(
            @PathParam("poolId") @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE) String poolId,
            @Valid @NotNull WeightsRequest request,
            @Parameter(in = ParameterIn.HEADER, required = true, description = "the operator's key")
                    @HeaderParam(AdminGuard.HEADER)
                    String adminKey,
            @Valid @BeanParam CommandHeaders headers) {
        admin.require(adminKey, "pool administration");
        return submit(
                poolId, headers, at -> new PoolCommand.SetProductWeights(poolId, weights(request.products()), at));
    }

    // ------------------------------------------------------------------ reads

    @GET
    @Operation(summary = "Every pool, gathered from all instances, with capital, utilisation and capacity per product")
    @APIResponse(responseCode = "503", description = "an instance is rebuilding or did not answer (NOT_READY)")
    public Response list(@Context UriInfo uri, @HeaderParam(ROUTED) String routed) {
        return queries.gather(
                uri,
                routed,
                () -> PoolViews.renderable(queries.localAggregates(), PoolResource::cannotRender),
                PoolViews.PoolView.class,
                Comparator.comparing(PoolViews.PoolView::poolId));
    }

    @GET
    @Path("/{poolId}")
    @Operation(summary = "A pool: capital, utilisation, capacity per product, ledger")
    @APIResponse(responseCode = "404", description = "no such pool (POOL_NOT_FOUND)")
    public Response get(@Valid @BeanParam PoolRead read) {
        return withPool(
                read,
                (pool, version) -> Response.ok(PoolViews.pool(pool, version)).build());
    }

    @GET
    @Path("/{poolId}/providers/{provider}")
    @Operation(summary = "A capital provider's positions in a pool: stake per tranche, pending withdrawals")
    public Response provider(
            @Valid @BeanParam PoolRead read,
            @PathParam("provider") @Pattern(regexp = Ids.ADDRESS, message = Ids.ADDRESS_MESSAGE) String provider) {
        return withPart(
                read,
                pool -> Optional.of(PoolViews.provider(pool, Ids.canonical(provider), Instant.now()))
                        .filter(view -> !view.positions().isEmpty()
                                || !view.withdrawals().isEmpty()),
                () -> ProblemException.notFound(
                        "PROVIDER_NOT_FOUND", provider + " has no position in " + read.poolId, "provider"));
    }

    @GET
    @Path("/{poolId}/withdrawals/{withdrawalId}")
    @Operation(summary = "A withdrawal: amount, when its cooldown ends, status")
    public Response withdrawal(
            @Valid @BeanParam PoolRead read,
            @PathParam("withdrawalId") @Pattern(regexp = Ids.KEY, message = Ids.KEY_MESSAGE) String withdrawalId) {
        return withPart(
                read,
                pool -> Optional.ofNullable(pool.withdrawals().get(withdrawalId))
                        .map(withdrawal -> PoolViews.withdrawal(pool, withdrawal)),
                () -> ProblemException.notFound(
                        "WITHDRAWAL_NOT_FOUND",
                        "no withdrawal " + withdrawalId + " in " + read.poolId,
                        "withdrawalId"));
    }

    // ------------------------------------------------------------------ capital

    @POST
    @Path("/{poolId}/deposits")
    @Operation(
            summary = "Deposit capital into a lock tranche (the current one unless trancheId is given)",
            description =
                    "Idempotent on the Idempotency-Key header, which becomes the deposit id: a retry is never counted twice.")
    @APIResponse(responseCode = "201", description = "deposited; Location is the provider's positions")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> deposit(
            @PathParam("poolId") @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE) String poolId,
            @Valid @NotNull DepositRequest request,
            @Valid @BeanParam CommandHeaders headers) {
        String provider = Ids.canonical(request.provider());
        positive(request.amount());
        CommandMetadata metadata = metadata(poolId, headers.actor == null ? provider : headers.actor, headers);
        PoolCommand command = new PoolCommand.DepositCapital(
                poolId,
                "api:" + derivedId(metadata, DepositCapital.getClassSchema().getFullName(), headers),
                provider,
                request.amount(),
                request.trancheId(),
                Source.API,
                null,
                null,
                metadata.getIssuedAt());
        return submit(command, metadata, headers, location(headers, poolId, "providers", provider));
    }

    @POST
    @Path("/{poolId}/withdrawals")
    @Operation(
            summary = "Request a withdrawal of stake from a tranche",
            description =
                    "Completes once the tranche has ended and the pool's cooldown has passed (cooldownEndsAt), and only "
                            + "for stake not backing active cover.")
    @APIResponse(responseCode = "201", description = "requested; Location is the withdrawal")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> requestWithdrawal(
            @PathParam("poolId") @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE) String poolId,
            @Valid @NotNull WithdrawalRequest request,
            @Valid @BeanParam CommandHeaders headers) {
        String provider = Ids.canonical(request.provider());
        positive(request.amount());
        CommandMetadata metadata = metadata(poolId, headers.actor == null ? provider : headers.actor, headers);
        String withdrawalId =
                "wd-" + derivedId(metadata, RequestWithdrawal.getClassSchema().getFullName(), headers);
        PoolCommand command = new PoolCommand.RequestWithdrawal(
                poolId,
                withdrawalId,
                provider,
                request.trancheId(),
                request.amount(),
                Ids.canonical(request.recipient()),
                metadata.getIssuedAt());
        return submit(command, metadata, headers, location(headers, poolId, "withdrawals", withdrawalId));
    }

    @POST
    @Path("/{poolId}/withdrawals/{withdrawalId}/complete")
    @Operation(summary = "Complete a withdrawal whose cooldown has ended: the stake leaves the pool")
    @APIResponse(
            responseCode = "422",
            description = "COOLDOWN_NOT_OVER, CAPITAL_BACKS_ACTIVE_COVER, WITHDRAWAL_NOT_PENDING")
    public CompletionStage<Response> completeWithdrawal(
            @PathParam("poolId") @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE) String poolId,
            @PathParam("withdrawalId") @Pattern(regexp = Ids.KEY, message = Ids.KEY_MESSAGE) String withdrawalId,
            @Valid @BeanParam CommandHeaders headers) {
        return submit(poolId, headers, at -> new PoolCommand.CompleteWithdrawal(poolId, withdrawalId, at));
    }

    @POST
    @Path("/{poolId}/withdrawals/{withdrawalId}/cancel")
    @Operation(summary = "Cancel a pending withdrawal; the stake stays locked")
    public CompletionStage<Response> cancelWithdrawal(
            @PathParam("poolId") @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE) String poolId,
            @PathParam("withdrawalId") @Pattern(regexp = Ids.KEY, message = Ids.KEY_MESSAGE) String withdrawalId,
            @Valid @BeanParam CommandHeaders headers) {
        return submit(poolId, headers, at -> new PoolCommand.CancelWithdrawal(poolId, withdrawalId, at));
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The id an edge derives from the client's key (a deposit id, a withdrawal id), scoped like the command id: to the
     * caller, the operation and the pool, so another caller's same key derives another id. Without a key: the
     * command's fresh id, as before.
     */
    private static String derivedId(CommandMetadata metadata, String operation, CommandHeaders headers) {
        String key = headers.idempotencyKey;
        return key == null || key.isBlank()
                ? metadata.getCommandId()
                : Commands.scoped(metadata.getActor(), operation, metadata.getAggregateId(), key);
    }

    /** An amount the edge takes must be positive (zero is refused here, 400, as a JSON number below 1 always was). */
    private static void positive(Money amount) {
        if (!amount.isPositive()) {
            throw ProblemException.badRequest("amount", "must be greater than 0");
        }
    }

    /** One aggregate whose state cannot be rendered: logged, left out; the others are answered. */
    private static void cannotRender(String aggregateId, RuntimeException e) {
        LOG.errorf(e, "pool %s cannot be rendered and is left out of the answer", aggregateId);
    }

    /** The command's metadata: its id is the Idempotency-Key (or a new one), its time now. */
    private CommandMetadata metadata(String poolId, String actor, CommandHeaders headers) {
        return commands.metadata(poolId, actor, null, headers.idempotencyKey, null);
    }

    /** Sends the command {@code command} makes of the time it is issued at, by the request's actor. */
    private CompletionStage<Response> submit(
            String poolId, CommandHeaders headers, Function<Instant, PoolCommand> command) {
        CommandMetadata metadata = metadata(poolId, headers.actor, headers);
        return gateway.submit(wire(command.apply(metadata.getIssuedAt()), metadata), headers.uri, headers.prefer);
    }

    /** Sends the command; an accepted one is answered 201 with the {@code created} resource's location. */
    private CompletionStage<Response> submit(
            PoolCommand command, CommandMetadata metadata, CommandHeaders headers, URI created) {
        return gateway.submit(
                wire(command, metadata),
                headers.uri,
                headers.prefer,
                result -> Response.created(created).entity(result).build());
    }

    /** The absolute location of {@code /pools/{poolId}/{collection}/{id}}. */
    private static URI location(CommandHeaders headers, String poolId, String collection, String id) {
        return headers.uri
                .getBaseUriBuilder()
                .path("pools")
                .path(poolId)
                .path(collection)
                .path(id)
                .build();
    }

    private static SpecificRecord wire(PoolCommand command, CommandMetadata metadata) {
        return PoolContext.POOL.mapping().writeCommand(command, metadata);
    }

    private static List<ProductWeight> weights(List<Weight> products) {
        return products.stream()
                .map(p -> new ProductWeight(p.productId(), p.weightBps()))
                .toList();
    }

    /** Answers from the pool this instance holds (routing the request to its owner first), or 404 POOL_NOT_FOUND. */
    private Response withPool(PoolRead read, BiFunction<Pool, Long, Response> answer) {
        String poolId = read.poolId;
        return queries.route(poolId, read.uri, read.routed, () -> {
            Aggregate aggregate = queries.localAggregate(poolId).orElseThrow(() -> notFound(poolId));
            if (!(aggregate.state() instanceof Pool pool)) {
                throw notFound(poolId);
            }
            try {
                return answer.apply(pool, aggregate.version());
            } catch (ProblemException e) {
                throw e;
            } catch (RuntimeException e) {
                cannotRender(poolId, e);
                throw new ProblemException(Problem.of(
                        Response.Status.INTERNAL_SERVER_ERROR,
                        "POOL_NOT_RENDERABLE",
                        "pool " + poolId + " cannot be shown (logged for an operator); other pools are unaffected",
                        "poolId"));
            }
        });
    }

    /** Answers 200 with the {@code part} of the pool it finds, else {@code missing} (404 POOL_NOT_FOUND without pool). */
    private Response withPart(PoolRead read, Function<Pool, Optional<?>> part, Supplier<ProblemException> missing) {
        return withPool(
                read,
                (pool, version) ->
                        Response.ok(part.apply(pool).orElseThrow(missing)).build());
    }

    private static ProblemException notFound(String poolId) {
        return ProblemException.notFound("POOL_NOT_FOUND", "no pool " + poolId, "poolId");
    }
}
