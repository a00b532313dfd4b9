package io.atozwatch.topology.rules;

import io.atozwatch.events.CoverageCondition;
import io.atozwatch.topology.time.Durations;
import java.time.Instant;

/**
 * Item not received: a physical order, not cancelled, with no delivery by the earlier of max
 * estimated delivery + 3 days and order date + 30 days. Detected at that due instant. Delivered by
 * then means every parcel known, even one shipped later, was delivered by then. A delivery that
 * occurred by the due instant, arriving later, refutes it.
 */
public final class NotReceivedRule implements CoverageRule {

    @Override
    public CoverageCondition condition() {
        return CoverageCondition.NOT_RECEIVED;
    }

    /** The instant by which the order must have been delivered. */
    public static Instant dueAt(RuleContext ctx) {
        var cov = ctx.config().coverage();
        Instant byOrderDate = ctx.view().placedAt().plus(cov.notReceivedAfterOrder());
        Instant max = ctx.view().maxDeliveryAt();
        if (max == null) {
            return byOrderDate;
        }
        Instant byPromise = max.plus(cov.notReceivedAfterMaxDelivery());
        return byPromise.isBefore(byOrderDate) ? byPromise : byOrderDate;
    }

    @Override
    public Evaluation evaluate(RuleContext ctx) {
        Instant due = dueAt(ctx);
        OrderView v = ctx.view();
        if (v.deliveredBy(due)) {
            return new Evaluation.Refuted(() -> "delivered at " + v.deliveredAt() + ", by the due date " + due);
        }
        if (v.cancelledAt() != null && !v.cancelledAt().isAfter(due)) {
            return new Evaluation.Refuted(() -> "order cancelled at " + v.cancelledAt());
        }
        if (!ctx.hasPassed(due)) {
            return Evaluation.notYet(due);
        }
        return new Evaluation.Holds(
                due,
                v.authorisedMinor(),
                () -> "No delivery confirmed by " + due + " (" + dueExplanation(ctx) + "); "
                        + shipmentsInWords(v.asOf(due)) + ".");
    }

    private static String dueExplanation(RuleContext ctx) {
        var cov = ctx.config().coverage();
        Instant max = ctx.view().maxDeliveryAt();
        String byOrder = "order date " + ctx.view().placedAt() + " + " + Durations.inWords(cov.notReceivedAfterOrder());
        if (max == null) {
            return byOrder;
        }
        return "the earlier of max estimated delivery " + max + " + "
                + Durations.inWords(cov.notReceivedAfterMaxDelivery()) + " and " + byOrder;
    }

    private static String shipmentsInWords(OrderView v) {
        if (v.shipments().isEmpty()) {
            return "no shipment recorded";
        }
        StringBuilder b = new StringBuilder();
        for (OrderView.Shipment s : v.shipments()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append("shipment ")
                    .append(s.shipmentId)
                    .append(s.shippedAt != null ? " shipped " + s.shippedAt : "")
                    .append(s.deliveredAt != null ? " delivered " + s.deliveredAt : " not delivered");
        }
        return b.toString();
    }
}
