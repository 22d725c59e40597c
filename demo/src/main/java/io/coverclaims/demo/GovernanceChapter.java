package io.coverclaims.demo;

import static io.coverclaims.demo.Amounts.tusd;
import static io.coverclaims.demo.ProductChapter.POOL_ID;
import static io.coverclaims.demo.ProductChapter.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.coverclaims.platform.auth.DevelopmentKeys;
import io.coverclaims.schemas.chain.OnChainDepositObserved;
import io.coverclaims.schemas.chain.PoolPauseMirrored;
import io.coverclaims.schemas.claim.ClaimAccepted;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.claim.ClaimSubmitted;
import io.coverclaims.schemas.claim.IncidentClaimAdmitted;
import io.coverclaims.schemas.governance.GovernanceVoteCast;
import io.coverclaims.schemas.governance.ParameterChanged;
import io.coverclaims.schemas.governance.PauseChangeApproved;
import io.coverclaims.schemas.governance.PauseChangeRequested;
import io.coverclaims.schemas.governance.PauseFlag;
import io.coverclaims.schemas.governance.PauseFlagChanged;
import io.coverclaims.schemas.governance.ProposalCreated;
import io.coverclaims.schemas.governance.ProposalExecuted;
import io.coverclaims.schemas.governance.ProposalPassed;
import io.coverclaims.schemas.pool.CapitalDeposited;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Governance, as its users meet it: members with capital in the pool propose to change the claim deposit, vote with
 * EIP-712 signatures (each counted at most 5 % of the total stake), the proposal passes the 15 % quorum, waits its
 * timelock and is executed by the scheduler; claim-service asks the next claim for the new deposit. Then the
 * guardians: one guardian's pause request alone stops nothing; the second signature pauses claims; a claim submitted
 * meanwhile is refused 422 PAUSED; a claim accepted meanwhile waits, its settlement parked, and is settled exactly once
 * after the unpause. Last, a pause of everything: the time from the second guardian's signature until every service
 * enforces it and the pool contract is paused on chain.
 */
final class GovernanceChapter implements Chapter {

    /** Capital providers who become voting members: the assessors' and the arbiter's wallets, 50,000 tUSD each. */
    static final List<Integer> MEMBERS = List.of(10, 11, 12, 13);

    static final BigInteger MEMBER_STAKE = tusd(50_000);
    /** The members who vote, all FOR (dev:3 and dev:4 have been providers since the product's chapter). */
    static final List<Integer> VOTERS = List.of(3, 4, 10, 11, 12, 13);

    static final int PROPOSER = 3;
    static final String DEPOSIT = "claim.depositUnits";
    /** The buyer whose claim is followed through the pause. */
    static final int CLAIMANT = 5;

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration VOTING_PATIENCE = Duration.ofSeconds(90);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private String stamp;
    private final ClaimsChapter claims = new ClaimsChapter();

    @Override
    public String title() {
        return "Scenario · governance: a proposal changes the claim deposit; guardians pause claims 2 of 3, a claim is"
                + " refused, a settlement waits and resumes; everything paused and unpaused, on chain too";
    }

    @Override
    public void run(DemoContext demo) {
        stamp = LocalDateTime.now().format(STAMP);
        members(demo);
        long deposit = depositChange(demo);
        ProductChapter.Purchase cover = ProductChapter.buyActivated(
                demo,
                "Buyer dev:" + CLAIMANT + " buys 30-day cover of 2,000 tUSD for the governance chapter's claim",
                CLAIMANT,
                tusd(2_000),
                30,
                false);
        Instant exploitAt = Instant.now().minusSeconds(60);
        String incident = "inc-demo-" + stamp + "-g";
        claims.declare(demo, incident, "Demo oracle exploit, claimed under governance", exploitAt, null);
        ClaimsChapter.Claim claim = new ClaimsChapter.Claim(CLAIMANT, cover.policyId(), tusd(1_000));
        claims.submitAndPay(demo, claim, incident, exploitAt);
        newDeposit(demo, claim, deposit);
        oneGuardianAlone(demo);
        PauseFlagChanged paused = secondGuardian(demo, "claims", true);
        claims.vote(
                demo,
                claim,
                "all three ACCEPT while claims are paused (assessment is not)",
                ClaimsChapter.ASSESSORS.stream()
                        .map(a -> new ClaimsChapter.Ballot(a, true, null, "loss shown on chain"))
                        .toList());
        held(demo, claim, paused);
        refused(demo, cover, incident, exploitAt);
        unpause(demo, "claims");
        claims.accepted(demo, claim, "accepted; its parked settlement resumed after the unpause, exactly once");
        exactlyOnce(demo, claim);
        everything(demo);
        claims.redeem(demo, claim);
    }

    // ------------------------------------------------------------------------------------------------ members

    private void members(DemoContext demo) {
        demo.step(
                "Four more capital providers (dev:10 … dev:13) deposit " + tusd(MEMBER_STAKE)
                        + " each on chain and become voting members",
                step -> {
                    Chain chain = demo.chain();
                    for (int member : MEMBERS) {
                        step.status("dev:" + member + " mints, approves and deposits " + tusd(MEMBER_STAKE));
                        chain.mint(member, MEMBER_STAKE);
                        chain.approve(member, chain.pool, MEMBER_STAKE);
                        TransactionReceipt receipt = chain.deposit(member, MEMBER_STAKE);
                        Chain.DepositLog log = chain.depositLog(receipt);
                        demo.events()
                                .await(
                                        demo,
                                        step,
                                        "waiting for chain-bridge to observe " + Chain.shortHex(log.txHash()),
                                        PATIENCE,
                                        "chain.events",
                                        OnChainDepositObserved.class,
                                        e -> e.getTxHash().equalsIgnoreCase(log.txHash())
                                                && e.getLogIndex() == log.logIndex(),
                                        "chain-bridge");
                        demo.events()
                                .await(
                                        demo,
                                        step,
                                        "waiting for pool-service to record deposit " + log.depositId(),
                                        PATIENCE,
                                        "pool.events",
                                        CapitalDeposited.class,
                                        e -> e.getDepositId().equals(log.depositId()),
                                        "pool-service");
                    }
                    // governance-service's stake book reads pool.events on its own: wait until it has every deposit
                    List<String> stakes = new ArrayList<>();
                    for (int member : VOTERS) {
                        String address = chain.address(member);
                        BigInteger stake =
                                poll(demo, step, "waiting for governance-service's stake of dev:" + member, () -> {
                                    Api.Answer answer = demo.api().get("governance-service", "/stakes/" + address);
                                    expect(answer, "GET /stakes/" + address, "governance-service", 200);
                                    BigInteger value = new BigInteger(
                                            answer.body().path("stake").asText("0"));
                                    return MEMBERS.contains(member) && value.compareTo(MEMBER_STAKE) < 0 ? null : value;
                                });
                        stakes.add("dev:" + member + " " + tusd(stake));
                    }
                    step.detail("chain.events OnChainDepositObserved → pool.events CapitalDeposited (×"
                            + MEMBERS.size() + ") → governance-service's stake book (GET /stakes): "
                            + String.join(", ", stakes));
                });
    }

    // ------------------------------------------------------------------------------------------ the proposal

    /** The proposal, the votes, the tally, the timelock and the execution; the new deposit in whole tUSD. */
    private long depositChange(DemoContext demo) {
        long[] result = new long[1];
        String proposalId = "prop-demo-" + stamp;
        demo.step("Member dev:" + PROPOSER + " proposes to change the claim deposit (signed ProposeChange)", step -> {
            Api.Answer current = demo.api().get("governance-service", "/parameters/" + DEPOSIT);
            expect(current, "GET /parameters/" + DEPOSIT, "governance-service", 200);
            long before = current.body().path("parameter").path("value").asLong();
            long after = before == 2 ? 3 : 2;
            result[0] = after;
            Chain chain = demo.chain();
            String proposer = chain.address(PROPOSER);
            String title = "Lower the claim deposit to " + after + " tUSD";
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("name", DEPOSIT);
            change.put("value", Long.toString(after));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("proposalId", proposalId);
            body.put("proposer", proposer);
            body.put("title", title);
            body.put("description", "A smaller deposit for small claims; the demo's governance chapter.");
            body.put("changes", List.of(change));
            body.put("actions", List.of());
            Map<String, Object> signed = new LinkedHashMap<>();
            signed.put("proposalId", proposalId);
            signed.put("proposer", proposer);
            signed.put("title", title);
            signed.put("description", body.get("description"));
            signed.put("payloadHash", payloadHash(DEPOSIT, Long.toString(after)));
            Api.Answer answer = demo.api()
                    .signed(
                            "governance-service",
                            "/proposals",
                            body,
                            "ProposeChange",
                            signed,
                            chain.accounts.get(PROPOSER));
            expect(answer, "POST /proposals", "governance-service", 201, 202);
            ProposalCreated created = demo.events()
                    .await(
                            demo,
                            step,
                            "waiting for ProposalCreated",
                            PATIENCE,
                            "governance.events",
                            ProposalCreated.class,
                            e -> e.getProposalId().equals(proposalId),
                            "governance-service");
            step.detail("POST /proposals " + DEPOSIT + " " + before + " → " + after + " " + arrow(demo) + " "
                    + answer.status() + " " + arrow(demo) + " governance.events ProposalCreated: total stake "
                    + tusd(created.getTotalWeight()) + " of "
                    + created.getStakeSnapshot().size()
                    + " members (snapshot at pool.events " + created.getSnapshotPosition() + "), quorum "
                    + bps(created.getQuorumBps()) + ", a voter counts at most "
                    + bps(created.getVoterWeightCapBps()) + ", voting until "
                    + ProductChapter.time(created.getVotingEndsAt()) + ", timelock "
                    + Duration.ofMillis(created.getTimelockMs()).toSeconds() + " s (the demo's governed"
                    + " values: 3 days and 1 day by default)");
        });
        demo.step("The members vote FOR, each signing CastGovernanceVote", step -> {
            Chain chain = demo.chain();
            List<String> lines = new ArrayList<>();
            for (int voter : VOTERS) {
                String address = chain.address(voter);
                Map<String, Object> body = Map.of("voter", address, "support", "FOR");
                Map<String, Object> signed = new LinkedHashMap<>();
                signed.put("proposalId", proposalId);
                signed.put("voter", address);
                signed.put("support", "FOR");
                Api.Answer answer = demo.api()
                        .signed(
                                "governance-service",
                                "/proposals/" + proposalId + "/votes",
                                body,
                                "CastGovernanceVote",
                                signed,
                                chain.accounts.get(voter));
                expect(answer, "POST /proposals/" + proposalId + "/votes", "governance-service", 200, 201, 202);
                GovernanceVoteCast cast = demo.events()
                        .await(
                                demo,
                                step,
                                "waiting for GovernanceVoteCast of dev:" + voter,
                                PATIENCE,
                                "governance.events",
                                GovernanceVoteCast.class,
                                e -> e.getProposalId().equals(proposalId)
                                        && e.getVoter().equalsIgnoreCase(address),
                                "governance-service");
                lines.add("dev:" + voter + " stake " + tusd(cast.getWeight()) + " counts "
                        + tusd(cast.getCountedWeight()));
            }
            step.detail("governance.events GovernanceVoteCast: " + String.join(", ", lines)
                    + " (a voter's weight is capped at 5 % of the total stake)");
        });
        demo.step(
                "Voting ends, the proposal passes, waits its timelock and the scheduler executes it: claim-service"
                        + " reads the new deposit",
                step -> {
                    ProposalPassed passed = demo.events()
                            .await(
                                    demo,
                                    step,
                                    "waiting for the end of voting: ProposalPassed",
                                    VOTING_PATIENCE,
                                    "governance.events",
                                    ProposalPassed.class,
                                    e -> e.getProposalId().equals(proposalId),
                                    "governance-service");
                    step.detail("governance.events ProposalPassed: FOR " + tusd(passed.getForWeight()) + ", AGAINST "
                            + tusd(passed.getAgainstWeight()) + ", quorum " + tusd(passed.getQuorumWeight())
                            + "; executable from " + ProductChapter.time(passed.getExecutableAt()));
                    ProposalExecuted executed = demo.events()
                            .await(
                                    demo,
                                    step,
                                    "waiting for the timelock: ProposalExecuted",
                                    PATIENCE,
                                    "governance.events",
                                    ProposalExecuted.class,
                                    e -> e.getProposalId().equals(proposalId),
                                    "governance-service");
                    ParameterChanged changed = demo.events()
                            .await(
                                    demo,
                                    step,
                                    "waiting for ParameterChanged " + DEPOSIT,
                                    PATIENCE,
                                    "governance.events",
                                    ParameterChanged.class,
                                    e -> proposalId.equals(e.getProposalId())
                                            && e.getValue().getName().equals(DEPOSIT),
                                    "governance-service");
                    step.detail(arrow(demo) + " ProposalExecuted (by the scheduler, at "
                            + ProductChapter.time(executed.getMetadata().getOccurredAt()) + ", with no call) "
                            + arrow(demo) + " ParameterChanged " + DEPOSIT + " "
                            + (changed.getPrevious() == null
                                    ? "?"
                                    : changed.getPrevious().getLongValue())
                            + " → " + changed.getValue().getLongValue() + ", effective "
                            + ProductChapter.time(changed.getEffectiveAt()));
                    JsonNode history = poll(demo, step, "waiting for GET /parameters/" + DEPOSIT, () -> {
                        Api.Answer answer = demo.api().get("governance-service", "/parameters/" + DEPOSIT);
                        expect(answer, "GET /parameters/" + DEPOSIT, "governance-service", 200);
                        return answer.body().path("parameter").path("value").asLong()
                                        == changed.getValue().getLongValue()
                                ? answer.body().path("history")
                                : null;
                    });
                    List<String> values = new ArrayList<>();
                    for (JsonNode entry : history) {
                        values.add(entry.path("event").asText() + " "
                                + entry.path("value").asText()
                                + (entry.path("proposalId").isTextual()
                                        ? " (" + entry.path("proposalId").asText() + ")"
                                        : ""));
                    }
                    step.detail("GET /parameters/" + DEPOSIT + " history: " + String.join(", ", values));
                    // claim-service's own copy of governance.events (the kernel's governance store) has the new value
                    String expected = Long.toString(changed.getValue().getLongValue());
                    poll(demo, step, "waiting for claim-service to decide with the new deposit", () -> {
                        Api.Answer answer = demo.api().get("claim-service", "/governance/parameters");
                        expect(answer, "GET /governance/parameters", "claim-service", 200);
                        for (JsonNode parameter : answer.body()) {
                            if (DEPOSIT.equals(parameter.path("name").asText())
                                    && expected.equals(parameter.path("value").asText())) {
                                return Boolean.TRUE;
                            }
                        }
                        return null;
                    });
                    step.detail("claim-service GET /governance/parameters: " + DEPOSIT + " = " + expected);
                });
        return result[0];
    }

    /** The claim just submitted was asked for the governed deposit, recorded in ClaimSubmitted. */
    private static void newDeposit(DemoContext demo, ClaimsChapter.Claim claim, long deposit) {
        demo.step("claim-service asked dev:" + CLAIMANT + "'s claim for the new deposit, and recorded it", step -> {
            ClaimSubmitted submitted = demo.events().all("claim.events", ClaimSubmitted.class).stream()
                    .filter(e -> e.getClaimId().equals(claim.claimId))
                    .findFirst()
                    .orElseThrow(() -> new DemoFailure("no ClaimSubmitted for " + claim.claimId, "claim-service"));
            BigInteger required = submitted.getRequiredDeposit().toBigIntegerExact();
            step.detail("claim.events ClaimSubmitted: requiredDeposit " + tusd(required) + " (" + DEPOSIT + " = "
                    + deposit + " since the proposal; it was 5 in the claims chapter)");
            if (!required.equals(tusd(deposit))) {
                throw new DemoFailure(
                        "claim-service asked for " + tusd(required) + ", the governed deposit is " + deposit + " tUSD",
                        "claim-service");
            }
        });
    }

    // ------------------------------------------------------------------------------------------ the guardians

    private String pendingRequest;
    private Instant secondSignature;

    private void oneGuardianAlone(DemoContext demo) {
        demo.step(
                "Guardian dev:16 asks to pause claims (signed RequestPauseChange): one guardian alone pauses"
                        + " nothing",
                step -> {
                    String requestId = "pause-claims-" + stamp;
                    Api.Answer answer = pauseRequest(demo, requestId, 0, "claims", true, "demo: suspicious claims");
                    expect(answer, "POST /pause-requests", "governance-service", 201, 202);
                    PauseChangeRequested requested = demo.events()
                            .await(
                                    demo,
                                    step,
                                    "waiting for PauseChangeRequested",
                                    PATIENCE,
                                    "governance.events",
                                    PauseChangeRequested.class,
                                    e -> e.getRequestId().equals(requestId),
                                    "governance-service");
                    pendingRequest = requestId;
                    step.detail("POST /pause-requests " + arrow(demo) + " " + answer.status() + " " + arrow(demo)
                            + " governance.events PauseChangeRequested " + requested.getFlag() + ": 1 of "
                            + requested.getRequiredApprovals() + " signatures, waits until "
                            + ProductChapter.time(requested.getExpiresAt()));
                    Api.Answer enforced = demo.api().get("claim-service", "/governance/pause");
                    expect(enforced, "GET /governance/pause", "claim-service", 200);
                    if (enforced.body().path("paused").size() != 0) {
                        throw new DemoFailure(
                                "claim-service enforces a pause after one signature: " + enforced.text(),
                                "governance-service");
                    }
                    step.detail("claim-service GET /governance/pause: nothing paused");
                });
    }

    /** The second guardian signs the pending request; the flag changes. */
    private PauseFlagChanged secondGuardian(DemoContext demo, String capability, boolean paused) {
        PauseFlagChanged[] changed = new PauseFlagChanged[1];
        demo.step(
                "Guardian dev:17 approves (signed ApprovePauseChange): " + capability + " "
                        + (paused ? "paused" : "unpaused") + ", 2 of 3",
                step -> changed[0] = approve(demo, step, pendingRequest, 1));
        return changed[0];
    }

    private PauseFlagChanged approve(DemoContext demo, Progress.Step step, String requestId, int guardian) {
        Credentials wallet = guardian(guardian);
        String address = wallet.getAddress();
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("requestId", requestId);
        signed.put("guardian", address);
        secondSignature = Instant.now();
        Api.Answer answer = demo.api()
                .signed(
                        "governance-service",
                        "/pause-requests/" + requestId + "/approvals",
                        Map.of("guardian", address),
                        "ApprovePauseChange",
                        signed,
                        wallet);
        expect(answer, "POST /pause-requests/" + requestId + "/approvals", "governance-service", 200, 201, 202);
        PauseChangeApproved approved = demo.events()
                .await(
                        demo,
                        step,
                        "waiting for PauseChangeApproved",
                        PATIENCE,
                        "governance.events",
                        PauseChangeApproved.class,
                        e -> e.getRequestId().equals(requestId) && e.getAdmin().equalsIgnoreCase(address),
                        "governance-service");
        PauseFlagChanged changed = demo.events()
                .await(
                        demo,
                        step,
                        "waiting for PauseFlagChanged",
                        PATIENCE,
                        "governance.events",
                        PauseFlagChanged.class,
                        e -> e.getRequestId().equals(requestId),
                        "governance-service");
        step.detail(arrow(demo) + " PauseChangeApproved " + approved.getApprovals() + " of "
                + approved.getRequiredApprovals() + " " + arrow(demo) + " PauseFlagChanged " + changed.getFlag() + " "
                + (changed.getPaused() ? "paused" : "unpaused") + ", approvers "
                + changed.getApprovers().size());
        return changed;
    }

    private void held(DemoContext demo, ClaimsChapter.Claim claim, PauseFlagChanged paused) {
        demo.step(dev(CLAIMANT) + "'s claim is accepted while claims are paused: its settlement waits", step -> {
            ClaimAccepted accepted = demo.events()
                    .await(
                            demo,
                            step,
                            "waiting for the end of the cooldown: ClaimAccepted",
                            PATIENCE,
                            "claim.events",
                            ClaimAccepted.class,
                            e -> e.getClaimId().equals(claim.claimId),
                            "claim-service");
            step.detail("claim.events ClaimAccepted (assessment is not paused), payout "
                    + tusd(accepted.getPayoutAmount()));
            sleep(Duration.ofSeconds(5));
            boolean admitted = demo.events().all("claim.events", IncidentClaimAdmitted.class).stream()
                    .anyMatch(e -> e.getClaimId().equals(claim.claimId));
            if (admitted) {
                throw new DemoFailure(
                        "the claim was admitted into its incident while claims were paused (" + paused.getRequestId()
                                + ")",
                        "claim-service");
            }
            step.detail("5 s later: no IncidentClaimAdmitted, no ClaimSettled: the saga's next command is parked in"
                    + " claim-service until claims are unpaused");
        });
    }

    private void refused(DemoContext demo, ProductChapter.Purchase cover, String incident, Instant at) {
        demo.step("A claim submitted meanwhile is refused: 422 PAUSED, nothing emitted", step -> {
            Chain chain = demo.chain();
            String claimant = chain.address(CLAIMANT);
            String description = "second loss in " + incident;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("policyId", cover.policyId());
            body.put("claimant", claimant);
            body.put("incidentAt", at.toString());
            body.put("claimedAmount", tusd(500).toString());
            body.put("description", description);
            body.put("incidentId", incident);
            Map<String, Object> signed = new LinkedHashMap<>();
            signed.put("policyId", cover.policyId());
            signed.put("claimant", claimant);
            signed.put("incidentAt", BigInteger.valueOf(at.toEpochMilli()));
            signed.put("claimedAmount", tusd(500));
            signed.put("description", description);
            signed.put("evidenceUri", "");
            signed.put("incidentId", incident);
            long before =
                    demo.events().all("claim.events", ClaimSubmitted.class).size();
            Api.Answer answer = demo.api()
                    .signed("claim-service", "/claims", body, "SubmitClaim", signed, chain.accounts.get(CLAIMANT));
            expect(answer, "POST /claims", "claim-service", 422);
            String code = answer.body().path("code").asText();
            if (!"PAUSED".equals(code)) {
                throw new DemoFailure(
                        "POST /claims answered 422 " + code + ", not PAUSED: " + answer.text(), "claim-service");
            }
            sleep(Duration.ofSeconds(1));
            long after = demo.events().all("claim.events", ClaimSubmitted.class).size();
            if (after != before) {
                throw new DemoFailure("a ClaimSubmitted appeared while claims were paused", "claim-service");
            }
            step.detail("POST /claims " + arrow(demo) + " 422 PAUSED, field "
                    + answer.body().path("field").asText() + ": "
                    + answer.body().path("detail").asText());
        });
    }

    private void unpause(DemoContext demo, String capability) {
        demo.step("Guardians dev:17 and dev:18 lift the pause of " + capability + " (2 of 3 again)", step -> {
            String requestId = "unpause-" + capability + "-" + stamp;
            Api.Answer answer = pauseRequest(demo, requestId, 1, capability, false, "demo: claims checked");
            expect(answer, "POST /pause-requests", "governance-service", 201, 202);
            approve(demo, step, requestId, 2);
        });
    }

    private static void exactlyOnce(DemoContext demo, ClaimsChapter.Claim claim) {
        demo.step(dev(CLAIMANT) + "'s claim was settled exactly once", step -> {
            sleep(Duration.ofSeconds(2));
            long settled = demo.events().all("claim.events", ClaimSettled.class).stream()
                    .filter(e -> e.getClaimId().equals(claim.claimId))
                    .count();
            long admitted = demo.events().all("claim.events", IncidentClaimAdmitted.class).stream()
                    .filter(e -> e.getClaimId().equals(claim.claimId))
                    .count();
            if (settled != 1 || admitted != 1) {
                throw new DemoFailure(
                        "the claim was admitted " + admitted + " and settled " + settled + " times", "claim-service");
            }
            step.detail("claim.events: one IncidentClaimAdmitted, one ClaimSettled for " + claim.claimId);
        });
    }

    // ----------------------------------------------------------------------------------------- pause everything

    /** The services a pause of everything reaches, and chain-bridge's mirror on the pool contract. */
    static final List<String> ENFORCING = List.of("policy-service", "pool-service", "claim-service", "oracle-service");

    private void everything(DemoContext demo) {
        String requestId = "pause-all-" + stamp;
        demo.step(
                "Guardians dev:16 and dev:17 pause everything: every service refuses, the pool contract stops",
                step -> {
                    Api.Answer answer = pauseRequest(demo, requestId, 0, "all", true, "demo: emergency drill");
                    expect(answer, "POST /pause-requests", "governance-service", 201, 202);
                    demo.events()
                            .await(
                                    demo,
                                    step,
                                    "waiting for PauseChangeRequested",
                                    PATIENCE,
                                    "governance.events",
                                    PauseChangeRequested.class,
                                    e -> e.getRequestId().equals(requestId),
                                    "governance-service");
                    PauseFlagChanged changed = approve(demo, step, requestId, 1);
                    Instant signedAt = secondSignature;
                    List<String> lines = new ArrayList<>();
                    for (String service : ENFORCING) {
                        long millis = until(demo, step, service, signedAt, true);
                        lines.add(service + " " + millis + " ms");
                    }
                    step.detail("from the second signature until each service enforces it (GET /governance/pause): "
                            + String.join(", ", lines));
                    Api.Answer quote = demo.api().post("policy-service", "/quotes", quoteRequest(demo));
                    expect(quote, "POST /quotes", "policy-service", 422);
                    step.detail("POST /quotes (policy-service) " + arrow(demo) + " 422 "
                            + quote.body().path("code").asText() + ": "
                            + quote.body().path("detail").asText());
                    PoolPauseMirrored mirrored = demo.events()
                            .await(
                                    demo,
                                    step,
                                    "waiting for chain-bridge to pause the pool contract",
                                    PATIENCE,
                                    "chain.events",
                                    PoolPauseMirrored.class,
                                    e -> e.getRequestId().equals(changed.getRequestId()) && e.getPaused(),
                                    "chain-bridge");
                    long onChain = Duration.between(signedAt, Instant.now()).toMillis();
                    step.detail("chain.events PoolPauseMirrored " + mirrored.getFlag() + ": "
                            + (mirrored.getTxHash() == null
                                    ? "already set"
                                    : "tx " + Chain.shortHex(mirrored.getTxHash()))
                            + " in block " + mirrored.getBlockNumber() + ", " + mirrored.getConfirmations()
                            + " confirmations, on-chain flags " + mirrored.getOnChainFlags() + "; seen "
                            + onChain + " ms after the second signature");
                    if (changed.getFlag() != PauseFlag.GLOBAL) {
                        throw new DemoFailure(
                                "the pause of everything changed " + changed.getFlag(), "governance-service");
                    }
                });
        demo.step("Guardians dev:17 and dev:18 lift it: every service and the pool contract run again", step -> {
            String liftId = "unpause-all-" + stamp;
            Api.Answer answer = pauseRequest(demo, liftId, 1, "all", false, "demo: drill over");
            expect(answer, "POST /pause-requests", "governance-service", 201, 202);
            PauseFlagChanged changed = approve(demo, step, liftId, 2);
            Instant signedAt = secondSignature;
            List<String> lines = new ArrayList<>();
            for (String service : ENFORCING) {
                lines.add(service + " " + until(demo, step, service, signedAt, false) + " ms");
            }
            step.detail("unpaused everywhere after: " + String.join(", ", lines));
            demo.events()
                    .await(
                            demo,
                            step,
                            "waiting for chain-bridge to unpause the pool contract",
                            PATIENCE,
                            "chain.events",
                            PoolPauseMirrored.class,
                            e -> e.getRequestId().equals(changed.getRequestId()) && !e.getPaused(),
                            "chain-bridge");
            step.detail("chain.events PoolPauseMirrored: the pool contract runs again");
        });
    }

    /** Milliseconds from {@code since} until {@code service} enforces (or stops enforcing) the pause of everything. */
    private static long until(DemoContext demo, Progress.Step step, String service, Instant since, boolean paused) {
        poll(demo, step, "waiting for " + service + " to " + (paused ? "enforce" : "lift") + " the pause", () -> {
            Api.Answer answer = demo.api().get(service, "/governance/pause");
            expect(answer, "GET /governance/pause", service, 200);
            boolean all = false;
            for (JsonNode pause : answer.body().path("paused")) {
                all |= "all".equals(pause.path("capability").asText());
            }
            return all == paused ? Boolean.TRUE : null;
        });
        return Duration.between(since, Instant.now()).toMillis();
    }

    private static Map<String, Object> quoteRequest(DemoContext demo) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("productId", ProductChapter.PRODUCT_ID);
        request.put("holder", demo.chain().address(CLAIMANT));
        request.put("coverAmount", tusd(1_000).toString());
        request.put("periodDays", 30);
        request.put("poolId", POOL_ID);
        return request;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The demo's guardians: development wallets dev:16, dev:17, dev:18 (Services.GUARDIANS); they only sign. */
    private static Credentials guardian(int index) {
        return Credentials.create(DevelopmentKeys.key(Services.GUARDIANS.get(index)));
    }

    private Api.Answer pauseRequest(
            DemoContext demo, String requestId, int guardian, String capability, boolean paused, String reason) {
        Credentials wallet = guardian(guardian);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", requestId);
        body.put("guardian", wallet.getAddress());
        body.put("capability", capability);
        body.put("paused", paused);
        body.put("reason", reason);
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("requestId", requestId);
        signed.put("guardian", wallet.getAddress());
        signed.put("capability", capability);
        signed.put("paused", paused ? BigInteger.ONE : BigInteger.ZERO);
        signed.put("scope", "");
        signed.put("reason", reason);
        return demo.api().signed("governance-service", "/pause-requests", body, "RequestPauseChange", signed, wallet);
    }

    /** The payloadHash a proposer signs for one parameter change (docs/governance.md, "Signing a proposal"). */
    static String payloadHash(String name, String value) {
        String canonical = "{\"changes\":[{\"name\":\"" + name + "\",\"value\":\"" + value + "\"}],\"actions\":[]}";
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T poll(
            DemoContext demo, Progress.Step step, String waiting, java.util.function.Supplier<T> probe) {
        step.status(waiting);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailure(waiting + ": not within " + PATIENCE.toSeconds() + " s", null);
            }
            demo.processes().checkAlive();
            sleep(Duration.ofMillis(20));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted", null);
        }
    }

    private static String bps(int bps) {
        return Amounts.percentFromPpm(bps * 100L);
    }

    private static String dev(int account) {
        return "dev:" + account;
    }

    private static String arrow(DemoContext demo) {
        return demo.progress().arrow();
    }
}
