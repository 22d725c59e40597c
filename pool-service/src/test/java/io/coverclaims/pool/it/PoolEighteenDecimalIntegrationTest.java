package io.coverclaims.pool.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.coverclaims.platform.testing.KafkaBrokerTestResource;
import io.coverclaims.platform.testing.KafkaTestKit;
import io.coverclaims.pool.saga.PoolProcessManagersTest;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.pool.CapacityReserved;
import io.coverclaims.schemas.pool.PayoutReserved;
import io.coverclaims.schemas.pool.PremiumRecorded;
import io.coverclaims.schemas.pool.ReservePayout;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An 18-decimal pool (an ETH pool, amounts in wei) through the real broker, every value exact to the wei: deposits
 * through the API, a purchase (PolicyRequested → ReserveCapacity → CapacityReserved), its premium (PolicyActivated →
 * RecordPremium, floored per position) and a loss (ReservePayout sent to pool.commands as claim-service will, ceiled per
 * position), read back from the pool's view. Expected values worked out by hand from the README's rules.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerTestResource.class)
class PoolEighteenDecimalIntegrationTest extends PoolApi {

    static final String CLAIMANT = "0x" + "c".repeat(40);
    static final String ETH_1500 = "1500000000000000000000";
    static final String ETH_1000_AND_ONE_WEI = "1000000000000000000001";
    static final BigInteger ETH_250 = new BigInteger("250000000000000000000");
    static final BigInteger PREMIUM = new BigInteger("3500000000000000000"); // 3.5 ETH
    static final BigInteger LOSS = new BigInteger("100000000000000000007"); // 100 ETH and 7 wei

    @Test
    void an_eth_pool_reserves_credits_and_charges_to_the_wei() {
        String poolId = "pool-" + UUID.randomUUID();
        create(
                        Map.of(
                                "poolId",
                                poolId,
                                "name",
                                "ETH blue chip",
                                "manager",
                                MANAGER,
                                "asset",
                                "WETH",
                                "assetDecimals",
                                18,
                                "capacityRatioBps",
                                20_000,
                                "products",
                                List.of(Map.of("productId", "prod-eth", "weightBps", 5_000))),
                        poolAdmin())
                .then()
                .statusCode(201);
        deposit(poolId, ALICE, ETH_1500, null).then().statusCode(201);
        deposit(poolId, BOB, ETH_1000_AND_ONE_WEI, null).then().statusCode(201);
        // capacity = floor(2,500 ETH + 1 wei x 2.0 x 50%)
        given().get("/pools/" + poolId)
                .then()
                .statusCode(200)
                .body("assetDecimals", equalTo(18))
                .body("capital", equalTo("2500000000000000000001"))
                .body("products[0].capacity", equalTo("2500000000000000000001"))
                .body("ledger.deposits", equalTo("2500000000000000000001"));

        // the purchase: policy-service asks for 250 ETH of cover
        String policyId = "pol-" + UUID.randomUUID();
        Instant start = Instant.now();
        topics.send(
                "policy.events",
                policyId,
                PoolProcessManagersTest.policyRequested(
                        KafkaTestKit.event(policyId, 1, "policy-service"), policyId, poolId, "prod-eth", ETH_250));
        CapacityReserved reserved = awaitPoolEvent(
                poolId, CapacityReserved.class, r -> r.getPolicyId().equals(policyId));
        assertThat(reserved.getAmount().toBigIntegerExact()).isEqualTo(ETH_250);
        assertThat(reserved.getProductCapacity().toBigIntegerExact())
                .isEqualTo(new BigInteger("2500000000000000000001"));
        assertThat(reserved.getAvailableAfter().toBigIntegerExact())
                .isEqualTo(new BigInteger("2250000000000000000001"));

        // its premium, 3.5 ETH: floor(premium x stake / capital) each, 1 wei kept by the pool
        topics.send(
                "policy.events",
                policyId,
                PolicyActivated.newBuilder()
                        .setMetadata(KafkaTestKit.event(policyId, 2, "policy-service"))
                        .setPolicyId(policyId)
                        .setProductId("prod-eth")
                        .setPoolId(poolId)
                        .setHolder("0x" + "e".repeat(40))
                        .setAsset("WETH")
                        .setReservationId(reserved.getReservationId())
                        .setCoverAmount(new BigDecimal(ETH_250))
                        .setPremium(new BigDecimal(PREMIUM))
                        .setStartAt(start)
                        .setEndAt(start.plus(Duration.ofDays(30)))
                        .build());
        PremiumRecorded premium = awaitPoolEvent(
                poolId, PremiumRecorded.class, p -> p.getPolicyId().equals(policyId));
        assertThat(premium.getRetained().toBigIntegerExact()).isEqualTo(BigInteger.ONE);
        given().get("/pools/" + poolId + "/providers/" + ALICE)
                .then()
                .statusCode(200)
                .body("stake", equalTo("1502099999999999999999"));
        given().get("/pools/" + poolId + "/providers/" + BOB)
                .then()
                .statusCode(200)
                .body("stake", equalTo("1001400000000000000001"));

        // a loss of 100 ETH and 7 wei, as claim-service will send it: ceil(loss x stake / capital) each, 1 wei kept
        String payoutId = "pay-" + UUID.randomUUID();
        topics.send(
                "pool.commands",
                poolId,
                ReservePayout.newBuilder()
                        .setMetadata(KafkaTestKit.command(poolId, Instant.now(), "claim-service"))
                        .setPoolId(poolId)
                        .setPayoutId(payoutId)
                        .setClaimId("clm-" + payoutId)
                        .setPolicyId(policyId)
                        .setRecipient(CLAIMANT)
                        .setAmount(new BigDecimal(LOSS))
                        .build());
        PayoutReserved payout = awaitPoolEvent(
                poolId, PayoutReserved.class, p -> p.getPayoutId().equals(payoutId));
        assertThat(payout.getReservedAmount().toBigIntegerExact()).isEqualTo(LOSS);
        assertThat(payout.getProRataPpm()).isEqualTo(1_000_000);
        assertThat(payout.getRetained().toBigIntegerExact()).isEqualTo(BigInteger.ONE);

        given().get("/pools/" + poolId)
                .then()
                .statusCode(200)
                .body("capital", equalTo("2403499999999999999992"))
                .body("eligibleStake", equalTo("2403499999999999999992"))
                .body("activeCover", equalTo("250000000000000000000"))
                .body("totalCapacity", equalTo("4806999999999999999984"))
                .body("utilisationPpm", equalTo(52_007))
                .body("products[0].capacity", equalTo("2403499999999999999992"))
                .body("products[0].activeCover", equalTo("250000000000000000000"))
                .body("products[0].available", equalTo("2153499999999999999992"))
                .body("products[0].utilisationPpm", equalTo(104_014))
                .body("ledger.deposits", equalTo("2500000000000000000001"))
                .body("ledger.premiums", equalTo("3500000000000000000"))
                .body("ledger.withdrawals", equalTo("0"))
                .body("ledger.payouts", equalTo("100000000000000000007"))
                .body("ledger.fees", equalTo("2"))
                .body("ledger.conserved", equalTo(true));
        given().get("/pools/" + poolId + "/providers/" + ALICE).then().body("stake", equalTo("1442099999999999999994"));
        given().get("/pools/" + poolId + "/providers/" + BOB).then().body("stake", equalTo("961399999999999999998"));
    }
}
