package io.coverclaims.chainbridge.chain;

/**
 * The points of the anchoring loop where a fault can be injected: production wires {@link NoAnchoringFaults} (every
 * point does nothing); tests provide another bean to hold the loop or to crash it right after a send.
 */
public interface AnchoringFaults {

    /** Before each pass: {@code true} holds the pass (nothing is sealed, sent or polled). */
    boolean holdPass();

    /**
     * Right after an anchoring transaction was sent, before the worker remembers it. Throwing {@link Crash} makes the
     * worker drop everything it holds in memory, as a process crash at that point would.
     */
    void anchorSent(String batchId, String txHash);

    /** A receipt of a batch's anchoring transaction was seen, not yet confirmed: where a reorg can be staged. */
    void receiptSeen(String batchId, String txHash);

    /** A crash of the worker: it forgets its memory (transactions in flight, seals asked, log position) and goes on. */
    final class Crash extends RuntimeException {
        public Crash() {
            super("injected crash", null, false, false);
        }
    }
}
