package io.atozwatch.topology.deadlines;

import io.atozwatch.events.DeadlineKind;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.rules.RuleContext;
import java.time.Instant;
import java.util.List;

/** Delivery promise: from the order, due at the maximum estimated delivery date, met by delivery. */
public final class DeliveryPromiseDeadline implements DeadlineRule {

    @Override
    public List<DeadlineClock> clocks(RuleContext ctx) {
        OrderView v = ctx.view();
        Instant due = v.maxDeliveryAt();
        if (due == null || v.isDigital()) {
            return List.of();
        }
        OrderView atDue = v.asOf(due);
        return List.of(new DeadlineClock(DeadlineKind.DELIVERY_PROMISE, v.placed().getOrderId(), v.placedAt(), due,
                atDue.deliveredAt(), atDue.cancelledAt(), "deliver order " + v.placed().getOrderId()));
    }
}
