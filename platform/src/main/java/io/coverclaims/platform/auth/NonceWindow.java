package io.coverclaims.platform.auth;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nonces each address has used, remembered until their signature expires: a nonce cannot be used twice while
 * its signature is valid, and after that the expiry check refuses it anyway. Memory is bounded by the signing rate
 * times the longest validity ({@code coverclaims.signing.max-validity}): expired entries are swept as new ones come.
 *
 * <p>This is one instance's memory. A replay sent to another instance (or after a restart) is caught by the
 * kernel instead: the nonce keys the command's id, so the copy is a duplicate of a decided command and answered
 * 401 too (see {@link SignedRequests}).
 */
final class NonceWindow {

    private final Map<String, Long> used = new ConcurrentHashMap<>();
    private volatile long nextSweep;

    /** Marks {@code nonce} of {@code address} used until {@code expiresAt}; false if it already was. */
    boolean use(String address, BigInteger nonce, Instant expiresAt, Instant now) {
        sweep(now);
        String key = address + ":" + nonce;
        Long previous = used.putIfAbsent(key, expiresAt.getEpochSecond());
        if (previous == null) {
            return true;
        }
        // used before, but that signature has expired (not yet swept): the nonce is free again
        return previous < now.getEpochSecond() && used.replace(key, previous, expiresAt.getEpochSecond());
    }

    /** Forgets {@code nonce} of {@code address} (a request refused after it was marked, e.g. by a later check). */
    void release(String address, BigInteger nonce) {
        used.remove(address + ":" + nonce);
    }

    int size() {
        return used.size();
    }

    private void sweep(Instant now) {
        long seconds = now.getEpochSecond();
        if (seconds < nextSweep) {
            return;
        }
        nextSweep = seconds + 10;
        for (Iterator<Long> expiries = used.values().iterator(); expiries.hasNext(); ) {
            if (expiries.next() < seconds) {
                expiries.remove();
            }
        }
    }
}
