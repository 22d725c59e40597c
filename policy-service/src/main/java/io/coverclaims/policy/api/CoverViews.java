package io.coverclaims.policy.api;

import io.coverclaims.platform.money.Money;
import io.coverclaims.policy.domain.cover.CoverEvent;
import io.coverclaims.policy.domain.cover.CoverState;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** JSON views of the quote-and-policy aggregate; amounts are {@link Money}, decimal strings in JSON. */
public final class CoverViews {

    public record QuoteView(
            String quoteId,
            String productId,
            String holder,
            String poolId,
            String asset,
            Money coverAmount,
            int periodDays,
            long utilisationPpm,
            int floorRateBps,
            int ceilingRateBps,
            int minAnnualRateBps,
            long annualRatePpm,
            Money premium,
            Instant issuedAt,
            Instant expiresAt,
            boolean bought) {
        static QuoteView of(CoverState.Issued state) {
            CoverEvent.QuoteIssued q = state.quote();
            return new QuoteView(
                    q.quoteId(),
                    q.productId(),
                    q.holder(),
                    q.poolId(),
                    q.asset(),
                    q.coverAmount(),
                    q.periodDays(),
                    q.utilisationPpm(),
                    q.floorRateBps(),
                    q.ceilingRateBps(),
                    q.minAnnualRateBps(),
                    q.annualRatePpm(),
                    q.premium(),
                    q.at(),
                    q.expiresAt(),
                    state instanceof CoverState.Bought);
        }
    }

    /** One event of the policy's history: its version (position in the aggregate), type, time and content. */
    public record HistoryEntry(long version, String type, Instant occurredAt, CoverEvent data) {}

    public record PolicyView(
            String policyId,
            String status,
            String productId,
            String poolId,
            String holder,
            String asset,
            Money coverAmount,
            Money remainingCover,
            Money premium,
            long annualRatePpm,
            Instant startAt,
            Instant endAt,
            String reservationId,
            String declineReasonCode,
            Instant reservationDeadline,
            Long version,
            List<HistoryEntry> history) {
        static PolicyView of(CoverState.Bought s, Long version, boolean withHistory) {
            CoverEvent.PolicyRequested r = s.request();
            List<CoverEvent> events = s.history();
            List<HistoryEntry> history = withHistory
                    ? IntStream.range(0, events.size())
                            .mapToObj(i -> new HistoryEntry(
                                    i + 1,
                                    events.get(i).getClass().getSimpleName(),
                                    events.get(i).at(),
                                    events.get(i)))
                            .toList()
                    : null;
            String declineReasonCode = s instanceof CoverState.Declined declined ? declined.reasonCode() : null;
            return new PolicyView(
                    r.policyId(),
                    s.status(),
                    r.productId(),
                    r.poolId(),
                    r.holder(),
                    r.asset(),
                    r.coverAmount(),
                    s.remainingCover(),
                    r.premium(),
                    r.annualRatePpm(),
                    r.startAt(),
                    r.endAt(),
                    s.reservationId(),
                    declineReasonCode,
                    r.reservationDeadline(),
                    version,
                    history);
        }
    }

    private CoverViews() {}
}
