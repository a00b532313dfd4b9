package io.atozwatch.topology.deadlines;

import io.atozwatch.events.DeadlineKind;
import io.atozwatch.topology.notices.Text;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.rules.RuleContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Chargeback response: from a chargeback, due after the dispute window (11 days by default), met by the
 * merchant's representment, or by the chargeback being won or lost.
 */
public final class ChargebackResponseDeadline implements DeadlineRule {

    @Override
    public List<DeadlineClock> clocks(RuleContext ctx) {
        List<DeadlineClock> clocks = new ArrayList<>();
        for (OrderView.Dispute d : ctx.view().disputes()) {
            if (d.chargebackFiledAt == null) {
                continue;
            }
            Instant due = d.chargebackFiledAt.plus(ctx.config().deadlines().chargebackResponse());
            Instant met = d.chargebackAnsweredAt != null && !d.chargebackAnsweredAt.isAfter(due)
                    ? d.chargebackAnsweredAt
                    : null;
            clocks.add(new DeadlineClock(
                    DeadlineKind.CHARGEBACK_RESPONSE,
                    d.disputeId,
                    d.chargebackFiledAt,
                    due,
                    met,
                    null,
                    Text.of("what.respond-chargeback", d.disputeId)));
        }
        return clocks;
    }
}
