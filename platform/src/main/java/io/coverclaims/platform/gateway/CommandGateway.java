package io.coverclaims.platform.gateway;

import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.decider.Rejection;
import io.coverclaims.platform.governance.Governance;
import io.coverclaims.platform.governance.Pause;
import io.coverclaims.platform.governance.PauseGate;
import io.coverclaims.platform.governance.PauseKey;
import io.coverclaims.platform.internal.CommandOutcomes;
import io.coverclaims.platform.rest.Problem;
import io.coverclaims.platform.streams.BoundedContext;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.common.CommandMetadata;
import io.coverclaims.schemas.common.CommandOutcome;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends a command to the context's command topic and answers the REST request with its outcome
 * (read-your-writes). If the outcome takes longer than the reply timeout the answer is 202 Accepted with a
 * Location to poll ({@link CommandStatusResource}); the command is not lost, only slow.
 */
@ApplicationScoped
public class CommandGateway {

    @Inject
    @Channel("commands")
    Emitter<SpecificRecord> commands;

    @Inject
    CommandOutcomes outcomes;

    @Inject
    SignedRequests signedRequests;

    @Inject
    BoundedContext context;

    @Inject
    Governance governance;

    @ConfigProperty(name = "coverclaims.commands.reply-timeout", defaultValue = "5s")
    Duration replyTimeout;

    /** Answers an accepted command with 200 and its result. */
    public CompletionStage<Response> submit(SpecificRecord command, UriInfo uri, String preferHeader) {
        return submit(command, uri, preferHeader, result -> Response.ok(result).build());
    }

    /**
     * @param uri          the request's URI info: locations are made absolute before the request is suspended
     * @param preferHeader the request's {@code Prefer} header: {@code wait=N} (RFC 7240) asks to wait at most N
     *                     seconds for the outcome, {@code wait=0} for an immediate 202
     * @param onAccepted   builds the response for an accepted command (e.g. 201 with the new resource, whose
     *                     location must be absolute: it runs after the request scope has ended);
     *                     rejections become problem+json, time-outs 202.
     */
    public CompletionStage<Response> submit(
            SpecificRecord command, UriInfo uri, String preferHeader, Function<CommandResult, Response> onAccepted) {
        return send(command, uri, preferHeader, result -> respond(result, onAccepted), () -> {});
    }

    /**
     * Like {@link #submit(SpecificRecord, UriInfo, String, Function)}, for a wallet-signed command whose id was keyed
     * by its signer and nonce ({@link SignedRequests.Signed#commandKey()}): if the processor has already decided
     * that id, the request is a replay of the signed message (sent to another instance than the first, or after a
     * restart) and is refused 401 NONCE_ALREADY_USED; no event follows it.
     */
    public CompletionStage<Response> submitSigned(
            SpecificRecord command,
            SignedRequests.Signed signed,
            UriInfo uri,
            String preferHeader,
            Function<CommandResult, Response> onAccepted) {
        return send(
                command,
                uri,
                preferHeader,
                result -> result.duplicate() || "IDEMPOTENCY_KEY_REUSED".equals(result.reasonCode())
                        ? SignedRequests.nonceAlreadyUsed(signed.signer(), signed.nonce())
                                .problem()
                                .toResponse()
                        : respond(result, onAccepted),
                // never written: the signed message was not used, the client may send it again
                () -> signedRequests.release(signed));
    }

    private CompletionStage<Response> send(
            SpecificRecord command,
            UriInfo uri,
            String preferHeader,
            Function<CommandResult, Response> answer,
            Runnable notSent) {
        Optional<Rejection> paused = paused(command);
        if (paused.isPresent()) {
            notSent.run();
            Rejection refusal = paused.get();
            return CompletableFuture.completedFuture(
                    Problem.of(Problem.UNPROCESSABLE_CONTENT, refusal.code(), refusal.message(), refusal.field())
                            .toResponse());
        }
        Duration wait = PreferWait.parse(preferHeader)
                .filter(preferred -> preferred.compareTo(replyTimeout) < 0)
                .orElse(replyTimeout);
        IdempotencyScope.apply(command);
        CommandMetadata metadata = WireMetadata.ofCommand(command);
        String commandId = metadata.getCommandId();
        URI statusLocation = uri.getBaseUriBuilder()
                .path(CommandStatusResource.PATH)
                .path(metadata.getAggregateId())
                .path(commandId)
                .build();
        CompletableFuture<CommandOutcome> outcome = outcomes.await(commandId);
        CompletableFuture<Void> sent = new CompletableFuture<>();
        commands.send(Message.of(command)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(metadata.getAggregateId())
                        .build())
                .withAck(() -> {
                    sent.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    sent.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return sent.thenCompose(ignored -> outcome.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS))
                .handle((decided, failure) -> {
                    outcomes.forget(commandId);
                    if (failure != null) {
                        notSent.run();
                        return Problem.of(
                                        Response.Status.SERVICE_UNAVAILABLE,
                                        "COMMAND_NOT_SENT",
                                        "the command could not be written to Kafka: " + failure.getMessage(),
                                        null)
                                .toResponse();
                    }
                    if (decided == null) {
                        return Response.accepted(CommandResult.pending(commandId, metadata.getAggregateId()))
                                .location(statusLocation)
                                .header("Preference-Applied", "wait=" + wait.toSeconds())
                                .build();
                    }
                    return answer.apply(CommandResult.of(decided));
                });
    }

    /**
     * The pause gate at the edge: a command whose capability is paused is refused 422 {@code PAUSED} (field
     * {@code capability}) before anything is sent; the command processor applies the same rule to what reaches it.
     */
    Optional<Rejection> paused(SpecificRecord command) {
        Optional<PauseKey> needed = context.pauseKey(command);
        if (needed.isEmpty()) {
            return Optional.empty();
        }
        Optional<Pause> pause = governance.holding(needed.get());
        return pause.map(holding -> PauseGate.refusal(command.getSchema().getFullName(), needed.get(), holding));
    }

    static Response respond(CommandResult result, Function<CommandResult, Response> onAccepted) {
        if (result.accepted()) {
            return onAccepted.apply(result);
        }
        int status = switch (result.reasonCode()) {
            case "VERSION_CONFLICT", "AGGREGATE_TYPE_MISMATCH" -> 409;
            case String code when code.endsWith("_NOT_FOUND") -> 404;
            default -> Problem.UNPROCESSABLE_CONTENT;
        };
        return Problem.of(status, result.reasonCode(), result.reasonMessage(), result.field())
                .toResponse();
    }
}
