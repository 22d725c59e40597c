package io.coverclaims.demo;

import static io.coverclaims.demo.Amounts.tusd;

import com.fasterxml.jackson.databind.JsonNode;
import io.coverclaims.platform.auth.OperatorRoles;
import io.coverclaims.schemas.chain.OnChainDepositObserved;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.policy.PolicyDeclined;
import io.coverclaims.schemas.policy.PolicyExpired;
import io.coverclaims.schemas.policy.ProductDefined;
import io.coverclaims.schemas.pool.CapacityReleased;
import io.coverclaims.schemas.pool.CapacityReservationDeclined;
import io.coverclaims.schemas.pool.CapacityReserved;
import io.coverclaims.schemas.pool.CapitalDeposited;
import io.coverclaims.schemas.pool.FundsSource;
import io.coverclaims.schemas.pool.PoolCreated;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The product, as its users meet it: an operator opens a risk pool, capital providers deposit the test token on chain
 * and chain-bridge reports it into the pool, an operator defines a product, buyers get quotes and buy cover (one
 * purchase declined for capacity), and a cover expires on time and gives its capacity back.
 */
final class ProductChapter implements Chapter {

    static final String POOL_ID = "pool-demo";
    static final String PRODUCT_ID = "prod-demo-exploit";
    static final int CAPACITY_RATIO_BPS = 20_000;
    static final int PRODUCT_WEIGHT_BPS = 5_000;

    /** The capital providers (anvil development accounts) and what each deposits. */
    static final Map<Integer, BigInteger> DEPOSITS = new LinkedHashMap<>();

    static {
        DEPOSITS.put(3, tusd(50_000));
        DEPOSITS.put(4, tusd(30_000));
    }

    static final int SHORT_COVER_BUYER = 5;
    static final int LONG_COVER_BUYER = 6;
    static final int DECLINED_BUYER = 7;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    static final Duration EVENT_PATIENCE = Duration.ofSeconds(60);

    /** A purchase that went through: the policy and its activation. */
    record Purchase(String policyId, int buyer, PolicyActivated activated) {}

    @Override
    public String title() {
        return "Scenario · the product: a pool, its capital on chain, cover bought, declined and expired";
    }

    @Override
    public void run(DemoContext demo) {
        createPool(demo);
        depositOnChain(demo);
        defineProduct(demo);
        Purchase shortCover = buyActivated(
                demo,
                "Buyer dev:" + SHORT_COVER_BUYER + " gets a quote and buys 1-day cover of 10,000 tUSD",
                SHORT_COVER_BUYER,
                tusd(10_000),
                1,
                true);
        buyActivated(
                demo,
                "Buyer dev:" + LONG_COVER_BUYER + " gets a quote and buys 30-day cover of 50,000 tUSD",
                LONG_COVER_BUYER,
                tusd(50_000),
                30,
                false);
        declinedForCapacity(demo);
        expiresOnTime(demo, shortCover);
    }

    // ------------------------------------------------------------------------------------------------- the pool

    private void createPool(DemoContext demo) {
        demo.step("An operator creates risk pool " + POOL_ID + " (pool-admin token)", step -> {
            Api.Answer existing = demo.api().get("pool-service", "/pools/" + POOL_ID);
            if (existing.status() == 200) {
                step.detail(POOL_ID + " exists already (kept from an earlier run in " + demo.relative(demo.state())
                        + "): capital " + tusd(existing.body().path("capital").asText()) + "; nothing to create");
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("poolId", POOL_ID);
            body.put("name", "Demo stablecoin pool");
            body.put("manager", demo.chain().address(Chain.ADMIN));
            body.put("asset", Chain.TOKEN_SYMBOL);
            body.put("assetDecimals", Chain.TOKEN_DECIMALS);
            body.put("capacityRatioBps", CAPACITY_RATIO_BPS);
            body.put("products", List.of(Map.of("productId", PRODUCT_ID, "weightBps", PRODUCT_WEIGHT_BPS)));
            Api.Answer created = demo.api()
                    .asOperator(OperatorRoles.POOL_ADMIN, "pool-service", "POST", "/pools", body, "demo-" + POOL_ID);
            expect(created, "POST /pools", "pool-service", 201);
            PoolCreated event = demo.events()
                    .await(
                            demo,
                            step,
                            "waiting for PoolCreated",
                            EVENT_PATIENCE,
                            "pool.events",
                            PoolCreated.class,
                            e -> e.getPoolId().equals(POOL_ID),
                            "pool-service");
            step.detail("POST /pools with an operator token (role pool-admin, subject " + Api.OPERATOR + ") "
                    + demo.progress().arrow() + " " + created.status());
            step.detail("pool.events PoolCreated (version "
                    + event.getMetadata().getAggregateVersion() + ", actor "
                    + event.getMetadata().getActor() + "): asset " + event.getAsset() + " (6 decimals), capacity ratio "
                    + CAPACITY_RATIO_BPS / 10_000.0 + ", " + PRODUCT_ID + " may use " + PRODUCT_WEIGHT_BPS / 100
                    + " % of the capacity");
        });
    }

    private void depositOnChain(DemoContext demo) {
        demo.step("Capital providers deposit tUSD on chain, chain-bridge reports it", step -> {
            Chain chain = demo.chain();
            List<Chain.DepositLog> deposits = new ArrayList<>();
            for (Map.Entry<Integer, BigInteger> deposit : DEPOSITS.entrySet()) {
                int provider = deposit.getKey();
                BigInteger amount = deposit.getValue();
                step.status("dev:" + provider + " mints, approves and deposits " + tusd(amount));
                chain.mint(provider, amount);
                chain.approve(provider, chain.pool, amount);
                TransactionReceipt receipt = chain.deposit(provider, amount);
                Chain.DepositLog log = chain.depositLog(receipt);
                deposits.add(log);
                step.detail("dev:" + provider + " " + Chain.shortHex(chain.address(provider)) + " mints "
                        + tusd(amount)
                        + " (TestToken), approves ClaimsPool, calls deposit(" + amount + "): tx "
                        + Chain.shortHex(log.txHash()) + ", block " + log.block() + ", CapitalDeposited log #"
                        + log.logIndex());
            }
            for (Chain.DepositLog log : deposits) {
                OnChainDepositObserved observed = demo.events()
                        .await(
                                demo,
                                step,
                                "waiting for chain-bridge to observe " + Chain.shortHex(log.txHash())
                                        + " (2 confirmations)",
                                EVENT_PATIENCE,
                                "chain.events",
                                OnChainDepositObserved.class,
                                e -> e.getTxHash().equalsIgnoreCase(log.txHash()) && e.getLogIndex() == log.logIndex(),
                                "chain-bridge");
                CapitalDeposited recorded = demo.events()
                        .await(
                                demo,
                                step,
                                "waiting for pool-service to record deposit " + log.depositId(),
                                EVENT_PATIENCE,
                                "pool.events",
                                CapitalDeposited.class,
                                e -> e.getDepositId().equals(log.depositId()),
                                "pool-service");
                if (recorded.getSource() != FundsSource.CHAIN
                        || !recorded.getAmount().toBigIntegerExact().equals(log.amount())) {
                    throw new DemoFailure(
                            "pool-service recorded " + recorded + " for the on-chain deposit " + log, "pool-service");
                }
                step.detail(demo.progress().arrow() + " chain.events OnChainDepositObserved (block "
                        + observed.getBlockNumber() + ", seen with " + observed.getConfirmations()
                        + " confirmations) " + demo.progress().arrow() + " pool.events CapitalDeposited source "
                        + recorded.getSource() + ", " + tusd(recorded.getAmount()) + " from "
                        + Chain.shortHex(recorded.getProvider()) + " into tranche " + recorded.getTrancheId()
                        + " (deposit id " + Chain.shortHex(log.txHash()) + ":" + log.logIndex() + ")");
            }
            JsonNode pool = pool(demo);
            JsonNode product = product(pool);
            step.detail(POOL_ID + ": capital "
                    + tusd(pool.path("capital").asText()) + ", " + PRODUCT_ID
                    + " capacity " + tusd(product.path("capacity").asText()) + " (capital x "
                    + CAPACITY_RATIO_BPS / 10_000.0 + " x " + PRODUCT_WEIGHT_BPS / 100 + " %), available "
                    + tusd(product.path("available").asText()));
        });
    }

    // ---------------------------------------------------------------------------------------------- the product

    private void defineProduct(DemoContext demo) {
        demo.step("An operator defines product " + PRODUCT_ID + " (product-admin token)", step -> {
            Api.Answer existing = demo.api().get("policy-service", "/products/" + PRODUCT_ID);
            if (existing.status() == 200) {
                step.detail(PRODUCT_ID + " exists already (kept from an earlier run): nothing to define");
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("productId", PRODUCT_ID);
            body.put("name", "Demo protocol exploit cover");
            body.put("category", "PROTOCOL_EXPLOIT");
            body.put("claimMethod", "ASSESSMENT");
            body.put("asset", Chain.TOKEN_SYMBOL);
            body.put("floorRateBps", 200);
            body.put("ceilingRateBps", 1200);
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
                            EVENT_PATIENCE,
                            "policy.events",
                            ProductDefined.class,
                            e -> e.getProductId().equals(PRODUCT_ID),
                            "policy-service");
            step.detail("POST /products with an operator token (role product-admin) "
                    + demo.progress().arrow() + " " + defined.status());
            step.detail("policy.events ProductDefined: " + event.getName() + ", " + event.getCategory() + ", claims by "
                    + event.getClaimMethod() + ", in " + event.getAsset() + ", " + event.getFloorRateBps() / 100.0
                    + " to " + event.getCeilingRateBps() / 100.0 + " %/year by the pool's utilisation, "
                    + event.getMinPeriodDays() + " to " + event.getMaxPeriodDays() + " days");
        });
    }

    // ----------------------------------------------------------------------------------------------------- cover

    static Purchase buyActivated(DemoContext demo, String title, int buyer, BigInteger amount, int days, boolean soon) {
        return buyActivated(demo, title, PRODUCT_ID, buyer, amount, days, soon);
    }

    /** A quote and a signed purchase of {@code productId}'s cover by {@code buyer}, activated (the pool reserved it). */
    static Purchase buyActivated(
            DemoContext demo, String title, String productId, int buyer, BigInteger amount, int days, boolean soon) {
        Purchase[] purchase = new Purchase[1];
        demo.step(title, step -> {
            String policyId = quoteAndBuy(demo, step, productId, buyer, amount, days);
            SpecificRecord decided = decision(demo, step, policyId);
            if (decided instanceof PolicyDeclined declined) {
                throw new DemoFailure(declinedUnexpectedly(declined), "policy-service");
            }
            PolicyActivated activated = (PolicyActivated) decided;
            CapacityReserved reserved = demo.events()
                    .await(
                            demo,
                            step,
                            "waiting for CapacityReserved",
                            EVENT_PATIENCE,
                            "pool.events",
                            CapacityReserved.class,
                            e -> e.getPolicyId().equals(policyId),
                            "pool-service");
            step.detail(demo.progress().arrow() + " pool.events CapacityReserved " + reserved.getReservationId() + ": "
                    + tusd(reserved.getAmount()) + " of " + tusd(reserved.getProductCapacity()) + ", "
                    + tusd(reserved.getAvailableAfter()) + " left "
                    + demo.progress().arrow()
                    + " policy.events PolicyActivated, premium " + tusd(activated.getPremium()));
            if (soon) {
                Duration left = Duration.between(Instant.now(), activated.getEndAt());
                step.detail("cover ends at " + time(activated.getEndAt()) + ", in about "
                        + Progress.duration(Math.max(0, left.toMillis()))
                        + ": in the demo policy-service's clock runs 23 h 58 min behind (coverclaims.clock.offset="
                        + Services.CLOCK_OFFSET + "),");
                step.detail("so a 1-day cover, the shortest a product sells, starts on that clock's \"now\" and ends"
                        + " about 2 minutes after it was bought");
            } else {
                step.detail("cover until "
                        + activated.getEndAt().atZone(ZoneId.systemDefault()).toLocalDate()
                        + " (by policy-service's clock, 23 h 58 min behind in the demo)");
            }
            purchase[0] = new Purchase(policyId, buyer, activated);
        });
        return purchase[0];
    }

    private void declinedForCapacity(DemoContext demo) {
        JsonNode before = product(pool(demo));
        BigInteger available = new BigInteger(before.path("available").asText());
        BigInteger thousand = tusd(1_000);
        BigInteger asked = available.divide(thousand).multiply(thousand).add(tusd(5_000)); // a round sum beyond it
        demo.step(
                "Buyer dev:" + DECLINED_BUYER + " asks for " + tusd(asked) + ", more than the pool has left: declined",
                step -> {
                    String policyId = quoteAndBuy(demo, step, PRODUCT_ID, DECLINED_BUYER, asked, 30);
                    SpecificRecord decided = decision(demo, step, policyId);
                    if (!(decided instanceof PolicyDeclined declined)) {
                        throw new DemoFailure(
                                "the purchase beyond the pool's capacity was activated: " + decided, "pool-service");
                    }
                    if (!"INSUFFICIENT_CAPACITY".equals(declined.getReasonCode())) {
                        throw new DemoFailure(declinedUnexpectedly(declined), "policy-service");
                    }
                    CapacityReservationDeclined refused = demo.events()
                            .await(
                                    demo,
                                    step,
                                    "waiting for CapacityReservationDeclined",
                                    EVENT_PATIENCE,
                                    "pool.events",
                                    CapacityReservationDeclined.class,
                                    e -> e.getPolicyId().equals(policyId),
                                    "pool-service");
                    step.detail(demo.progress().arrow() + " pool.events CapacityReservationDeclined "
                            + refused.getReasonCode() + " (asked " + tusd(refused.getRequestedAmount()) + ", available "
                            + tusd(refused.getAvailableCapacity()) + ")");
                    step.detail(demo.progress().arrow() + " policy.events PolicyDeclined " + declined.getReasonCode()
                            + (declined.getReason() == null ? "" : ": \"" + declined.getReason() + "\"")
                            + "; premium refunded in full (" + tusd(declined.getPremiumRefund()) + ")");
                });
    }

    private void expiresOnTime(DemoContext demo, Purchase cover) {
        PolicyActivated activated = cover.activated();
        demo.step("dev:" + cover.buyer() + "'s 1-day cover expires on time and gives its capacity back", step -> {
            String availableBefore = product(pool(demo)).path("available").asText();
            Duration patience =
                    Duration.between(Instant.now(), activated.getEndAt()).plusSeconds(90);
            PolicyExpired expired = demo.events()
                    .await(
                            demo,
                            step,
                            () -> "cover ends at " + time(activated.getEndAt()) + " (in "
                                    + Progress.duration(Math.max(
                                            0,
                                            Duration.between(Instant.now(), activated.getEndAt())
                                                    .toMillis()))
                                    + "); nobody calls: policy-service's deadline scheduler will expire it",
                            patience.isNegative() ? EVENT_PATIENCE : patience,
                            "policy.events",
                            PolicyExpired.class,
                            e -> e.getPolicyId().equals(cover.policyId()),
                            "policy-service");
            long recordedAt = demo.events().recordTime(expired).orElse(System.currentTimeMillis());
            CapacityReleased released = demo.events()
                    .await(
                            demo,
                            step,
                            "waiting for CapacityReleased",
                            EVENT_PATIENCE,
                            "pool.events",
                            CapacityReleased.class,
                            e -> e.getReservationId().equals(expired.getReservationId()),
                            "pool-service");
            String availableAfter = product(pool(demo)).path("available").asText();
            step.detail("policy.events PolicyExpired at " + time(expired.getEndAt()) + ", its end of cover (recorded "
                    + Progress.duration(
                            Math.max(0, recordedAt - expired.getEndAt().toEpochMilli()))
                    + " after it, by the scheduler: nobody called)");
            step.detail(demo.progress().arrow() + " pool.events CapacityReleased " + released.getReservationId() + ": "
                    + tusd(released.getAmount()) + " back; " + PRODUCT_ID + " available " + tusd(availableBefore) + " "
                    + demo.progress().arrow() + " " + tusd(availableAfter));
            step.detail("(1 day of cover on policy-service's clock, 23 h 58 min behind in the demo: about 2 minutes"
                    + " on yours)");
        });
    }

    /** A quote for {@code buyer}, then the purchase signed by its wallet; the policy id (the quote's). */
    private static String quoteAndBuy(
            DemoContext demo, Progress.Step step, String productId, int buyer, BigInteger amount, int days) {
        String holder = demo.chain().address(buyer);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("productId", productId);
        request.put("holder", holder);
        request.put("coverAmount", amount.toString());
        request.put("periodDays", days);
        request.put("poolId", POOL_ID);
        Api.Answer quote = demo.api().post("policy-service", "/quotes", request);
        expect(quote, "POST /quotes", "policy-service", 201);
        JsonNode q = quote.body();
        String quoteId = q.path("quoteId").asText();
        step.detail("POST /quotes " + demo.progress().arrow() + " " + quote.status() + " quote " + quoteId + ": "
                + tusd(q.path("coverAmount").asText()) + " for " + days + (days == 1 ? " day" : " days") + " at "
                + Amounts.percentFromPpm(q.path("annualRatePpm").asLong()) + "/year (pool utilisation "
                + Amounts.percentFromPpm(q.path("utilisationPpm").asLong()) + "), premium "
                + tusd(q.path("premium").asText()));
        Map<String, Object> body = Map.of("quoteId", quoteId, "holder", holder);
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("quoteId", quoteId);
        signed.put("holder", holder);
        signed.put("startAt", 0L);
        signed.put("premiumPaymentRef", "");
        Api.Answer bought = demo.api()
                .signed(
                        "policy-service",
                        "/policies",
                        body,
                        "BuyCover",
                        signed,
                        demo.chain().accounts.get(buyer));
        expect(bought, "POST /policies", "policy-service", 201, 202);
        step.detail(
                "POST /policies with dev:" + buyer + "'s EIP-712 signature of BuyCover (X-Signature, nonce, expiry) "
                        + demo.progress().arrow() + " " + bought.status() + " "
                        + bought.body().path("status").asText("REQUESTED") + " "
                        + demo.progress().arrow()
                        + " policy.events PolicyRequested (actor " + Chain.shortHex(holder) + ")");
        return quoteId;
    }

    /** PolicyActivated or PolicyDeclined, whichever policy-service records for {@code policyId}. */
    private static SpecificRecord decision(DemoContext demo, Progress.Step step, String policyId) {
        return demo.events()
                .await(
                        demo,
                        step,
                        "waiting for the pool's answer (PolicyActivated or PolicyDeclined)",
                        EVENT_PATIENCE,
                        "policy.events",
                        SpecificRecord.class,
                        e -> (e instanceof PolicyActivated a && a.getPolicyId().equals(policyId))
                                || (e instanceof PolicyDeclined d
                                        && d.getPolicyId().equals(policyId)),
                        "policy-service");
    }

    private static String declinedUnexpectedly(PolicyDeclined declined) {
        String why = "policy.events PolicyDeclined " + declined.getReasonCode() + ": " + declined.getReason();
        if ("RESERVATION_TIMEOUT".equals(declined.getReasonCode())) {
            why += "\n(policy-service's clock runs 23 h 58 min behind in the demo, so the 2-minute reservation deadline"
                    + " of a purchase is already past by the real clock its deadline scheduler uses: it declines the"
                    + " purchase at its next check unless the pool answers first)";
        }
        return why;
    }

    static JsonNode pool(DemoContext demo) {
        Api.Answer pool = demo.api().get("pool-service", "/pools/" + POOL_ID);
        expect(pool, "GET /pools/" + POOL_ID, "pool-service", 200);
        return pool.body();
    }

    static JsonNode product(JsonNode pool) {
        return product(pool, PRODUCT_ID);
    }

    static JsonNode product(JsonNode pool, String productId) {
        for (JsonNode product : pool.path("products")) {
            if (product.path("productId").asText().equals(productId)) {
                return product;
            }
        }
        throw new DemoFailure(POOL_ID + " does not underwrite " + productId + ": " + pool, "pool-service");
    }

    static void expect(Api.Answer answer, String what, String service, int... statuses) {
        for (int status : statuses) {
            if (answer.status() == status) {
                return;
            }
        }
        throw new DemoFailure(what + " answered " + answer.describe(), service);
    }

    static String time(Instant instant) {
        return LocalTime.ofInstant(instant, ZoneId.systemDefault()).format(TIME);
    }
}
