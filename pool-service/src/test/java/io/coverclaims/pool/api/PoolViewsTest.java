package io.coverclaims.pool.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.money.AmountOutOfRange;
import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.streams.Aggregate;
import io.coverclaims.pool.domain.pool.PoolCommand.ProductWeight;
import io.coverclaims.pool.domain.pool.PoolCommand.Source;
import io.coverclaims.pool.domain.pool.PoolDecider;
import io.coverclaims.pool.domain.pool.PoolEvent;
import io.coverclaims.pool.domain.pool.PoolState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pool views: amounts as Money, and one pool that cannot be rendered never keeps the others from the answer. */
class PoolViewsTest {

    static final String ALICE = "0x" + "a".repeat(40);
    static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

    static List<PoolEvent> pool(String poolId, Money stake) {
        return List.of(
                new PoolEvent.PoolCreated(
                        poolId,
                        "p",
                        ALICE,
                        "WETH",
                        18,
                        20_000,
                        List.of(new ProductWeight("prod-a", 10_000), new ProductWeight("prod-b", 10_000)),
                        1_000,
                        0),
                new PoolEvent.CapitalDeposited(
                        poolId, "d1", ALICE, stake, 1, AT, 1_000, Source.API, null, null, stake));
    }

    static PoolEvent reserved(String poolId, String product, Money amount) {
        return new PoolEvent.CapacityReserved(
                poolId,
                "r-" + product,
                "pol-" + product,
                product,
                amount,
                AT.plusSeconds(60),
                Money.MAX,
                20_000,
                10_000,
                Money.MAX,
                Money.ZERO);
    }

    @Test
    void a_pool_whose_state_cannot_be_rendered_is_reported_and_left_out_while_the_others_are_answered() {
        // two products each at the largest capacity, both sold out: their cover together is beyond any uint256
        List<PoolEvent> bad = new ArrayList<>(pool("pool-bad", Money.MAX));
        bad.add(reserved("pool-bad", "prod-a", Money.MAX));
        bad.add(reserved("pool-bad", "prod-b", Money.MAX));
        PoolState badState = PoolDecider.DECIDER.replay(bad);
        PoolState goodState = PoolDecider.DECIDER.replay(pool("pool-good", Money.parse("1500000000000000000000")));
        Map<String, RuntimeException> reported = new java.util.HashMap<>();

        List<PoolViews.PoolView> views = PoolViews.renderable(
                Map.of(
                        "pool-bad", new Aggregate("pool", badState, bad.size()),
                        "pool-good", new Aggregate("pool", goodState, 2)),
                reported::put);

        assertThat(views).extracting(PoolViews.PoolView::poolId).containsExactly("pool-good");
        assertThat(views.getFirst().capital()).isEqualTo(Money.parse("1500000000000000000000"));
        assertThat(views.getFirst().products().getFirst().capacity()).isEqualTo(Money.parse("3000000000000000000000"));
        assertThat(reported).containsOnlyKeys("pool-bad");
        assertThat(reported.get("pool-bad")).isInstanceOf(AmountOutOfRange.class);
    }
}
