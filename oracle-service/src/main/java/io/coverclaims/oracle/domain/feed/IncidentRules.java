package io.coverclaims.oracle.domain.feed;

import io.coverclaims.oracle.domain.OracleIds;
import io.coverclaims.oracle.domain.feed.FeedCommand.ConfirmIncident;
import io.coverclaims.oracle.domain.feed.FeedCommand.RecordIncidentReport;
import io.coverclaims.oracle.domain.feed.FeedEvent.IncidentConfirmed;
import io.coverclaims.oracle.domain.feed.FeedEvent.IncidentReported;
import io.coverclaims.oracle.domain.feed.FeedState.Feed;
import io.coverclaims.oracle.domain.feed.FeedState.Incident;
import io.coverclaims.oracle.domain.feed.FeedState.Report;
import io.coverclaims.oracle.domain.feed.FeedState.Source;
import io.coverclaims.platform.decider.Decision;
import io.coverclaims.platform.ids.Ids;
import java.util.ArrayList;
import java.util.List;

/**
 * Incidents of an INCIDENT feed: one report per source and incident; confirmed once k of the enabled sources have
 * reported it (QUORUM) or an operator confirms it (OPERATOR); each confirmation with a product fires that product's
 * EXPLOIT triggers.
 */
final class IncidentRules {

    private IncidentRules() {}

    static Decision<FeedEvent> report(RecordIncidentReport c, Feed feed) {
        if (feed.kind() != FeedKind.INCIDENT) {
            return Decision.reject("WRONG_FEED_KIND", feed.feedId() + " is not an INCIDENT feed", "feedId");
        }
        Decision<FeedEvent> refused = SourceRules.checkReporter(feed, c.sourceId(), c.reporter());
        if (refused != null) {
            return refused;
        }
        Decision<FeedEvent> invalid = checkIncident(c.incidentId(), c.productId(), c.affectedContract());
        if (invalid != null) {
            return invalid;
        }
        if (c.incidentAt() == null || SourceRules.inFuture(c.incidentAt(), c.at())) {
            return Decision.reject(
                    "INCIDENT_IN_FUTURE",
                    "an incident is reported once it happened, not " + c.incidentAt(),
                    "incidentAt");
        }
        Incident incident = feed.incidents().get(c.incidentId());
        if (incident != null && incident.reportedBy(c.sourceId())) {
            return Decision.nothingToDo(); // one report per source and incident
        }
        List<FeedEvent> events = new ArrayList<>();
        events.add(new IncidentReported(
                feed.feedId(),
                c.sourceId(),
                c.incidentId(),
                c.productId(),
                Ids.canonical(c.affectedContract()),
                c.incidentAt(),
                c.summary(),
                c.evidence(),
                Ids.canonical(c.reporter())));
        Feed reported = FeedDecider.applyAll(feed, events);
        Incident now = reported.incidents().get(c.incidentId());
        if (!now.confirmed()) {
            // the reports of sources still enabled count: a disabled source's word no longer does
            List<Report> counted = now.reports().stream()
                    .filter(r -> {
                        Source source = reported.sources().get(r.sourceId());
                        return source != null && source.enabled();
                    })
                    .toList();
            if (counted.size() >= reported.rule().quorum()) {
                Report first = counted.get(0);
                IncidentConfirmed confirmed = new IncidentConfirmed(
                        feed.feedId(),
                        c.incidentId(),
                        first.productId(),
                        first.affectedContract(),
                        first.incidentAt(),
                        counted.stream().map(Report::sourceId).toList(),
                        reported.rule().quorum(),
                        reported.sourceCount(),
                        IncidentConfirmation.QUORUM,
                        null,
                        first.summary(),
                        counted.stream().map(Report::evidence).toList());
                events.add(confirmed);
                events.addAll(
                        TriggerRules.onIncidentConfirmed(FeedDecider.apply(reported, confirmed), confirmed, c.at()));
            }
        }
        return Decision.accept(events);
    }

    /**
     * An operator confirms an incident: the command's product, contract and summary (the first report's where the
     * command leaves them out); its reporters so far and their evidence, then the operator's.
     */
    static Decision<FeedEvent> confirm(ConfirmIncident c, Feed feed) {
        if (feed.kind() != FeedKind.INCIDENT) {
            return Decision.reject("WRONG_FEED_KIND", feed.feedId() + " is not an INCIDENT feed", "feedId");
        }
        Decision<FeedEvent> invalid = checkIncident(c.incidentId(), c.productId(), c.affectedContract());
        if (invalid != null) {
            return invalid;
        }
        if (c.incidentAt() == null || SourceRules.inFuture(c.incidentAt(), c.at())) {
            return Decision.reject(
                    "INCIDENT_IN_FUTURE",
                    "an incident is confirmed once it happened, not " + c.incidentAt(),
                    "incidentAt");
        }
        Incident incident = feed.incidents().get(c.incidentId());
        if (incident != null && incident.confirmed()) {
            return Decision.nothingToDo();
        }
        List<Report> reports = incident == null ? List.of() : incident.reports();
        Report first = reports.isEmpty() ? null : reports.get(0);
        List<String> evidence =
                new ArrayList<>(reports.stream().map(Report::evidence).toList());
        if (c.evidence() != null && !c.evidence().isBlank()) {
            evidence.add(c.evidence());
        }
        IncidentConfirmed confirmed = new IncidentConfirmed(
                feed.feedId(),
                c.incidentId(),
                c.productId() != null ? c.productId() : first == null ? null : first.productId(),
                c.affectedContract() != null
                        ? Ids.canonical(c.affectedContract())
                        : first == null ? null : first.affectedContract(),
                c.incidentAt(),
                reports.stream().map(Report::sourceId).toList(),
                feed.rule().quorum(),
                feed.sourceCount(),
                IncidentConfirmation.OPERATOR,
                c.actor(),
                c.summary() != null && !c.summary().isBlank() ? c.summary() : first == null ? "" : first.summary(),
                List.copyOf(evidence));
        List<FeedEvent> events = new ArrayList<>();
        events.add(confirmed);
        events.addAll(TriggerRules.onIncidentConfirmed(FeedDecider.apply(feed, confirmed), confirmed, c.at()));
        return Decision.accept(events);
    }

    private static Decision<FeedEvent> checkIncident(String incidentId, String productId, String affectedContract) {
        if (!OracleIds.isIncidentId(incidentId)) {
            return Decision.reject("INVALID_INCIDENT_ID", "incident id " + OracleIds.INCIDENT_ID_MESSAGE, "incidentId");
        }
        if (productId != null && !OracleIds.isProductId(productId)) {
            return Decision.reject("INVALID_PRODUCT_ID", "product id " + OracleIds.PRODUCT_ID_MESSAGE, "productId");
        }
        if (affectedContract != null && !Ids.isAddress(affectedContract)) {
            return Decision.reject("INVALID_ADDRESS", "affectedContract " + Ids.ADDRESS_MESSAGE, "affectedContract");
        }
        return null;
    }
}
