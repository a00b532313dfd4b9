package io.atozwatch.topology.warnings;

import io.atozwatch.events.RiskKind;
import io.atozwatch.topology.notices.Text;
import io.atozwatch.topology.rules.NotReceivedRule;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.rules.RuleContext;
import java.time.Instant;
import java.util.List;

/**
 * A physical order still undelivered {@code warning.not-received-lead} before its buyer may claim "item not
 * received" (the rule's due instant). Settled by the delivery of every parcel, or a cancellation, by then.
 */
public final class NotReceivedRisk implements RiskRule {

    @Override
    public List<Risk> risks(RuleContext ctx) {
        OrderView v = ctx.view();
        if (v.isDigital()) {
            return List.of();
        }
        Instant claimable = NotReceivedRule.dueAt(ctx);
        Instant warnAt = claimable.minus(ctx.config().warnings().notReceivedLead());
        if (warnAt.isBefore(v.placedAt())) {
            warnAt = v.placedAt();
        }
        Instant resolvedAt = null;
        if (v.deliveredBy(warnAt)) {
            resolvedAt = v.deliveredAt();
        } else if (v.cancelledAt() != null && !v.cancelledAt().isAfter(warnAt)) {
            resolvedAt = v.cancelledAt();
        }
        String id = v.placed().getOrderId();
        return List.of(new Risk(
                RiskKind.NOT_RECEIVED, id, warnAt, claimable, resolvedAt, Text.of("risk.not-received", claimable)));
    }
}
