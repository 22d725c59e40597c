package io.coverclaims.chainbridge.chain;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** Production: no faults; the loop is never held and nothing crashes it. */
@DefaultBean
@ApplicationScoped
public class NoAnchoringFaults implements AnchoringFaults {

    @Override
    public boolean holdPass() {
        return false;
    }

    @Override
    public void anchorSent(String batchId, String txHash) {}

    @Override
    public void receiptSeen(String batchId, String txHash) {}
}
