package io.coverclaims.chainbridge.it;

import io.coverclaims.chainbridge.chain.AnchoringFaults;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The tests' {@link AnchoringFaults}, replacing the production no-op in every Quarkus test of this module: does nothing
 * until a test holds the loop or asks for a crash right after the next send; records which batches had a receipt seen.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestAnchoringFaults implements AnchoringFaults {

    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean crashAfterNextSend = new AtomicBoolean();
    private final Set<String> receiptsSeen = ConcurrentHashMap.newKeySet();

    /** Holds the loop (nothing is sealed, sent or polled) until {@link #resume()}. */
    void pause() {
        paused.set(true);
    }

    void resume() {
        paused.set(false);
    }

    /** The next anchoring transaction is sent, then the worker "crashes" (loses its memory). */
    void crashAfterNextSend() {
        crashAfterNextSend.set(true);
    }

    /** Whether the crash asked for by {@link #crashAfterNextSend()} is still to happen. */
    boolean crashPending() {
        return crashAfterNextSend.get();
    }

    /** Whether the worker has seen a receipt of the batch's anchoring transaction. */
    boolean receiptSeen(String batchId) {
        return receiptsSeen.contains(batchId);
    }

    @Override
    public boolean holdPass() {
        return paused.get();
    }

    @Override
    public void anchorSent(String batchId, String txHash) {
        if (crashAfterNextSend.compareAndSet(true, false)) {
            throw new AnchoringFaults.Crash();
        }
    }

    @Override
    public void receiptSeen(String batchId, String txHash) {
        receiptsSeen.add(batchId);
    }
}
