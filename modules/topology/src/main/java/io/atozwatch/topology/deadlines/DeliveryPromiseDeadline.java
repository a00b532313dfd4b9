package io.atozwatch.topology.deadlines;

import io.atozwatch.events.DeadlineKind;
import io.atozwatch.topology.notices.Text;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.rules.RuleContext;
import java.time.Instant;
import java.util.List;

/**
 * Delivery promise: from the order, due at the maximum estimated delivery date, met when every parcel
 * known was delivered by then (a parcel shipped after the promise breaks it, whenever it is seen).
 */
public final class DeliveryPromiseDeadline implements DeadlineRule {

    @Override
    public List<DeadlineClock> clocks(RuleContext ctx) {
        OrderView v = ctx.view();
        Instant due = v.maxDeliveryAt();
        if (due == null || v.isDigital()) {
            return List.of();
        }
        Instant cancelled = v.cancelledAt() != null && !v.cancelledAt().isAfter(due) ? v.cancelledAt() : null;
        return List.of(new DeadlineClock(
                DeadlineKind.DELIVERY_PROMISE,
                v.placed().getOrderId(),
                v.placedAt(),
                due,
                v.deliveredBy(due) ? v.deliveredAt() : null,
                cancelled,
                Text.of("what.deliver", v.placed().getOrderId())));
    }
}
