package io.atozwatch.topology.rules;

import io.atozwatch.events.CoverageCondition;
import java.time.Instant;

/** Late delivery: delivered after the maximum estimated delivery date. Detected at the delivery. */
public final class LateDeliveryRule implements CoverageRule {

    @Override
    public CoverageCondition condition() {
        return CoverageCondition.LATE_DELIVERY;
    }

    @Override
    public Evaluation evaluate(RuleContext ctx) {
        Instant promised = ctx.view().maxDeliveryAt();
        Instant delivered = ctx.view().deliveredAt();
        if (promised == null || delivered == null) {
            return Evaluation.notYet();
        }
        if (!delivered.isAfter(promised)) {
            return new Evaluation.Refuted(() -> "delivered at " + delivered + ", within the promise " + promised);
        }
        return new Evaluation.Holds(
                delivered,
                ctx.view().authorisedMinor(),
                () -> "Delivered at " + delivered + ", after the maximum estimated delivery date " + promised + ".");
    }
}
