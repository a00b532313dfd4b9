package io.atozwatch.topology.rules;

import io.atozwatch.events.CoverageCondition;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Not as described: a return requested for being defective, damaged, incomplete or not as
 * described, or an A-to-z claim whose reason names one of these. Detected at the first such event.
 */
public final class NotAsDescribedRule implements CoverageRule {

    @Override
    public CoverageCondition condition() {
        return CoverageCondition.NOT_AS_DESCRIBED;
    }

    @Override
    public Evaluation evaluate(RuleContext ctx) {
        Set<String> reasons = ctx.config().coverage().notAsDescribedReasons();
        Instant first = null;
        String evidence = null;
        for (OrderView.Return r : ctx.view().returns()) {
            if (r.requestedAt != null
                    && r.reason != null
                    && reasons.contains(r.reason.name())
                    && (first == null || r.requestedAt.isBefore(first))) {
                first = r.requestedAt;
                evidence = "Return " + r.returnId + " requested at " + r.requestedAt + " with reason " + r.reason + ".";
            }
        }
        for (OrderView.Dispute d : ctx.view().disputes()) {
            String named = d.claimFiledAt == null ? null : namedReason(d.claimReason, reasons);
            if (named != null && (first == null || d.claimFiledAt.isBefore(first))) {
                first = d.claimFiledAt;
                evidence = "A-to-z claim " + d.disputeId + " filed at " + d.claimFiledAt + " giving the reason \""
                        + d.claimReason + "\" (" + named + ").";
            }
        }
        return first == null
                ? Evaluation.notYet()
                : new Evaluation.Holds(first, ctx.view().authorisedMinor(), evidence);
    }

    /** The configured reason a free-text claim reason names ("arrived damaged" names DAMAGED), or null. */
    static String namedReason(String text, Set<String> reasons) {
        if (text == null) {
            return null;
        }
        String normalised = "_" + text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_") + "_";
        return reasons.stream()
                .filter(r -> normalised.contains("_" + r + "_"))
                .sorted()
                .findFirst()
                .orElse(null);
    }
}
