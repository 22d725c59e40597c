package io.coverclaims.claim.domain.claim;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.claim.ClaimPhase.Accepted;
import io.coverclaims.claim.domain.claim.ClaimPhase.PayoutDeclined;
import io.coverclaims.claim.domain.claim.ClaimPhase.PayoutRequested;
import io.coverclaims.platform.money.Money;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A policy's claims as their events made them: {@link NoClaims} before the first, then {@link PolicyClaims}, every
 * claim of the policy with its own {@link ClaimPhase}. Immutable: {@link ClaimDecider#evolve} returns a new state.
 */
public sealed interface ClaimsState {

    ClaimsState INITIAL = new NoClaims();

    /** No claim on this policy yet. */
    record NoClaims() implements ClaimsState {}

    /**
     * The policy's claims.
     *
     * @param policyId          the policy ({@code cov-…}), the aggregate's id
     * @param coverAtFirstClaim the cover left when the first claim was submitted: the whole cover (only claims reduce it)
     * @param claims            every claim, by id
     * @param settled           Σ settledAmount of the policy's settled claims: never more than the cover
     */
    record PolicyClaims(String policyId, Money coverAtFirstClaim, SortedMap<String, Claim> claims, Money settled)
            implements ClaimsState {

        public PolicyClaims {
            claims = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(claims));
        }

        static PolicyClaims first(String policyId, Money cover) {
            return new PolicyClaims(policyId, cover, new TreeMap<>(), Money.ZERO);
        }

        public Optional<Claim> claim(String claimId) {
            return Optional.ofNullable(claims.get(claimId));
        }

        /** The open claim, if any (at most one). */
        public Optional<Claim> openClaim() {
            return claims.values().stream().filter(c -> c.phase().open()).findFirst();
        }

        /** The id the next claim must have: {@code clm-<uuid>-<count + 1>}. */
        public String nextClaimId() {
            return ClaimIds.claimId(policyId, claims.size() + 1);
        }

        /**
         * What the claims other than {@code exceptClaimId} hold of the cover: settled amounts, plus what an accepted
         * claim awaits (its payout, or what it asked the pool for).
         */
        public Money committed(String exceptClaimId) {
            Money committed = settled;
            for (Claim claim : claims.values()) {
                if (claim.submission().claimId().equals(exceptClaimId)) {
                    continue;
                }
                committed = committed.plus(
                        switch (claim.phase()) {
                            case Accepted a -> a.acceptance().payoutAmount();
                            case PayoutRequested r -> r.request().amount();
                            case PayoutDeclined d -> d.request().amount();
                            default -> Money.ZERO;
                        });
            }
            return committed;
        }

        /** Cover left by this aggregate's own book (every claim counted). */
        public Money coverLeft() {
            return coverAtFirstClaim.minusOrZero(committed(null));
        }

        /** Cover left for {@code claim} now: its cover when submitted, less what the other claims hold since. */
        public Money coverLeftFor(Claim claim) {
            return claim.submission()
                    .coverAmount()
                    .min(coverAtFirstClaim.minusOrZero(
                            committed(claim.submission().claimId())));
        }

        PolicyClaims with(Claim claim) {
            SortedMap<String, Claim> next = new TreeMap<>(claims);
            next.put(claim.submission().claimId(), claim);
            return new PolicyClaims(policyId, coverAtFirstClaim, next, settled);
        }

        PolicyClaims withSettled(Money amount) {
            return new PolicyClaims(policyId, coverAtFirstClaim, claims, settled.plus(amount));
        }
    }

    /**
     * What a claim was submitted with: fixed for its life.
     *
     * @param coverAmount     the cover left when it was submitted
     * @param requiredDeposit the deposit it must pay before voting opens
     * @param incidentId      the incident it names, or null
     * @param assessors       who may vote on it
     * @param rules           the governed parameters it is decided under
     */
    record Submission(
            String claimId,
            String claimant,
            String productId,
            String productCategory,
            String poolId,
            String asset,
            Instant incidentAt,
            Money claimedAmount,
            Money coverAmount,
            Money requiredDeposit,
            String incidentId,
            String assessorGroupId,
            List<String> assessors,
            ClaimRules rules,
            ClaimKind kind) {
        public Submission {
            assessors = List.copyOf(assessors);
        }
    }

    /**
     * One claim: what it was submitted with, its phase, and its money.
     *
     * @param depositReceived paid towards the deposit (payments after the deposit was complete are refunded, not counted)
     * @param depositRefunded of which refunded
     * @param bondReceived    paid towards the appeal bond
     * @param payments        on-chain payments counted, {@code txHash:logIndex}: a payment is recorded once
     */
    record Claim(
            Submission submission,
            ClaimPhase phase,
            Money depositReceived,
            Money depositRefunded,
            Money bondReceived,
            Set<String> payments) {
        public Claim {
            payments = Set.copyOf(payments);
        }

        static Claim submitted(Submission submission, ClaimPhase phase) {
            return new Claim(submission, phase, Money.ZERO, Money.ZERO, Money.ZERO, Set.of());
        }

        /** Deposit received and not refunded. */
        public Money depositHeld() {
            return depositReceived.minusOrZero(depositRefunded);
        }

        Claim withPhase(ClaimPhase next) {
            return new Claim(submission, next, depositReceived, depositRefunded, bondReceived, payments);
        }

        Claim withDeposit(Money total, String payment) {
            return new Claim(submission, phase, total, depositRefunded, bondReceived, plus(payments, payment));
        }

        Claim withBond(Money total, String payment) {
            return new Claim(submission, phase, depositReceived, depositRefunded, total, plus(payments, payment));
        }

        Claim withDepositRefunded(Money amount) {
            return new Claim(submission, phase, depositReceived, depositRefunded.plus(amount), bondReceived, payments);
        }

        private static Set<String> plus(Set<String> set, String value) {
            Set<String> next = new HashSet<>(set);
            next.add(value);
            return next;
        }
    }

    /** The key of an on-chain payment: one log of one transaction. */
    static String paymentKey(String txHash, int logIndex) {
        return (txHash == null ? "" : txHash.toLowerCase(java.util.Locale.ROOT)) + ":" + logIndex;
    }
}
