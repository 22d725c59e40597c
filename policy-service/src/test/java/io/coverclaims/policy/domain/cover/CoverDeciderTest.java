package io.coverclaims.policy.domain.cover;

import static org.assertj.core.api.Assertions.assertThat;

import io.coverclaims.platform.money.Money;
import io.coverclaims.platform.testing.DeciderFixture;
import io.coverclaims.policy.domain.cover.CoverCommand.ActivatePolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.BuyCover;
import io.coverclaims.policy.domain.cover.CoverCommand.CancelPolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.DeclinePolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.ExpirePolicy;
import io.coverclaims.policy.domain.cover.CoverCommand.ReduceCover;
import io.coverclaims.policy.domain.cover.CoverCommand.RequestQuote;
import io.coverclaims.policy.domain.cover.CoverEvent.CoverReduced;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyActivated;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyCancelled;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyDeclined;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyExpired;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyRequested;
import io.coverclaims.policy.domain.cover.CoverEvent.QuoteIssued;
import io.coverclaims.policy.domain.cover.CoverState.Active;
import io.coverclaims.policy.domain.cover.CoverState.Bought;
import io.coverclaims.policy.domain.cover.CoverState.Cancelled;
import io.coverclaims.policy.domain.cover.CoverState.Declined;
import io.coverclaims.policy.domain.cover.CoverState.Exhausted;
import io.coverclaims.policy.domain.cover.CoverState.Expired;
import io.coverclaims.policy.domain.cover.CoverState.Quoted;
import io.coverclaims.policy.domain.cover.CoverState.Requested;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CoverDeciderTest {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final String ID = "cov-00000000-0000-0000-0000-000000000001";
    static final String HOLDER = "0x1111111111111111111111111111111111111111";
    static final String OTHER = "0x2222222222222222222222222222222222222222";
    static final Money COVER = Money.of(10_000_000_000L); // 10_000 USDC
    static final long VALIDITY = Duration.ofMinutes(15).toMillis();

    final DeciderFixture<CoverCommand, CoverEvent, CoverState> fixture = DeciderFixture.of(CoverDecider.DECIDER);

    static RequestQuote quote(long utilisationPpm, int periodDays) {
        return quote(COVER, periodDays, utilisationPpm, "USDC");
    }

    /** A quote of prod-aave on pool-1 priced 2%..12% a year (at least 1%), for 28..365 days. */
    static RequestQuote quote(Money cover, int periodDays, long utilisationPpm, String asset) {
        return quote(cover, periodDays, utilisationPpm, asset, 200, 1200, 365);
    }

    /** A quote of prod-aave on pool-1 priced {@code floorRateBps}..{@code ceilingRateBps} a year (at least 1%). */
    static RequestQuote quote(
            Money cover,
            int periodDays,
            long utilisationPpm,
            String asset,
            int floorRateBps,
            int ceilingRateBps,
            int maxPeriodDays) {
        return new RequestQuote(
                ID,
                "prod-aave",
                HOLDER,
                cover,
                periodDays,
                "pool-1",
                utilisationPpm,
                asset,
                floorRateBps,
                ceilingRateBps,
                100,
                28,
                maxPeriodDays,
                VALIDITY,
                T0);
    }

    static QuoteIssued issued() {
        // 50% utilisation: 2% + 10% x 0.5 = 7% a year; 10_000 USDC x 7% x 73 / 365 = 140 USDC
        return new QuoteIssued(
                ID,
                "prod-aave",
                HOLDER,
                "pool-1",
                "USDC",
                COVER,
                73,
                500_000,
                200,
                1200,
                100,
                70_000,
                Money.of(140_000_000L),
                T0.plusMillis(VALIDITY),
                28,
                365,
                T0);
    }

    static final Instant BOUGHT = T0.plusSeconds(60);
    static final Instant END = BOUGHT.plus(Duration.ofDays(73));

    static PolicyRequested requested() {
        return new PolicyRequested(
                ID,
                ID,
                "prod-aave",
                "pool-1",
                HOLDER,
                "USDC",
                COVER,
                Money.of(140_000_000L),
                70_000,
                BOUGHT,
                END,
                "0xpay",
                BOUGHT.plus(CoverDecider.RESERVATION_TIMEOUT),
                BOUGHT);
    }

    /** The policy is left in {@code phase}, of which {@code assertions} hold. */
    static <T extends CoverState> Consumer<CoverState> inPhase(Class<T> phase, Consumer<T> assertions) {
        return state -> assertThat(state).isInstanceOfSatisfying(phase, assertions);
    }

    /** The pool did not answer before the reservation deadline. */
    static PolicyDeclined timedOut() {
        return new PolicyDeclined(
                ID,
                "pool-1",
                HOLDER,
                "RESERVATION_TIMEOUT",
                "no answer",
                null,
                Money.of(140_000_000L),
                BOUGHT.plus(CoverDecider.RESERVATION_TIMEOUT));
    }

    static PolicyActivated activated() {
        return new PolicyActivated(
                ID,
                "prod-aave",
                "pool-1",
                HOLDER,
                "USDC",
                "res-1",
                COVER,
                Money.of(140_000_000L),
                BOUGHT,
                END,
                BOUGHT.plusSeconds(1));
    }

    /** The holder changed their mind a second after buying, before the pool answered: the premium refunded in full. */
    static PolicyCancelled cancelledBeforeTheAnswer() {
        return new PolicyCancelled(
                ID,
                "pool-1",
                HOLDER,
                null,
                "changed my mind",
                1_000_000,
                Money.of(140_000_000L),
                BOUGHT.plusSeconds(1));
    }

    static BuyCover buy(Instant at) {
        return new BuyCover(ID, ID, HOLDER, null, "0xpay", at);
    }

    // ------------------------------------------------------------------------------------------------ quotes

    @Test
    void a_quote_prices_cover_at_the_recorded_utilisation_and_states_its_rate_and_expiry() {
        fixture.given()
                .when(quote(500_000, 73))
                .thenEvents(issued())
                .thenState(state -> assertThat(state).isInstanceOf(Quoted.class));
    }

    @Test
    void the_premium_rounds_up_in_the_pools_favour() {
        RequestQuote odd = quote(Money.of(1_000), 30, 0L, "USDC");
        // 1_000 x 2% x 30 / 365 = 1.64 -> 2
        fixture.given()
                .when(odd)
                .thenEventsSatisfy(events ->
                        assertThat(((QuoteIssued) events.getFirst()).premium()).isEqualTo(Money.of(2)));
    }

    @Test
    void the_minimum_price_applies_below_it() {
        RequestQuote cheap = quote(COVER, 365, 0L, "USDC", 50, 1200, 365);
        fixture.given().when(cheap).thenEventsSatisfy(events -> {
            QuoteIssued quote = (QuoteIssued) events.getFirst();
            assertThat(quote.annualRatePpm()).isEqualTo(10_000);
            assertThat(quote.premium()).isEqualTo(Money.of(100_000_000L));
        });
    }

    @Test
    void a_quote_of_18_decimal_cover_is_priced_exactly() {
        // 250 ETH in wei at 50% utilisation: 7% a year for 73 days = 3.5 ETH, exactly
        Money cover = Money.parse("250000000000000000000");
        RequestQuote eth = quote(cover, 73, 500_000L, "ETH");
        fixture.given().when(eth).thenEventsSatisfy(events -> {
            QuoteIssued quote = (QuoteIssued) events.getFirst();
            assertThat(quote.coverAmount()).isEqualTo(cover);
            assertThat(quote.premium()).isEqualTo(Money.parse("3500000000000000000"));
        });
    }

    @Test
    void a_quote_whose_premium_would_exceed_uint256_is_refused_naming_the_cover_amount() {
        // 100% a year for ten years: ten times the largest uint256
        RequestQuote huge = quote(Money.MAX, 3650, 0L, "USDC", 10_000, 10_000, 3650);
        fixture.given().when(huge).thenRejected("AMOUNT_OUT_OF_RANGE", "coverAmount");
    }

    @Test
    void a_period_outside_the_products_bounds_is_refused() {
        fixture.given().when(quote(0, 27)).thenRejected("PERIOD_OUT_OF_BOUNDS", "periodDays");
        fixture.given().when(quote(0, 366)).thenRejected("PERIOD_OUT_OF_BOUNDS", "periodDays");
    }

    @Test
    void cover_must_be_a_positive_amount() {
        RequestQuote zero = quote(Money.ZERO, 73, 0L, "USDC");
        fixture.given().when(zero).thenRejected("INVALID_COVER_AMOUNT", "coverAmount");
    }

    @Test
    void a_quote_without_product_terms_or_pool_or_utilisation_is_refused() {
        fixture.given()
                .when(new RequestQuote(
                        ID, "prod-x", HOLDER, COVER, 73, "pool-1", 0L, null, null, null, null, null, null, VALIDITY,
                        T0))
                .thenRejected("PRODUCT_NOT_FOUND", "productId");
        fixture.given()
                .when(new RequestQuote(
                        ID, "prod-aave", HOLDER, COVER, 73, null, 0L, "USDC", 200, 1200, 100, 28, 365, VALIDITY, T0))
                .thenRejected("NO_POOL", "poolId");
        fixture.given().when(quote(1_000_001L, 73)).thenRejected("INVALID_UTILISATION", "utilisationPpm");
    }

    @Test
    void a_quote_id_is_issued_once() {
        fixture.given(issued()).when(quote(0, 73)).thenRejected("QUOTE_ALREADY_ISSUED", "quoteId");
    }

    // -------------------------------------------------------------------------------------------- purchase

    @Test
    void buying_a_valid_quote_requests_the_policy_with_its_period_and_reservation_deadline() {
        fixture.given(issued())
                .when(buy(BOUGHT))
                .thenEvents(requested())
                .thenState(state -> assertThat(state).isInstanceOf(Requested.class));
    }

    @Test
    void buying_with_an_expired_quote_is_refused() {
        fixture.given(issued()).when(buy(T0.plusMillis(VALIDITY))).thenRejected("QUOTE_EXPIRED", "quoteId");
    }

    @Test
    void an_unknown_quote_cannot_be_bought() {
        fixture.given().when(buy(BOUGHT)).thenRejected("QUOTE_NOT_FOUND", "quoteId");
    }

    @Test
    void a_quote_is_bought_once() {
        fixture.given(issued(), requested())
                .when(buy(BOUGHT.plusSeconds(1)))
                .thenRejected("QUOTE_ALREADY_USED", "quoteId");
    }

    @Test
    void only_the_quoted_holder_can_buy() {
        fixture.given(issued())
                .when(new BuyCover(ID, ID, OTHER, null, null, BOUGHT))
                .thenRejected("HOLDER_MISMATCH", "holder");
    }

    @Test
    void the_policy_takes_the_quotes_id() {
        fixture.given(issued())
                .when(new BuyCover("cov-other", ID, HOLDER, null, null, BOUGHT))
                .thenRejected("POLICY_ID_MISMATCH", "policyId");
    }

    @Test
    void cover_cannot_start_in_the_past_nor_more_than_30_days_ahead() {
        fixture.given(issued())
                .when(new BuyCover(ID, ID, HOLDER, BOUGHT.minusSeconds(1), null, BOUGHT))
                .thenRejected("START_IN_THE_PAST", "startAt");
        fixture.given(issued())
                .when(new BuyCover(ID, ID, HOLDER, BOUGHT.plus(Duration.ofDays(31)), null, BOUGHT))
                .thenRejected("START_TOO_LATE", "startAt");
    }

    // ---------------------------------------------------------------------------------------- saga outcomes

    @Test
    void a_capacity_reservation_activates_the_requested_policy() {
        fixture.given(issued(), requested())
                .when(new ActivatePolicy(ID, "pool-1", "res-1", COVER, BOUGHT.plusSeconds(1)))
                .thenEvents(activated())
                .thenState(state -> assertThat(state).isInstanceOf(Active.class));
    }

    @Test
    void the_same_reservation_again_changes_nothing() {
        fixture.given(issued(), requested(), activated())
                .when(new ActivatePolicy(ID, "pool-1", "res-1", COVER, BOUGHT.plusSeconds(2)))
                .thenNoEvents();
    }

    @Test
    void a_refused_reservation_declines_the_policy_with_the_pools_reason_and_refunds_the_premium() {
        fixture.given(issued(), requested())
                .when(new DeclinePolicy(ID, "INSUFFICIENT_CAPACITY", "not enough", Money.of(5), BOUGHT.plusSeconds(1)))
                .thenEvents(new PolicyDeclined(
                        ID,
                        "pool-1",
                        HOLDER,
                        "INSUFFICIENT_CAPACITY",
                        "not enough",
                        Money.of(5),
                        Money.of(140_000_000L),
                        BOUGHT.plusSeconds(1)))
                .thenState(inPhase(
                        Declined.class,
                        declined -> assertThat(declined.reasonCode()).isEqualTo("INSUFFICIENT_CAPACITY")));
    }

    @Test
    void a_purchase_the_pool_has_not_answered_by_its_deadline_is_declined() {
        Instant deadline = BOUGHT.plus(CoverDecider.RESERVATION_TIMEOUT);
        fixture.given(issued(), requested())
                .when(new DeclinePolicy(ID, CoverDecider.RESERVATION_TIMEOUT_CODE, "no answer", null, deadline))
                .thenEventsSatisfy(events -> assertThat(((PolicyDeclined) events.getFirst()).reasonCode())
                        .isEqualTo("RESERVATION_TIMEOUT"));
    }

    @Test
    void a_timeout_before_the_deadline_is_refused() {
        fixture.given(issued(), requested())
                .when(new DeclinePolicy(
                        ID, CoverDecider.RESERVATION_TIMEOUT_CODE, "too early", null, BOUGHT.plusSeconds(1)))
                .thenRejected("NOT_DUE", "policyId");
    }

    @Test
    void a_timeout_after_the_activation_changes_nothing() {
        fixture.given(issued(), requested(), activated())
                .when(new DeclinePolicy(
                        ID,
                        CoverDecider.RESERVATION_TIMEOUT_CODE,
                        "late",
                        null,
                        BOUGHT.plus(CoverDecider.RESERVATION_TIMEOUT)))
                .thenNoEvents();
    }

    @Test
    void a_reservation_arriving_after_the_decline_is_released() {
        PolicyDeclined timedOut = timedOut();
        Instant late = BOUGHT.plus(CoverDecider.RESERVATION_TIMEOUT).plusSeconds(5);
        fixture.given(issued(), requested(), timedOut)
                .when(new ActivatePolicy(ID, "pool-1", "res-late", COVER, late))
                .thenEventsSatisfy(events -> {
                    PolicyCancelled release = (PolicyCancelled) events.getFirst();
                    assertThat(release.reservationId()).isEqualTo("res-late");
                    assertThat(release.premiumRefund()).isEqualTo(Money.ZERO);
                    assertThat(release.reason()).startsWith("RESERVATION_AFTER_DECLINED");
                })
                .thenState(state -> assertThat(state).isInstanceOf(Declined.class));
    }

    @Test
    void a_reservation_arriving_after_a_cancellation_is_released_once() {
        PolicyCancelled cancelled = cancelledBeforeTheAnswer();
        PolicyCancelled released = new PolicyCancelled(
                ID,
                "pool-1",
                HOLDER,
                "res-1",
                "RESERVATION_AFTER_CANCELLED",
                1_000_000,
                Money.ZERO,
                BOUGHT.plusSeconds(2));
        fixture.given(issued(), requested(), cancelled)
                .when(new ActivatePolicy(ID, "pool-1", "res-1", COVER, BOUGHT.plusSeconds(2)))
                .thenEventsSatisfy(events -> assertThat(((PolicyCancelled) events.getFirst()).reservationId())
                        .isEqualTo("res-1"));
        fixture.given(issued(), requested(), cancelled, released)
                .when(new ActivatePolicy(ID, "pool-1", "res-1", COVER, BOUGHT.plusSeconds(3)))
                .thenNoEvents();
    }

    @Test
    void a_declined_policy_that_released_a_late_reservation_stays_declined_and_names_it() {
        PolicyDeclined timedOut = timedOut();
        PolicyCancelled released = new PolicyCancelled(
                ID,
                "pool-1",
                HOLDER,
                "res-late",
                "RESERVATION_AFTER_DECLINED",
                1_000_000,
                Money.ZERO,
                BOUGHT.plus(CoverDecider.RESERVATION_TIMEOUT).plusSeconds(5));
        fixture.given(issued(), requested(), timedOut, released)
                .when(new ActivatePolicy(
                        ID,
                        "pool-1",
                        "res-late",
                        COVER,
                        BOUGHT.plus(CoverDecider.RESERVATION_TIMEOUT).plusSeconds(6)))
                .thenNoEvents()
                .thenState(inPhase(Declined.class, declined -> {
                    assertThat(declined.reasonCode()).isEqualTo("RESERVATION_TIMEOUT");
                    assertThat(declined.reservationId()).isEqualTo("res-late");
                    assertThat(declined.releasedReservations()).containsExactly("res-late");
                }));
    }

    @Test
    void a_cancelled_active_policy_keeps_the_reservation_it_held() {
        PolicyCancelled cancelled = new PolicyCancelled(
                ID,
                "pool-1",
                HOLDER,
                "res-1",
                "sold the position",
                750_000,
                Money.of(105_000_000L),
                BOUGHT.plusSeconds(10));
        fixture.given(issued(), requested(), activated(), cancelled)
                .when(new ActivatePolicy(ID, "pool-1", "res-1", COVER, BOUGHT.plusSeconds(11)))
                .thenNoEvents()
                .thenState(inPhase(
                        Cancelled.class,
                        policy -> assertThat(policy.reservationId()).isEqualTo("res-1")));
    }

    @Test
    void a_saga_answer_for_an_unknown_purchase_is_refused() {
        fixture.given(issued())
                .when(new ActivatePolicy(ID, "pool-1", "res-1", COVER, BOUGHT))
                .thenRejected("POLICY_NOT_FOUND", "policyId");
        fixture.given()
                .when(new DeclinePolicy(ID, "INSUFFICIENT_CAPACITY", null, null, BOUGHT))
                .thenRejected("POLICY_NOT_FOUND", "policyId");
    }

    // ------------------------------------------------------------------------------------------- lifecycle

    @Test
    void an_active_policy_expires_at_the_end_of_its_cover() {
        fixture.given(issued(), requested(), activated())
                .when(new ExpirePolicy(ID, END))
                .thenEvents(new PolicyExpired(ID, "pool-1", "res-1", END, END))
                .thenState(state -> assertThat(state).isInstanceOf(Expired.class));
    }

    @Test
    void a_policy_does_not_expire_before_its_end() {
        fixture.given(issued(), requested(), activated())
                .when(new ExpirePolicy(ID, END.minusMillis(1)))
                .thenRejected("NOT_DUE", "policyId");
    }

    @Test
    void expiring_a_policy_that_is_not_active_changes_nothing() {
        PolicyExpired expired = new PolicyExpired(ID, "pool-1", "res-1", END, END);
        fixture.given(issued(), requested(), activated(), expired)
                .when(new ExpirePolicy(ID, END.plusSeconds(1)))
                .thenNoEvents();
    }

    @Test
    void the_holder_cancels_an_active_policy_and_gets_the_unused_premium_rounded_down() {
        Instant at = BOUGHT.plus(Duration.ofDays(73).dividedBy(4)); // a quarter used
        fixture.given(issued(), requested(), activated())
                .when(new CancelPolicy(ID, "sold the position", HOLDER, at))
                .thenEvents(new PolicyCancelled(
                        ID, "pool-1", HOLDER, "res-1", "sold the position", 750_000, Money.of(105_000_000L), at))
                .thenState(state -> assertThat(state).isInstanceOf(Cancelled.class));
    }

    @Test
    void a_requested_policy_cancelled_before_the_pool_answers_is_refunded_in_full() {
        fixture.given(issued(), requested())
                .when(new CancelPolicy(ID, "changed my mind", HOLDER, BOUGHT.plusSeconds(1)))
                .thenEvents(cancelledBeforeTheAnswer());
    }

    @Test
    void only_the_holder_or_an_operator_may_cancel() {
        fixture.given(issued(), requested(), activated())
                .when(new CancelPolicy(ID, "mine now", OTHER, BOUGHT.plusSeconds(5)))
                .thenRejected("NOT_POLICY_HOLDER", "holder");
        fixture.given(issued(), requested(), activated())
                .when(new CancelPolicy(ID, "fraud", "operator:alice", BOUGHT.plusSeconds(5)))
                .thenEventsSatisfy(events -> assertThat(events).hasSize(1));
    }

    @Test
    void a_policy_that_has_ended_cannot_be_cancelled() {
        PolicyExpired expired = new PolicyExpired(ID, "pool-1", "res-1", END, END);
        fixture.given(issued(), requested(), activated(), expired)
                .when(new CancelPolicy(ID, "late", HOLDER, END.plusSeconds(1)))
                .thenRejected("POLICY_NOT_CANCELLABLE", "policyId");
        fixture.given(issued(), requested(), activated())
                .when(new CancelPolicy(ID, "late", HOLDER, END))
                .thenRejected("POLICY_ENDED", "policyId");
    }

    // ---------------------------------------------------------------------------------------- settled claims

    @Test
    void a_settled_claim_reduces_the_cover_left() {
        fixture.given(issued(), requested(), activated())
                .when(new ReduceCover(ID, "claim-1", Money.of(4_000_000_000L), END.minusSeconds(10)))
                .thenEvents(new CoverReduced(
                        ID, "claim-1", Money.of(4_000_000_000L), Money.of(6_000_000_000L), END.minusSeconds(10)))
                .thenState(inPhase(
                        Bought.class,
                        bought -> assertThat(bought.remainingCover()).isEqualTo(Money.of(6_000_000_000L))));
    }

    @Test
    void a_claim_reduces_the_cover_once() {
        CoverReduced reduced = new CoverReduced(
                ID, "claim-1", Money.of(4_000_000_000L), Money.of(6_000_000_000L), END.minusSeconds(10));
        fixture.given(issued(), requested(), activated(), reduced)
                .when(new ReduceCover(ID, "claim-1", Money.of(4_000_000_000L), END))
                .thenNoEvents();
    }

    @Test
    void a_claim_may_not_take_more_than_the_cover_left() {
        CoverReduced reduced = new CoverReduced(
                ID, "claim-1", Money.of(8_000_000_000L), Money.of(2_000_000_000L), END.minusSeconds(10));
        fixture.given(issued(), requested(), activated(), reduced)
                .when(new ReduceCover(ID, "claim-2", Money.of(2_000_000_001L), END))
                .thenRejected("COVER_EXCEEDED", "amount");
    }

    @Test
    void a_claim_settled_after_the_policy_expired_still_reduces_its_cover() {
        PolicyExpired expired = new PolicyExpired(ID, "pool-1", "res-1", END, END);
        fixture.given(issued(), requested(), activated(), expired)
                .when(new ReduceCover(ID, "claim-1", Money.of(1_000), END.plusSeconds(60)))
                .thenEventsSatisfy(events -> assertThat(events).hasSize(1))
                .thenState(state -> assertThat(state).isInstanceOf(Expired.class));
    }

    @Test
    void a_policy_that_never_became_active_has_no_cover_to_reduce() {
        fixture.given(issued(), requested())
                .when(new ReduceCover(ID, "claim-1", Money.of(1_000), BOUGHT.plusSeconds(5)))
                .thenRejected("POLICY_NOT_ACTIVE", "policyId");
        fixture.given(issued(), requested(), activated())
                .when(new ReduceCover(ID, "claim-1", Money.of(0), BOUGHT.plusSeconds(5)))
                .thenRejected("INVALID_AMOUNT", "amount");
    }

    @Test
    void every_event_is_kept_in_the_policys_history() {
        fixture.given(issued(), requested(), activated())
                .when(new ExpirePolicy(ID, END))
                .thenState(state -> assertThat(state.history())
                        .extracting(event -> event.getClass().getSimpleName())
                        .containsExactly("QuoteIssued", "PolicyRequested", "PolicyActivated", "PolicyExpired"));
    }

    // ------------------------------------------------------------------------------- cover used up: the policy closes

    static CoverReduced reducedToZero() {
        return new CoverReduced(ID, "claim-1", COVER, Money.ZERO, END.minusSeconds(100));
    }

    @Test
    void a_settled_claim_that_uses_up_the_cover_closes_the_policy() {
        fixture.given(issued(), requested(), activated())
                .when(new ReduceCover(ID, "claim-1", COVER, END.minusSeconds(100)))
                .thenEvents(reducedToZero())
                .thenState(inPhase(Exhausted.class, exhausted -> {
                    assertThat(exhausted.status()).isEqualTo("EXHAUSTED");
                    assertThat(exhausted.remainingCover()).isEqualTo(Money.ZERO);
                    assertThat(exhausted.reservationId()).isEqualTo(activated().reservationId());
                }));
    }

    @Test
    void a_policy_with_cover_left_stays_active() {
        fixture.given(issued(), requested(), activated())
                .when(new ReduceCover(ID, "claim-1", COVER.minus(Money.of(1)), END.minusSeconds(100)))
                .thenState(state -> assertThat(state).isInstanceOf(Active.class));
    }

    @Test
    void a_closed_policy_takes_no_further_claim_but_a_repeat_of_the_settled_one_is_nothing_to_do() {
        fixture.given(issued(), requested(), activated(), reducedToZero())
                .when(new ReduceCover(ID, "claim-2", Money.of(1), END.minusSeconds(50)))
                .thenRejected("COVER_EXCEEDED", "amount");
        fixture.given(issued(), requested(), activated(), reducedToZero())
                .when(new ReduceCover(ID, "claim-1", COVER, END.minusSeconds(50)))
                .thenNoEvents();
    }

    @Test
    void a_closed_policy_cannot_be_cancelled_for_a_refund() {
        fixture.given(issued(), requested(), activated(), reducedToZero())
                .when(new CancelPolicy(ID, "changed my mind", HOLDER, END.minusSeconds(50)))
                .thenRejected("POLICY_NOT_CANCELLABLE", "policyId");
    }

    @Test
    void a_closed_policy_still_expires_at_the_end_of_cover_releasing_its_reservation() {
        fixture.given(issued(), requested(), activated(), reducedToZero())
                .when(new ExpirePolicy(ID, END.minusSeconds(1)))
                .thenRejected("NOT_DUE", "policyId");
        fixture.given(issued(), requested(), activated(), reducedToZero())
                .when(new ExpirePolicy(ID, END))
                .thenEvents(new PolicyExpired(ID, "pool-1", activated().reservationId(), END, END))
                .thenState(state -> assertThat(state).isInstanceOf(Expired.class));
    }

    @Test
    void a_late_activation_or_decline_of_a_closed_policy_is_nothing_to_do() {
        fixture.given(issued(), requested(), activated(), reducedToZero())
                .when(new ActivatePolicy(ID, "pool-1", activated().reservationId(), COVER, END.minusSeconds(50)))
                .thenNoEvents();
        fixture.given(issued(), requested(), activated(), reducedToZero())
                .when(new DeclinePolicy(ID, "CAPITAL_EXHAUSTED", "late", Money.ZERO, END.minusSeconds(50)))
                .thenNoEvents();
    }
}
