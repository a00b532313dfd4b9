package io.atozwatch.topology.rules;

import io.atozwatch.events.CoverageCondition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Return refused against policy: a return REJECTED although the merchant's policy accepts returns
 * and the request came within the return window after delivery (after the maximum estimated
 * delivery date when no delivery is known), counted in calendar days, the last one included.
 * Detected at the rejection.
 */
public final class ReturnRefusedRule implements CoverageRule {

    @Override
    public CoverageCondition condition() {
        return CoverageCondition.RETURN_REFUSED;
    }

    @Override
    public Evaluation evaluate(RuleContext ctx) {
        if (!ctx.policy().getAcceptsReturns()) {
            return Evaluation.notYet();
        }
        OrderView v = ctx.view();
        Instant reference = v.deliveredAt() != null
                ? v.deliveredAt()
                : v.maxDeliveryAt() != null ? v.maxDeliveryAt() : v.placedAt();
        String referenceName = v.deliveredAt() != null
                ? "delivery"
                : v.maxDeliveryAt() != null ? "the maximum estimated delivery date" : "the order date";
        int days = ctx.policy().getReturnWindowDays();
        // Calendar days in the marketplace's zone, inclusive: a request on the 30th day after delivery counts.
        ZoneId zone = ctx.config().marketplace(v.placed().getMarketplace()).zone();
        LocalDate lastDay = reference.atZone(zone).toLocalDate().plusDays(days);
        OrderView.Return refused = null;
        for (OrderView.Return r : v.returns()) {
            if (r.rejectedAt == null) {
                continue;
            }
            Instant requested = r.requestedAt != null ? r.requestedAt : r.rejectedAt;
            boolean inWindow = !requested.atZone(zone).toLocalDate().isAfter(lastDay);
            if (inWindow && (refused == null || r.rejectedAt.isBefore(refused.rejectedAt))) {
                refused = r;
            }
        }
        if (refused == null) {
            return Evaluation.notYet();
        }
        OrderView.Return first = refused;
        Instant requested = first.requestedAt != null ? first.requestedAt : first.rejectedAt;
        return new Evaluation.Holds(
                first.rejectedAt,
                v.authorisedMinor(),
                () -> "Return " + first.returnId + " requested at " + requested + " and rejected at "
                        + first.rejectedAt
                        + ", although the merchant's policy accepts returns within " + days
                        + " days of " + referenceName + " (" + reference + ").");
    }
}
