package io.coverclaims.policy.cover;

import io.coverclaims.platform.streams.AggregateType;
import io.coverclaims.schemas.policy.ActivatePolicy;
import io.coverclaims.schemas.policy.BuyCover;
import io.coverclaims.schemas.policy.CancelPolicy;
import io.coverclaims.schemas.policy.CoverReduced;
import io.coverclaims.schemas.policy.ReduceCover;
import io.coverclaims.schemas.policy.DeclinePolicy;
import io.coverclaims.schemas.policy.ExpirePolicy;
import io.coverclaims.schemas.policy.PolicyActivated;
import io.coverclaims.schemas.policy.PolicyCancelled;
import io.coverclaims.schemas.policy.PolicyDeclined;
import io.coverclaims.schemas.policy.PolicyExpired;
import io.coverclaims.schemas.policy.PolicyRequested;
import io.coverclaims.schemas.policy.QuoteIssued;
import io.coverclaims.schemas.policy.RequestQuote;

/** The quote-and-policy aggregate's wire mapping. Event times ({@code at}) travel as the metadata's occurredAt. */
public final class CoverWire {

    public static final AggregateType<Cover.Command, Cover.Event, Cover.State> TYPE = AggregateType
            .named("policy", Cover.DECIDER)
            .command(RequestQuote.class, w -> new Cover.RequestQuote(w.getQuoteId(), w.getProductId(), w.getHolder(),
                    w.getCoverAmount(), w.getPeriodDays(), w.getPoolId(), w.getUtilisationPpm(), w.getAsset(), w.getFloorRateBps(),
                    w.getCeilingRateBps(), w.getMinAnnualRateBps(), w.getMinPeriodDays(), w.getMaxPeriodDays(), w.getValidityMs(),
                    w.getMetadata().getIssuedAt()))
            .command(BuyCover.class, w -> new Cover.BuyCover(w.getPolicyId(), w.getQuoteId(), w.getHolder(), w.getStartAt(),
                    w.getPremiumPaymentRef(), w.getMetadata().getIssuedAt()))
            .command(ActivatePolicy.class, w -> new Cover.ActivatePolicy(w.getPolicyId(), w.getPoolId(), w.getReservationId(),
                    w.getReservedAmount(), w.getMetadata().getIssuedAt()))
            .command(DeclinePolicy.class, w -> new Cover.DeclinePolicy(w.getPolicyId(), w.getReasonCode(), w.getReason(),
                    w.getAvailableCapacity(), w.getMetadata().getIssuedAt()))
            .command(CancelPolicy.class, w -> new Cover.CancelPolicy(w.getPolicyId(), w.getReason(), w.getMetadata().getActor(),
                    w.getMetadata().getIssuedAt()))
            .command(ExpirePolicy.class, w -> new Cover.ExpirePolicy(w.getPolicyId(), w.getMetadata().getIssuedAt()))
            .command(ReduceCover.class, w -> new Cover.ReduceCover(w.getPolicyId(), w.getClaimId(), w.getAmount(),
                    w.getMetadata().getIssuedAt()))
            .event(Cover.QuoteIssued.class, QuoteIssued.class,
                    (e, m) -> QuoteIssued.newBuilder().setMetadata(m).setQuoteId(e.quoteId()).setProductId(e.productId())
                            .setHolder(e.holder()).setPoolId(e.poolId()).setAsset(e.asset()).setCoverAmount(e.coverAmount())
                            .setPeriodDays(e.periodDays()).setUtilisationPpm(e.utilisationPpm()).setFloorRateBps(e.floorRateBps())
                            .setCeilingRateBps(e.ceilingRateBps()).setMinAnnualRateBps(e.minAnnualRateBps())
                            .setAnnualRatePpm(e.annualRatePpm()).setPremium(e.premium()).setExpiresAt(e.expiresAt())
                            .setMinPeriodDays(e.minPeriodDays()).setMaxPeriodDays(e.maxPeriodDays()).build(),
                    w -> new Cover.QuoteIssued(w.getQuoteId(), w.getProductId(), w.getHolder(), w.getPoolId(), w.getAsset(),
                            w.getCoverAmount(), w.getPeriodDays(), w.getUtilisationPpm(), w.getFloorRateBps(), w.getCeilingRateBps(),
                            w.getMinAnnualRateBps(), w.getAnnualRatePpm(), w.getPremium(), w.getExpiresAt(),
                            w.getMinPeriodDays() == null ? 0 : w.getMinPeriodDays(), w.getMaxPeriodDays() == null ? 0 : w.getMaxPeriodDays(),
                            w.getMetadata().getOccurredAt()))
            .event(Cover.PolicyRequested.class, PolicyRequested.class,
                    (e, m) -> PolicyRequested.newBuilder().setMetadata(m).setPolicyId(e.policyId()).setQuoteId(e.quoteId())
                            .setProductId(e.productId()).setPoolId(e.poolId()).setHolder(e.holder()).setAsset(e.asset())
                            .setCoverAmount(e.coverAmount()).setPremium(e.premium()).setAnnualRatePpm(e.annualRatePpm())
                            .setStartAt(e.startAt()).setEndAt(e.endAt()).setPremiumPaymentRef(e.premiumPaymentRef())
                            .setReservationDeadline(e.reservationDeadline()).build(),
                    w -> new Cover.PolicyRequested(w.getPolicyId(), w.getQuoteId(), w.getProductId(), w.getPoolId(), w.getHolder(),
                            w.getAsset(), w.getCoverAmount(), w.getPremium(), w.getAnnualRatePpm(), w.getStartAt(), w.getEndAt(),
                            w.getPremiumPaymentRef(),
                            w.getReservationDeadline() == null ? w.getMetadata().getOccurredAt().plus(Cover.RESERVATION_TIMEOUT)
                                    : w.getReservationDeadline(),
                            w.getMetadata().getOccurredAt()))
            .event(Cover.PolicyActivated.class, PolicyActivated.class,
                    (e, m) -> PolicyActivated.newBuilder().setMetadata(m).setPolicyId(e.policyId()).setProductId(e.productId())
                            .setPoolId(e.poolId()).setHolder(e.holder()).setAsset(e.asset()).setReservationId(e.reservationId())
                            .setCoverAmount(e.coverAmount()).setPremium(e.premium()).setStartAt(e.startAt()).setEndAt(e.endAt()).build(),
                    w -> new Cover.PolicyActivated(w.getPolicyId(), w.getProductId(), w.getPoolId(), w.getHolder(), w.getAsset(),
                            w.getReservationId(), w.getCoverAmount(), w.getPremium(), w.getStartAt(), w.getEndAt(),
                            w.getMetadata().getOccurredAt()))
            .event(Cover.PolicyDeclined.class, PolicyDeclined.class,
                    (e, m) -> PolicyDeclined.newBuilder().setMetadata(m).setPolicyId(e.policyId()).setPoolId(e.poolId())
                            .setHolder(e.holder()).setReasonCode(e.reasonCode()).setReason(e.reason())
                            .setAvailableCapacity(e.availableCapacity()).setPremiumRefund(e.premiumRefund()).build(),
                    w -> new Cover.PolicyDeclined(w.getPolicyId(), w.getPoolId(), w.getHolder(), w.getReasonCode(), w.getReason(),
                            w.getAvailableCapacity(), w.getPremiumRefund(), w.getMetadata().getOccurredAt()))
            .event(Cover.PolicyCancelled.class, PolicyCancelled.class,
                    (e, m) -> PolicyCancelled.newBuilder().setMetadata(m).setPolicyId(e.policyId()).setPoolId(e.poolId())
                            .setHolder(e.holder()).setReservationId(e.reservationId()).setReason(e.reason())
                            .setUnusedPeriodPpm(e.unusedPeriodPpm()).setPremiumRefund(e.premiumRefund()).build(),
                    w -> new Cover.PolicyCancelled(w.getPolicyId(), w.getPoolId(), w.getHolder(), w.getReservationId(), w.getReason(),
                            w.getUnusedPeriodPpm(), w.getPremiumRefund(), w.getMetadata().getOccurredAt()))
            .event(Cover.PolicyExpired.class, PolicyExpired.class,
                    (e, m) -> PolicyExpired.newBuilder().setMetadata(m).setPolicyId(e.policyId()).setPoolId(e.poolId())
                            .setReservationId(e.reservationId()).setEndAt(e.endAt()).build(),
                    w -> new Cover.PolicyExpired(w.getPolicyId(), w.getPoolId(), w.getReservationId(), w.getEndAt(),
                            w.getMetadata().getOccurredAt()))
            .event(Cover.CoverReduced.class, CoverReduced.class,
                    (e, m) -> CoverReduced.newBuilder().setMetadata(m).setPolicyId(e.policyId()).setClaimId(e.claimId())
                            .setAmount(e.amount()).setRemainingCover(e.remainingCover()).build(),
                    w -> new Cover.CoverReduced(w.getPolicyId(), w.getClaimId(), w.getAmount(), w.getRemainingCover(),
                            w.getMetadata().getOccurredAt()))
            .build();

    private CoverWire() {
    }
}
