package io.coverclaims.chainbridge.view;

import io.coverclaims.platform.view.ReadModel;
import io.coverclaims.platform.view.ViewEntry;
import io.coverclaims.platform.view.ViewEvent;
import io.coverclaims.platform.view.ViewTable;
import io.coverclaims.platform.view.ViewUpdate;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import io.coverclaims.schemas.governance.ProposalExecuted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chain-bridge's own read model of governance.events (it never calls governance-service): the emergency pause flags
 * as the guardians last set them everywhere ({@code PauseFlagChanged} with no scope; a flag limited to one pool or
 * feed is not kept: the contract's flags stop the capability for every pool), and the pool contract upgrades of the
 * executed proposals ({@code ProposalExecuted}'s {@code UPGRADE_POOL_CONTRACT} actions). The governance executor
 * ({@link io.coverclaims.chainbridge.chain.PoolGovernor}) carries both out on chain; the anchoring worker holds its
 * transactions while SETTLEMENT or GLOBAL is paused.
 *
 * <p>governance.events is keyed by the aggregate: the pause flags are one aggregate ({@code pause-flags}, one
 * partition), each proposal another, so a rebuild comes out as the live view did.
 */
@ApplicationScoped
public class GovernanceView {

    /** The topic it folds: governance-service's events. */
    public static final String TOPIC_PROPERTY = "coverclaims.chain.governance-events-topic";

    public static final String GOVERNANCE_EVENTS = "governance.events";

    /** A governance pause flag as last changed: {@code changedAt} is the PauseFlagChanged record's time. */
    public record Pause(String flag, boolean paused, String requestId, Instant changedAt) {}

    /** An executed proposal's UPGRADE_POOL_CONTRACT action (addresses in lower case). */
    public record Upgrade(String proposalId, int action, String proxy, String implementation, Instant executedAt) {}

    /** Governance PauseFlag symbol → the flag as last changed with no scope. */
    static final ViewTable<Pause> PAUSES = ViewTable.of("pause", Pause.class);

    /** {@code <proposal id>/<action index>} → the upgrade it orders. */
    static final ViewTable<Upgrade> UPGRADES = ViewTable.of("upgrade", Upgrade.class);

    private final ReadModel model;

    @Inject
    public GovernanceView(@ConfigProperty(name = TOPIC_PROPERTY, defaultValue = GOVERNANCE_EVENTS) String topic) {
        this(readModel(topic));
    }

    /** A view of the read model {@code model} (a test's). */
    public GovernanceView(ReadModel model) {
        this.model = model;
    }

    public static ReadModel readModel(String topic) {
        return ReadModel.named("chain-governance")
                .from(topic)
                .tables(PAUSES, UPGRADES)
                .projector(GovernanceView::project)
                .build();
    }

    @Produces
    @Singleton
    ReadModel governanceModel() {
        return model;
    }

    public ReadModel model() {
        return model;
    }

    static void project(ViewEvent event, ViewUpdate view) {
        switch (event.value()) {
            case PauseFlagChanged e -> {
                if (e.getScope() == null) {
                    // by symbol: under Quarkus tests a decoded record's enum may come from another class loader
                    String flag = String.valueOf(e.get("flag"));
                    view.put(
                            PAUSES,
                            flag,
                            new Pause(flag, e.getPaused(), e.getRequestId(), Instant.ofEpochMilli(event.timestamp())));
                }
            }
            case ProposalExecuted e -> {
                List<?> actions = e.getActions();
                for (int i = 0; i < actions.size(); i++) {
                    SpecificRecordBase action = (SpecificRecordBase) actions.get(i);
                    if (!"UPGRADE_POOL_CONTRACT".equals(String.valueOf(action.get("kind")))) {
                        continue;
                    }
                    Object implementation = null;
                    if (action.get("arguments") instanceof Map<?, ?> arguments) {
                        for (Map.Entry<?, ?> argument : arguments.entrySet()) {
                            if ("implementation".equals(String.valueOf(argument.getKey()))) {
                                implementation = argument.getValue();
                            }
                        }
                    }
                    view.put(
                            UPGRADES,
                            e.getProposalId() + "/" + i,
                            new Upgrade(
                                    e.getProposalId(),
                                    i,
                                    String.valueOf(action.get("target")).toLowerCase(Locale.ROOT),
                                    implementation == null
                                            ? ""
                                            : implementation.toString().toLowerCase(Locale.ROOT),
                                    Instant.ofEpochMilli(event.timestamp())));
                }
            }
            default -> {}
        }
    }

    /** True once everything the topic held when this instance started has been read. */
    public boolean ready() {
        return model.ready();
    }

    /** A governance flag (PauseFlag symbol) as last changed with no scope; empty if governance never set it. */
    public Optional<Pause> pause(String flag) {
        return model.get(PAUSES, flag);
    }

    /** Whether a governance flag (PauseFlag symbol) is paused everywhere now. */
    public boolean paused(String flag) {
        return pause(flag).map(Pause::paused).orElse(false);
    }

    /** Every upgrade the executed proposals ordered, in the order they were executed. */
    public List<Upgrade> upgrades() {
        return model.all(UPGRADES).stream()
                .map(ViewEntry::value)
                .sorted(Comparator.comparing(Upgrade::executedAt)
                        .thenComparing(Upgrade::proposalId)
                        .thenComparingInt(Upgrade::action))
                .toList();
    }
}
