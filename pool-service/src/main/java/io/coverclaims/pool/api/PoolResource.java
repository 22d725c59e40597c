package io.coverclaims.pool.api;

import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.platform.auth.SignatureHeaders;
import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.auth.SignedRequests.Signed;
import io.coverclaims.platform.gateway.CommandGateway;
import io.coverclaims.platform.gateway.CommandResult;
import io.coverclaims.platform.gateway.Commands;
import io.coverclaims.platform.governance.Governance;
import io.coverclaims.platform.ids.Ids;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.query.AggregateQueries;
import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.pool.PoolContext;
import io.coverclaims.pool.domain.pool.PoolCommand;
import io.coverclaims.pool.domain.pool.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.pool.PoolCommand.Source;
import io.coverclaims.pool.domain.pool.PoolDecider;
import io.coverclaims.pool.domain.pool.PoolState.Pool;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.pool.DepositCapital;
import io.coverclaims.schemas.pool.RequestWithdrawal;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Pools, capital providers' positions, deposits and withdrawals. Writes go through the kernel's gateway
 * (read-your-writes: the answer is the command's outcome); reads are answered by the instance owning the pool.
 * Amounts are {@link Money}: decimal strings in JSON.
 *
 * <p>Who may write: pool administration (create, product weights) and API deposits (capital recorded through the API
 * rather than observed on chain) need an operator's bearer token with the {@value OperatorRoles#POOL_ADMIN} role, whose
 * subject is the command's actor ({@link OperatorRoles#actor}). A withdrawal is requested, completed and cancelled by
 * its provider's wallet: the request is EIP-712 signed ({@link SignedRequests}, docs/signing.md), verified before
 * anything is sent, and the recovered signer is the actor; the command's id and the withdrawal's id are keyed by the
 * signer and the signature's nonce ({@link Signed#commandKey()}), so a replayed signature is refused (401
 * NONCE_ALREADY_USED) on any instance and after a restart. An Idempotency-Key is ignored there: the nonce is the key.
 */
@Path("/pools")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pools", description = "Risk pools: capital, capacity per product, providers' positions")
public class PoolResource {

    static final String ROUTED = "X-Coverclaims-Routed";
    static final String OPERATOR_401 = "no valid operator token (TOKEN_REQUIRED, TOKEN_INVALID), field Authorization";
    static final String OPERATOR_403 = "a token without the pool-admin role (ROLE_REQUIRED), field Authorization";
    static final String SIGNED_401 = "not signed by the address it acts for, naming the header: SIGNATURE_REQUIRED, "
            + "SIGNATURE_MALFORMED, NONCE_REQUIRED, NONCE_INVALID, EXPIRY_REQUIRED, EXPIRY_INVALID, SIGNATURE_EXPIRED, "
            + "EXPIRY_TOO_FAR, SIGNATURE_INVALID, WRONG_SIGNER, NONCE_ALREADY_USED (a replay)";
    /** The governed tranche length of a new pool whose creation names none (docs/parameters.md). */
    public static final String TRANCHE_DURATION_MS = "pool.trancheDurationMs";
    /** The governed withdrawal cooldown of a new pool whose creation names none (docs/parameters.md). */
    public static final String WITHDRAWAL_COOLDOWN_MS = "pool.withdrawalCooldownMs";

    private static final Logger LOG = Logger.getLogger(PoolResource.class);

    private final Commands commands = Commands.systemClock();

    @Inject
    CommandGateway gateway;

    @Inject
    AggregateQueries queries;

    @Inject
    SignedRequests signatures;

    @Inject
    SecurityIdentity identity;

    /** The governed pool defaults (pool.trancheDurationMs, pool.withdrawalCooldownMs), else the decider's. */
    @Inject
    Governance governance;

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

            @Min(1_000)
            @Max(31_622_400_000L)
            @Schema(
                    description = "tranche length, ms (default: the governed pool.trancheDurationMs, else "
                            + "7862400000 = 91 days); the pool records the value used")
            Long trancheDurationMs,

            @PositiveOrZero
            @Max(31_622_400_000L)
            @Schema(
                    description = "withdrawal cooldown, ms (default: the governed pool.withdrawalCooldownMs, else "
                            + "604800000 = 7 days); the pool records the value used")
            Long withdrawalCooldownMs) {}

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

    /** What an operator's write takes besides its body: the headers that shape the command, and the request's URI. */
    public static class CommandHeaders {
        @Parameter(
                description = "the command's id: a retry with the same key is the same command (a deposit's id: it is "
                        + "never counted twice)")
        @HeaderParam("Idempotency-Key")
        @Pattern(regexp = Ids.KEY, message = Ids.KEY_MESSAGE)
        String idempotencyKey;

        @Parameter(description = "wait=N: wait at most N seconds for the outcome (wait=0: 202 at once)")
        @HeaderParam("Prefer")
        String prefer;

        @Context
        UriInfo uri;
    }

    /**
     * What a wallet-signed write takes besides its body and its signature headers: no Idempotency-Key (the signed
     * nonce keys the command), the Prefer header and the request's URI.
     */
    public static class SignedCommandHeaders {
        @Parameter(description = "wait=N: wait at most N seconds for the outcome (wait=0: 202 at once)")
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

    @RolesAllowed(OperatorRoles.POOL_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @POST
    @Operation(
            summary = "Create a pool (operator, pool-admin)",
            description = "Capacity ratio in bps (20000 = 2.0); tranche length (default: the governed "
                    + "pool.trancheDurationMs, else 91 days) and withdrawal cooldown (default: the governed "
                    + "pool.withdrawalCooldownMs, else 7 days) in ms, recorded in PoolCreated; asset decimals "
                    + "default 6.")
    @APIResponse(responseCode = "201", description = "created; Location is the pool")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = OPERATOR_401)
    @APIResponse(responseCode = "403", description = OPERATOR_403)
    @APIResponse(responseCode = "422", description = "rejected by the pool's rules, problem+json with code and field")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> create(
            @Valid @NotNull CreatePoolRequest request, @Valid @BeanParam CommandHeaders headers) {
        CommandMetadata metadata = asOperator(request.poolId(), headers);
        PoolCommand command = new PoolCommand.CreatePool(
                request.poolId(),
                request.name(),
                Ids.canonical(request.manager()),
                request.asset(),
                request.assetDecimals(),
                request.capacityRatioBps(),
                weights(request.products()),
                request.trancheDurationMs() == null
                        ? governance.longParameter(TRANCHE_DURATION_MS, PoolDecider.DEFAULT_TRANCHE_DURATION_MS)
                        : request.trancheDurationMs(),
                request.withdrawalCooldownMs() == null
                        ? governance.longParameter(WITHDRAWAL_COOLDOWN_MS, PoolDecider.DEFAULT_WITHDRAWAL_COOLDOWN_MS)
                        : request.withdrawalCooldownMs(),
                metadata.getIssuedAt());
        return gateway.submit(
                wire(command, metadata),
                headers.uri,
                headers.prefer,
                created(headers.uri
                        .getAbsolutePathBuilder()
                        .path(request.poolId())
                        .build()));
    }

    @RolesAllowed(OperatorRoles.POOL_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @PUT
    @Path("/{poolId}/products")
    @Operation(
            summary = "Replace the pool's product weights (operator, pool-admin)",
            description = "A weight may not drop below what the " + "product's active cover needs.")
    @APIResponse(responseCode = "200", description = "set")
    @APIResponse(responseCode = "401", description = OPERATOR_401)
    @APIResponse(responseCode = "403", description = OPERATOR_403)
    @APIResponse(responseCode = "422", description = "ACTIVE_COVER_EXCEEDS_CAPACITY, ...")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> setWeights(
            @PathParam("poolId") @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE) String poolId,
            @Valid @NotNull WeightsRequest request,
            @Valid @BeanParam CommandHeaders headers) {
        CommandMetadata metadata = asOperator(poolId, headers);
        return gateway.submit(
                wire(
                        new PoolCommand.SetProductWeights(poolId, weights(request.products()), metadata.getIssuedAt()),
                        metadata),
                headers.uri,
                headers.prefer);
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

    @RolesAllowed(OperatorRoles.POOL_ADMIN)
    @SecurityRequirement(name = OperatorRoles.BEARER_SCHEME)
    @POST
    @Path("/{poolId}/deposits")
    @Operation(
            summary = "Record capital received off-chain into a lock tranche (operator, pool-admin)",
            description = "The current tranche unless trancheId is given. Providers deposit on chain (chain-bridge "
                    + "reports it); this records capital an operator received otherwise. Idempotent on the "
                    + "Idempotency-Key header, which becomes the deposit id: a retry is never counted twice.")
    @APIResponse(responseCode = "201", description = "deposited; Location is the provider's positions")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = OPERATOR_401)
    @APIResponse(responseCode = "403", description = OPERATOR_403)
    @APIResponse(
            responseCode = "422",
            description = "TRANCHE_NOT_OPEN, AMOUNT_OUT_OF_RANGE, IDEMPOTENCY_KEY_REUSED, "
                    + "PAUSED (deposits paused for the pool by the guardians; field capability)")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> deposit(
            @PathParam("poolId") @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE) String poolId,
            @Valid @NotNull DepositRequest request,
            @Valid @BeanParam CommandHeaders headers) {
        String provider = Ids.canonical(request.provider());
        positive(request.amount());
        CommandMetadata metadata = asOperator(poolId, headers);
        PoolCommand command = new PoolCommand.DepositCapital(
                poolId,
                "api:" + derivedId(metadata, DepositCapital.getClassSchema().getFullName(), headers.idempotencyKey),
                provider,
                request.amount(),
                request.trancheId(),
                Source.API,
                null,
                null,
                metadata.getIssuedAt());
        return gateway.submit(
                wire(command, metadata),
                headers.uri,
                headers.prefer,
                created(location(headers.uri, poolId, "providers", provider)));
    }

    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @POST
    @Path("/{poolId}/withdrawals")
    @Operation(
            summary = "Request a withdrawal of stake from a tranche (signed by the provider)",
            description = "EIP-712 RequestWithdrawal(poolId, provider, trancheId, amount, recipient, nonce, expiry) "
                    + "signed by the provider (recipient: the provider's address when the request names none; see "
                    + "docs/signing.md). Completes once the tranche has ended and the pool's cooldown has passed "
                    + "(cooldownEndsAt), and only for stake not backing active cover. The withdrawal id derives from "
                    + "the signer and the nonce; an Idempotency-Key is ignored.")
    @APIResponse(responseCode = "201", description = "requested; Location is the withdrawal")
    @APIResponse(responseCode = "400", description = "invalid input, problem+json naming the field")
    @APIResponse(responseCode = "401", description = SIGNED_401)
    @APIResponse(
            responseCode = "422",
            description = "POSITION_NOT_FOUND, INSUFFICIENT_STAKE, CAPITAL_BACKS_ACTIVE_COVER, "
                    + "PAUSED (withdrawals paused for the pool by the guardians; field capability), ...")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> requestWithdrawal(
            @PathParam("poolId") @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE) String poolId,
            @Valid @NotNull WithdrawalRequest request,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedCommandHeaders headers) {
        String provider = Ids.canonical(request.provider());
        positive(request.amount());
        String recipient = request.recipient() == null ? provider : Ids.canonical(request.recipient());
        Signed signed = signatures.verify(
                "RequestWithdrawal",
                Map.of(
                        "poolId", poolId,
                        "provider", provider,
                        "trancheId", BigInteger.valueOf(request.trancheId()),
                        "amount", request.amount().value(),
                        "recipient", recipient),
                signature);
        String withdrawalId = "wd-"
                + Commands.scoped(
                        signed.signer(), RequestWithdrawal.getClassSchema().getFullName(), poolId, signed.commandKey());
        CommandMetadata metadata = asSigner(poolId, signed, withdrawalId);
        PoolCommand command = new PoolCommand.RequestWithdrawal(
                poolId,
                withdrawalId,
                provider,
                request.trancheId(),
                request.amount(),
                recipient,
                metadata.getIssuedAt());
        return gateway.submitSigned(
                wire(command, metadata),
                signed,
                headers.uri,
                headers.prefer,
                created(location(headers.uri, poolId, "withdrawals", withdrawalId)));
    }

    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @POST
    @Path("/{poolId}/withdrawals/{withdrawalId}/complete")
    @Operation(
            summary =
                    "Complete a withdrawal whose cooldown has ended: the stake leaves the pool (signed by its provider)",
            description = "EIP-712 CompleteWithdrawal(poolId, withdrawalId, nonce, expiry) signed by the withdrawal's "
                    + "provider (docs/signing.md); anyone else is refused NOT_WITHDRAWAL_OWNER.")
    @APIResponse(responseCode = "200", description = "completed (or already completed)")
    @APIResponse(responseCode = "401", description = SIGNED_401)
    @APIResponse(responseCode = "404", description = "POOL_NOT_FOUND, WITHDRAWAL_NOT_FOUND")
    @APIResponse(
            responseCode = "422",
            description =
                    "NOT_WITHDRAWAL_OWNER, COOLDOWN_NOT_OVER, CAPITAL_BACKS_ACTIVE_COVER, WITHDRAWAL_NOT_PENDING, "
                            + "PAUSED (withdrawals paused for the pool by the guardians; field capability)")
    public CompletionStage<Response> completeWithdrawal(
            @PathParam("poolId") @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE) String poolId,
            @PathParam("withdrawalId") @Pattern(regexp = Ids.KEY, message = Ids.KEY_MESSAGE) String withdrawalId,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedCommandHeaders headers) {
        Signed signed = signatures.verify(
                "CompleteWithdrawal", Map.of("poolId", poolId, "withdrawalId", withdrawalId), signature);
        CommandMetadata metadata = asSigner(poolId, signed, withdrawalId);
        return submitSigned(
                new PoolCommand.CompleteWithdrawal(poolId, withdrawalId, signed.signer(), metadata.getIssuedAt()),
                metadata,
                signed,
                headers);
    }

    @SecurityRequirement(name = OperatorRoles.WALLET_SCHEME)
    @POST
    @Path("/{poolId}/withdrawals/{withdrawalId}/cancel")
    @Operation(
            summary = "Cancel a pending withdrawal; the stake stays locked (signed by its provider)",
            description = "EIP-712 CancelWithdrawal(poolId, withdrawalId, nonce, expiry) signed by the withdrawal's "
                    + "provider (docs/signing.md); anyone else is refused NOT_WITHDRAWAL_OWNER.")
    @APIResponse(responseCode = "200", description = "cancelled (or already cancelled)")
    @APIResponse(responseCode = "401", description = SIGNED_401)
    @APIResponse(responseCode = "404", description = "POOL_NOT_FOUND, WITHDRAWAL_NOT_FOUND")
    @APIResponse(responseCode = "422", description = "NOT_WITHDRAWAL_OWNER, WITHDRAWAL_NOT_PENDING")
    public CompletionStage<Response> cancelWithdrawal(
            @PathParam("poolId") @Pattern(regexp = Ids.POOL_ID, message = Ids.POOL_ID_MESSAGE) String poolId,
            @PathParam("withdrawalId") @Pattern(regexp = Ids.KEY, message = Ids.KEY_MESSAGE) String withdrawalId,
            @BeanParam SignatureHeaders signature,
            @BeanParam SignedCommandHeaders headers) {
        Signed signed = signatures.verify(
                "CancelWithdrawal", Map.of("poolId", poolId, "withdrawalId", withdrawalId), signature);
        CommandMetadata metadata = asSigner(poolId, signed, withdrawalId);
        return submitSigned(
                new PoolCommand.CancelWithdrawal(poolId, withdrawalId, signed.signer(), metadata.getIssuedAt()),
                metadata,
                signed,
                headers);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The id an edge derives from the client's key (an API deposit's id from its Idempotency-Key), scoped like the
     * command id: to the caller, the operation and the pool, so another caller's same key derives another id. Without
     * a key: the command's fresh id. (A withdrawal's id derives the same way from its signer and signed nonce.)
     */
    private static String derivedId(CommandMetadata metadata, String operation, String key) {
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

    /** An operator's command: the token's subject acts; its id is the Idempotency-Key (or a new one), its time now. */
    private CommandMetadata asOperator(String poolId, CommandHeaders headers) {
        return commands.metadata(poolId, OperatorRoles.actor(identity), null, headers.idempotencyKey, null);
    }

    /**
     * A wallet-signed command: the signer acts, the signature's nonce keys the command id, its time now. Every command
     * of one withdrawal is correlated by the withdrawal's id (not by the bare nonce, which another signer may use too).
     */
    private CommandMetadata asSigner(String poolId, Signed signed, String withdrawalId) {
        return commands.metadata(poolId, signed.signer(), null, signed.commandKey(), withdrawalId);
    }

    /** Sends a signed command; an accepted one is answered 200 with its outcome, a replayed one 401. */
    private CompletionStage<Response> submitSigned(
            PoolCommand command, CommandMetadata metadata, Signed signed, SignedCommandHeaders headers) {
        return gateway.submitSigned(
                wire(command, metadata),
                signed,
                headers.uri,
                headers.prefer,
                result -> Response.ok(result).build());
    }

    /** Answers an accepted command 201 with the {@code location} of what it created. */
    private static Function<CommandResult, Response> created(URI location) {
        return result -> Response.created(location).entity(result).build();
    }

    /** The absolute location of {@code /pools/{poolId}/{collection}/{id}}. */
    private static URI location(UriInfo uri, String poolId, String collection, String id) {
        return uri.getBaseUriBuilder()
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
