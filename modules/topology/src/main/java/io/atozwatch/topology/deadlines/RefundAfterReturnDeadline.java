package io.atozwatch.topology.deadlines;

import io.atozwatch.events.DeadlineKind;
import io.atozwatch.topology.notices.Text;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.rules.RuleContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Refund after a received return: from the return's receipt, due after the merchant's refund window,
 * met once the order's refunds cover every return received up to this one (refunds are matched to
 * returns in the order the returns were received).
 */
public final class RefundAfterReturnDeadline implements DeadlineRule {

    @Override
    public List<DeadlineClock> clocks(RuleContext ctx) {
        OrderView v = ctx.view();
        Duration window = Duration.ofDays(ctx.policy().getRefundWithinDays());
        List<OrderView.Return> received = v.returns().stream()
                .filter(r -> r.receivedAt != null)
                .sorted(Comparator.comparing((OrderView.Return r) -> r.receivedAt))
                .toList();
        List<OrderView.Amount> refunds = v.refunds().stream()
                .sorted(Comparator.comparing(OrderView.Amount::at))
                .toList();
        long owed = 0;
        List<DeadlineClock> clocks = new java.util.ArrayList<>();
        for (OrderView.Return r : received) {
            owed += v.returnedAmount(r);
            Instant due = r.receivedAt.plus(window);
            clocks.add(new DeadlineClock(
                    DeadlineKind.REFUND_AFTER_RETURN,
                    r.returnId,
                    r.receivedAt,
                    due,
                    coveredAt(refunds, owed, due),
                    null,
                    Text.of("what.refund-return", r.returnId, new Text.Amount(v.returnedAmount(r), ctx.currency()))));
        }
        return clocks;
    }

    /** When the running total of refunds first reached {@code owed}, if by {@code due}. */
    private static Instant coveredAt(List<OrderView.Amount> refunds, long owed, Instant due) {
        long refunded = 0;
        for (OrderView.Amount r : refunds) {
            if (r.at().isAfter(due)) {
                return null;
            }
            refunded += r.amountMinor();
            if (refunded >= owed) {
                return r.at();
            }
        }
        return null;
    }
}
