package io.coverclaims.demo;

import static io.coverclaims.demo.Amounts.tusd;
import static io.coverclaims.demo.ProductChapter.PRODUCT_ID;
import static io.coverclaims.demo.ProductChapter.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.schemas.chain.ClaimBondKind;
import io.coverclaims.schemas.chain.ClaimBondObserved;
import io.coverclaims.schemas.chain.SettlementBatchAnchored;
import io.coverclaims.schemas.chain.SettlementRedeemed;
import io.coverclaims.schemas.claim.AppealBondReceived;
import io.coverclaims.schemas.claim.AppealDecided;
import io.coverclaims.schemas.claim.AssessmentClosed;
import io.coverclaims.schemas.claim.AssessmentOpened;
import io.coverclaims.schemas.claim.AssessmentVoteCast;
import io.coverclaims.schemas.claim.AssessorGroupAppointed;
import io.coverclaims.schemas.claim.ClaimAccepted;
import io.coverclaims.schemas.claim.ClaimAppealed;
import io.coverclaims.schemas.claim.ClaimDenied;
import io.coverclaims.schemas.claim.ClaimDepositReceived;
import io.coverclaims.schemas.claim.ClaimPaid;
import io.coverclaims.schemas.claim.ClaimPayoutRequested;
import io.coverclaims.schemas.claim.ClaimRefundDue;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.claim.ClaimSubmitted;
import io.coverclaims.schemas.claim.IncidentClaimAdmitted;
import io.coverclaims.schemas.claim.IncidentClaimRegistered;
import io.coverclaims.schemas.claim.IncidentClaimReleased;
import io.coverclaims.schemas.claim.IncidentDeclared;
import io.coverclaims.schemas.claim.IncidentPayoutMode;
import io.coverclaims.schemas.claim.IncidentPool;
import io.coverclaims.schemas.claim.IncidentRatioFixed;
import io.coverclaims.schemas.claim.IncidentWindowClosed;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.pool.PayoutDisbursed;
import io.coverclaims.schemas.pool.PayoutReserved;
import io.coverclaims.schemas.pool.PremiumRecorded;
import io.coverclaims.schemas.pool.ProductWeightsSet;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Claims, as their users meet them: an operator appoints the assessors and the arbiter and declares an exploit; the
 * policyholders claim (signed), pay their claim deposits on chain, the assessors vote (signed), the claims are
 * decided after the cooldown, settled by the pool, anchored by chain-bridge and redeemed on chain by the claimants. A
 * first incident the pool covers in full (a claim paid in full, one partially at the assessors' median, one denied,
 * appealed with a bond and upheld); a second one whose cover exceeds the pool's capital, paid pro rata at one ratio
 * once its claim window closed. Every deposit, bond, refund and payout is money on chain.
 */
final class ClaimsChapter implements Chapter {

    static final String CATEGORY = "PROTOCOL_EXPLOIT";
    /** The PROTOCOL_EXPLOIT assessors and the arbiter: development wallets that only sign (EIP-712). */
    static final List<Integer> ASSESSORS = List.of(10, 11, 12);

    static final int ARBITER = 13;
    /** The wallet that moves the premiums the pool booked into ClaimsPool (see {@link #premiumsIntoThePool}). */
    static final int TREASURY = Chain.DEPLOYER;

    static final int FULL_BUYER = 7;
    static final int MASS_BUYER = 8;
    /** What each claimant holds in tUSD for its deposit and bond (minted when it has less). */
    static final BigInteger FLOAT = tusd(100);

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** One ballot: who, accept or deny, and the loss it finds (null: the claimed amount). */
    record Ballot(int assessor, boolean accept, BigInteger loss, String rationale) {}

    /** A claim as the chapter follows it. */
    static final class Claim {
        final int claimant;
        final String policyId;
        final BigInteger claimed;
        String claimId;
        ClaimAccepted accepted;
        ClaimSettled settled;

        Claim(int claimant, String policyId, BigInteger claimed) {
            this.claimant = claimant;
            this.policyId = policyId;
            this.claimed = claimed;
        }

        String who() {
            return "dev:" + claimant;
        }
    }

    @Override
    public String title() {
        return "Scenario · claims: assessed, appealed, settled and redeemed on chain; one incident paid in full, one pro"
                + " rata";
    }

    @Override
    public void run(DemoContext demo) {
        String stamp = LocalDateTime.now().format(STAMP);
        appoint(demo);

        // (a) an exploit the pool covers in full
        ProductChapter.Purchase shortCover = lastPurchase(demo, ProductChapter.SHORT_COVER_BUYER);
        ProductChapter.Purchase longCover = lastPurchase(demo, ProductChapter.LONG_COVER_BUYER);
        ProductChapter.Purchase thirdCover = ProductChapter.buyActivated(
                demo,
                "Buyer dev:" + FULL_BUYER + " gets a quote and buys 30-day cover of 8,000 tUSD",
                FULL_BUYER,
                tusd(8_000),
                30,
                false);
        // a minute before dev:5's 1-day cover ended: inside the three covers
        Instant exploitAt = shortCover.activated().getEndAt().minusSeconds(60);
        String first = "inc-demo-" + stamp + "-a";
        declare(demo, first, "Demo lending protocol exploit", exploitAt, IncidentPayoutMode.FULL);
        Claim full = new Claim(shortCover.buyer(), shortCover.policyId(), tusd(4_000));
        Claim partial = new Claim(longCover.buyer(), longCover.policyId(), tusd(10_000));
        Claim appealed = new Claim(thirdCover.buyer(), thirdCover.policyId(), tusd(3_000));
        for (Claim claim : List.of(full, partial, appealed)) {
            submitAndPay(demo, claim, first, exploitAt);
        }
        vote(
                demo,
                full,
                "all three ACCEPT the claimed 4,000 tUSD",
                List.of(
                        new Ballot(10, true, null, "funds drained by the exploit, as the transaction shows"),
                        new Ballot(11, true, null, "loss matches the position before the exploit"),
                        new Ballot(12, true, null, "covered event, loss proven")));
        vote(
                demo,
                partial,
                "all three ACCEPT, for a smaller loss: 6,000, 8,000 and 7,000 tUSD",
                List.of(
                        new Ballot(10, true, tusd(6_000), "part of the position was withdrawn before the exploit"),
                        new Ballot(11, true, tusd(8_000), "loss smaller than claimed"),
                        new Ballot(12, true, tusd(7_000), "the position held 7,000 tUSD at the exploit")));
        vote(
                demo,
                appealed,
                "all three DENY",
                List.of(
                        new Ballot(10, false, null, "no loss visible on chain"),
                        new Ballot(11, false, null, "the wallet held nothing in the protocol"),
                        new Ballot(12, false, null, "not shown to be affected")));
        accepted(demo, full, "accepted in full");
        accepted(demo, partial, "accepted partially, at the median of the assessed losses");
        deniedAndAppealed(demo, appealed);
        upheld(demo, appealed);
        accepted(demo, appealed, "accepted on appeal");
        for (Claim claim : List.of(full, partial, appealed)) {
            redeem(demo, claim);
        }

        // (b) a mass claim: more cover at risk than capital, paid pro rata
        raiseWeight(demo);
        ProductChapter.Purchase bigCover = ProductChapter.buyActivated(
                demo,
                "Buyer dev:" + MASS_BUYER + " gets a quote and buys 30-day cover of 60,000 tUSD",
                MASS_BUYER,
                tusd(60_000),
                30,
                false);
        Instant massAt = Instant.now().minusSeconds(30);
        String second = "inc-demo-" + stamp + "-b";
        declare(demo, second, "Demo bridge exploit: a mass claim", massAt, IncidentPayoutMode.PRO_RATA);
        List<Claim> mass = List.of(
                new Claim(longCover.buyer(), longCover.policyId(), tusd(40_000)),
                new Claim(thirdCover.buyer(), thirdCover.policyId(), tusd(5_000)),
                new Claim(bigCover.buyer(), bigCover.policyId(), tusd(45_000)));
        for (Claim claim : mass) {
            submitAndPay(demo, claim, second, massAt);
        }
        for (Claim claim : mass) {
            vote(
                    demo,
                    claim,
                    "all three ACCEPT the claimed " + tusd(claim.claimed),
                    ASSESSORS.stream()
                            .map(assessor -> new Ballot(assessor, true, null, "funds lost in the bridge exploit"))
                            .toList());
        }
        for (Claim claim : mass) {
            held(demo, claim, second);
        }
        IncidentRatioFixed ratio = ratioFixed(demo, second, mass);
        premiumsIntoThePool(demo);
        settledAtTheRatio(demo, second, ratio, mass);
        for (Claim claim : mass) {
            redeem(demo, claim);
        }
    }

    // ------------------------------------------------------------------------------------------ the assessors

    private void appoint(DemoContext demo) {
        demo.step(
                "An operator appoints the " + CATEGORY + " assessors dev:10, dev:11, dev:12 and the arbiter dev:"
                        + ARBITER + " (claims-admin token)",
                step -> {
                    appointGroup(demo, step, CATEGORY, ASSESSORS);
                    appointGroup(demo, step, "ARBITERS", List.of(ARBITER));
                    step.detail("(development wallets derived from anvil's mnemonic; they only sign, EIP-712: no"
                            + " transaction, no gas)");
                });
    }

    private static void appointGroup(DemoContext demo, Progress.Step step, String category, List<Integer> wallets) {
        List<String> members =
                wallets.stream().map(i -> demo.chain().address(i)).toList();
        Api.Answer answer = demo.api()
                .asOperator(
                        OperatorRoles.CLAIMS_ADMIN,
                        "claim-service",
                        "PUT",
                        "/assessor-groups/" + category,
                        Map.of("members", members),
                        "demo-appoint-" + category.toLowerCase(Locale.ROOT) + "-"
                                + String.join("-", members).hashCode());
        expect(answer, "PUT /assessor-groups/" + category, "claim-service", 200, 202);
        AssessorGroupAppointed appointed = await(
                demo,
                step,
                "waiting for AssessorGroupAppointed " + category,
                "claim.events",
                AssessorGroupAppointed.class,
                e -> e.getCategory().equals(category) && e.getMembers().equals(members));
        step.detail("PUT /assessor-groups/" + category + " " + arrow(demo) + " " + answer.status() + " "
                + arrow(demo) + " claim.events AssessorGroupAppointed " + appointed.getGroupId() + ": "
                + String.join(
                        ", ",
                        wallets.stream()
                                .map(i -> "dev:" + i + " "
                                        + Chain.shortHex(demo.chain().address(i)))
                                .toList()));
    }

    // ------------------------------------------------------------------------------------------- incidents

    void declare(DemoContext demo, String incidentId, String title, Instant occurredAt, IncidentPayoutMode expected) {
        demo.step(
                "An operator declares incident " + incidentId + " on " + PRODUCT_ID + " (claims-admin token)"
                        + (expected == null ? "" : ": " + expected),
                step -> {
                    // the premiums of the covers just bought are in the pool's capital before the incident records it
                    for (PolicyActivated activated : demo.events().all("policy.events", PolicyActivated.class)) {
                        await(
                                demo,
                                step,
                                "waiting for the pool's PremiumRecorded of " + shortId(activated.getPolicyId()),
                                "pool.events",
                                PremiumRecorded.class,
                                e -> e.getPolicyId().equals(activated.getPolicyId()),
                                "pool-service");
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("incidentId", incidentId);
                    body.put("title", title);
                    body.put("productIds", List.of(PRODUCT_ID));
                    body.put("occurredAt", occurredAt.toString());
                    Api.Answer answer = demo.api()
                            .asOperator(
                                    OperatorRoles.CLAIMS_ADMIN,
                                    "claim-service",
                                    "POST",
                                    "/incidents",
                                    body,
                                    "demo-" + incidentId);
                    expect(answer, "POST /incidents", "claim-service", 201, 202);
                    IncidentDeclared declared = await(
                            demo,
                            step,
                            "waiting for IncidentDeclared",
                            "claim.events",
                            IncidentDeclared.class,
                            e -> e.getIncidentId().equals(incidentId));
                    step.detail("POST /incidents \"" + title + "\", occurred at " + ProductChapter.time(occurredAt)
                            + " " + arrow(demo) + " " + answer.status() + " " + arrow(demo)
                            + " claim.events IncidentDeclared, mode " + declared.getMode() + ", claims until "
                            + ProductChapter.time(declared.getClaimWindowEndsAt()) + " (window "
                            + Duration.ofMillis(declared.getClaimWindowMs()).toSeconds()
                            + " s: coverclaims.claim.incident-claim-window in the demo)");
                    for (IncidentPool pool : declared.getPools()) {
                        boolean covered = pool.getWorstCase().compareTo(pool.getCapital()) <= 0;
                        step.detail(
                                pool.getPoolId() + ": capital " + tusd(pool.getCapital()) + (covered ? " ≥ " : " < ")
                                        + "worst case " + tusd(pool.getWorstCase()) + " (all active cover left on "
                                        + PRODUCT_ID + ")");
                    }
                    step.detail(
                            declared.getMode() == IncidentPayoutMode.FULL
                                    ? "FULL: the pool covers the worst case, so each accepted claim is paid in full at"
                                            + " once"
                                    : "PRO_RATA: the cover at risk exceeds the capital, so the accepted claims are paid"
                                            + " one ratio, once the claim window closed and every claim is decided");
                    if (expected != null && declared.getMode() != expected) {
                        throw new DemoFailure(
                                "incident " + incidentId + " was declared " + declared.getMode()
                                        + ", the demo expected " + expected,
                                "claim-service");
                    }
                });
    }

    // ------------------------------------------------------------------------------------------ submission

    void submitAndPay(DemoContext demo, Claim claim, String incidentId, Instant incidentAt) {
        demo.step(
                claim.who() + " claims " + tusd(claim.claimed) + " naming " + incidentId
                        + " (signed SubmitClaim) and pays its claim deposit on chain",
                step -> {
                    Chain chain = demo.chain();
                    String claimant = chain.address(claim.claimant);
                    String description = "lost funds in " + incidentId;
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("policyId", claim.policyId);
                    body.put("claimant", claimant);
                    body.put("incidentAt", incidentAt.toString());
                    body.put("claimedAmount", claim.claimed.toString());
                    body.put("description", description);
                    body.put("incidentId", incidentId);
                    Map<String, Object> signed = new LinkedHashMap<>();
                    signed.put("policyId", claim.policyId);
                    signed.put("claimant", claimant);
                    signed.put("incidentAt", BigInteger.valueOf(incidentAt.toEpochMilli()));
                    signed.put("claimedAmount", claim.claimed);
                    signed.put("description", description);
                    signed.put("evidenceUri", "");
                    signed.put("incidentId", incidentId);
                    List<String> known = demo.events().all("claim.events", ClaimSubmitted.class).stream()
                            .filter(e -> e.getPolicyId().equals(claim.policyId))
                            .map(ClaimSubmitted::getClaimId)
                            .toList();
                    Api.Answer answer = demo.api()
                            .signed(
                                    "claim-service",
                                    "/claims",
                                    body,
                                    "SubmitClaim",
                                    signed,
                                    chain.accounts.get(claim.claimant));
                    expect(answer, "POST /claims", "claim-service", 201, 202);
                    String location = answer.header("Location");
                    if (answer.status() == 201 && location != null) {
                        claim.claimId = location.substring(location.lastIndexOf('/') + 1);
                    } else { // 202: decided after the reply timeout; the claim is the policy's newest one
                        claim.claimId = await(
                                        demo,
                                        step,
                                        "waiting for ClaimSubmitted",
                                        "claim.events",
                                        ClaimSubmitted.class,
                                        e -> e.getPolicyId().equals(claim.policyId) && !known.contains(e.getClaimId()))
                                .getClaimId();
                    }
                    ClaimSubmitted submitted = await(
                            demo,
                            step,
                            "waiting for ClaimSubmitted",
                            "claim.events",
                            ClaimSubmitted.class,
                            e -> e.getClaimId().equals(claim.claimId));
                    IncidentClaimRegistered registered = await(
                            demo,
                            step,
                            "waiting for IncidentClaimRegistered",
                            "claim.events",
                            IncidentClaimRegistered.class,
                            e -> e.getClaimId().equals(claim.claimId));
                    step.detail("POST /claims on " + shortId(claim.policyId) + " with " + claim.who()
                            + "'s EIP-712 signature of SubmitClaim " + arrow(demo) + " " + answer.status() + " "
                            + shortId(claim.claimId) + " " + arrow(demo) + " claim.events ClaimSubmitted (deposit "
                            + tusd(submitted.getRequiredDeposit()) + ", "
                            + submitted.getAssessors().size()
                            + " assessors of " + submitted.getAssessorGroupId() + ") " + arrow(demo)
                            + " IncidentClaimRegistered in " + registered.getIncidentId());
                    JsonNode due = paymentDue(demo, step, claim, "CLAIM_DEPOSIT");
                    BigInteger amount = new BigInteger(due.path("amount").asText());
                    Chain.BondLog paid = pay(demo, step, claim, 0, amount);
                    step.detail("GET /claims/" + shortId(claim.claimId) + " paymentDue "
                            + due.path("kind").asText()
                            + " " + tusd(amount) + ": " + claim.who() + " approves ClaimsPool and calls payClaimBond(\""
                            + shortId(claim.claimId) + "\", 0, " + amount + "): tx " + Chain.shortHex(paid.txHash())
                            + ", block " + paid.block() + ", ClaimBondPaid");
                    ClaimBondObserved observed = observed(demo, step, paid, ClaimBondKind.CLAIM_DEPOSIT);
                    ClaimDepositReceived received = await(
                            demo,
                            step,
                            "waiting for ClaimDepositReceived",
                            "claim.events",
                            ClaimDepositReceived.class,
                            e -> e.getClaimId().equals(claim.claimId)
                                    && e.getTxHash().equalsIgnoreCase(paid.txHash()));
                    AssessmentOpened opened = await(
                            demo,
                            step,
                            "waiting for AssessmentOpened",
                            "claim.events",
                            AssessmentOpened.class,
                            e -> e.getClaimId().equals(claim.claimId));
                    step.detail(arrow(demo) + " chain.events ClaimBondObserved " + observed.getKind() + " (seen with "
                            + observed.getConfirmations() + " confirmations) " + arrow(demo)
                            + " claim.events ClaimDepositReceived " + tusd(received.getTotalReceived()) + " of "
                            + tusd(received.getRequiredDeposit()) + " " + arrow(demo)
                            + " AssessmentOpened, voting until "
                            + ProductChapter.time(opened.getVotingEndsAt()) + " ("
                            + Duration.ofMillis(opened.getMinVotingMs()).toSeconds()
                            + " s: coverclaims.claim.min-voting in the demo)");
                });
    }

    /** The claim's paymentDue of {@code kind} in GET /claims/{claimId} (the read model may lag a moment). */
    private static JsonNode paymentDue(DemoContext demo, Progress.Step step, Claim claim, String kind) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Api.Answer last = null;
        while (System.nanoTime() < deadline) {
            last = demo.api().get("claim-service", "/claims/" + claim.claimId);
            if (last.status() == 200
                    && kind.equals(last.body().path("paymentDue").path("kind").asText())
                    && new BigInteger(last.body()
                                            .path("paymentDue")
                                            .path("amount")
                                            .asText("0"))
                                    .signum()
                            > 0) {
                return last.body().path("paymentDue");
            }
            step.status("waiting for GET /claims/" + shortId(claim.claimId) + " to show the " + kind + " due");
            Broker.sleep(250);
        }
        throw new DemoFailure(
                "GET /claims/" + claim.claimId + " showed no " + kind + " due within " + PATIENCE.toSeconds() + " s: "
                        + (last == null ? "no answer" : last.describe()),
                "claim-service");
    }

    /** The claimant approves ClaimsPool and pays {@code amount} towards the claim's deposit (0) or appeal bond (1). */
    private static Chain.BondLog pay(DemoContext demo, Progress.Step step, Claim claim, int kind, BigInteger amount) {
        Chain chain = demo.chain();
        float_(demo, claim.claimant);
        step.status(claim.who() + " approves ClaimsPool and calls payClaimBond");
        chain.approve(claim.claimant, chain.pool, amount);
        TransactionReceipt receipt = chain.payClaimBond(claim.claimant, claim.claimId, kind, amount);
        return chain.bondLog(receipt);
    }

    /**
     * A claimant holds {@link #FLOAT} tUSD for its deposit and bond (minted when it has less), and its balance before
     * its first payment in this run is noted for the verification.
     */
    private static void float_(DemoContext demo, int account) {
        Chain chain = demo.chain();
        String address = chain.address(account);
        if (demo.claimants().containsKey(address)) {
            return;
        }
        BigInteger balance = chain.balanceOf(address);
        if (balance.compareTo(FLOAT) < 0) {
            chain.mint(account, FLOAT.subtract(balance));
        }
        long block = chain.blockNumber();
        demo.claimants().put(address, new DemoContext.Baseline(block, chain.balanceOf(address, block)));
    }

    private static ClaimBondObserved observed(
            DemoContext demo, Progress.Step step, Chain.BondLog paid, ClaimBondKind kind) {
        return await(
                demo,
                step,
                "waiting for chain-bridge to observe the payment with enough confirmations",
                "chain.events",
                ClaimBondObserved.class,
                e -> e.getTxHash().equalsIgnoreCase(paid.txHash()) && e.getKind() == kind,
                "chain-bridge");
    }

    // ------------------------------------------------------------------------------------------ assessment

    void vote(DemoContext demo, Claim claim, String how, List<Ballot> ballots) {
        demo.step("The assessors vote on " + claim.who() + "'s claim (each signs CastAssessmentVote): " + how, step -> {
            Chain chain = demo.chain();
            List<String> lines = new ArrayList<>();
            for (Ballot ballot : ballots) {
                String assessor = chain.address(ballot.assessor());
                String decision = ballot.accept() ? "ACCEPT" : "DENY";
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("assessor", assessor);
                body.put("decision", decision);
                if (ballot.loss() != null) {
                    body.put("assessedLoss", ballot.loss().toString());
                }
                body.put("rationale", ballot.rationale());
                Map<String, Object> signed = new LinkedHashMap<>();
                signed.put("claimId", claim.claimId);
                signed.put("assessor", assessor);
                signed.put("decision", decision);
                signed.put("assessedLoss", ballot.loss() == null ? BigInteger.ZERO : ballot.loss());
                signed.put("rationale", ballot.rationale());
                Api.Answer answer = demo.api()
                        .signed(
                                "claim-service",
                                "/claims/" + claim.claimId + "/votes",
                                body,
                                "CastAssessmentVote",
                                signed,
                                chain.accounts.get(ballot.assessor()));
                expect(answer, "POST /claims/" + claim.claimId + "/votes", "claim-service", 200, 202);
                AssessmentVoteCast cast = await(
                        demo,
                        step,
                        "waiting for AssessmentVoteCast",
                        "claim.events",
                        AssessmentVoteCast.class,
                        e -> e.getClaimId().equals(claim.claimId)
                                && e.getAssessor().equals(assessor));
                lines.add("dev:" + ballot.assessor() + " " + decision
                        + (cast.getAssessedLoss() == null ? "" : " " + tusd(cast.getAssessedLoss())) + " (weight "
                        + cast.getStakeWeight() + ")");
            }
            AssessmentClosed closed = await(
                    demo,
                    step,
                    "waiting for AssessmentClosed",
                    "claim.events",
                    AssessmentClosed.class,
                    e -> e.getClaimId().equals(claim.claimId));
            step.detail("POST /claims/" + shortId(claim.claimId) + "/votes " + arrow(demo)
                    + " claim.events AssessmentVoteCast: " + String.join(", ", lines));
            step.detail(arrow(demo) + " AssessmentClosed at once, every assessor having voted: " + closed.getOutcome()
                    + " " + closed.getAcceptWeight() + " to " + closed.getDenyWeight()
                    + (closed.getAssessedLoss() == null
                            ? ""
                            : ", assessed loss " + tusd(closed.getAssessedLoss())
                                    + " (the median of the accepting votes)")
                    + "; cooldown until " + ProductChapter.time(closed.getCooldownEndsAt()) + " ("
                    + Duration.ofMillis(closed.getCooldownMs()).toSeconds() + " s in the demo: an operator may void a"
                    + " fraudulent vote until then)");
        });
    }

    /** ClaimAccepted (after the cooldown, or on appeal) and, when the incident releases it at once, its settlement. */
    void accepted(DemoContext demo, Claim claim, String how) {
        demo.step(claim.who() + "'s claim is " + how + ", settled by the pool", step -> {
            ClaimAccepted accepted = await(
                    demo,
                    step,
                    "waiting for the end of the cooldown: ClaimAccepted",
                    "claim.events",
                    ClaimAccepted.class,
                    e -> e.getClaimId().equals(claim.claimId));
            claim.accepted = accepted;
            step.detail("claim.events ClaimAccepted" + (accepted.getAppealId() == null ? "" : " (on appeal)")
                    + ": claimed " + tusd(accepted.getClaimedAmount()) + ", assessed loss "
                    + tusd(accepted.getAssessedLoss()) + ", payout " + tusd(accepted.getPayoutAmount())
                    + (accepted.getPartial() ? " (partial)" : "") + ", deposit refund "
                    + tusd(accepted.getDepositRefund()));
            refunds(demo, step, claim);
            IncidentClaimAdmitted admitted = await(
                    demo,
                    step,
                    "waiting for IncidentClaimAdmitted",
                    "claim.events",
                    IncidentClaimAdmitted.class,
                    e -> e.getClaimId().equals(claim.claimId));
            IncidentClaimReleased released = await(
                    demo,
                    step,
                    "waiting for IncidentClaimReleased",
                    "claim.events",
                    IncidentClaimReleased.class,
                    e -> e.getClaimId().equals(claim.claimId));
            step.detail(arrow(demo) + " IncidentClaimAdmitted in " + admitted.getIncidentId() + " "
                    + arrow(demo) + " IncidentClaimReleased at " + Amounts.percentFromPpm(released.getRatioPpm())
                    + " (FULL: at once)");
            settlement(demo, step, claim);
        });
    }

    /** The claim's refunds due so far: ClaimRefundDue, each queued by chain-bridge like a payout. */
    private static void refunds(DemoContext demo, Progress.Step step, Claim claim) {
        for (ClaimRefundDue refund : refundsOf(demo, claim)) {
            step.detail(arrow(demo) + " ClaimRefundDue " + refund.getKind() + " " + tusd(refund.getAmount()) + " ("
                    + shortReference(refund.getRefundId()) + "), to be redeemed like a payout");
        }
    }

    private static List<ClaimRefundDue> refundsOf(DemoContext demo, Claim claim) {
        return demo.events().all("claim.events", ClaimRefundDue.class).stream()
                .filter(e -> e.getClaimId().equals(claim.claimId))
                .toList();
    }

    /** ClaimPayoutRequested → the pool's PayoutReserved → ClaimSettled. */
    private static void settlement(DemoContext demo, Progress.Step step, Claim claim) {
        ClaimPayoutRequested requested = await(
                demo,
                step,
                "waiting for ClaimPayoutRequested",
                "claim.events",
                ClaimPayoutRequested.class,
                e -> e.getClaimId().equals(claim.claimId));
        PayoutReserved reserved = await(
                demo,
                step,
                "waiting for the pool's PayoutReserved",
                "pool.events",
                PayoutReserved.class,
                e -> e.getClaimId().equals(claim.claimId),
                "pool-service");
        ClaimSettled settled = await(
                demo,
                step,
                "waiting for ClaimSettled",
                "claim.events",
                ClaimSettled.class,
                e -> e.getClaimId().equals(claim.claimId));
        claim.settled = settled;
        step.detail(arrow(demo) + " ClaimPayoutRequested "
                + shortReference(requested.getPayoutId()) + " "
                + tusd(requested.getAmount()) + " (" + Amounts.percentFromPpm(requested.getRatioPpm()) + " of "
                + tusd(requested.getPayoutAmount()) + ") " + arrow(demo) + " pool.events PayoutReserved "
                + tusd(reserved.getReservedAmount()) + " of capital " + tusd(reserved.getAvailableCapital()) + " "
                + arrow(demo) + " claim.events ClaimSettled " + tusd(settled.getSettledAmount())
                + " (incident ratio " + Amounts.percentFromPpm(settled.getIncidentRatioPpm()) + ", pool pro rata "
                + Amounts.percentFromPpm(settled.getProRataPpm()) + ")");
    }

    // ---------------------------------------------------------------------------------------------- appeal

    private void deniedAndAppealed(DemoContext demo, Claim claim) {
        demo.step(
                claim.who() + "'s claim is denied; " + claim.who()
                        + " appeals (signed AppealClaim) and pays the appeal bond on chain",
                step -> {
                    ClaimDenied denied = await(
                            demo,
                            step,
                            "waiting for the end of the cooldown: ClaimDenied",
                            "claim.events",
                            ClaimDenied.class,
                            e -> e.getClaimId().equals(claim.claimId));
                    step.detail("claim.events ClaimDenied " + denied.getOutcome() + " " + denied.getAcceptWeight()
                            + " to " + denied.getDenyWeight() + ": the deposit is kept (refund "
                            + tusd(denied.getDepositRefund()) + "); appeal until "
                            + ProductChapter.time(denied.getAppealDeadline()) + " ("
                            + Duration.ofMillis(denied.getAppealWindowMs()).toSeconds()
                            + " s in the demo) with a bond of " + tusd(denied.getAppealBond())
                            + " (1 % of the claim, at least the floor)");
                    Chain chain = demo.chain();
                    String appellant = chain.address(claim.claimant);
                    String grounds = "the protocol's own post-mortem lists this wallet among those drained";
                    Api.Answer answer = demo.api()
                            .signed(
                                    "claim-service",
                                    "/claims/" + claim.claimId + "/appeal",
                                    Map.of("appellant", appellant, "grounds", grounds),
                                    "AppealClaim",
                                    Map.of("claimId", claim.claimId, "appellant", appellant, "grounds", grounds),
                                    chain.accounts.get(claim.claimant));
                    expect(answer, "POST /claims/" + claim.claimId + "/appeal", "claim-service", 200, 202);
                    ClaimAppealed appealed = await(
                            demo,
                            step,
                            "waiting for ClaimAppealed",
                            "claim.events",
                            ClaimAppealed.class,
                            e -> e.getClaimId().equals(claim.claimId));
                    step.detail("POST /claims/" + shortId(claim.claimId) + "/appeal with " + claim.who()
                            + "'s signature " + arrow(demo) + " " + answer.status() + " " + arrow(demo)
                            + " claim.events ClaimAppealed " + shortReference(appealed.getAppealId()) + ", bond "
                            + tusd(appealed.getBondAmount()) + ", arbiters "
                            + appealed.getArbiters().stream()
                                    .map(Chain::shortHex)
                                    .toList());
                    JsonNode due = paymentDue(demo, step, claim, "APPEAL_BOND");
                    BigInteger amount = new BigInteger(due.path("amount").asText());
                    Chain.BondLog paid = pay(demo, step, claim, 1, amount);
                    ClaimBondObserved observed = observed(demo, step, paid, ClaimBondKind.APPEAL_BOND);
                    AppealBondReceived received = await(
                            demo,
                            step,
                            "waiting for AppealBondReceived",
                            "claim.events",
                            AppealBondReceived.class,
                            e -> e.getClaimId().equals(claim.claimId)
                                    && e.getTxHash().equalsIgnoreCase(paid.txHash()));
                    step.detail(claim.who() + " approves ClaimsPool and calls payClaimBond(\"" + shortId(claim.claimId)
                            + "\", 1, " + amount + "): tx " + Chain.shortHex(paid.txHash()) + ", block " + paid.block()
                            + " " + arrow(demo) + " chain.events ClaimBondObserved " + observed.getKind() + " "
                            + arrow(demo) + " claim.events AppealBondReceived " + tusd(received.getTotalReceived())
                            + " of " + tusd(received.getRequiredBond()) + ": the arbiter may decide");
                });
    }

    private void upheld(DemoContext demo, Claim claim) {
        demo.step(
                "The arbiter dev:" + ARBITER + " upholds " + claim.who() + "'s appeal (signed DecideAppeal)", step -> {
                    Chain chain = demo.chain();
                    String arbiter = chain.address(ARBITER);
                    String reason = "the post-mortem shows the loss; the assessors missed it";
                    Map<String, Object> signed = new LinkedHashMap<>();
                    signed.put("claimId", claim.claimId);
                    signed.put("arbiter", arbiter);
                    signed.put("decision", "UPHOLD");
                    signed.put("assessedLoss", BigInteger.ZERO);
                    signed.put("reason", reason);
                    Api.Answer answer = demo.api()
                            .signed(
                                    "claim-service",
                                    "/claims/" + claim.claimId + "/appeal/decision",
                                    Map.of("arbiter", arbiter, "decision", "UPHOLD", "reason", reason),
                                    "DecideAppeal",
                                    signed,
                                    chain.accounts.get(ARBITER));
                    expect(answer, "POST /claims/" + claim.claimId + "/appeal/decision", "claim-service", 200, 202);
                    AppealDecided decided = await(
                            demo,
                            step,
                            "waiting for AppealDecided",
                            "claim.events",
                            AppealDecided.class,
                            e -> e.getClaimId().equals(claim.claimId));
                    step.detail("POST /claims/" + shortId(claim.claimId) + "/appeal/decision with dev:" + ARBITER
                            + "'s signature (an arbiter, not one of the claim's assessors) " + arrow(demo) + " "
                            + answer.status() + " " + arrow(demo) + " claim.events AppealDecided upheld "
                            + decided.getUpheld() + ", assessed loss "
                            + (decided.getAssessedLoss() == null
                                    ? "the claimed amount"
                                    : tusd(decided.getAssessedLoss()))
                            + ", bond refund " + tusd(decided.getBondRefund()));
                });
    }

    // -------------------------------------------------------------------------------------------- pro rata

    private void raiseWeight(DemoContext demo) {
        demo.step(
                "An operator lets " + PRODUCT_ID + " use all of " + ProductChapter.POOL_ID
                        + "'s capacity (pool-admin token): more cover than capital",
                step -> {
                    Map<String, Object> body =
                            Map.of("products", List.of(Map.of("productId", PRODUCT_ID, "weightBps", 10_000)));
                    Api.Answer answer = demo.api()
                            .asOperator(
                                    OperatorRoles.POOL_ADMIN,
                                    "pool-service",
                                    "PUT",
                                    "/pools/" + ProductChapter.POOL_ID + "/products",
                                    body,
                                    "demo-" + PRODUCT_ID + "-weight-10000");
                    expect(answer, "PUT /pools/" + ProductChapter.POOL_ID + "/products", "pool-service", 200, 202);
                    ProductWeightsSet set = await(
                            demo,
                            step,
                            "waiting for ProductWeightsSet",
                            "pool.events",
                            ProductWeightsSet.class,
                            e -> e.getPoolId().equals(ProductChapter.POOL_ID)
                                    && e.getProducts().stream()
                                            .anyMatch(p ->
                                                    p.getProductId().equals(PRODUCT_ID) && p.getWeightBps() == 10_000),
                            "pool-service");
                    JsonNode product = ProductChapter.product(ProductChapter.pool(demo));
                    step.detail("PUT /pools/" + ProductChapter.POOL_ID + "/products " + arrow(demo) + " "
                            + answer.status() + " " + arrow(demo) + " pool.events ProductWeightsSet: " + PRODUCT_ID
                            + " " + set.getProducts().getFirst().getWeightBps() / 100 + " %; capacity "
                            + tusd(product.path("capacity").asText("0")) + " (capital x 2.0), available "
                            + tusd(product.path("available").asText("0")));
                });
    }

    /** A claim of a PRO_RATA incident accepted: admitted to the incident, its payout held until the ratio is fixed. */
    private void held(DemoContext demo, Claim claim, String incidentId) {
        demo.step(claim.who() + "'s claim is accepted; its payout waits for the incident's ratio", step -> {
            ClaimAccepted accepted = await(
                    demo,
                    step,
                    "waiting for the end of the cooldown: ClaimAccepted",
                    "claim.events",
                    ClaimAccepted.class,
                    e -> e.getClaimId().equals(claim.claimId));
            claim.accepted = accepted;
            IncidentClaimAdmitted admitted = await(
                    demo,
                    step,
                    "waiting for IncidentClaimAdmitted",
                    "claim.events",
                    IncidentClaimAdmitted.class,
                    e -> e.getClaimId().equals(claim.claimId));
            step.detail("claim.events ClaimAccepted: payout " + tusd(accepted.getPayoutAmount()) + ", deposit refund "
                    + tusd(accepted.getDepositRefund()) + " " + arrow(demo) + " IncidentClaimAdmitted in "
                    + admitted.getIncidentId() + ": held (PRO_RATA), no payout requested yet");
            refunds(demo, step, claim);
        });
    }

    private IncidentRatioFixed ratioFixed(DemoContext demo, String incidentId, List<Claim> claims) {
        IncidentRatioFixed[] fixed = new IncidentRatioFixed[1];
        demo.step("The claim window of " + incidentId + " closes: the incident's ratio is fixed", step -> {
            IncidentWindowClosed closed = await(
                    demo,
                    step,
                    "waiting for the end of the claim window: IncidentWindowClosed",
                    "claim.events",
                    IncidentWindowClosed.class,
                    e -> e.getIncidentId().equals(incidentId));
            IncidentRatioFixed ratio = await(
                    demo,
                    step,
                    "waiting for IncidentRatioFixed",
                    "claim.events",
                    IncidentRatioFixed.class,
                    e -> e.getIncidentId().equals(incidentId));
            List<String> released = new ArrayList<>();
            for (Claim claim : claims) {
                IncidentClaimReleased release = await(
                        demo,
                        step,
                        "waiting for IncidentClaimReleased",
                        "claim.events",
                        IncidentClaimReleased.class,
                        e -> e.getClaimId().equals(claim.claimId));
                released.add(claim.who() + " " + Amounts.percentFromPpm(release.getRatioPpm()));
            }
            step.detail("claim.events IncidentWindowClosed (" + closed.getRegisteredClaims() + " claims registered, "
                    + closed.getUndecidedClaims() + " undecided; by the deadline scheduler: nobody called)");
            step.detail(
                    arrow(demo) + " IncidentRatioFixed " + Amounts.percentFromPpm(ratio.getRatioPpm()) + " = capital "
                            + tusd(ratio.getTotalCapital()) + " / accepted " + tusd(ratio.getTotalAccepted()) + " ("
                            + ratio.getAcceptedClaims() + " claims) " + arrow(demo) + " IncidentClaimReleased: "
                            + String.join(", ", released));
            fixed[0] = ratio;
        });
        return fixed[0];
    }

    /**
     * The premiums the pool booked, moved into ClaimsPool. The pool's capital counts the premiums (pool-service's
     * RecordPremium), but nothing in the system takes them on chain yet (BuyCover's premiumPaymentRef is a reference
     * only), so ClaimsPool holds the deposits and not the premiums; an incident paid pro rata pays out the whole
     * capital, more than the deposits. The demo's treasury (dev:9) transfers the premiums booked (a plain ERC-20
     * transfer: no CapitalDeposited, the books do not change), and the verification counts these transfers.
     */
    private void premiumsIntoThePool(DemoContext demo) {
        demo.step(
                "The premiums the pool booked are moved into ClaimsPool (premiums are not paid on chain yet)", step -> {
                    Chain chain = demo.chain();
                    JsonNode pool = ProductChapter.pool(demo);
                    BigInteger premiums =
                            new BigInteger(pool.path("ledger").path("premiums").asText("0"));
                    BigInteger moved = chain.transfers(chain.address(TREASURY), chain.pool).stream()
                            .map(Chain.TransferLog::amount)
                            .reduce(BigInteger.ZERO, BigInteger::add);
                    BigInteger missing = premiums.subtract(moved);
                    step.detail(
                            ProductChapter.POOL_ID + "'s capital counts " + tusd(premiums)
                                    + " of premiums, which no one paid on chain: BuyCover's premiumPaymentRef is a reference only");
                    step.detail(
                            "the pro-rata incident pays out the whole capital, more than the deposits ClaimsPool holds");
                    if (missing.signum() > 0) {
                        chain.mint(TREASURY, missing);
                        TransactionReceipt receipt = chain.transfer(TREASURY, chain.pool, missing);
                        step.detail("dev:" + TREASURY + " (the demo's treasury) mints and transfers " + tusd(missing)
                                + " to ClaimsPool: tx " + Chain.shortHex(receipt.getTransactionHash())
                                + " (a plain transfer: no CapitalDeposited, the books do not change; the verification"
                                + " counts it)");
                    } else {
                        step.detail("already moved: " + tusd(moved));
                    }
                    step.detail("ClaimsPool now holds " + tusd(chain.balanceOf(chain.pool)));
                });
    }

    private void settledAtTheRatio(DemoContext demo, String incidentId, IncidentRatioFixed ratio, List<Claim> claims) {
        demo.step(
                "Every claim of " + incidentId + " is settled at the same ratio, "
                        + Amounts.percentFromPpm(ratio.getRatioPpm()),
                step -> {
                    for (Claim claim : claims) {
                        settlement(demo, step, claim);
                        if (claim.settled.getIncidentRatioPpm() != ratio.getRatioPpm()) {
                            throw new DemoFailure(
                                    claim.claimId + " was settled at " + claim.settled.getIncidentRatioPpm()
                                            + " ppm, not the incident's " + ratio.getRatioPpm(),
                                    "claim-service");
                        }
                    }
                    BigInteger total = claims.stream()
                            .map(c -> c.settled.getSettledAmount().toBigIntegerExact())
                            .reduce(BigInteger.ZERO, BigInteger::add);
                    step.detail("ClaimSettled.incidentRatioPpm " + ratio.getRatioPpm()
                            + " on all " + claims.size() + "; " + tusd(total) + " settled in all, within the capital "
                            + tusd(ratio.getTotalCapital()));
                });
    }

    // ---------------------------------------------------------------------------------------------- redemption

    /** chain-bridge anchors the claim's payout and refunds; the claimant fetches each proof and redeems it. */
    void redeem(DemoContext demo, Claim claim) {
        demo.step(
                claim.who() + " fetches its proofs and redeems its payout"
                        + (refundsOf(demo, claim).isEmpty() ? "" : " and refunds") + " on chain",
                step -> {
                    Chain chain = demo.chain();
                    String claimant = chain.address(claim.claimant);
                    BigInteger before = chain.balanceOf(claimant);
                    BigInteger expected = claim.settled.getSettledAmount().toBigIntegerExact();
                    redeemOne(demo, step, claim, claim.claimId, "/settlements/claims/" + claim.claimId + "/proof");
                    for (ClaimRefundDue refund : refundsOf(demo, claim)) {
                        expected = expected.add(refund.getAmount().toBigIntegerExact());
                        redeemOne(
                                demo,
                                step,
                                claim,
                                refund.getRefundId(),
                                "/settlements/proof?referenceId="
                                        + URLEncoder.encode(refund.getRefundId(), StandardCharsets.UTF_8));
                    }
                    ClaimPaid paid = await(
                            demo,
                            step,
                            "waiting for ClaimPaid",
                            "claim.events",
                            ClaimPaid.class,
                            e -> e.getClaimId().equals(claim.claimId));
                    PayoutDisbursed disbursed = await(
                            demo,
                            step,
                            "waiting for the pool's PayoutDisbursed",
                            "pool.events",
                            PayoutDisbursed.class,
                            e -> e.getClaimId().equals(claim.claimId),
                            "pool-service");
                    BigInteger after = chain.balanceOf(claimant);
                    BigInteger rose = after.subtract(before);
                    step.detail(arrow(demo) + " claim.events ClaimPaid " + tusd(paid.getAmount()) + " (tx "
                            + Chain.shortHex(paid.getTxHash()) + ") " + arrow(demo) + " pool.events PayoutDisbursed "
                            + tusd(disbursed.getAmount()));
                    step.detail(claim.who() + "'s tUSD balance " + tusd(before) + " " + arrow(demo) + " " + tusd(after)
                            + ": +" + tusd(rose) + (rose.equals(expected) ? " = " : " ≠ ")
                            + "its payout and refunds " + tusd(expected));
                    if (!rose.equals(expected)) {
                        throw new DemoFailure(
                                claim.who() + "'s balance rose by " + tusd(rose) + ", not " + tusd(expected), "anvil");
                    }
                });
    }

    private static void redeemOne(DemoContext demo, Progress.Step step, Claim claim, String reference, String path) {
        JsonNode proof = anchoredProof(demo, step, reference, path);
        String batchId = proof.path("batchId").asText();
        SettlementBatchAnchored anchored = await(
                demo,
                step,
                "waiting for SettlementBatchAnchored",
                "chain.events",
                SettlementBatchAnchored.class,
                e -> e.getBatchId().equalsIgnoreCase(batchId),
                "chain-bridge");
        List<String> siblings = new ArrayList<>();
        proof.path("proof").forEach(hash -> siblings.add(hash.asText()));
        BigInteger amount = new BigInteger(proof.path("amount").asText());
        Chain chain = demo.chain();
        step.status(claim.who() + " redeems " + shortReference(reference));
        TransactionReceipt receipt = chain.redeem(
                claim.claimant,
                batchId,
                proof.path("onChainClaimId").asText(),
                proof.path("claimant").asText(),
                amount,
                siblings);
        Chain.RedeemedLog log = chain.redeemedLog(receipt);
        SettlementRedeemed redeemed = await(
                demo,
                step,
                "waiting for chain-bridge to observe the redemption",
                "chain.events",
                SettlementRedeemed.class,
                e -> e.getReferenceId().equals(reference),
                "chain-bridge");
        step.detail("GET " + path.replace(claim.claimId, shortId(claim.claimId)) + " " + arrow(demo) + " "
                + proof.path("kind").asText() + " " + tusd(amount) + ", leaf "
                + proof.path("leafIndex").asInt()
                + " of batch " + Chain.shortHex(batchId) + " (chain.events SettlementBatchAnchored, tx "
                + Chain.shortHex(anchored.getTxHash()) + ", " + anchored.getLeafCount() + " leaves)");
        step.detail("  " + claim.who() + " calls redeem(batch, claim, " + Chain.shortHex(log.claimant()) + ", "
                + amount + ", proof of " + siblings.size() + "): tx " + Chain.shortHex(log.txHash()) + ", block "
                + log.block() + ", PayoutRedeemed " + arrow(demo) + " chain.events SettlementRedeemed "
                + redeemed.getKind());
        if (reference.equals(claim.claimId) && claim.accepted != null) {
            ClaimPayoutRequested requested = await(
                    demo,
                    step,
                    "reading ClaimPayoutRequested",
                    "claim.events",
                    ClaimPayoutRequested.class,
                    e -> e.getClaimId().equals(claim.claimId));
            Instant anchoredAt = anchored.getMetadata().getOccurredAt();
            step.detail("  measured: accepted " + arrow(demo) + " redeemable in "
                    + seconds(claim.accepted.getMetadata().getOccurredAt(), anchoredAt)
                    + " (ClaimAccepted " + arrow(demo) + " SettlementBatchAnchored); from its payout request "
                    + seconds(requested.getMetadata().getOccurredAt(), anchoredAt));
        }
    }

    /** {@code to - from} as seconds with one decimal, e.g. "2.3 s". */
    static String seconds(Instant from, Instant to) {
        return String.format(
                java.util.Locale.ROOT, "%.1f s", Duration.between(from, to).toMillis() / 1000.0);
    }

    /** chain-bridge's proof of {@code reference}, once its batch is anchored. */
    static JsonNode anchoredProof(DemoContext demo, Progress.Step step, String reference, String path) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Api.Answer last = null;
        while (System.nanoTime() < deadline) {
            last = demo.api().get("chain-bridge", path);
            if (last.status() == 200 && last.body().path("anchored").asBoolean()) {
                return last.body();
            }
            step.status("waiting for chain-bridge to seal and anchor " + shortReference(reference) + " ("
                    + (last.status() == 200 ? "sealed, not anchored yet" : last.status()) + ")");
            Broker.sleep(250);
        }
        throw new DemoFailure(
                "no anchored proof of " + reference + " within " + PATIENCE.toSeconds() + " s: GET " + path
                        + " answered " + (last == null ? "nothing" : last.describe()),
                "chain-bridge");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The latest cover {@code buyer} bought in the product's chapter (this run's). */
    private static ProductChapter.Purchase lastPurchase(DemoContext demo, int buyer) {
        String holder = demo.chain().address(buyer);
        List<PolicyActivated> activated = demo.events().all("policy.events", PolicyActivated.class).stream()
                .filter(e -> e.getHolder().equals(holder) && e.getProductId().equals(PRODUCT_ID))
                .toList();
        if (activated.isEmpty()) {
            throw new DemoFailure("dev:" + buyer + " bought no cover in the product's chapter");
        }
        PolicyActivated last = activated.getLast();
        return new ProductChapter.Purchase(last.getPolicyId(), buyer, last);
    }

    private static <T extends SpecificRecord> T await(
            DemoContext demo, Progress.Step step, String waiting, String topic, Class<T> type, Predicate<T> match) {
        return await(demo, step, waiting, topic, type, match, "claim-service");
    }

    private static <T extends SpecificRecord> T await(
            DemoContext demo,
            Progress.Step step,
            String waiting,
            String topic,
            Class<T> type,
            Predicate<T> match,
            String blame) {
        return demo.events().await(demo, step, waiting, PATIENCE, topic, type, match, blame);
    }

    private static String arrow(DemoContext demo) {
        return demo.progress().arrow();
    }

    /** cov-e0e47cb7-…, clm-e0e47cb7-…-2: ids shortened for the display. */
    static String shortId(String id) {
        if (id.startsWith("clm-") && id.length() > 40) {
            return id.substring(0, 12) + "…" + id.substring(40);
        }
        if (id.startsWith("cov-") && id.length() > 12) {
            return id.substring(0, 12) + "…";
        }
        return id;
    }

    /** A reference id (claim, refund, appeal) with its claim ids shortened. */
    static String shortReference(String reference) {
        StringBuilder shortened = new StringBuilder();
        for (String part : reference.split("/")) {
            if (!shortened.isEmpty()) {
                shortened.append('/');
            }
            shortened.append(
                    part.startsWith("apl-") || part.startsWith("pay-")
                            ? part.substring(0, 4) + shortId(part.substring(4))
                            : shortId(part));
        }
        return shortened.toString();
    }
}
