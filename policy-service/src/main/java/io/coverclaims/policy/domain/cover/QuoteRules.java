package io.coverclaims.policy.domain.cover;

import static io.coverclaims.policy.domain.cover.CoverDecider.MAX_QUOTE_VALIDITY;
import static io.coverclaims.policy.domain.cover.CoverDecider.MAX_START_DELAY;
import static io.coverclaims.policy.domain.cover.CoverDecider.RESERVATION_TIMEOUT;

import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.money.AmountOutOfRange;
import io.coverclaims.platform.money.Money;
import io.coverclaims.policy.domain.cover.CoverCommand.BuyCover;
import io.coverclaims.policy.domain.cover.CoverCommand.RequestQuote;
import io.coverclaims.policy.domain.cover.CoverEvent.PolicyRequested;
import io.coverclaims.policy.domain.cover.CoverEvent.QuoteIssued;
import io.coverclaims.policy.domain.cover.CoverState.Bought;
import io.coverclaims.policy.domain.cover.CoverState.Issued;
import io.coverclaims.policy.domain.cover.CoverState.None;
import io.coverclaims.policy.domain.cover.CoverState.Quoted;
import io.coverclaims.policy.domain.pricing.Pricing;
import java.time.Duration;
import java.time.Instant;

/** Quoting (the price from recorded inputs) and buying a quote. */
final class QuoteRules {

    private QuoteRules() {}

    static Decision<CoverEvent> quote(RequestQuote c, CoverState state) {
        return switch (state) {
            case None none -> price(c);
            case Issued issued ->
                Decision.reject("QUOTE_ALREADY_ISSUED", "quote " + c.quoteId() + " exists already", "quoteId");
        };
    }

    private static Decision<CoverEvent> price(RequestQuote c) {
        if (c.floorRateBps() == null
                || c.ceilingRateBps() == null
                || c.minAnnualRateBps() == null
                || c.asset() == null
                || c.minPeriodDays() == null
                || c.maxPeriodDays() == null) {
            return Decision.reject(
                    "PRODUCT_NOT_FOUND", "the quote carries no terms of product " + c.productId(), "productId");
        }
        if (c.poolId() == null || c.poolId().isBlank()) {
            return Decision.reject("NO_POOL", "no pool underwrites product " + c.productId(), "poolId");
        }
        if (c.utilisationPpm() == null || c.utilisationPpm() < 0 || c.utilisationPpm() > Pricing.PPM) {
            return Decision.reject(
                    "INVALID_UTILISATION", "the pool's utilisation must be 0 to 1e6 ppm", "utilisationPpm");
        }
        if (c.coverAmount() == null || !c.coverAmount().isPositive()) {
            return Decision.reject(
                    "INVALID_COVER_AMOUNT", "cover must be a positive amount of minor units", "coverAmount");
        }
        if (c.periodDays() < c.minPeriodDays() || c.periodDays() > c.maxPeriodDays()) {
            return Decision.reject(
                    "PERIOD_OUT_OF_BOUNDS",
                    "product " + c.productId() + " sells cover of " + c.minPeriodDays() + " to " + c.maxPeriodDays()
                            + " days",
                    "periodDays");
        }
        if (c.validityMs() == null || c.validityMs() <= 0 || c.validityMs() > MAX_QUOTE_VALIDITY.toMillis()) {
            return Decision.reject(
                    "INVALID_QUOTE_VALIDITY", "a quote is valid for up to " + MAX_QUOTE_VALIDITY, "validityMs");
        }
        long rate =
                Pricing.annualRatePpm(c.floorRateBps(), c.ceilingRateBps(), c.minAnnualRateBps(), c.utilisationPpm());
        Money premium;
        try {
            premium = Pricing.premium(c.coverAmount(), rate, c.periodDays());
        } catch (AmountOutOfRange tooLarge) {
            return Decision.reject(
                    AmountOutOfRange.CODE,
                    "the premium of this cover would exceed 2^256 - 1: " + tooLarge.getMessage(),
                    "coverAmount");
        }
        return Decision.accept(new QuoteIssued(
                c.quoteId(),
                c.productId(),
                c.holder(),
                c.poolId(),
                c.asset(),
                c.coverAmount(),
                c.periodDays(),
                c.utilisationPpm(),
                c.floorRateBps(),
                c.ceilingRateBps(),
                c.minAnnualRateBps(),
                rate,
                premium,
                c.at().plusMillis(c.validityMs()),
                c.minPeriodDays(),
                c.maxPeriodDays(),
                c.at()));
    }

    static Decision<CoverEvent> buy(BuyCover c, CoverState state) {
        return switch (state) {
            case None none -> Decision.reject("QUOTE_NOT_FOUND", "no quote " + c.quoteId(), "quoteId");
            case Quoted quoted -> c.policyId().equals(c.quoteId()) ? buy(c, quoted.quote()) : policyIdMismatch();
            case Bought bought ->
                c.policyId().equals(c.quoteId())
                        ? Decision.reject(
                                "QUOTE_ALREADY_USED", "quote " + c.quoteId() + " was bought already", "quoteId")
                        : policyIdMismatch();
        };
    }

    private static Decision<CoverEvent> policyIdMismatch() {
        return Decision.reject("POLICY_ID_MISMATCH", "a policy takes the id of the quote it was bought on", "policyId");
    }

    private static Decision<CoverEvent> buy(BuyCover c, QuoteIssued quote) {
        if (!quote.holder().equalsIgnoreCase(c.holder())) {
            return Decision.reject("HOLDER_MISMATCH", "the quote was issued to another address", "holder");
        }
        if (!c.at().isBefore(quote.expiresAt())) {
            return Decision.reject(
                    "QUOTE_EXPIRED", "quote " + c.quoteId() + " expired at " + quote.expiresAt(), "quoteId");
        }
        Instant startAt = c.startAt() == null ? c.at() : c.startAt();
        if (startAt.isBefore(c.at())) {
            return Decision.reject("START_IN_THE_PAST", "cover cannot start before it is bought", "startAt");
        }
        if (startAt.isAfter(c.at().plus(MAX_START_DELAY))) {
            return Decision.reject(
                    "START_TOO_LATE", "cover must start within " + MAX_START_DELAY.toDays() + " days", "startAt");
        }
        Instant endAt = startAt.plus(Duration.ofDays(quote.periodDays()));
        return Decision.accept(new PolicyRequested(
                c.policyId(),
                quote.quoteId(),
                quote.productId(),
                quote.poolId(),
                quote.holder(),
                quote.asset(),
                quote.coverAmount(),
                quote.premium(),
                quote.annualRatePpm(),
                startAt,
                endAt,
                c.premiumPaymentRef(),
                c.at().plus(RESERVATION_TIMEOUT),
                c.at()));
    }
}
