package io.coverclaims.demo;

import static io.coverclaims.demo.Amounts.tusd;

import com.fasterxml.jackson.databind.JsonNode;
import io.coverclaims.cli.Cli;
import io.coverclaims.cli.LedgerBooks;
import io.coverclaims.schemas.chain.ClaimBondObserved;
import io.coverclaims.schemas.chain.OnChainDepositObserved;
import io.coverclaims.schemas.chain.SettlementBatchSealed;
import io.coverclaims.schemas.chain.SettlementEnqueued;
import io.coverclaims.schemas.chain.SettlementKind;
import io.coverclaims.schemas.chain.SettlementRedeemed;
import io.coverclaims.schemas.claim.AppealBondReceived;
import io.coverclaims.schemas.claim.ClaimDepositReceived;
import io.coverclaims.schemas.claim.ClaimPaid;
import io.coverclaims.schemas.claim.ClaimRefundDue;
import io.coverclaims.schemas.claim.ClaimSubmitted;
import io.coverclaims.schemas.claim.IncidentDeclared;
import io.coverclaims.schemas.claim.ParametricClaimOpened;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.oracle.FeedDefined;
import io.coverclaims.schemas.oracle.ParametricTriggerDefined;
import io.coverclaims.schemas.policy.PolicyRequested;
import io.coverclaims.schemas.policy.ProductDefined;
import io.coverclaims.schemas.policy.QuoteIssued;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.FundsSource;
import io.coverclaims.schemas.pool.PayoutDisbursed;
import io.coverclaims.schemas.pool.WithdrawalRequested;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The demo's closing checks, each passed or failed on its own line: every service at rest first; every pool's ledger
 * conserved; the chain's balances equal to what the services recorded; a replay of every context from offset 0 giving
 * the same state; no record dead-lettered.
 */
final class Verification {

    private static final Duration REBUILD_PATIENCE = Duration.ofSeconds(60);

    /**
     * How far ahead no deadline may be due when the checks start: longer than they take (the replay's restart of
     * every service included), so no scheduled command changes a state between the two readings of the replay check.
     */
    static final Duration REST_HORIZON = Duration.ofMinutes(3);

    /** How long the system may take to come to rest: a deadline due just inside the horizon, and its effects. */
    private static final Duration REST_PATIENCE = REST_HORIZON.plusMinutes(1);

    /** How long the topics must stay quiet: no command's consequences still on their way. */
    private static final Duration QUIET = Duration.ofMillis(1500);

    static final String AT_REST = "Every service is at rest: nothing parked, no deadline due within "
            + REST_HORIZON.toMinutes() + " min, the topics quiet";

    private final List<String> failed = new ArrayList<>();

    /** The checks run so far. */
    private int checks;

    /** Runs every check (a failing one does not stop the others); true when all passed. */
    boolean run(DemoContext demo) {
        check(demo, AT_REST, this::atRest);
        check(demo, "Every pool's ledger is conserved", this::ledgers);
        check(demo, "On-chain balances equal what the services recorded", this::chainMatchesRecords);
        check(demo, "A replay of every context from offset 0 gives the same state", this::replay);
        check(demo, "No record was dead-lettered", this::noDeadLetters);
        if (failed.isEmpty()) {
            demo.progress().line("  Verification passed: " + checks + " of " + checks + " checks.");
        } else {
            demo.progress().line("  Verification FAILED: " + String.join("; ", failed));
        }
        return failed.isEmpty();
    }

    private interface Check {
        void run(DemoContext demo, Progress.Step step);
    }

    private void check(DemoContext demo, String title, Check check) {
        checks++;
        try {
            demo.step(title, step -> check.run(demo, step));
        } catch (DemoFailure e) {
            failed.add(title);
            demo.processes().checkAlive(); // a dead service ends the run: the other checks could only fail too
        }
    }

    // ---------------------------------------------------------------------------------------------- 0. at rest

    /**
     * Waits until no service holds a command a pause parked, none has a deadline due within {@link #REST_HORIZON}
     * ({@code GET /pending-commands} on every service), and no record reaches any topic for {@link #QUIET}: the state
     * the checks read is then the state the events lead to, not one a pending command is about to change.
     */
    private void atRest(DemoContext demo, Progress.Step step) {
        long deadline = System.nanoTime() + REST_PATIENCE.toNanos();
        long since = System.nanoTime();
        while (true) {
            Instant horizon = Instant.now().plus(REST_HORIZON);
            List<String> waiting = new ArrayList<>();
            List<String> later = new ArrayList<>();
            for (Services.Service service : demo.services().all()) {
                Api.Answer answer = demo.api().get(service.name(), "/pending-commands");
                if (answer.status() != 200 || answer.body() == null) {
                    waiting.add(service.name() + " answered GET /pending-commands " + answer.status());
                    continue;
                }
                for (JsonNode pending : answer.body()) {
                    String what = service.name() + " " + pending.path("command").asText() + " "
                            + pending.path("aggregateId").asText();
                    if (PARKED.equals(pending.path("kind").asText())) {
                        waiting.add(
                                what + " (parked since " + pending.path("since").asText() + ")");
                    } else {
                        Instant due = Instant.parse(pending.path("dueAt").asText());
                        (due.isBefore(horizon) ? waiting : later).add(what + " (due " + due + ")");
                    }
                }
            }
            int seen = demo.events().all().size();
            if (waiting.isEmpty()) {
                Broker.sleep(QUIET.toMillis());
                if (demo.events().all().size() == seen) {
                    step.detail("GET /pending-commands on all six services: nothing parked; "
                            + (later.isEmpty()
                                    ? "no deadline pending"
                                    : later.size() + " deadlines pending, none due within " + REST_HORIZON.toMinutes()
                                            + " min (e.g. " + later.getFirst() + ")")
                            + "; no record on any topic for " + QUIET.toMillis() + " ms (at rest after "
                            + Progress.duration((System.nanoTime() - since) / 1_000_000) + ")");
                    return;
                }
                continue;
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailure(
                        "the system did not come to rest within " + REST_PATIENCE.toMinutes() + " min: " + waiting);
            }
            step.status("waiting for " + waiting.size() + " pending commands, the first " + waiting.getFirst());
            Broker.sleep(500);
        }
    }

    private static final String PARKED = "parked";

    // ---------------------------------------------------------------------------------------------- 1. ledgers

    private void ledgers(DemoContext demo, Progress.Step step) {
        Api.Answer answer = demo.api().get("pool-service", "/pools");
        ProductChapter.expect(answer, "GET /pools", "pool-service", 200);
        List<String> broken = new ArrayList<>();
        for (JsonNode pool : answer.body()) {
            JsonNode ledger = pool.path("ledger");
            int decimals = pool.path("assetDecimals").asInt();
            LedgerBooks books = new LedgerBooks(
                    amount(ledger, "deposits"),
                    amount(ledger, "premiums"),
                    amount(pool, "capital"),
                    amount(ledger, "withdrawals"),
                    amount(ledger, "payouts"),
                    amount(ledger, "fees"));
            boolean conserved = books.conserved() && ledger.path("conserved").asBoolean();
            String asset = pool.path("asset").asText();
            step.detail(pool.path("poolId").asText() + ": " + books.equation(decimals, asset) + "  ("
                    + books.balance(decimals, asset) + ", conserved: "
                    + ledger.path("conserved").asBoolean() + ")");
            if (!conserved) {
                broken.add(pool.path("poolId").asText());
            }
        }
        if (answer.body().isEmpty()) {
            throw new DemoFailure("GET /pools answered no pool", "pool-service");
        }
        if (!broken.isEmpty()) {
            throw new DemoFailure("not conserved: " + broken, "pool-service");
        }
    }

    // -------------------------------------------------------------------------------- 2. the chain and the books

    private void chainMatchesRecords(DemoContext demo, Progress.Step step) {
        Chain chain = demo.chain();
        List<Chain.DepositLog> logs = chain.depositLogs();
        BigInteger balance = chain.balanceOf(chain.pool);
        List<CapitalDeposited> recorded = demo.events().all("pool.events", CapitalDeposited.class).stream()
                .filter(e -> e.getSource() == FundsSource.CHAIN && e.getPoolId().equals(ProductChapter.POOL_ID))
                .toList();
        List<OnChainDepositObserved> observed = demo.events().all("chain.events", OnChainDepositObserved.class);
        BigInteger onChain = sum(logs.stream().map(Chain.DepositLog::amount).toList());
        BigInteger inPool = sum(
                recorded.stream().map(e -> e.getAmount().toBigIntegerExact()).toList());
        BigInteger inBridge = sum(
                observed.stream().map(e -> e.getAmount().toBigIntegerExact()).toList());
        List<String> mismatches = new ArrayList<>();
        // what entered and left the contract: capital deposits, claim deposits and appeal bonds, the premiums moved
        // in (ClaimsChapter: premiums are not paid on chain yet), and every redeemed leaf (payouts, refunds)
        List<Chain.BondLog> bonds = chain.bondLogs();
        List<Chain.RedeemedLog> redemptions = chain.redeemedLogs();
        List<Chain.TransferLog> premiumsMoved = chain.transfers(chain.address(ClaimsChapter.TREASURY), chain.pool);
        BigInteger bonded = sum(bonds.stream().map(Chain.BondLog::amount).toList());
        BigInteger redeemed =
                sum(redemptions.stream().map(Chain.RedeemedLog::amount).toList());
        BigInteger moved =
                sum(premiumsMoved.stream().map(Chain.TransferLog::amount).toList());
        BigInteger held = onChain.add(bonded).add(moved).subtract(redeemed);
        step.detail("ClaimsPool's tUSD balance (balanceOf) " + tusd(balance) + (balance.equals(held) ? " = " : " ≠ ")
                + logs.size() + " CapitalDeposited logs " + tusd(onChain) + " + " + bonds.size()
                + " ClaimBondPaid logs " + tusd(bonded) + " + premiums moved in " + tusd(moved) + " − "
                + redemptions.size() + " PayoutRedeemed logs " + tusd(redeemed));
        if (!balance.equals(held)) {
            mismatches.add("ClaimsPool's balance is not what entered it less what was redeemed");
        }
        step.detail("capital: CapitalDeposited logs " + tusd(onChain) + " = chain.events OnChainDepositObserved "
                + tusd(inBridge) + " = pool.events CapitalDeposited source CHAIN " + tusd(inPool));
        if (!(onChain.equals(inBridge) && inBridge.equals(inPool))) {
            mismatches.add("deposit totals differ");
        }
        claimMoney(demo, step, bonds, redemptions, moved, balance, mismatches);
        Set<String> logIds = logs.stream().map(Chain.DepositLog::depositId).collect(Collectors.toSet());
        Set<String> recordedIds =
                recorded.stream().map(CapitalDeposited::getDepositId).collect(Collectors.toSet());
        if (!logIds.equals(recordedIds)) {
            mismatches.add("deposits on chain but not in the pool: " + minus(logIds, recordedIds)
                    + ", in the pool but not on chain: " + minus(recordedIds, logIds));
        }
        Map<String, BigInteger> byProviderOnChain = new TreeMap<>();
        logs.forEach(log -> byProviderOnChain.merge(log.provider(), log.amount(), BigInteger::add));
        Map<String, BigInteger> byProviderRecorded = new TreeMap<>();
        recorded.forEach(
                e -> byProviderRecorded.merge(e.getProvider(), e.getAmount().toBigIntegerExact(), BigInteger::add));
        List<String> everyProvider = new ArrayList<>(union(byProviderOnChain.keySet(), byProviderRecorded.keySet()));
        everyProvider.sort(java.util.Comparator.comparing(address -> who(chain, address)));
        for (String provider : everyProvider) {
            BigInteger mine = byProviderOnChain.getOrDefault(provider, BigInteger.ZERO);
            BigInteger theirs = byProviderRecorded.getOrDefault(provider, BigInteger.ZERO);
            step.detail(who(chain, provider) + ": deposited on chain " + tusd(mine)
                    + (mine.equals(theirs) ? " = " : " ≠ ") + "recorded by pool-service " + tusd(theirs));
            if (!mine.equals(theirs)) {
                mismatches.add(provider);
            }
        }
        if (!mismatches.isEmpty()) {
            throw new DemoFailure("the chain and the services disagree: " + mismatches, "chain-bridge");
        }
    }

    /**
     * Claim money: the deposits and bonds paid on chain = what chain-bridge observed = what the claims recorded; every
     * redemption observed, payouts = ClaimPaid = the pool's PayoutDisbursed, refunds within those due; the contract's
     * balance as the pool's books and the claims' money tell it; and each claimant's balance changed by exactly its
     * payouts and refunds less what it paid in.
     */
    private static void claimMoney(
            DemoContext demo,
            Progress.Step step,
            List<Chain.BondLog> bonds,
            List<Chain.RedeemedLog> redemptions,
            BigInteger moved,
            BigInteger balance,
            List<String> mismatches) {
        EventTap events = demo.events();
        Chain chain = demo.chain();
        BigInteger bonded = sum(bonds.stream().map(Chain.BondLog::amount).toList());
        List<ClaimBondObserved> observed = events.all("chain.events", ClaimBondObserved.class);
        BigInteger bondsObserved = sum(
                observed.stream().map(e -> e.getAmount().toBigIntegerExact()).toList());
        BigInteger bondsRecorded = sum(Stream.concat(
                        events.all("claim.events", ClaimDepositReceived.class).stream()
                                .map(e -> e.getAmount().toBigIntegerExact()),
                        events.all("claim.events", AppealBondReceived.class).stream()
                                .map(e -> e.getAmount().toBigIntegerExact()))
                .toList());
        step.detail("claim deposits and appeal bonds: " + bonds.size() + " ClaimBondPaid logs " + tusd(bonded)
                + " = chain.events ClaimBondObserved " + tusd(bondsObserved)
                + " = claim.events ClaimDepositReceived + AppealBondReceived " + tusd(bondsRecorded));
        if (!(bonded.equals(bondsObserved) && bondsObserved.equals(bondsRecorded))) {
            mismatches.add("claim deposits and bonds differ");
        }
        BigInteger redeemed =
                sum(redemptions.stream().map(Chain.RedeemedLog::amount).toList());
        List<SettlementRedeemed> settled = events.all("chain.events", SettlementRedeemed.class);
        BigInteger redeemedObserved =
                sum(settled.stream().map(e -> e.getAmount().toBigIntegerExact()).toList());
        BigInteger payoutsRedeemed = redeemedOf(settled, SettlementKind.CLAIM_PAYOUT);
        BigInteger refundsRedeemed = redeemedOf(settled, SettlementKind.CLAIM_REFUND);
        BigInteger withdrawalsRedeemed = redeemedOf(settled, SettlementKind.CAPITAL_WITHDRAWAL);
        BigInteger claimsPaid = sum(events.all("claim.events", ClaimPaid.class).stream()
                .map(e -> e.getAmount().toBigIntegerExact())
                .toList());
        BigInteger disbursed = sum(events.all("pool.events", PayoutDisbursed.class).stream()
                .filter(e -> e.getPoolId().equals(ProductChapter.POOL_ID))
                .map(e -> e.getAmount().toBigIntegerExact())
                .toList());
        BigInteger refundsDue = sum(events.all("claim.events", ClaimRefundDue.class).stream()
                .map(e -> e.getAmount().toBigIntegerExact())
                .toList());
        step.detail("redeemed: " + redemptions.size() + " PayoutRedeemed logs " + tusd(redeemed)
                + " = chain.events SettlementRedeemed " + tusd(redeemedObserved) + ": payouts " + tusd(payoutsRedeemed)
                + " = claim.events ClaimPaid " + tusd(claimsPaid) + " = pool.events PayoutDisbursed " + tusd(disbursed)
                + "; refunds " + tusd(refundsRedeemed) + " of ClaimRefundDue " + tusd(refundsDue)
                + "; withdrawals " + tusd(withdrawalsRedeemed));
        if (!(redeemed.equals(redeemedObserved)
                && payoutsRedeemed.equals(claimsPaid)
                && claimsPaid.equals(disbursed)
                && refundsRedeemed.compareTo(refundsDue) <= 0)) {
            mismatches.add("redemptions differ");
        }
        // the contract's balance from the pool's books: the capital, what the books count as paid out that has not
        // left the contract yet, the fees the pool kept, the claim money held (deposits and bonds not refunded, and
        // refunds not redeemed yet), less the premiums the books count that are not on chain
        Api.Answer answer = demo.api().get("pool-service", "/pools/" + ProductChapter.POOL_ID);
        if (answer.status() == 200) {
            JsonNode pool = answer.body();
            JsonNode ledger = pool.path("ledger");
            BigInteger capital = amount(pool, "capital");
            BigInteger payoutsNotRedeemed = amount(ledger, "payouts").subtract(payoutsRedeemed);
            BigInteger withdrawalsNotRedeemed = amount(ledger, "withdrawals").subtract(withdrawalsRedeemed);
            BigInteger fees = amount(ledger, "fees");
            BigInteger claimMoneyHeld = bonded.subtract(refundsRedeemed);
            BigInteger premiumsOffChain = amount(ledger, "premiums").subtract(moved);
            BigInteger fromBooks = capital.add(payoutsNotRedeemed)
                    .add(withdrawalsNotRedeemed)
                    .add(fees)
                    .add(claimMoneyHeld)
                    .subtract(premiumsOffChain);
            step.detail("from the books: capital " + tusd(capital) + " + payouts not redeemed "
                    + tusd(payoutsNotRedeemed) + " + withdrawals not redeemed " + tusd(withdrawalsNotRedeemed)
                    + " + fees kept " + tusd(fees) + " + claim money held " + tusd(claimMoneyHeld)
                    + " (deposits and bonds kept " + tusd(claimMoneyHeld.subtract(refundsDue.subtract(refundsRedeemed)))
                    + ", refunds not redeemed " + tusd(refundsDue.subtract(refundsRedeemed))
                    + ") − premiums not on chain "
                    + tusd(premiumsOffChain) + " = " + tusd(fromBooks) + (fromBooks.equals(balance) ? " = " : " ≠ ")
                    + "ClaimsPool's balance");
            if (!fromBooks.equals(balance)) {
                mismatches.add("ClaimsPool's balance differs from the pool's books and the claims' money");
            }
        } else {
            mismatches.add("GET /pools/" + ProductChapter.POOL_ID + " answered " + answer.describe());
        }
        // each claimant: its balance changed by exactly what it was paid (payouts and refunds) less what it paid in
        List<String> claimants = new ArrayList<>(demo.claimants().keySet());
        claimants.sort(java.util.Comparator.comparing(address -> who(chain, address)));
        for (String claimant : claimants) {
            DemoContext.Baseline baseline = demo.claimants().get(claimant);
            BigInteger change = chain.balanceOf(claimant).subtract(baseline.balance());
            BigInteger paidOnChain = sum(redemptions.stream()
                    .filter(r -> r.claimant().equalsIgnoreCase(claimant) && r.block() > baseline.block())
                    .map(Chain.RedeemedLog::amount)
                    .toList());
            BigInteger paidInOnChain = sum(bonds.stream()
                    .filter(b -> b.payer().equalsIgnoreCase(claimant) && b.block() > baseline.block())
                    .map(Chain.BondLog::amount)
                    .toList());
            BigInteger payouts = sum(events.all("claim.events", ClaimPaid.class).stream()
                    .filter(e -> e.getRecipient().equalsIgnoreCase(claimant) && e.getBlockNumber() > baseline.block())
                    .map(e -> e.getAmount().toBigIntegerExact())
                    .toList());
            BigInteger refunds = sum(settled.stream()
                    .filter(e -> e.getKind() == SettlementKind.CLAIM_REFUND
                            && e.getRecipient().equalsIgnoreCase(claimant)
                            && e.getBlockNumber() > baseline.block())
                    .map(e -> e.getAmount().toBigIntegerExact())
                    .toList());
            BigInteger paidIn = sum(observed.stream()
                    .filter(e -> e.getPayer().equalsIgnoreCase(claimant) && e.getBlockNumber() > baseline.block())
                    .map(e -> e.getAmount().toBigIntegerExact())
                    .toList());
            BigInteger recorded = payouts.add(refunds).subtract(paidIn);
            BigInteger onChain = paidOnChain.subtract(paidInOnChain);
            boolean same = change.equals(recorded) && recorded.equals(onChain);
            step.detail(who(chain, claimant) + ": tUSD balance " + (change.signum() >= 0 ? "+" : "") + tusd(change)
                    + " since its first claim payment" + (same ? " = " : " ≠ ") + "payouts " + tusd(payouts)
                    + " + refunds " + tusd(refunds) + " − deposits and bonds paid " + tusd(paidIn)
                    + " (claim.events, chain.events; the same on chain: " + tusd(onChain) + ")");
            if (!same) {
                mismatches.add(claimant);
            }
        }
    }

    private static BigInteger redeemedOf(List<SettlementRedeemed> redeemed, SettlementKind kind) {
        return sum(redeemed.stream()
                .filter(e -> e.getKind() == kind)
                .map(e -> e.getAmount().toBigIntegerExact())
                .toList());
    }

    // ------------------------------------------------------------------------------------------------- 3. replay

    private void replay(DemoContext demo, Progress.Step step) {
        int seenBefore = demo.events().all().size();
        Map<String, String> before = snapshot(demo);
        List<String> unanswered = before.entrySet().stream()
                .filter(view -> !view.getValue().startsWith("200 "))
                .map(view -> view.getKey() + " answered " + cut(view.getValue()))
                .toList();
        if (!unanswered.isEmpty()) { // every view asked for exists: comparing errors would prove nothing
            throw new DemoFailure("views not answered before the restart: " + unanswered);
        }
        // 1. the operators' replay: every context rebuilt from its event topic in a scratch store, each aggregate's
        // state hash compared with what its service serves (./claims replay, docs/operations.md)
        for (Services.Service service : demo.services().all()) {
            String context = service.spec().context();
            step.status("./claims replay " + context + ": rebuilding " + context + ".events from offset 0");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                status = Cli.run(
                        List.of(
                                "replay",
                                context,
                                "--url",
                                service.base.toString(),
                                "--bootstrap",
                                demo.broker().bootstrap),
                        o,
                        e);
            }
            String printed = out.toString(StandardCharsets.UTF_8).strip();
            if (status != 0) {
                throw new DemoFailure(
                        "./claims replay " + context + " found a difference:\n" + printed + "\n"
                                + err.toString(StandardCharsets.UTF_8).strip(),
                        service.name());
            }
            List<String> lines = printed.lines().toList();
            step.detail("./claims replay " + context + ": "
                    + (lines.size() > 1 ? lines.get(1).strip() : printed) + " (rebuilt from offset 0)");
        }
        // 2. every REST view, read again after a restart of every service without its local state
        Map<String, Integer> perService = new LinkedHashMap<>();
        before.keySet().forEach(key -> perService.merge(key.substring(0, key.indexOf(' ')), 1, Integer::sum));
        step.status("read " + before.size() + " views; restarting the six services without their state");
        List<String> restarted = new ArrayList<>();
        demo.services()
                .restartWithoutState(
                        step,
                        service -> restarted.add(service.name() + " restarted without its state, ready after "
                                + Progress.duration(service.startMillis())));
        step.status("comparing the views read before and after the restart");
        long deadline = System.nanoTime() + REBUILD_PATIENCE.toNanos();
        Map<String, String> read = snapshot(demo);
        while (!read.equals(before) && System.nanoTime() < deadline) {
            Broker.sleep(1000); // a read model (e.g. the owners' policies) may still be catching up
            read = snapshot(demo);
        }
        Map<String, String> after = read;
        for (Services.Service service : demo.services().all()) {
            String name = service.name();
            int events = demo.events().all().stream()
                    .filter(e -> e.topic().equals(service.spec().context() + ".events"))
                    .toList()
                    .size();
            int views = perService.getOrDefault(name, 0);
            long same = before.keySet().stream()
                    .filter(key -> key.startsWith(name + " "))
                    .filter(key -> Objects.equals(before.get(key), after.get(key)))
                    .count();
            String rebuilt = restarted.stream()
                    .filter(r -> r.startsWith(name + " "))
                    .findFirst()
                    .orElse(name);
            step.detail(rebuilt + ": "
                    + (events == 0
                            ? "no aggregates yet (" + service.spec().context() + ".events is empty)"
                            : same + " of " + views
                                    + " views identical byte for byte (aggregates restored from their changelog, not"
                                    + " from the " + events + " events of "
                                    + service.spec().context() + ".events; read"
                                    + " models, where it has them, rebuilt from their event topics)"));
        }
        List<String> differing = before.keySet().stream()
                .filter(key -> !Objects.equals(before.get(key), after.get(key)))
                .toList();
        Set<String> added = minus(after.keySet(), before.keySet());
        if (!differing.isEmpty() || !added.isEmpty()) {
            StringBuilder why = new StringBuilder(differing.size() + " views differ after the replay:");
            Path kept = demo.logs().resolve("replay-differences");
            for (String key : differing.subList(0, Math.min(5, differing.size()))) {
                int at = firstDifference(before.get(key), after.get(key));
                why.append("\n  ")
                        .append(key)
                        .append(" (first difference at character ")
                        .append(at)
                        .append(")\n    before: ")
                        .append(around(before.get(key), at))
                        .append("\n    after:  ")
                        .append(around(after.get(key), at));
            }
            List<EventTap.Event> meanwhile = demo.events().all().stream()
                    .skip(seenBefore)
                    .filter(e -> e.topic().endsWith(".events"))
                    .toList();
            why.append("\n  events appended after the first reading: ")
                    .append(
                            meanwhile.isEmpty()
                                    ? "none"
                                    : meanwhile.stream()
                                            .map(e -> e.topic() + " "
                                                    + (e.value() == null
                                                            ? "?"
                                                            : e.value()
                                                                    .getSchema()
                                                                    .getName()) + " " + e.key())
                                            .toList());
            why.append("\n  both bodies of every differing view: ")
                    .append(demo.relative(keep(kept, differing, before, after)));
            throw new DemoFailure(
                    why.toString(),
                    differing.isEmpty() ? null : differing.getFirst().split(" ")[0]);
        }
    }

    /**
     * Every aggregate's REST view in every context, as "service GET path" → "status body": pools, providers'
     * positions and withdrawals; products, quotes, policies and each holder's policies; settlement batches and proofs;
     * claims (assessed and parametric), each claimant's claims, incidents and assessor groups; feeds, their history and
     * triggers; and in every context the outcome of every command it decided (GET /commands/...), which the rebuild
     * restores too.
     */
    private static Map<String, String> snapshot(DemoContext demo) {
        EventTap events = demo.events();
        Map<String, String> views = new TreeMap<>();
        List<String> paths = new ArrayList<>();
        // pool-service
        paths.add("pool-service /pools");
        Set<String> pools = new LinkedHashSet<>();
        Set<String> providers = new LinkedHashSet<>();
        for (CapitalDeposited deposit : events.all("pool.events", CapitalDeposited.class)) {
            pools.add(deposit.getPoolId());
            providers.add(deposit.getPoolId() + "/providers/" + deposit.getProvider());
        }
        events.all("pool.events", io.coverclaims.schemas.pool.PoolCreated.class)
                .forEach(created -> pools.add(created.getPoolId()));
        pools.forEach(pool -> paths.add("pool-service /pools/" + segment(pool)));
        providers.forEach(provider -> paths.add("pool-service /pools/" + provider));
        for (WithdrawalRequested withdrawal : events.all("pool.events", WithdrawalRequested.class)) {
            paths.add("pool-service /pools/" + segment(withdrawal.getPoolId()) + "/withdrawals/"
                    + segment(withdrawal.getWithdrawalId()));
        }
        // policy-service
        paths.add("policy-service /products");
        events.all("policy.events", ProductDefined.class)
                .forEach(product -> paths.add("policy-service /products/" + segment(product.getProductId())));
        events.all("policy.events", QuoteIssued.class)
                .forEach(quote -> paths.add("policy-service /quotes/" + segment(quote.getQuoteId())));
        Set<String> holders = new LinkedHashSet<>();
        for (PolicyRequested policy : events.all("policy.events", PolicyRequested.class)) {
            paths.add("policy-service /policies/" + segment(policy.getPolicyId()));
            holders.add(policy.getHolder());
        }
        holders.forEach(holder -> paths.add("policy-service /policies?owner=" + holder));
        // chain-bridge
        events.all("chain.events", SettlementBatchSealed.class)
                .forEach(batch -> paths.add("chain-bridge /settlements/batches/" + segment(batch.getBatchId())));
        events.all("chain.events", SettlementEnqueued.class)
                .forEach(settlement -> paths.add(
                        settlement.getReferenceId().contains("/") // a refund id: it cannot be a path segment
                                ? "chain-bridge /settlements/proof?referenceId=" + segment(settlement.getReferenceId())
                                : "chain-bridge /settlements/claims/" + segment(settlement.getReferenceId())
                                        + "/proof"));
        // claim-service
        paths.add("claim-service /assessor-groups");
        paths.add("claim-service /incidents");
        events.all("claim.events", IncidentDeclared.class)
                .forEach(incident -> paths.add("claim-service /incidents/" + segment(incident.getIncidentId())));
        Set<String> claimants = new LinkedHashSet<>();
        for (ClaimSubmitted claim : events.all("claim.events", ClaimSubmitted.class)) {
            paths.add("claim-service /claims/" + segment(claim.getClaimId()));
            claimants.add(claim.getClaimant());
        }
        for (ParametricClaimOpened claim : events.all("claim.events", ParametricClaimOpened.class)) {
            paths.add("claim-service /claims/" + segment(claim.getClaimId()));
            claimants.add(claim.getClaimant());
        }
        claimants.forEach(claimant -> paths.add("claim-service /claims?claimant=" + claimant));
        // oracle-service: feeds (sources, value, the last evaluation), their history, triggers and their firings
        paths.add("oracle-service /feeds");
        for (FeedDefined feed : events.all("oracle.events", FeedDefined.class)) {
            paths.add("oracle-service /feeds/" + segment(feed.getFeedId()));
            paths.add("oracle-service /feeds/" + segment(feed.getFeedId()) + "/observations?limit=500");
        }
        paths.add("oracle-service /triggers");
        events.all("oracle.events", ParametricTriggerDefined.class)
                .forEach(trigger -> paths.add("oracle-service /triggers/" + segment(trigger.getTriggerId())));
        // every context: the outcome of every command it decided
        for (Services.Service service : demo.services().all()) {
            Set<String> decided = new LinkedHashSet<>();
            for (CommandOutcome outcome :
                    events.all(service.spec().context() + ".command-outcomes", CommandOutcome.class)) {
                decided.add("/commands/" + segment(outcome.getAggregateId()) + "/" + segment(outcome.getCommandId()));
            }
            decided.forEach(path -> paths.add(service.name() + " " + path));
        }
        for (String key : paths) {
            int space = key.indexOf(' ');
            Api.Answer answer = demo.api().get(key.substring(0, space), key.substring(space + 1));
            views.put(key, answer.status() + " " + answer.text());
        }
        return views;
    }

    // -------------------------------------------------------------------------------------------- 4. dead letters

    private void noDeadLetters(DemoContext demo, Progress.Step step) {
        Map<String, Long> deadLetters = demo.events().all().stream()
                .filter(EventTap.Event::isDeadLetter)
                .collect(Collectors.groupingBy(EventTap.Event::topic, TreeMap::new, Collectors.counting()));
        long records =
                demo.events().all().stream().filter(e -> !e.isDeadLetter()).count();
        if (!deadLetters.isEmpty()) {
            throw new DemoFailure("dead letters: " + deadLetters);
        }
        step.detail("every <context>.dead-letter topic is empty (" + records + " events and outcomes read in all)");
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static BigInteger amount(JsonNode node, String field) {
        return new BigInteger(node.path(field).asText("0"));
    }

    private static BigInteger sum(List<BigInteger> amounts) {
        return amounts.stream().reduce(BigInteger.ZERO, BigInteger::add);
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> result = new LinkedHashSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> result = new LinkedHashSet<>(a);
        result.addAll(b);
        return result;
    }

    private static String who(Chain chain, String address) {
        for (int i = 0; i < chain.accounts.size(); i++) {
            if (chain.address(i).equalsIgnoreCase(address)) {
                return "dev:" + i + " " + Chain.shortHex(address);
            }
        }
        return address;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Writes each differing view's two bodies to {@code dir} (for a diff), and returns {@code dir}. */
    private static Path keep(Path dir, List<String> differing, Map<String, String> before, Map<String, String> after) {
        try {
            Files.createDirectories(dir);
            int n = 0;
            for (String key : differing) {
                String name = String.format("%03d-", ++n) + key.replaceAll("[^A-Za-z0-9._-]+", "_");
                Files.writeString(dir.resolve(name + ".before"), key + "\n" + before.get(key) + "\n");
                Files.writeString(dir.resolve(name + ".after"), key + "\n" + after.get(key) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static int firstDifference(String a, String b) {
        String x = a == null ? "" : a;
        String y = b == null ? "" : b;
        int i = 0;
        while (i < x.length() && i < y.length() && x.charAt(i) == y.charAt(i)) {
            i++;
        }
        return i;
    }

    /** Up to 200 characters either side of {@code at}. */
    private static String around(String text, int at) {
        if (text == null) {
            return "(none)";
        }
        int from = Math.max(0, at - 200);
        int to = Math.min(text.length(), at + 200);
        return (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
    }

    private static String cut(String text) {
        return text == null ? "(none)" : text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
