package io.coverclaims.demo;

import static io.coverclaims.demo.Amounts.tusd;
import static io.coverclaims.demo.ProductChapter.POOL_ID;
import static io.coverclaims.demo.ProductChapter.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.schemas.chain.OnChainDepositObserved;
import io.coverclaims.schemas.chain.SettlementBatchAnchored;
import io.coverclaims.schemas.chain.SettlementRedeemed;
import io.coverclaims.schemas.claim.ClaimAccepted;
import io.coverclaims.schemas.claim.ClaimKind;
import io.coverclaims.schemas.claim.ClaimPaid;
import io.coverclaims.schemas.claim.ClaimPayoutRequested;
import io.coverclaims.schemas.claim.ClaimSettled;
import io.coverclaims.schemas.claim.IncidentClaimAdmitted;
import io.coverclaims.schemas.claim.IncidentClaimReleased;
import io.coverclaims.schemas.claim.IncidentDeclared;
import io.coverclaims.schemas.claim.IncidentPayoutMode;
import io.coverclaims.schemas.claim.IncidentPool;
import io.coverclaims.schemas.claim.IncidentWindowClosed;
import io.coverclaims.schemas.claim.ParametricClaimOpened;
import io.coverclaims.schemas.common.CommandOutcome;
import io.coverclaims.schemas.common.CommandStatus;
import io.coverclaims.schemas.common.EventMetadata;
import io.coverclaims.schemas.oracle.FeedDefined;
import io.coverclaims.schemas.oracle.FeedSourceRegistered;
import io.coverclaims.schemas.oracle.FeedUnreliable;
import io.coverclaims.schemas.oracle.ObservationExcluded;
import io.coverclaims.schemas.oracle.ParametricTriggerDefined;
import io.coverclaims.schemas.oracle.PriceObserved;
import io.coverclaims.schemas.oracle.PriceQuorumReached;
import io.coverclaims.schemas.oracle.SourceExclusion;
import io.coverclaims.schemas.oracle.TriggerArmed;
import io.coverclaims.schemas.oracle.TriggerDisarmed;
import io.coverclaims.schemas.oracle.TriggerFired;
import io.coverclaims.schemas.policy.ProductDefined;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.FundsSource;
import io.coverclaims.schemas.pool.PayoutDisbursed;
import io.coverclaims.schemas.pool.PayoutReserved;
import io.coverclaims.schemas.pool.ProductWeightsSet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The oracle, as its users meet it: a second test price feed on chain (USDC / USD) and two reporters who sign their
 * prices make feed USDC-USD, 2 of 3; an operator defines a parametric depeg product and its trigger, and buyers take its
 * cover. One manipulated source alone moves nothing: its price is excluded for deviating from the median. Then the peg
 * breaks below 0.995 and does not recover within the trigger's window (15 s in the demo): the trigger fires, and
 * claim-service opens, accepts and settles a claim for every depeg policy, with no one claiming; chain-bridge anchors
 * the payouts and each holder redeems its own on chain.
 */
final class DepegChapter implements Chapter {

    static final String FEED_ID = "USDC-USD";
    static final String PRODUCT_ID = "prod-usdc-depeg";
    static final String TRIGGER_ID = "trg-usdc-depeg";

    static final String CHAINLINK = "chainlink";
    static final String REPORTER_A = "reporter-a";
    static final String REPORTER_B = "reporter-b";
    /** The reporters' signing keys: development wallets derived from anvil's mnemonic; they only sign. */
    static final int REPORTER_A_WALLET = 14;

    static final int REPORTER_B_WALLET = 15;

    /** 1.0 in the oracle's 1e-8 units. */
    static final long ONE = 100_000_000L;

    static final int QUORUM = 2;
    static final int MAX_DEVIATION_PPM = 20_000;
    static final Duration MAX_STALENESS = Duration.ofHours(1);
    static final long MIN_PRICE_E8 = 50_000_000L;
    static final long MAX_PRICE_E8 = 150_000_000L;

    static final long THRESHOLD_E8 = 99_500_000L;
    static final long RECOVERY_E8 = 99_900_000L;
    /** The trigger's window: a day in production, 15 s in the demo. */
    static final Duration WINDOW = Duration.ofSeconds(15);

    static final long MIN_DEPEG_E8 = 50_000_000L;

    static final long MANIPULATED_E8 = 90_000_000L;
    static final long DEPEG_E8 = 97_000_000L;
    static final long STAYS_E8 = 97_500_000L;
    /** How often the reporters report while the trigger is armed. */
    static final Duration REPORT_EVERY = Duration.ofSeconds(3);

    static final int WEIGHT_BPS = 5_000;
    static final int CAPITAL_PROVIDER = 3;

    /** The depeg covers bought: the holder (a development account) and the cover, 30 days each. */
    record Cover(int buyer, BigInteger amount) {}

    static final List<Cover> COVERS = List.of(
            new Cover(5, tusd(10_000)),
            new Cover(6, tusd(20_000)),
            new Cover(6, tusd(5_000)),
            new Cover(7, tusd(8_000)),
            new Cover(8, tusd(12_000)));

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** One parametric claim as the chapter follows it. */
    static final class Paid {
        final ParametricClaimOpened opened;
        final int holder;
        ClaimSettled settled;
        JsonNode proof;
        SettlementBatchAnchored anchored;

        Paid(ParametricClaimOpened opened, int holder) {
            this.opened = opened;
            this.holder = holder;
        }

        String claimId() {
            return opened.getClaimId();
        }

        BigInteger payout() {
            return opened.getPayoutAmount().toBigIntegerExact();
        }

        String who() {
            return "dev:" + holder;
        }
    }

    /** A signed price report and what the feed decided on it. */
    record Report(
            int wallet, String sourceId, long priceE8, Instant observedAt, int status, List<SpecificRecord> decided) {}

    private String aggregator;
    private IncidentDeclared declared;

    @Override
    public String title() {
        return "Scenario · the oracle: a depeg feed of 2 of 3 sources, a manipulated source ignored, a trigger fired and"
                + " every depeg policy paid on chain";
    }

    @Override
    public void run(DemoContext demo) {
        aggregator = null;
        declared = null;
        baselines(demo);
        deployFeed(demo);
        defineFeed(demo);
        defineProduct(demo);
        underwrite(demo);
        freshCapital(demo);
        List<ProductChapter.Purchase> bought = new ArrayList<>();
        for (Cover cover : COVERS) {
            bought.add(ProductChapter.buyActivated(
                    demo,
                    "Buyer dev:" + cover.buyer() + " buys 30-day USDC depeg cover of " + tusd(cover.amount()) + " ("
                            + PRODUCT_ID + ")",
                    PRODUCT_ID,
                    cover.buyer(),
                    cover.amount(),
                    30,
                    false));
        }
        defineTrigger(demo);
        honest(demo);
        manipulated(demo);
        TriggerArmed armed = depeg(demo);
        TriggerFired fired = fires(demo, armed);
        List<Paid> claims = opened(demo, fired, bought);
        settled(demo, claims);
        anchored(demo, fired, claims);
        for (Integer holder : claims.stream().map(c -> c.holder).distinct().toList()) {
            redeem(demo, holder, claims.stream().filter(c -> c.holder == holder).toList());
        }
        windowCloses(demo, claims);
    }

    // ------------------------------------------------------------------------------------------------ the feed

    private void deployFeed(DemoContext demo) {
        demo.step(
                "A second test price feed on chain: TestPriceFeed USDC / USD, 8 decimals, at 1.0000 (dev:9)", step -> {
                    Chain chain = demo.chain();
                    Api.Answer existing = demo.api().get("oracle-service", "/feeds/" + FEED_ID);
                    if (existing.status() == 200) {
                        for (JsonNode source : existing.body().path("sources")) {
                            String address = source.path("aggregator").asText("");
                            if (source.path("sourceId").asText().equals(CHAINLINK) && chain.deployed(address)) {
                                aggregator = address;
                                Chain.Round round = chain.latestRound(aggregator);
                                step.detail(
                                        FEED_ID + " exists already (kept from an earlier run): its on-chain source is "
                                                + "TestPriceFeed " + aggregator + ", round " + round.roundId() + " at "
                                                + price(round.answer().longValueExact()) + "; nothing to deploy");
                                return;
                            }
                        }
                        throw new DemoFailure(
                                FEED_ID + " exists but names no deployed aggregator as its source " + CHAINLINK + ": "
                                        + existing.text(),
                                "oracle-service");
                    }
                    aggregator = chain.deployPriceFeed("USDC / USD", 8, BigInteger.valueOf(ONE));
                    Chain.Round round = chain.latestRound(aggregator);
                    step.detail(
                            "dev:9 deploys TestPriceFeed(8, \"USDC / USD\", " + ONE + ") at " + aggregator + ": round "
                                    + round.roundId() + " answers "
                                    + price(round.answer().longValueExact()) + " (a Chainlink "
                                    + "AggregatorV3Interface: latestRoundData(); anyone may push an answer)");
                });
    }

    private void defineFeed(DemoContext demo) {
        demo.step(
                "An operator defines feed " + FEED_ID + ": 2 of 3 sources within 2 % of their median, 1 h staleness"
                        + " (oracle-admin token)",
                step -> {
                    Api.Answer existing = demo.api().get("oracle-service", "/feeds/" + FEED_ID);
                    List<String> known = new ArrayList<>();
                    if (existing.status() == 200) {
                        existing.body()
                                .path("sources")
                                .forEach(s -> known.add(s.path("sourceId").asText()));
                        step.detail(FEED_ID + " exists already (kept from an earlier run), status "
                                + existing.body().path("status").asText() + ", sources " + known);
                    } else {
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("feedId", FEED_ID);
                        body.put("kind", "PRICE");
                        body.put("description", "USDC / USD: a Chainlink aggregator on chain and two signed reporters");
                        body.put("quorum", QUORUM);
                        body.put("maxDeviationPpm", MAX_DEVIATION_PPM);
                        body.put("maxStalenessMs", MAX_STALENESS.toMillis());
                        Api.Answer answer = demo.api()
                                .asOperator(
                                        OperatorRoles.ORACLE_ADMIN,
                                        "oracle-service",
                                        "POST",
                                        "/feeds",
                                        body,
                                        "demo-feed-" + FEED_ID);
                        expect(answer, "POST /feeds", "oracle-service", 200, 201, 202);
                        FeedDefined defined = await(
                                demo,
                                step,
                                "waiting for FeedDefined",
                                "oracle.events",
                                FeedDefined.class,
                                e -> e.getFeedId().equals(FEED_ID));
                        step.detail("POST /feeds with an operator token (role oracle-admin) " + arrow(demo) + " "
                                + answer.status() + " " + arrow(demo) + " oracle.events FeedDefined " + FEED_ID + " "
                                + defined.getKind() + ": quorum " + defined.getQuorum() + ", max deviation "
                                + Amounts.percentFromPpm(defined.getMaxDeviationPpm())
                                + " of the median, max staleness "
                                + Duration.ofMillis(defined.getMaxStalenessMs()).toMinutes() + " min");
                    }
                    Chain chain = demo.chain();
                    register(
                            demo,
                            step,
                            known,
                            CHAINLINK,
                            "Chainlink USDC / USD (TestPriceFeed on anvil)",
                            "CHAINLINK_AGGREGATOR",
                            null,
                            aggregator);
                    register(
                            demo,
                            step,
                            known,
                            REPORTER_A,
                            "Reporter A (signs ReportPrice)",
                            "SIGNED_REPORTER",
                            chain.address(REPORTER_A_WALLET),
                            null);
                    register(
                            demo,
                            step,
                            known,
                            REPORTER_B,
                            "Reporter B (signs ReportPrice)",
                            "SIGNED_REPORTER",
                            chain.address(REPORTER_B_WALLET),
                            null);
                    step.detail("(dev:" + REPORTER_A_WALLET + " and dev:" + REPORTER_B_WALLET + " are development"
                            + " wallets derived from anvil's mnemonic; they only sign, EIP-712 ReportPrice: no gas)");
                });
    }

    private static void register(
            DemoContext demo,
            Progress.Step step,
            List<String> known,
            String sourceId,
            String name,
            String kind,
            String signer,
            String aggregator) {
        if (known.contains(sourceId)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sourceId", sourceId);
        body.put("name", name);
        body.put("sourceKind", kind);
        if (signer != null) {
            body.put("signer", signer);
        }
        if (aggregator != null) {
            body.put("aggregator", aggregator);
        }
        body.put("heartbeatMs", MAX_STALENESS.toMillis());
        body.put("decimals", 8);
        body.put("minPriceE8", MIN_PRICE_E8);
        body.put("maxPriceE8", MAX_PRICE_E8);
        Api.Answer answer = demo.api()
                .asOperator(
                        OperatorRoles.ORACLE_ADMIN,
                        "oracle-service",
                        "POST",
                        "/feeds/" + FEED_ID + "/sources",
                        body,
                        "demo-source-" + FEED_ID + "-" + sourceId);
        expect(answer, "POST /feeds/" + FEED_ID + "/sources", "oracle-service", 200, 201, 202);
        FeedSourceRegistered registered = await(
                demo,
                step,
                "waiting for FeedSourceRegistered " + sourceId,
                "oracle.events",
                FeedSourceRegistered.class,
                e -> e.getFeedId().equals(FEED_ID) && e.getSourceId().equals(sourceId));
        step.detail("POST /feeds/" + FEED_ID + "/sources " + sourceId + " " + arrow(demo) + " " + answer.status() + " "
                + arrow(demo) + " FeedSourceRegistered " + registered.getSourceKind() + " "
                + (registered.getAggregator() != null
                        ? "aggregator " + Chain.shortHex(registered.getAggregator()) + " (chain-bridge reads it)"
                        : "signer " + who(demo, registered.getSigner()))
                + ", bounds " + price(registered.getMinPriceE8()) + " to " + price(registered.getMaxPriceE8())
                + ", heartbeat "
                + Duration.ofMillis(registered.getHeartbeatMs()).toMinutes() + " min; "
                + registered.getSourceCount() + (registered.getSourceCount() == 1 ? " source" : " sources"));
    }

    // --------------------------------------------------------------------------------------- the product

    private void defineProduct(DemoContext demo) {
        demo.step(
                "An operator defines product " + PRODUCT_ID + ": USDC depeg cover, paid by trigger " + TRIGGER_ID
                        + " (product-admin token)",
                step -> {
                    Api.Answer existing = demo.api().get("policy-service", "/products/" + PRODUCT_ID);
                    if (existing.status() == 200) {
                        step.detail(PRODUCT_ID + " exists already (kept from an earlier run): nothing to define");
                        return;
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("productId", PRODUCT_ID);
                    body.put("name", "USDC depeg cover");
                    body.put("category", "STABLECOIN_DEPEG");
                    body.put("claimMethod", "PARAMETRIC");
                    body.put("asset", Chain.TOKEN_SYMBOL);
                    body.put("triggerId", TRIGGER_ID);
                    body.put("floorRateBps", 100);
                    body.put("ceilingRateBps", 800);
                    body.put("minPeriodDays", 1);
                    body.put("maxPeriodDays", 365);
                    Api.Answer defined = demo.api()
                            .asOperator(
                                    OperatorRoles.PRODUCT_ADMIN,
                                    "policy-service",
                                    "POST",
                                    "/products",
                                    body,
                                    "demo-" + PRODUCT_ID);
                    expect(defined, "POST /products", "policy-service", 201);
                    ProductDefined event = demo.events()
                            .await(
                                    demo,
                                    step,
                                    "waiting for ProductDefined",
                                    PATIENCE,
                                    "policy.events",
                                    ProductDefined.class,
                                    e -> e.getProductId().equals(PRODUCT_ID),
                                    "policy-service");
                    step.detail("POST /products " + arrow(demo) + " " + defined.status() + " " + arrow(demo)
                            + " policy.events ProductDefined: " + event.getName() + ", " + event.getCategory()
                            + ", claims " + event.getClaimMethod() + " on trigger " + event.getTriggerId()
                            + " (nobody claims: the trigger's firing opens the claims), "
                            + event.getFloorRateBps() / 100.0 + " to " + event.getCeilingRateBps() / 100.0
                            + " %/year");
                });
    }

    private void underwrite(DemoContext demo) {
        demo.step(
                "An operator lets " + POOL_ID + " underwrite " + PRODUCT_ID + " with " + WEIGHT_BPS / 100
                        + " % of its capacity (pool-admin token)",
                step -> {
                    JsonNode pool = ProductChapter.pool(demo);
                    List<Map<String, Object>> products = new ArrayList<>();
                    boolean set = false;
                    for (JsonNode product : pool.path("products")) {
                        String productId = product.path("productId").asText();
                        if (productId.equals(PRODUCT_ID)) {
                            set = product.path("weightBps").asInt() == WEIGHT_BPS;
                            continue;
                        }
                        products.add(Map.of(
                                "productId",
                                productId,
                                "weightBps",
                                product.path("weightBps").asInt()));
                    }
                    if (set) {
                        step.detail(PRODUCT_ID + " has its weight already (kept from an earlier run)");
                        return;
                    }
                    products.add(Map.of("productId", PRODUCT_ID, "weightBps", WEIGHT_BPS));
                    Api.Answer answer = demo.api()
                            .asOperator(
                                    OperatorRoles.POOL_ADMIN,
                                    "pool-service",
                                    "PUT",
                                    "/pools/" + POOL_ID + "/products",
                                    Map.of("products", products),
                                    "demo-" + PRODUCT_ID + "-weights-"
                                            + Integer.toHexString(
                                                    products.toString().hashCode()));
                    expect(answer, "PUT /pools/" + POOL_ID + "/products", "pool-service", 200, 202);
                    ProductWeightsSet weights = demo.events()
                            .await(
                                    demo,
                                    step,
                                    "waiting for ProductWeightsSet",
                                    PATIENCE,
                                    "pool.events",
                                    ProductWeightsSet.class,
                                    e -> e.getPoolId().equals(POOL_ID)
                                            && e.getProducts().stream()
                                                    .anyMatch(p ->
                                                            p.getProductId().equals(PRODUCT_ID)
                                                                    && p.getWeightBps() == WEIGHT_BPS),
                                    "pool-service");
                    step.detail("PUT /pools/" + POOL_ID + "/products (every product's weight: the others kept) "
                            + arrow(demo) + " " + answer.status() + " " + arrow(demo)
                            + " pool.events ProductWeightsSet: "
                            + String.join(
                                    ", ",
                                    weights.getProducts().stream()
                                            .map(p -> p.getProductId() + " " + p.getWeightBps() / 100 + " %")
                                            .toList()));
                });
    }

    /** The pro-rata incident of the claims' chapter paid out the pool's capital: a provider deposits fresh capital. */
    private void freshCapital(DemoContext demo) {
        BigInteger cover = COVERS.stream().map(Cover::amount).reduce(BigInteger.ZERO, BigInteger::add);
        demo.step(
                "Capital provider dev:" + CAPITAL_PROVIDER + " deposits fresh capital on chain for " + tusd(cover)
                        + " of depeg cover",
                step -> {
                    JsonNode pool = ProductChapter.pool(demo);
                    JsonNode product = ProductChapter.product(pool, PRODUCT_ID);
                    BigInteger available =
                            new BigInteger(product.path("available").asText("0"));
                    BigInteger needed = cover.add(tusd(5_000));
                    step.detail(
                            POOL_ID + ": capital " + tusd(pool.path("capital").asText("0")) + " (the pro-rata"
                                    + " incident paid out the whole capital), " + PRODUCT_ID + " available "
                                    + tusd(available) + ", the covers to sell " + tusd(cover));
                    if (available.compareTo(needed) >= 0) {
                        step.detail("enough capacity: nothing to deposit");
                        return;
                    }
                    // capacity grows by ratio x weight per unit of capital: deposit the shortfall's worth, in 10,000s
                    long factor = (long) pool.path("capacityRatioBps").asInt() * WEIGHT_BPS;
                    BigInteger tenThousand = tusd(10_000);
                    BigInteger amount = needed.subtract(available)
                            .multiply(BigInteger.valueOf(100_000_000L))
                            .add(BigInteger.valueOf(factor - 1))
                            .divide(BigInteger.valueOf(factor))
                            .add(tenThousand.subtract(BigInteger.ONE))
                            .divide(tenThousand)
                            .multiply(tenThousand);
                    Chain chain = demo.chain();
                    step.status("dev:" + CAPITAL_PROVIDER + " mints, approves and deposits " + tusd(amount));
                    chain.mint(CAPITAL_PROVIDER, amount);
                    chain.approve(CAPITAL_PROVIDER, chain.pool, amount);
                    TransactionReceipt receipt = chain.deposit(CAPITAL_PROVIDER, amount);
                    Chain.DepositLog log = chain.depositLog(receipt);
                    OnChainDepositObserved observed = demo.events()
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
                    CapitalDeposited recorded = demo.events()
                            .await(
                                    demo,
                                    step,
                                    "waiting for pool-service to record deposit " + log.depositId(),
                                    PATIENCE,
                                    "pool.events",
                                    CapitalDeposited.class,
                                    e -> e.getDepositId().equals(log.depositId()),
                                    "pool-service");
                    if (recorded.getSource() != FundsSource.CHAIN
                            || !recorded.getAmount().toBigIntegerExact().equals(amount)) {
                        throw new DemoFailure(
                                "pool-service recorded " + recorded + " for the on-chain deposit " + log,
                                "pool-service");
                    }
                    JsonNode after = ProductChapter.product(ProductChapter.pool(demo), PRODUCT_ID);
                    step.detail("dev:" + CAPITAL_PROVIDER + " mints " + tusd(amount) + ", approves ClaimsPool, calls"
                            + " deposit(" + amount + "): tx " + Chain.shortHex(log.txHash()) + ", block " + log.block()
                            + " " + arrow(demo) + " chain.events OnChainDepositObserved (" + observed.getConfirmations()
                            + " confirmations) " + arrow(demo) + " pool.events CapitalDeposited source "
                            + recorded.getSource() + " " + tusd(recorded.getAmount()));
                    step.detail(PRODUCT_ID + " capacity "
                            + tusd(after.path("capacity").asText("0")) + " (capital x "
                            + pool.path("capacityRatioBps").asInt() / 10_000.0 + " x " + WEIGHT_BPS / 100
                            + " %), available " + tusd(after.path("available").asText("0")));
                });
    }

    // --------------------------------------------------------------------------------------- the trigger

    private void defineTrigger(DemoContext demo) {
        demo.step(
                "An operator defines trigger " + TRIGGER_ID + ": DEPEG below " + price(THRESHOLD_E8)
                        + " not back to " + price(RECOVERY_E8) + " within " + WINDOW.toSeconds()
                        + " s (oracle-admin token)",
                step -> {
                    Api.Answer existing = demo.api().get("oracle-service", "/triggers/" + TRIGGER_ID);
                    if (existing.status() == 200) {
                        step.detail(TRIGGER_ID + " exists already (kept from an earlier run), "
                                + existing.body().path("state").asText() + ", fired "
                                + existing.body().path("firings").size() + " times");
                        return;
                    }
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("triggerId", TRIGGER_ID);
                    body.put("productId", PRODUCT_ID);
                    body.put("feedId", FEED_ID);
                    body.put("kind", "DEPEG");
                    body.put("thresholdPriceE8", THRESHOLD_E8);
                    body.put("recoveryPriceE8", RECOVERY_E8);
                    body.put("windowMs", WINDOW.toMillis());
                    body.put("minDepegPriceE8", MIN_DEPEG_E8);
                    Api.Answer answer = demo.api()
                            .asOperator(
                                    OperatorRoles.ORACLE_ADMIN,
                                    "oracle-service",
                                    "POST",
                                    "/triggers",
                                    body,
                                    "demo-" + TRIGGER_ID);
                    expect(answer, "POST /triggers", "oracle-service", 200, 201, 202);
                    ParametricTriggerDefined defined = await(
                            demo,
                            step,
                            "waiting for ParametricTriggerDefined",
                            "oracle.events",
                            ParametricTriggerDefined.class,
                            e -> e.getTriggerId().equals(TRIGGER_ID));
                    step.detail("POST /triggers " + arrow(demo) + " " + answer.status() + " " + arrow(demo)
                            + " oracle.events ParametricTriggerDefined " + defined.getKind() + " on "
                            + defined.getFeedId()
                            + " for " + defined.getProductId() + ": arms below " + price(defined.getThresholdPriceE8())
                            + ", disarms at " + price(defined.getRecoveryPriceE8()) + ", fires after "
                            + Duration.ofMillis(defined.getWindowMs()).toSeconds() + " s armed (a day in production),"
                            + " pays 1 − the depeg price of each cover, the depeg price never below "
                            + price(defined.getMinDepegPriceE8()));
                });
    }

    // ------------------------------------------------------------------------------------------ the prices

    private void honest(DemoContext demo) {
        demo.step(
                "Honest prices: chain-bridge reads the feed's round, both reporters sign 1.0000: " + FEED_ID
                        + " is RELIABLE at 1.0000",
                step -> {
                    Chain chain = demo.chain();
                    Chain.Round round = chain.latestRound(aggregator);
                    long age = Instant.now().getEpochSecond() - round.updatedAt();
                    if (round.answer().longValueExact() != ONE
                            || age > Duration.ofMinutes(10).toSeconds()) {
                        // kept from an earlier run: depegged, or old enough to be stale soon
                        long left = round.answer().longValueExact();
                        chain.updateAnswer(aggregator, BigInteger.valueOf(ONE));
                        round = chain.latestRound(aggregator);
                        step.detail("dev:9 pushes a fresh round of 1.0000 to the feed (an earlier run left it at "
                                + price(left) + ", " + age + " s old): round " + round.roundId());
                    }
                    String roundId = round.roundId().toString();
                    List<SpecificRecord> read = chainlink(demo, step, roundId);
                    step.detail("chain-bridge reads latestRoundData() of " + Chain.shortHex(aggregator)
                            + " (every 500 ms: coverclaims.chain.price-feed-poll-interval in the demo): round "
                            + roundId
                            + " " + arrow(demo) + " oracle.commands RecordPriceObservation " + arrow(demo) + " "
                            + describe(demo, read));
                    for (Report report : List.of(
                            report(demo, step, REPORTER_A_WALLET, REPORTER_A, ONE),
                            report(demo, step, REPORTER_B_WALLET, REPORTER_B, ONE))) {
                        step.detail(reported(demo, report));
                    }
                    JsonNode feed = feedView(
                            demo,
                            step,
                            f -> "RELIABLE".equals(f.path("status").asText())
                                    && f.path("value").path("priceE8").asLong() == ONE
                                    && f.path("value").path("sourceIds").size() == 3);
                    step.detail("GET /feeds/" + FEED_ID + " " + arrow(demo) + " " + feedLine(feed));
                });
    }

    private void manipulated(DemoContext demo) {
        demo.step(
                "A manipulated source: " + REPORTER_B + " alone reports " + price(MANIPULATED_E8)
                        + ", excluded for DEVIATION; the price stays 1.0000, the trigger does not arm",
                step -> {
                    Report lie = report(demo, step, REPORTER_B_WALLET, REPORTER_B, MANIPULATED_E8);
                    step.detail(reported(demo, lie));
                    PriceQuorumReached quorum = only(lie.decided(), PriceQuorumReached.class)
                            .orElseThrow(() -> new DemoFailure(
                                    "the manipulated report reached no quorum: " + describe(demo, lie.decided()),
                                    "oracle-service"));
                    SourceExclusion excluded = quorum.getExclusions().stream()
                            .filter(x -> x.getSourceId().equals(REPORTER_B))
                            .findFirst()
                            .orElseThrow(() -> new DemoFailure(
                                    REPORTER_B + "'s " + price(MANIPULATED_E8) + " was not excluded: "
                                            + describe(demo, lie.decided()),
                                    "oracle-service"));
                    if (quorum.getPriceE8() != ONE
                            || !"DEVIATION".equals(excluded.getReason().name())) {
                        throw new DemoFailure(
                                "the manipulated report moved the feed: " + describe(demo, lie.decided()),
                                "oracle-service");
                    }
                    if (only(lie.decided(), TriggerArmed.class).isPresent()) {
                        throw new DemoFailure(
                                "one manipulated source armed " + TRIGGER_ID + ": " + describe(demo, lie.decided()),
                                "oracle-service");
                    }
                    step.detail("  PriceQuorumReached.exclusions: " + excluded.getSourceId() + " "
                            + excluded.getReason() + ": \"" + excluded.getDetail() + "\"");
                    step.detail("  the decision holds no TriggerArmed: the quorum price " + price(quorum.getPriceE8())
                            + " is the honest median, above the threshold " + price(THRESHOLD_E8));
                    Report again = report(demo, step, REPORTER_B_WALLET, REPORTER_B, ONE);
                    step.detail(REPORTER_B + "'s next report is honest again: " + reported(demo, again));
                    JsonNode trigger = triggerView(demo);
                    step.detail("GET /triggers/" + TRIGGER_ID + " " + arrow(demo) + " "
                            + trigger.path("state").asText());
                    if ("ARMED".equals(trigger.path("state").asText())) {
                        throw new DemoFailure(TRIGGER_ID + " is ARMED after the manipulation", "oracle-service");
                    }
                });
    }

    private TriggerArmed depeg(DemoContext demo) {
        TriggerArmed[] armed = new TriggerArmed[1];
        demo.step(
                "The peg breaks: the feed on chain answers " + price(DEPEG_E8) + ", then " + REPORTER_A + " and "
                        + REPORTER_B + " sign it: " + TRIGGER_ID + " arms",
                step -> {
                    Chain chain = demo.chain();
                    chain.updateAnswer(aggregator, BigInteger.valueOf(DEPEG_E8));
                    Chain.Round round = chain.latestRound(aggregator);
                    List<SpecificRecord> read =
                            chainlink(demo, step, round.roundId().toString());
                    step.detail("dev:9 calls updateAnswer(" + DEPEG_E8 + ") on " + Chain.shortHex(aggregator)
                            + ": round " + round.roundId() + " " + arrow(demo) + " chain-bridge " + arrow(demo) + " "
                            + describe(demo, read));
                    if (only(read, TriggerArmed.class).isPresent()) {
                        throw new DemoFailure(
                                "the on-chain source alone armed " + TRIGGER_ID + ": " + describe(demo, read),
                                "oracle-service");
                    }
                    step.detail("  (one source alone moves nothing: the two reporters still say 1.0000)");
                    Report a = report(demo, step, REPORTER_A_WALLET, REPORTER_A, DEPEG_E8);
                    step.detail(reported(demo, a));
                    armed[0] = only(a.decided(), TriggerArmed.class)
                            .orElseThrow(() -> new DemoFailure(
                                    "two sources at " + price(DEPEG_E8) + " did not arm " + TRIGGER_ID + ": "
                                            + describe(demo, a.decided()),
                                    "oracle-service"));
                    Report b = report(demo, step, REPORTER_B_WALLET, REPORTER_B, DEPEG_E8);
                    step.detail(reported(demo, b));
                    step.detail("oracle.events TriggerArmed at " + price(armed[0].getPriceE8()) + " (below "
                            + price(armed[0].getThresholdPriceE8()) + "): fires at "
                            + ProductChapter.time(armed[0].getFiresAt()) + " unless a quorum price reaches "
                            + price(RECOVERY_E8) + " first");
                });
        return armed[0];
    }

    private TriggerFired fires(DemoContext demo, TriggerArmed armed) {
        TriggerFired[] fired = new TriggerFired[1];
        demo.step(
                "The price stays below " + price(RECOVERY_E8) + " for the window (" + WINDOW.toSeconds()
                        + " s in the demo): " + TRIGGER_ID + " fires",
                step -> {
                    Instant since = armed.getMetadata().getOccurredAt();
                    Instant deadline = armed.getFiresAt().plus(PATIENCE);
                    int reports = 0;
                    List<String> quorums = new ArrayList<>();
                    String[] firedBy = {null};
                    while (true) {
                        Optional<TriggerFired> done = demo.events()
                                .find(
                                        "oracle.events",
                                        TriggerFired.class,
                                        e -> e.getTriggerId().equals(TRIGGER_ID)
                                                && !e.getMetadata()
                                                        .getOccurredAt()
                                                        .isBefore(since));
                        if (done.isPresent()) {
                            fired[0] = done.get();
                            break;
                        }
                        Optional<TriggerDisarmed> disarmed = demo.events()
                                .find(
                                        "oracle.events",
                                        TriggerDisarmed.class,
                                        e -> e.getTriggerId().equals(TRIGGER_ID)
                                                && !e.getMetadata()
                                                        .getOccurredAt()
                                                        .isBefore(since));
                        if (disarmed.isPresent()) {
                            throw new DemoFailure(
                                    TRIGGER_ID + " was disarmed at "
                                            + price(disarmed.get().getPriceE8()),
                                    "oracle-service");
                        }
                        if (Instant.now().isAfter(deadline)) {
                            throw new DemoFailure(
                                    "no TriggerFired of " + TRIGGER_ID + " within " + PATIENCE.toSeconds()
                                            + " s after its firesAt " + ProductChapter.time(armed.getFiresAt()) + " ("
                                            + reports + " reports sent while armed)",
                                    "oracle-service");
                        }
                        for (Report report : List.of(
                                report(demo, step, REPORTER_A_WALLET, REPORTER_A, STAYS_E8),
                                report(demo, step, REPORTER_B_WALLET, REPORTER_B, STAYS_E8))) {
                            reports++;
                            only(report.decided(), PriceQuorumReached.class)
                                    .ifPresent(q -> quorums.add(price(q.getPriceE8())));
                            if (only(report.decided(), TriggerFired.class).isPresent()) {
                                firedBy[0] = "on " + report.sourceId() + "'s report after the window, its quorum price"
                                        + " still below " + price(RECOVERY_E8);
                            }
                        }
                        long left = Duration.between(Instant.now(), armed.getFiresAt())
                                .toMillis();
                        long wait = REPORT_EVERY.toMillis();
                        long until = System.currentTimeMillis() + wait;
                        while (System.currentTimeMillis() < until) {
                            step.status("armed, fires at " + ProductChapter.time(armed.getFiresAt())
                                    + (left > 0 ? " (in " + Progress.duration(left) + ")" : "") + "; the reporters"
                                    + " keep reporting " + price(STAYS_E8) + " every " + REPORT_EVERY.toSeconds()
                                    + " s (" + reports + " so far)");
                            if (demo.events()
                                    .find(
                                            "oracle.events",
                                            TriggerFired.class,
                                            e -> e.getTriggerId().equals(TRIGGER_ID)
                                                    && !e.getMetadata()
                                                            .getOccurredAt()
                                                            .isBefore(since))
                                    .isPresent()) {
                                break;
                            }
                            Broker.sleep(200);
                            demo.processes().checkAlive();
                        }
                    }
                    TriggerFired f = fired[0];
                    step.detail("while armed " + REPORTER_A + " and " + REPORTER_B + " signed " + reports
                            + " reports of " + price(STAYS_E8) + " (every " + REPORT_EVERY.toSeconds()
                            + " s, so the feed stays fresh) " + arrow(demo) + " PriceQuorumReached "
                            + String.join(", ", quorums));
                    step.detail("oracle.events TriggerFired " + f.getIncidentId() + ": armed at "
                            + ProductChapter.time(f.getArmedAt()) + ", fired at " + ProductChapter.time(f.getFiredAt())
                            + " (" + ClaimsChapter.seconds(f.getArmedAt(), f.getFiredAt()) + " armed, window "
                            + Duration.ofMillis(f.getWindowMs()).toSeconds() + " s; "
                            + (firedBy[0] != null
                                    ? firedBy[0]
                                    : "by oracle-service's deadline scheduler at firesAt: nobody called")
                            + "), lowest " + price(f.getLowestPriceE8()) + ", depeg price "
                            + price(f.getDepegPriceE8()) + " " + arrow(demo) + " payout "
                            + Amounts.percentFromPpm(f.getPayoutPpm()) + " of each cover (1 − "
                            + price(f.getDepegPriceE8()) + ")");
                    long expected = 1_000_000L - f.getDepegPriceE8() / 100;
                    if (f.getPayoutPpm() != expected || f.getDepegPriceE8() < MIN_DEPEG_E8) {
                        throw new DemoFailure(
                                "TriggerFired pays " + f.getPayoutPpm() + " ppm for the depeg price "
                                        + f.getDepegPriceE8() + ", not " + expected,
                                "oracle-service");
                    }
                });
        return fired[0];
    }

    // ------------------------------------------------------------------------------------------ the claims

    private List<Paid> opened(DemoContext demo, TriggerFired fired, List<ProductChapter.Purchase> bought) {
        List<Paid> claims = new ArrayList<>();
        demo.step(
                "claim-service declares incident " + fired.getIncidentId() + " and opens a claim for every "
                        + PRODUCT_ID + " policy: nobody claims",
                step -> {
                    declared = await(
                            demo,
                            step,
                            "waiting for IncidentDeclared " + fired.getIncidentId(),
                            "claim.events",
                            IncidentDeclared.class,
                            e -> e.getIncidentId().equals(fired.getIncidentId()),
                            "claim-service");
                    List<String> policies = declared.getParametricPolicyIds();
                    step.detail("claim.events IncidentDeclared (trigger " + declared.getTriggerId() + "), mode "
                            + declared.getMode() + ", " + policies.size() + " policies of " + PRODUCT_ID
                            + " whose cover ran at the firing");
                    for (IncidentPool pool : declared.getPools()) {
                        step.detail(pool.getPoolId() + ": capital " + tusd(pool.getCapital())
                                + (pool.getWorstCase().compareTo(pool.getCapital()) <= 0 ? " ≥ " : " < ")
                                + "worst case " + tusd(pool.getWorstCase()) + " (exactly what the trigger pays there)");
                    }
                    if (!TRIGGER_ID.equals(declared.getTriggerId()) || declared.getMode() != IncidentPayoutMode.FULL) {
                        throw new DemoFailure(
                                "incident " + declared.getIncidentId() + " was declared for trigger "
                                        + declared.getTriggerId() + ", mode " + declared.getMode()
                                        + "; the demo expected " + TRIGGER_ID + ", FULL",
                                "claim-service");
                    }
                    List<String> missing = bought.stream()
                            .map(ProductChapter.Purchase::policyId)
                            .filter(id -> !policies.contains(id))
                            .toList();
                    if (!missing.isEmpty()) {
                        throw new DemoFailure(
                                "the incident pays none of the policies " + missing + " bought in this run",
                                "claim-service");
                    }
                    List<String> bySale = bought.stream()
                            .map(ProductChapter.Purchase::policyId)
                            .toList();
                    List<String> ordered = new ArrayList<>(policies); // this run's in the order sold, then the others
                    ordered.sort(java.util.Comparator.comparingInt(
                            id -> bySale.contains(id) ? bySale.indexOf(id) : bySale.size()));
                    for (String policyId : ordered) {
                        ParametricClaimOpened opened = await(
                                demo,
                                step,
                                "waiting for ParametricClaimOpened on " + ClaimsChapter.shortId(policyId),
                                "claim.events",
                                ParametricClaimOpened.class,
                                e -> e.getPolicyId().equals(policyId)
                                        && e.getIncidentId().equals(fired.getIncidentId()),
                                "claim-service");
                        Paid claim = new Paid(opened, wallet(demo, opened.getClaimant()));
                        BigInteger expected = opened.getCoverAmount()
                                .toBigIntegerExact()
                                .multiply(BigInteger.valueOf(fired.getPayoutPpm()))
                                .divide(BigInteger.valueOf(1_000_000));
                        step.detail(arrow(demo) + " ParametricClaimOpened " + ClaimsChapter.shortId(claim.claimId())
                                + " for " + claim.who() + "'s " + ClaimsChapter.shortId(policyId) + ": cover "
                                + tusd(opened.getCoverAmount()) + " x " + Amounts.percentFromPpm(opened.getPayoutPpm())
                                + " = payout " + tusd(opened.getPayoutAmount()));
                        if (!claim.payout().equals(expected) || opened.getPayoutPpm() != fired.getPayoutPpm()) {
                            throw new DemoFailure(
                                    claim.claimId() + " pays " + tusd(claim.payout()) + ", not floor(cover x "
                                            + fired.getPayoutPpm() + " / 1e6) = " + tusd(expected),
                                    "claim-service");
                        }
                        claims.add(claim);
                    }
                });
        return claims;
    }

    private void settled(DemoContext demo, List<Paid> claims) {
        demo.step(
                "Every parametric claim is accepted at once and settled by the pool (" + claims.size() + " claims)",
                step -> {
                    for (Paid claim : claims) {
                        String id = claim.claimId();
                        ClaimAccepted accepted = await(
                                demo,
                                step,
                                "waiting for ClaimAccepted",
                                "claim.events",
                                ClaimAccepted.class,
                                e -> e.getClaimId().equals(id),
                                "claim-service");
                        IncidentClaimAdmitted admitted = await(
                                demo,
                                step,
                                "waiting for IncidentClaimAdmitted",
                                "claim.events",
                                IncidentClaimAdmitted.class,
                                e -> e.getClaimId().equals(id),
                                "claim-service");
                        IncidentClaimReleased released = await(
                                demo,
                                step,
                                "waiting for IncidentClaimReleased",
                                "claim.events",
                                IncidentClaimReleased.class,
                                e -> e.getClaimId().equals(id),
                                "claim-service");
                        ClaimPayoutRequested requested = await(
                                demo,
                                step,
                                "waiting for ClaimPayoutRequested",
                                "claim.events",
                                ClaimPayoutRequested.class,
                                e -> e.getClaimId().equals(id),
                                "claim-service");
                        PayoutReserved reserved = await(
                                demo,
                                step,
                                "waiting for the pool's PayoutReserved",
                                "pool.events",
                                PayoutReserved.class,
                                e -> e.getClaimId().equals(id),
                                "pool-service");
                        ClaimSettled settled = await(
                                demo,
                                step,
                                "waiting for ClaimSettled",
                                "claim.events",
                                ClaimSettled.class,
                                e -> e.getClaimId().equals(id),
                                "claim-service");
                        claim.settled = settled;
                        if (accepted.getKind() != ClaimKind.PARAMETRIC
                                || !settled.getSettledAmount()
                                        .toBigIntegerExact()
                                        .equals(claim.payout())) {
                            throw new DemoFailure(
                                    id + " was accepted as " + accepted.getKind() + " and settled at "
                                            + tusd(settled.getSettledAmount()) + ", not PARAMETRIC at "
                                            + tusd(claim.payout()),
                                    "claim-service");
                        }
                        step.detail(claim.who() + " " + ClaimsChapter.shortId(id) + ": ClaimAccepted "
                                + accepted.getKind() + " " + tusd(accepted.getPayoutAmount()) + " " + arrow(demo)
                                + " IncidentClaimAdmitted " + arrow(demo) + " IncidentClaimReleased at "
                                + Amounts.percentFromPpm(released.getRatioPpm()) + " " + arrow(demo)
                                + " ClaimPayoutRequested " + tusd(requested.getAmount()) + " " + arrow(demo)
                                + " pool.events PayoutReserved " + tusd(reserved.getReservedAmount()) + " "
                                + arrow(demo) + " ClaimSettled " + tusd(settled.getSettledAmount())
                                + " (admitted " + tusd(admitted.getPayoutAmount()) + ")");
                    }
                    BigInteger total = claims.stream().map(Paid::payout).reduce(BigInteger.ZERO, BigInteger::add);
                    step.detail(tusd(total) + " settled in all, each claim at 100 % (FULL: the pool's capital covers"
                            + " every payout)");
                });
    }

    private void anchored(DemoContext demo, TriggerFired fired, List<Paid> claims) {
        demo.step(
                "chain-bridge anchors every payout: each proof is redeemable, measured from the trigger's firing",
                step -> {
                    Instant firedAt = fired.getMetadata().getOccurredAt();
                    List<Long> millis = new ArrayList<>();
                    for (Paid claim : claims) {
                        String path = "/settlements/proof?referenceId="
                                + URLEncoder.encode(claim.claimId(), StandardCharsets.UTF_8);
                        claim.proof = ClaimsChapter.anchoredProof(demo, step, claim.claimId(), path);
                        String batchId = claim.proof.path("batchId").asText();
                        claim.anchored = await(
                                demo,
                                step,
                                "waiting for SettlementBatchAnchored",
                                "chain.events",
                                SettlementBatchAnchored.class,
                                e -> e.getBatchId().equalsIgnoreCase(batchId),
                                "chain-bridge");
                        Instant anchoredAt = claim.anchored.getMetadata().getOccurredAt();
                        millis.add(Duration.between(firedAt, anchoredAt).toMillis());
                        step.detail("GET /settlements/proof?referenceId=" + ClaimsChapter.shortId(claim.claimId())
                                + " " + arrow(demo) + " "
                                + claim.proof.path("kind").asText() + " "
                                + tusd(claim.proof.path("amount").asText()) + " to " + claim.who() + ", leaf "
                                + claim.proof.path("leafIndex").asInt() + " of batch " + Chain.shortHex(batchId) + " ("
                                + claim.anchored.getLeafCount() + " leaves, tx "
                                + Chain.shortHex(claim.anchored.getTxHash()) + "); measured: TriggerFired "
                                + arrow(demo) + " redeemable in " + ClaimsChapter.seconds(firedAt, anchoredAt));
                    }
                    long slowest =
                            millis.stream().mapToLong(Long::longValue).max().orElse(0);
                    long fastest =
                            millis.stream().mapToLong(Long::longValue).min().orElse(0);
                    String measured = fastest == slowest
                            ? String.format(Locale.ROOT, "%.1f s for all %d", slowest / 1000.0, claims.size())
                            : String.format(Locale.ROOT, "%.1f to %.1f s", fastest / 1000.0, slowest / 1000.0);
                    step.detail(claims.size() + " policies paid; TriggerFired " + arrow(demo) + " redeemable proof: "
                            + measured
                            + " (the incident declared, the claims opened, accepted and settled, chain-bridge's"
                            + " 1.5 s batch wait and 2 confirmations)");
                });
    }

    private void redeem(DemoContext demo, int holder, List<Paid> claims) {
        demo.step(
                "dev:" + holder + " redeems its depeg payout" + (claims.size() > 1 ? "s" : "") + " on chain ("
                        + claims.size() + (claims.size() > 1 ? " policies" : " policy") + ")",
                step -> {
                    Chain chain = demo.chain();
                    String address = chain.address(holder);
                    BigInteger before = chain.balanceOf(address);
                    BigInteger expected = BigInteger.ZERO;
                    for (Paid claim : claims) {
                        BigInteger amount =
                                new BigInteger(claim.proof.path("amount").asText());
                        List<String> siblings = new ArrayList<>();
                        claim.proof.path("proof").forEach(hash -> siblings.add(hash.asText()));
                        step.status(claim.who() + " redeems " + ClaimsChapter.shortId(claim.claimId()));
                        TransactionReceipt receipt = chain.redeem(
                                holder,
                                claim.proof.path("batchId").asText(),
                                claim.proof.path("onChainClaimId").asText(),
                                claim.proof.path("claimant").asText(),
                                amount,
                                siblings);
                        Chain.RedeemedLog log = chain.redeemedLog(receipt);
                        SettlementRedeemed redeemed = await(
                                demo,
                                step,
                                "waiting for chain-bridge to observe the redemption",
                                "chain.events",
                                SettlementRedeemed.class,
                                e -> e.getReferenceId().equals(claim.claimId()),
                                "chain-bridge");
                        ClaimPaid paid = await(
                                demo,
                                step,
                                "waiting for ClaimPaid",
                                "claim.events",
                                ClaimPaid.class,
                                e -> e.getClaimId().equals(claim.claimId()),
                                "claim-service");
                        PayoutDisbursed disbursed = await(
                                demo,
                                step,
                                "waiting for the pool's PayoutDisbursed",
                                "pool.events",
                                PayoutDisbursed.class,
                                e -> e.getClaimId().equals(claim.claimId()),
                                "pool-service");
                        expected = expected.add(claim.payout());
                        step.detail(claim.who() + " calls redeem(batch " + Chain.shortHex(log.batchId()) + ", "
                                + Chain.shortHex(log.onChainClaimId()) + ", " + Chain.shortHex(log.claimant()) + ", "
                                + amount + ", proof of " + siblings.size() + "): tx " + Chain.shortHex(log.txHash())
                                + ", block " + log.block() + ", PayoutRedeemed " + arrow(demo)
                                + " chain.events SettlementRedeemed " + redeemed.getKind() + " " + arrow(demo)
                                + " claim.events ClaimPaid " + tusd(paid.getAmount()) + " " + arrow(demo)
                                + " pool.events PayoutDisbursed " + tusd(disbursed.getAmount()));
                    }
                    BigInteger after = chain.balanceOf(address);
                    BigInteger rose = after.subtract(before);
                    step.detail(claims.getFirst().who() + "'s tUSD balance " + tusd(before) + " " + arrow(demo) + " "
                            + tusd(after) + ": +" + tusd(rose) + (rose.equals(expected) ? " = " : " ≠ ")
                            + "its payout" + (claims.size() > 1 ? "s " : " ") + tusd(expected));
                    if (!rose.equals(expected)) {
                        throw new DemoFailure(
                                "dev:" + holder + "'s balance rose by " + tusd(rose) + ", not " + tusd(expected),
                                "anvil");
                    }
                });
    }

    /**
     * The incident's claim window ends (its claims were all opened when the trigger fired): the incident is over, its
     * view final before the verification reads it.
     */
    private void windowCloses(DemoContext demo, List<Paid> claims) {
        String incidentId = declared.getIncidentId();
        demo.step(
                "The depeg incident " + incidentId + " ends with its claim window ("
                        + Duration.ofMillis(declared.getClaimWindowMs()).toSeconds() + " s in the demo): "
                        + claims.size() + " claims, all paid",
                step -> {
                    IncidentWindowClosed closed = await(
                            demo,
                            step,
                            "waiting for the end of the claim window: IncidentWindowClosed",
                            "claim.events",
                            IncidentWindowClosed.class,
                            e -> e.getIncidentId().equals(incidentId),
                            "claim-service");
                    long deadline = System.nanoTime() + PATIENCE.toNanos();
                    Api.Answer view = demo.api().get("claim-service", "/incidents/" + incidentId);
                    while (!(view.status() == 200
                            && view.body().path("windowClosed").asBoolean())) {
                        if (System.nanoTime() > deadline) {
                            throw new DemoFailure(
                                    "GET /incidents/" + incidentId + " did not show the window closed within "
                                            + PATIENCE.toSeconds() + " s: " + view.describe(),
                                    "claim-service");
                        }
                        step.status("waiting for GET /incidents/" + incidentId + " to show the window closed");
                        Broker.sleep(250);
                        view = demo.api().get("claim-service", "/incidents/" + incidentId);
                    }
                    step.detail("claim.events IncidentWindowClosed (" + closed.getRegisteredClaims()
                            + " claims registered, " + closed.getUndecidedClaims() + " undecided; by claim-service's"
                            + " deadline scheduler, coverclaims.claim.parametric-incident-window: nobody called) "
                            + arrow(demo) + " GET /incidents/" + incidentId + ": mode "
                            + view.body().path("mode").asText() + ", windowClosed true");
                    if (closed.getRegisteredClaims() != claims.size() || closed.getUndecidedClaims() != 0) {
                        throw new DemoFailure(
                                incidentId + " closed with " + closed.getRegisteredClaims() + " claims, "
                                        + closed.getUndecidedClaims() + " undecided; the demo paid " + claims.size(),
                                "claim-service");
                    }
                });
    }

    // -------------------------------------------------------------------------------------------- reports

    /** {@code wallet} signs ReportPrice of {@code priceE8} for {@code sourceId}, observed now; what the feed decided. */
    private static Report report(DemoContext demo, Progress.Step step, int wallet, String sourceId, long priceE8) {
        Chain chain = demo.chain();
        String reporter = chain.address(wallet);
        Instant observedAt = Instant.ofEpochMilli(System.currentTimeMillis());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sourceId", sourceId);
        body.put("reporter", reporter);
        body.put("priceE8", priceE8);
        body.put("observedAt", observedAt.toString());
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("feedId", FEED_ID);
        signed.put("sourceId", sourceId);
        signed.put("reporter", reporter);
        signed.put("priceE8", BigInteger.valueOf(priceE8));
        signed.put("observedAt", BigInteger.valueOf(observedAt.toEpochMilli()));
        signed.put("roundId", "");
        step.status("dev:" + wallet + " signs ReportPrice " + price(priceE8) + " for " + sourceId);
        String path = "/feeds/" + FEED_ID + "/observations";
        Api.Answer answer =
                demo.api().signed("oracle-service", path, body, "ReportPrice", signed, chain.accounts.get(wallet));
        expect(answer, "POST " + path, "oracle-service", 200, 202);
        String commandId = answer.body().path("commandId").asText("");
        if (commandId.isEmpty()) {
            throw new DemoFailure("POST " + path + " answered no commandId: " + answer.describe(), "oracle-service");
        }
        return new Report(
                wallet,
                sourceId,
                priceE8,
                observedAt,
                answer.status(),
                decided(demo, step, commandId, sourceId + "'s report"));
    }

    /** chain-bridge's observation of the on-chain source's round {@code roundId}, and what the feed decided on it. */
    private static List<SpecificRecord> chainlink(DemoContext demo, Progress.Step step, String roundId) {
        SpecificRecord observation = demo.events()
                .await(
                        demo,
                        step,
                        "waiting for chain-bridge to read round " + roundId + " of the feed on chain",
                        PATIENCE,
                        "oracle.events",
                        SpecificRecord.class,
                        e -> (e instanceof PriceObserved o
                                        && o.getFeedId().equals(FEED_ID)
                                        && o.getSourceId().equals(CHAINLINK)
                                        && roundId.equals(o.getRoundId()))
                                || (e instanceof ObservationExcluded x
                                        && x.getFeedId().equals(FEED_ID)
                                        && x.getSourceId().equals(CHAINLINK)
                                        && roundId.equals(x.getRoundId())),
                        "chain-bridge");
        return decided(demo, step, metadata(observation).getCausationId(), "the on-chain source's round " + roundId);
    }

    /** The events the feed decided on one command, in order, from the command's outcome (oracle.command-outcomes). */
    private static List<SpecificRecord> decided(DemoContext demo, Progress.Step step, String commandId, String what) {
        CommandOutcome outcome = demo.events()
                .await(
                        demo,
                        step,
                        "waiting for the outcome of " + what,
                        PATIENCE,
                        "oracle.command-outcomes",
                        CommandOutcome.class,
                        o -> o.getCommandId().equals(commandId),
                        "oracle-service");
        if (outcome.getStatus() != CommandStatus.ACCEPTED) {
            throw new DemoFailure(
                    what + " was rejected: " + outcome.getReasonCode() + ": " + outcome.getReasonMessage(),
                    "oracle-service");
        }
        List<SpecificRecord> events = new ArrayList<>();
        for (String eventId : outcome.getEventIds()) {
            events.add(demo.events()
                    .await(
                            demo,
                            step,
                            "waiting for event " + eventId + " of " + what,
                            PATIENCE,
                            "oracle.events",
                            SpecificRecord.class,
                            e -> {
                                EventMetadata metadata = metadata(e);
                                return metadata != null && metadata.getEventId().equals(eventId);
                            },
                            "oracle-service"));
        }
        return events;
    }

    private static String reported(DemoContext demo, Report report) {
        return "dev:" + report.wallet() + " signs ReportPrice(" + FEED_ID + ", " + report.sourceId() + ", "
                + price(report.priceE8()) + ", observed " + ProductChapter.time(report.observedAt())
                + ") " + arrow(demo) + " POST /feeds/" + FEED_ID + "/observations " + report.status() + " "
                + arrow(demo) + " " + describe(demo, report.decided());
    }

    /** A decision's events in a line: "PriceObserved 1.0000 → PriceQuorumReached 1.0000 (2 of 3: ...)". */
    static String describe(DemoContext demo, List<SpecificRecord> events) {
        if (events.isEmpty()) {
            return "nothing new (the feed stays unreliable)";
        }
        List<String> parts = new ArrayList<>();
        for (SpecificRecord event : events) {
            parts.add(
                    switch (event) {
                        case PriceObserved e -> "PriceObserved " + price(e.getPriceE8());
                        case ObservationExcluded e ->
                            "ObservationExcluded " + price(e.getPriceE8()) + " " + e.getReason() + " (" + e.getDetail()
                                    + ")";
                        case PriceQuorumReached e ->
                            "PriceQuorumReached " + price(e.getPriceE8()) + " ("
                                    + e.getSourceIds().size() + " of "
                                    + e.getSourceCount() + ": " + String.join(", ", e.getSourceIds())
                                    + exclusions(e.getExclusions()) + ")";
                        case FeedUnreliable e ->
                            "FeedUnreliable (" + e.getSourceIds().size() + " agreeing of " + e.getQuorum() + " needed"
                                    + exclusions(e.getExclusions()) + ")";
                        case TriggerArmed e ->
                            "TriggerArmed " + e.getTriggerId() + " (fires at " + ProductChapter.time(e.getFiresAt())
                                    + ")";
                        case TriggerDisarmed e -> "TriggerDisarmed " + e.getTriggerId();
                        case TriggerFired e -> "TriggerFired " + e.getTriggerId();
                        default -> event.getSchema().getName();
                    });
        }
        return "oracle.events " + String.join(" " + arrow(demo) + " ", parts);
    }

    private static String exclusions(List<SourceExclusion> exclusions) {
        return exclusions.isEmpty()
                ? ""
                : "; excluded: "
                        + String.join(
                                ", ",
                                exclusions.stream()
                                        .map(x -> x.getSourceId() + " " + x.getReason())
                                        .toList());
    }

    private static <T extends SpecificRecord> Optional<T> only(List<SpecificRecord> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The metadata of an event (every event's first field), or null for a record that has none. */
    static EventMetadata metadata(SpecificRecord record) {
        Schema.Field field = record.getSchema().getField("metadata");
        if (field == null) {
            return null;
        }
        return record.get(field.pos()) instanceof EventMetadata metadata ? metadata : null;
    }

    // -------------------------------------------------------------------------------------------- views

    /** GET /feeds/USDC-USD once it shows what {@code ready} asks (the read model may lag a moment). */
    private static JsonNode feedView(DemoContext demo, Progress.Step step, Predicate<JsonNode> ready) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Api.Answer last = null;
        while (System.nanoTime() < deadline) {
            last = demo.api().get("oracle-service", "/feeds/" + FEED_ID);
            if (last.status() == 200 && ready.test(last.body())) {
                return last.body();
            }
            step.status("waiting for GET /feeds/" + FEED_ID + " to show the feed RELIABLE at 1.0000");
            Broker.sleep(250);
        }
        throw new DemoFailure(
                "GET /feeds/" + FEED_ID + " did not show the feed RELIABLE at 1.0000 of 3 sources within "
                        + PATIENCE.toSeconds() + " s: " + (last == null ? "no answer" : last.describe()),
                "oracle-service");
    }

    private static JsonNode triggerView(DemoContext demo) {
        Api.Answer answer = demo.api().get("oracle-service", "/triggers/" + TRIGGER_ID);
        expect(answer, "GET /triggers/" + TRIGGER_ID, "oracle-service", 200);
        return answer.body();
    }

    private static String feedLine(JsonNode feed) {
        List<String> sources = new ArrayList<>();
        for (JsonNode source : feed.path("sources")) {
            sources.add(source.path("sourceId").asText() + " "
                    + source.path("status").asText()
                    + (source.path("latest").isObject()
                            ? " " + price(source.path("latest").path("priceE8").asLong())
                            : ""));
        }
        return feed.path("status").asText() + " at "
                + price(feed.path("value").path("priceE8").asLong()) + " ("
                + feed.path("value").path("sourceIds").size() + " of "
                + feed.path("sources").size()
                + " sources agree: " + String.join(", ", sources) + ")";
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * The depeg holders' tUSD balances before any payment of this chapter (those who claimed in the claims' chapter
     * have theirs already): the verification checks each changed by exactly what it was paid.
     */
    private static void baselines(DemoContext demo) {
        Chain chain = demo.chain();
        for (Cover cover : COVERS) {
            String address = chain.address(cover.buyer());
            if (!demo.claimants().containsKey(address)) {
                long block = chain.blockNumber();
                demo.claimants().put(address, new DemoContext.Baseline(block, chain.balanceOf(address, block)));
            }
        }
    }

    /** The development account of {@code address}. */
    private static int wallet(DemoContext demo, String address) {
        Chain chain = demo.chain();
        for (int i = 0; i < chain.accounts.size(); i++) {
            if (chain.address(i).equalsIgnoreCase(address)) {
                return i;
            }
        }
        throw new DemoFailure("a depeg claim was opened for " + address + ", not a development account of the demo");
    }

    private static String who(DemoContext demo, String address) {
        try {
            return "dev:" + wallet(demo, address) + " " + Chain.shortHex(address);
        } catch (DemoFailure unknown) {
            return address;
        }
    }

    /** A price in 1e-8 as people read it, at least 4 decimals: 0.9750, 1.0000. */
    static String price(long priceE8) {
        BigDecimal value = BigDecimal.valueOf(priceE8, 8).stripTrailingZeros();
        return value.setScale(Math.max(4, value.scale())).toPlainString();
    }

    private static <T extends SpecificRecord> T await(
            DemoContext demo, Progress.Step step, String waiting, String topic, Class<T> type, Predicate<T> match) {
        return await(demo, step, waiting, topic, type, match, "oracle-service");
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
}
