package io.atozwatch.topology.deadlines;

import io.atozwatch.events.DeadlineKind;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.notices.Text;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.rules.RuleContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Claim response: from an A-to-z claim, due after the marketplace's claim-response wait (7 calendar
 * days by default), met by the merchant's response, or by the claim being granted, denied or withdrawn.
 */
public final class ClaimResponseDeadline implements DeadlineRule {

    @Override
    public List<DeadlineClock> clocks(RuleContext ctx) {
        PipelineConfig.Marketplace mp =
                ctx.config().marketplace(ctx.view().placed().getMarketplace());
        List<DeadlineClock> clocks = new ArrayList<>();
        for (OrderView.Dispute d : ctx.view().disputes()) {
            if (d.claimFiledAt == null) {
                continue;
            }
            Instant due = mp.claimResponse().after(d.claimFiledAt, mp.zone());
            Instant met = d.claimAnsweredAt != null && !d.claimAnsweredAt.isAfter(due) ? d.claimAnsweredAt : null;
            clocks.add(new DeadlineClock(
                    DeadlineKind.CLAIM_RESPONSE,
                    d.disputeId,
                    d.claimFiledAt,
                    due,
                    met,
                    null,
                    Text.of("what.respond-claim", d.disputeId)));
        }
        return clocks;
    }
}
