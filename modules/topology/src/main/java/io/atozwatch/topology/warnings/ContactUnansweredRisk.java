package io.atozwatch.topology.warnings;

import io.atozwatch.events.RiskKind;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.notices.Text;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.rules.RuleContext;
import java.time.Instant;
import java.util.List;

/**
 * The buyer's first contact with the merchant still without a refund, a shipment or an answer to a return
 * {@code warning.contact-lead} before the contact-first wait of the marketplace ends (at the contact itself if
 * the wait is shorter): after the wait the buyer may file an A-to-z claim.
 */
public final class ContactUnansweredRisk implements RiskRule {

    @Override
    public List<Risk> risks(RuleContext ctx) {
        OrderView v = ctx.view();
        Instant contact = v.firstBuyerContactAt();
        if (contact == null) {
            return List.of();
        }
        PipelineConfig.Marketplace mp = ctx.config().marketplace(v.placed().getMarketplace());
        Instant opens = mp.contactWait().after(contact, mp.zone());
        Instant warnAt = opens.minus(ctx.config().warnings().contactLead());
        if (warnAt.isBefore(contact)) {
            warnAt = contact;
        }
        return List.of(new Risk(
                RiskKind.CONTACT_UNANSWERED,
                v.firstBuyerContactId(),
                warnAt,
                opens,
                answeredAt(v, contact, warnAt),
                Text.of("risk.contact-unanswered", contact, opens)));
    }

    /** The first refund, shipment or return answer from the contact on, if it occurred by {@code by}. */
    static Instant answeredAt(OrderView v, Instant contact, Instant by) {
        Instant first = null;
        for (OrderView.Amount r : v.refunds()) {
            first = firstIn(first, r.at(), contact, by);
        }
        for (OrderView.Shipment s : v.shipments()) {
            first = firstIn(first, s.shippedAt, contact, by);
            first = firstIn(first, s.deliveredAt, contact, by);
        }
        for (OrderView.Return r : v.returns()) {
            first = firstIn(first, r.authorizedAt, contact, by);
            first = firstIn(first, r.rejectedAt, contact, by);
        }
        return first;
    }

    private static Instant firstIn(Instant first, Instant at, Instant from, Instant to) {
        if (at == null || at.isBefore(from) || at.isAfter(to)) {
            return first;
        }
        return first == null || at.isBefore(first) ? at : first;
    }
}
