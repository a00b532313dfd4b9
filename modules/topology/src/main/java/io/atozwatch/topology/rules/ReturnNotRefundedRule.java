package io.atozwatch.topology.rules;

import io.atozwatch.events.CoverageCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Returned, not refunded: a return received at t, and at t + the merchant's refund window the
 * refunds on the order add up to less than the returns received by then. Detected at that due
 * instant. A refund that occurred by the due instant, arriving later, refutes it.
 */
public final class ReturnNotRefundedRule implements CoverageRule {

    @Override
    public CoverageCondition condition() {
        return CoverageCondition.RETURN_NOT_REFUNDED;
    }

    @Override
    public Evaluation evaluate(RuleContext ctx) {
        OrderView v = ctx.view();
        Duration window = Duration.ofDays(ctx.policy().getRefundWithinDays());
        List<OrderView.Return> received = v.returns().stream()
                .filter(r -> r.receivedAt != null)
                .sorted(Comparator.comparing((OrderView.Return r) -> r.receivedAt))
                .toList();
        if (received.isEmpty()) {
            return Evaluation.notYet();
        }
        Instant nextDue = null;
        for (OrderView.Return r : received) {
            Instant due = r.receivedAt.plus(window);
            if (!ctx.hasPassed(due)) {
                nextDue = nextDue == null ? due : nextDue;
                continue;
            }
            long returned = received.stream()
                    .filter(x -> !x.receivedAt.isAfter(due))
                    .mapToLong(v::returnedAmount)
                    .sum();
            long refunded = v.refundedBy(due);
            if (refunded < returned) {
                return new Evaluation.Holds(
                        due,
                        returned - refunded,
                        () -> "Return " + r.returnId + " received by the merchant at " + r.receivedAt + "; by " + due
                                + " ("
                                + window.toDays() + " days later) refunds came to " + ctx.money(refunded)
                                + " against " + ctx.money(returned) + " returned.");
            }
        }
        return nextDue != null
                ? Evaluation.notYet(nextDue)
                : new Evaluation.Refuted(
                        () -> "every received return was refunded within " + window.toDays() + " days");
    }
}
