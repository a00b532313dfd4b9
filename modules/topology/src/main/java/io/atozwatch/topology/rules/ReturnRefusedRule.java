package io.atozwatch.topology.rules;

import io.atozwatch.events.CoverageCondition;
import java.time.Duration;
import java.time.Instant;

/**
 * Return refused against policy: a return REJECTED although the merchant's policy accepts returns
 * and the request came within the return window after delivery (after the maximum estimated
 * delivery date when no delivery is known). Detected at the rejection.
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
        Instant reference = v.deliveredAt() != null ? v.deliveredAt()
                : v.maxDeliveryAt() != null ? v.maxDeliveryAt() : v.placedAt();
        String referenceName = v.deliveredAt() != null ? "delivery" : v.maxDeliveryAt() != null
                ? "the maximum estimated delivery date" : "the order date";
        Duration window = Duration.ofDays(ctx.policy().getReturnWindowDays());
        Instant windowEnd = reference.plus(window);
        OrderView.Return refused = null;
        for (OrderView.Return r : v.returns()) {
            if (r.rejectedAt == null) {
                continue;
            }
            Instant requested = r.requestedAt != null ? r.requestedAt : r.rejectedAt;
            if (!requested.isAfter(windowEnd) && (refused == null || r.rejectedAt.isBefore(refused.rejectedAt))) {
                refused = r;
            }
        }
        if (refused == null) {
            return Evaluation.notYet();
        }
        Instant requested = refused.requestedAt != null ? refused.requestedAt : refused.rejectedAt;
        return new Evaluation.Holds(refused.rejectedAt, v.authorisedMinor(),
                "Return " + refused.returnId + " requested at " + requested + " and rejected at " + refused.rejectedAt
                        + ", although the merchant's policy accepts returns within " + window.toDays()
                        + " days of " + referenceName + " (" + reference + ").");
    }
}
