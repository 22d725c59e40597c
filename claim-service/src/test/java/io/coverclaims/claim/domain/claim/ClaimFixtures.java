package io.coverclaims.claim.domain.claim;

import io.coverclaims.claim.domain.ClaimIds;
import io.coverclaims.claim.domain.claim.ClaimCommand.CastAssessmentVote;
import io.coverclaims.claim.domain.claim.ClaimCommand.SubmitClaim;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentClosed;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentOpened;
import io.coverclaims.claim.domain.claim.ClaimEvent.AssessmentVoteCast;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimDepositReceived;
import io.coverclaims.claim.domain.claim.ClaimEvent.ClaimSubmitted;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.DeciderFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A policy with 10 000 of cover, a claim of 1 000 on it, and the histories that take the claim through its phases. */
final class ClaimFixtures {

    static final String POLICY = "cov-11111111-2222-3333-4444-555555555555";
    static final String CLAIM = ClaimIds.claimId(POLICY, 1);
    static final String PAYOUT = ClaimIds.payoutId(CLAIM);
    static final String APPEAL = ClaimIds.appealId(CLAIM);
    static final String HOLDER = "0x" + "a".repeat(40);
    static final String OTHER = "0x" + "b".repeat(40);
    static final String A1 = "0x" + "1".repeat(40);
    static final String A2 = "0x" + "2".repeat(40);
    static final String A3 = "0x" + "3".repeat(40);
    static final String ARB1 = "0x" + "8".repeat(40);
    static final String ARB2 = "0x" + "9".repeat(40);
    static final List<String> ASSESSORS = List.of(A1, A2, A3);
    static final String POOL = "pool-a";
    static final String ASSET = "USDC";
    static final String PRODUCT = "prod-aave";
    static final String CATEGORY = "PROTOCOL_EXPLOIT";
    static final String GROUP = "grp-protocol-exploit";
    static final String INCIDENT = "inc-aave-exploit";

    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long DAY = Duration.ofDays(1).toMillis();
    static final Instant COVER_START = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant COVER_END = Instant.parse("2027-01-01T00:00:00Z");
    static final Instant INCIDENT_AT = Instant.parse("2026-05-01T00:00:00Z");
    /** When the claim is submitted. */
    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    /** When its deposit is paid and voting opens. */
    static final Instant OPENED_AT = T0.plusMillis(HOUR);

    static final Instant VOTING_ENDS = OPENED_AT.plusMillis(3 * DAY);
    static final Instant COOLDOWN_ENDS = VOTING_ENDS.plusMillis(DAY);
    static final Instant APPEAL_DEADLINE = COOLDOWN_ENDS.plusMillis(7 * DAY);

    static final Money COVER = Money.of(10_000);
    static final Money CLAIMED = Money.of(1_000);
    static final Money DEPOSIT = Money.of(50);
    static final Money BOND_FLOOR = Money.of(25);
    static final ClaimRules RULES = new ClaimRules(35 * DAY, 3 * DAY, DAY, DAY, DAY, 7 * DAY, 100, BOND_FLOOR);
    static final Money ONE = Money.of(1);

    private ClaimFixtures() {}

    static DeciderFixture<ClaimCommand, ClaimEvent, ClaimsState> fixture() {
        return DeciderFixture.of(ClaimDecider.DECIDER);
    }

    /** A SubmitClaim as the edge fills it, changed by the test. */
    static final class Draft {
        String claimId = CLAIM;
        String policyId = POLICY;
        String claimant = HOLDER;
        Instant incidentAt = INCIDENT_AT;
        Money claimedAmount = CLAIMED;
        Money depositAmount = DEPOSIT;
        String incidentId = null;
        String policyHolder = HOLDER;
        String policyStatus = "ACTIVE";
        Instant coverStartAt = COVER_START;
        Instant coverEndAt = COVER_END;
        Money coverLeft = COVER;
        Instant incidentClaimWindowEndsAt = Instant.EPOCH;
        List<String> assessors = ASSESSORS;
        ClaimRules rules = RULES;
        Instant at = T0;

        SubmitClaim command() {
            return new SubmitClaim(
                    claimId,
                    policyId,
                    claimant,
                    incidentAt,
                    claimedAmount,
                    "drained by the exploit",
                    "ipfs://evidence",
                    depositAmount,
                    null,
                    incidentId,
                    policyHolder,
                    PRODUCT,
                    CATEGORY,
                    POOL,
                    ASSET,
                    coverStartAt,
                    coverEndAt,
                    coverLeft,
                    policyStatus,
                    incidentClaimWindowEndsAt,
                    GROUP,
                    assessors,
                    rules,
                    at);
        }

        /** The event the command makes, when the cover left is the snapshot's. */
        ClaimSubmitted event() {
            return new ClaimSubmitted(
                    claimId,
                    policyId,
                    PRODUCT,
                    POOL,
                    claimant,
                    ASSET,
                    incidentAt,
                    claimedAmount,
                    coverLeft,
                    "drained by the exploit",
                    "ipfs://evidence",
                    depositAmount,
                    depositAmount,
                    null,
                    incidentId,
                    CATEGORY,
                    coverStartAt,
                    coverEndAt,
                    GROUP,
                    assessors,
                    rules);
        }
    }

    static SubmitClaim submit(Consumer<Draft> change) {
        Draft draft = new Draft();
        change.accept(draft);
        return draft.command();
    }

    static SubmitClaim submit() {
        return submit(d -> {});
    }

    static ClaimSubmitted submitted(Consumer<Draft> change) {
        Draft draft = new Draft();
        change.accept(draft);
        return draft.event();
    }

    static ClaimSubmitted submitted() {
        return submitted(d -> {});
    }

    static ClaimDepositReceived depositReceived(String claimId, long amount, long total, String txHash) {
        return new ClaimDepositReceived(claimId, HOLDER, Money.of(amount), Money.of(total), DEPOSIT, txHash, 0);
    }

    static AssessmentOpened opened(String claimId, Instant at, Money deposit) {
        return new AssessmentOpened(claimId, at, at.plusMillis(3 * DAY), 3 * DAY, DAY, ASSESSORS, deposit);
    }

    /** Submitted and its deposit paid at {@link #OPENED_AT}: voting until {@link #VOTING_ENDS}. */
    static List<ClaimEvent> assessing() {
        return List.of(submitted(), depositReceived(CLAIM, 50, 50, "0xd1"), opened(CLAIM, OPENED_AT, DEPOSIT));
    }

    static CastAssessmentVote vote(String assessor, boolean accept, Long loss, Instant at) {
        return new CastAssessmentVote(CLAIM, assessor, accept, loss == null ? null : Money.of(loss), ONE, "r", at);
    }

    static AssessmentVoteCast voted(String assessor, boolean accept, Long loss, Instant endsAt) {
        return new AssessmentVoteCast(CLAIM, assessor, accept, loss == null ? null : Money.of(loss), ONE, endsAt, "r");
    }

    static AssessmentClosed closed(AssessmentOutcome outcome, int accepts, int denies, Long loss, Instant at) {
        return new AssessmentClosed(
                CLAIM,
                outcome,
                Money.of(accepts),
                Money.of(denies),
                accepts + denies,
                loss == null ? null : Money.of(loss),
                DAY,
                at.plusMillis(DAY));
    }

    /** Two accept (900, 700), one denies, closed at the voting end: the cooldown runs until {@link #COOLDOWN_ENDS}. */
    static List<ClaimEvent> acceptedByVote() {
        return history(
                assessing(),
                voted(A1, true, 900L, VOTING_ENDS),
                voted(A2, true, 700L, VOTING_ENDS),
                voted(A3, false, null, VOTING_ENDS),
                closed(AssessmentOutcome.ACCEPTED, 2, 1, 800L, VOTING_ENDS));
    }

    /** One accepts, two deny, closed at the voting end. */
    static List<ClaimEvent> deniedByVote() {
        return history(
                assessing(),
                voted(A1, true, null, VOTING_ENDS),
                voted(A2, false, null, VOTING_ENDS),
                voted(A3, false, null, VOTING_ENDS),
                closed(AssessmentOutcome.DENIED, 1, 2, 1_000L, VOTING_ENDS));
    }

    /** Events and lists of events, flattened in order. */
    static List<ClaimEvent> history(Object... parts) {
        List<ClaimEvent> events = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof ClaimEvent e) {
                events.add(e);
            } else {
                for (Object e : (List<?>) part) {
                    events.add((ClaimEvent) e);
                }
            }
        }
        return events;
    }
}
