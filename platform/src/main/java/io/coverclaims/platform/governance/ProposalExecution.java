package io.coverclaims.platform.governance;

import io.coverclaims.platform.streams.ProcessManager;
import io.coverclaims.platform.streams.WireMetadata;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.governance.ProposalAction;
import io.coverclaims.schemas.governance.ProposalExecuted;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;

/**
 * Carrying out an executed governance proposal's actions in a context: a {@link ProcessManager} over governance.events
 * that hands each action of a ProposalExecuted, with its index, to the context's {@link Mapper} and sends the commands
 * it makes. Every command sent is logged with its id; an action the mapper refuses is logged and skipped, and the
 * proposal's other actions, and later proposals, are carried out. Other events call for nothing. Run it as a
 * {@link io.coverclaims.platform.streams.SideProcessManager}: governance.events already feeds the
 * {@link GovernanceStore}.
 */
public final class ProposalExecution {

    private static final Logger LOG = Logger.getLogger(ProposalExecution.class);

    /** What an action comes to in a context. */
    public sealed interface Mapping {

        /** The command to send to the context's commands topic. */
        record Command(SpecificRecord command) implements Mapping {}

        /** The action is this context's, but no command can be made of it (the reason says why). */
        record Refused(String reason) implements Mapping {}

        /** Another context carries this action out. */
        record NotOurs() implements Mapping {}
    }

    /** Pure: one action of an executed proposal → what it comes to; command ids derive from {@code cause}. */
    @FunctionalInterface
    public interface Mapper {
        Mapping map(EventMetadata cause, String proposalId, int index, ProposalAction action);
    }

    private ProposalExecution() {}

    /** The process manager that carries out the actions {@code mapper} makes commands of. */
    public static ProcessManager reaction(Mapper mapper) {
        return event -> react(mapper, event);
    }

    private static List<SpecificRecord> react(Mapper mapper, SpecificRecord event) {
        if (!(event instanceof ProposalExecuted executed)) {
            return List.of();
        }
        List<SpecificRecord> commands = new ArrayList<>();
        List<ProposalAction> actions = executed.getActions();
        for (int index = 0; index < actions.size(); index++) {
            ProposalAction action = actions.get(index);
            Mapping mapping = mapper.map(executed.getMetadata(), executed.getProposalId(), index, action);
            switch (mapping) {
                case Mapping.Command command -> {
                    var metadata = WireMetadata.ofCommand(command.command());
                    LOG.infof(
                            "proposal %s action %d (%s %s): %s %s sent as command %s",
                            executed.getProposalId(),
                            index,
                            action.getKind(),
                            action.getTarget(),
                            command.command().getSchema().getName(),
                            metadata.getAggregateId(),
                            metadata.getCommandId());
                    commands.add(command.command());
                }
                case Mapping.Refused refused ->
                    LOG.warnf(
                            "proposal %s action %d (%s %s) not carried out: %s",
                            executed.getProposalId(), index, action.getKind(), action.getTarget(), refused.reason());
                case Mapping.NotOurs ignored -> {}
            }
        }
        return commands;
    }
}
