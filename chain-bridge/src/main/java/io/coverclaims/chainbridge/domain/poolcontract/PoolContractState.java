package io.coverclaims.chainbridge.domain.poolcontract;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The pool contract as its events made it: per pause flag (by name) the governance request last mirrored and the
 * state it left, the proposals whose upgrade was carried out or failed, and the implementation it runs (null until
 * the first upgrade). Immutable.
 */
public record PoolContractState(Map<String, Mirrored> flags, Set<String> proposals, String implementation) {

    public static final PoolContractState INITIAL = new PoolContractState(Map.of(), Set.of(), null);

    /** A flag as last mirrored: which governance request, and paused or not. */
    public record Mirrored(String requestId, boolean paused) {}

    public boolean mirrored(PoolPauseFlag flag, String requestId, boolean paused) {
        Mirrored last = flags.get(flag.name());
        return last != null && last.requestId().equals(requestId) && last.paused() == paused;
    }

    PoolContractState withFlag(PoolPauseFlag flag, String requestId, boolean paused) {
        Map<String, Mirrored> next = new HashMap<>(flags);
        next.put(flag.name(), new Mirrored(requestId, paused));
        return new PoolContractState(Map.copyOf(next), proposals, implementation);
    }

    PoolContractState withProposal(String proposalId, String runs) {
        Set<String> next = new HashSet<>(proposals);
        next.add(proposalId);
        return new PoolContractState(flags, Set.copyOf(next), runs);
    }
}
