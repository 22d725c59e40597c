package io.coverclaims.policy.api;

import io.coverclaims.platform.auth.SignedRequests;
import io.coverclaims.platform.gateway.CommandGateway;
import io.coverclaims.platform.gateway.CommandResult;
import io.coverclaims.platform.gateway.Commands;
import io.coverclaims.platform.query.AggregateQueries;
import io.coverclaims.platform.rest.ProblemException;
import io.coverclaims.schemas.common.CommandMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the policy resources share: sending a command (plain, or wallet-signed) and answering with what it left, and
 * reading an aggregate in one of its phases from the instance that owns it.
 */
@ApplicationScoped
public class AggregateResponses {

    private final Commands commands = Commands.configured();

    @Inject
    CommandGateway gateway;

    @Inject
    AggregateQueries queries;

    /** The metadata of a command on {@code aggregateId}: its id is the Idempotency-Key (or a new one), its time now. */
    CommandMetadata metadata(String aggregateId, String actor, CommandHeaders headers) {
        return commands.metadata(aggregateId, actor, null, headers.idempotencyKey, null);
    }

    /**
     * The same with a chosen correlation id: a purchase is correlated by its policy id, which every command of its
     * saga carries on (pool-service's ReserveCapacity too, so its outcome names the policy).
     */
    CommandMetadata metadata(String aggregateId, String actor, CommandHeaders headers, String correlationId) {
        return commands.metadata(aggregateId, actor, null, headers.idempotencyKey, correlationId);
    }

    /**
     * The metadata of a wallet-signed command on {@code aggregateId}: the recovered signer acts, and the signed
     * message's nonce is its Idempotency-Key ({@link SignedRequests.Signed#commandKey()}), so the same signed message
     * always makes the same command and a replay, on any instance, is a duplicate; its time is now.
     */
    CommandMetadata metadata(String aggregateId, SignedRequests.Signed signed, String correlationId) {
        return commands.metadata(aggregateId, signed.signer(), null, signed.commandKey(), correlationId);
    }

    /** Sends the command; an accepted one is answered 200 with its result. */
    CompletionStage<Response> submit(SpecificRecord command, CommandHeaders headers) {
        return gateway.submit(command, headers.uri, headers.prefer);
    }

    /** Sends a command that creates {@code id}; an accepted one is answered 201 at its location with its result. */
    CompletionStage<Response> create(SpecificRecord command, String id, CommandHeaders headers) {
        URI created = headers.uri.getAbsolutePathBuilder().path(id).build();
        return gateway.submit(
                command,
                headers.uri,
                headers.prefer,
                result -> Response.created(created).entity(result).build());
    }

    /**
     * Sends a command that creates {@code id}; an accepted one is answered 201 at its location, with the {@code view}
     * of the aggregate when this instance holds it in {@code phase}, else with the command's result.
     */
    <S> CompletionStage<Response> create(
            SpecificRecord command, String id, CommandHeaders headers, Class<S> phase, BiFunction<S, Long, ?> view) {
        return gateway.submit(command, headers.uri, headers.prefer, created(id, headers.uri, phase, view));
    }

    /**
     * Sends a wallet-signed command ({@code signed}: what {@code SignedRequests} verified); an accepted one is answered
     * 200 with its result, a replay of an already decided signed command 401 NONCE_ALREADY_USED.
     */
    CompletionStage<Response> submitSigned(
            SpecificRecord command, SignedRequests.Signed signed, SignedCommandHeaders headers) {
        return gateway.submitSigned(
                command,
                signed,
                headers.uri,
                headers.prefer,
                result -> Response.ok(result).build());
    }

    /**
     * Sends a wallet-signed command that creates {@code id}; answered as {@link #create(SpecificRecord, String,
     * CommandHeaders, Class, BiFunction)}, a replay of an already decided signed command 401 NONCE_ALREADY_USED.
     */
    <S> CompletionStage<Response> createSigned(
            SpecificRecord command,
            SignedRequests.Signed signed,
            String id,
            SignedCommandHeaders headers,
            Class<S> phase,
            BiFunction<S, Long, ?> view) {
        return gateway.submitSigned(
                command, signed, headers.uri, headers.prefer, created(id, headers.uri, phase, view));
    }

    /** 201 at {@code id}'s location (made absolute now), with its {@code view} when held here, else the result. */
    private <S> Function<CommandResult, Response> created(
            String id, UriInfo uri, Class<S> phase, BiFunction<S, Long, ?> view) {
        URI created = uri.getAbsolutePathBuilder().path(id).build();
        return result -> Response.created(created)
                .entity(local(id, phase, view).orElse(result))
                .build();
    }

    /**
     * Answers 200 with the {@code view} of aggregate {@code id} in {@code phase} (asking the instance that owns it),
     * else {@code notFound}.
     */
    <S> Response read(
            String id,
            UriInfo uri,
            String routed,
            Class<S> phase,
            BiFunction<S, Long, ?> view,
            Supplier<ProblemException> notFound) {
        return queries.route(
                id,
                uri,
                routed,
                () -> Response.ok(local(id, phase, view).orElseThrow(notFound)).build());
    }

    /** Aggregate {@code id} in {@code phase}, when this instance holds it. */
    <S> Optional<S> local(String id, Class<S> phase) {
        return queries.localAggregate(id)
                .filter(aggregate -> phase.isInstance(aggregate.state()))
                .map(aggregate -> aggregate.stateAs(phase));
    }

    private <S> Optional<Object> local(String id, Class<S> phase, BiFunction<S, Long, ?> view) {
        return queries.localAggregate(id)
                .filter(aggregate -> phase.isInstance(aggregate.state()))
                .map(aggregate -> view.apply(aggregate.stateAs(phase), aggregate.version()));
    }
}
