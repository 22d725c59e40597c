package io.coverclaims.platform.internal;

import io.coverclaims.schemas.common.CommandOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Completes waiting REST requests when their command's outcome appears on the context's outcome topic.
 * Every instance reads every partition (its own consumer group), since the request may have arrived at any
 * instance while the command was decided at the owner of its aggregate.
 */
@ApplicationScoped
public class CommandOutcomes {

    private final Map<String, CompletableFuture<CommandOutcome>> waiting = new ConcurrentHashMap<>();

    @Incoming("command-outcomes")
    public void receive(SpecificRecord record) {
        if (record instanceof CommandOutcome outcome) {
            CompletableFuture<CommandOutcome> future = waiting.remove(outcome.getCommandId());
            if (future != null) {
                future.complete(outcome);
            }
        }
    }

    /** Register before sending the command, so an outcome that comes back quickly is not missed. */
    public CompletableFuture<CommandOutcome> await(String commandId) {
        return waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
    }

    public void forget(String commandId) {
        waiting.remove(commandId);
    }
}
