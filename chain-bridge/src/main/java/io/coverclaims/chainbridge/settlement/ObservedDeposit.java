package io.coverclaims.chainbridge.settlement;

import org.apache.avro.specific.SpecificRecord;

import io.coverclaims.platform.decider.Decider;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.schemas.chain.OnChainDepositObserved;
import io.coverclaims.schemas.chain.RecordOnChainDeposit;

/** One CapitalDeposited log, aggregate id {@code txHash:logIndex}: observed once, however often it is re-read. */
public final class ObservedDeposit {

    public static final String TYPE_NAME = "observed-deposit";

    public record State(boolean observed) {
    }

    public static final Decider<RecordOnChainDeposit, SpecificRecord, State> DECIDER = new Decider<>() {
        @Override
        public State initialState() {
            return new State(false);
        }

        @Override
        public Decision<SpecificRecord> decide(RecordOnChainDeposit c, State state) {
            if (state.observed()) {
                return Decision.nothingToDo();
            }
            if (c.getAmount() <= 0) {
                return Decision.reject("INVALID_AMOUNT", "a deposit has a positive amount", "amount");
            }
            return Decision.accept(new OnChainDepositObserved(null, c.getChainId(), c.getTxHash(), c.getLogIndex(),
                    c.getBlockNumber(), c.getBlockHash(), c.getContract(), c.getPoolId(), c.getDepositor(),
                    c.getAmount(), c.getAsset(), c.getConfirmations(), c.getConfirmations()));
        }

        @Override
        public State evolve(State state, SpecificRecord event) {
            return new State(true);
        }
    };

    public static final AggregateType<RecordOnChainDeposit, SpecificRecord, State> TYPE = AggregateType
            .<RecordOnChainDeposit, SpecificRecord, State>named(TYPE_NAME, DECIDER)
            .command(RecordOnChainDeposit.class, c -> c)
            .event(OnChainDepositObserved.class, OnChainDepositObserved.class,
                    (e, m) -> stamp(e, m), e -> e)
            .build();

    public static String aggregateId(String txHash, long logIndex) {
        return txHash + ":" + logIndex;
    }

    /**
     * The kernel's metadata on an event the decider built (fresh, unshared). Set in place rather than through
     * {@code newBuilder(event)}: Avro's copying builder re-creates enum values through the generated class's static
     * model, whose class loader is not necessarily the one the service runs in (Quarkus tests).
     */
    private static <T extends org.apache.avro.specific.SpecificRecord> T stamp(T event,
            io.coverclaims.schemas.common.EventMetadata metadata) {
        event.put(event.getSchema().getField("metadata").pos(), metadata);
        return event;
    }

    private ObservedDeposit() {
    }
}
