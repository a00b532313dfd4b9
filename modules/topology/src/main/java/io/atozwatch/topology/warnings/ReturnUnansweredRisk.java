package io.atozwatch.topology.warnings;

import io.atozwatch.events.RiskKind;
import io.atozwatch.topology.notices.Text;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.rules.RuleContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A return request neither authorized nor rejected (nor received) {@code warning.return-answer-within} after it
 * was made; it counts against the merchant once unanswered {@code warning.return-defect-after}.
 */
public final class ReturnUnansweredRisk implements RiskRule {

    @Override
    public List<Risk> risks(RuleContext ctx) {
        var w = ctx.config().warnings();
        List<Risk> risks = new ArrayList<>();
        for (OrderView.Return r : ctx.view().returns()) {
            if (r.requestedAt == null) {
                continue;
            }
            Instant warnAt = r.requestedAt.plus(w.returnAnswerWithin());
            Instant defectAt = r.requestedAt.plus(w.returnDefectAfter());
            Instant answered = earliest(earliest(r.authorizedAt, r.rejectedAt), r.receivedAt);
            risks.add(new Risk(
                    RiskKind.RETURN_UNANSWERED,
                    r.returnId,
                    warnAt,
                    defectAt,
                    answered != null && !answered.isAfter(warnAt) ? answered : null,
                    Text.of("risk.return-unanswered", r.returnId, r.requestedAt, defectAt)));
        }
        return risks;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }
}
