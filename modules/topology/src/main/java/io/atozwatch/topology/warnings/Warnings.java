package io.atozwatch.topology.warnings;

import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.state.SentNotification;
import io.atozwatch.topology.deadlines.OrderNotices;
import io.atozwatch.topology.notices.Text;
import io.atozwatch.topology.rules.RuleContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * At-risk warnings: before a buyer can claim (or a request counts as a defect), the merchant is told what to
 * do to avoid it. Each warning goes out once, at its instant, if the risk was not settled by then, and is
 * stamped with that instant whenever the check ran; a risk settled by then raises nothing.
 */
public final class Warnings {

    public static final List<RiskRule> RULES =
            List.of(new NotReceivedRisk(), new ReturnUnansweredRisk(), new ContactUnansweredRisk());

    public record Outcome(List<MerchantNotification> notifications, Instant nextWakeAt) {}

    private Warnings() {}

    /** @param sent the notifications already sent; appended to */
    public static Outcome track(RuleContext ctx, List<SentNotification> sent) {
        List<MerchantNotification> notes = new ArrayList<>();
        Instant nextWake = null;
        for (RiskRule rule : RULES) {
            for (Risk risk : rule.risks(ctx)) {
                if (risk.resolvedAt() != null) {
                    continue;
                }
                Instant wake;
                if (ctx.hasPassed(risk.warnAt())) {
                    OrderNotices.send(
                            ctx,
                            new OrderNotices.Subject(risk.key(), null, risk.kind(), risk.referenceId(), risk.dueAt()),
                            NotificationKind.AT_RISK,
                            risk.warnAt(),
                            Text.of("notice.at-risk", risk.advice()),
                            notes,
                            sent);
                    // Then it may turn into a claim or a defect, which the merchant's figures count.
                    wake = ctx.hasPassed(risk.dueAt()) ? null : risk.dueAt();
                } else {
                    wake = risk.warnAt();
                }
                if (wake != null && (nextWake == null || wake.isBefore(nextWake))) {
                    nextWake = wake;
                }
            }
        }
        return new Outcome(notes, nextWake);
    }

    /**
     * The risks open at {@code ctx.now()}: past their warning, not settled, and not yet turned into a claim or
     * defect (soonest first). What the at-risk view lists.
     */
    public static List<Risk> open(RuleContext ctx) {
        List<Risk> open = new ArrayList<>();
        for (RiskRule rule : RULES) {
            for (Risk risk : rule.risks(ctx)) {
                if (risk.resolvedAt() == null && ctx.hasPassed(risk.warnAt()) && !ctx.hasPassed(risk.dueAt())) {
                    open.add(risk);
                }
            }
        }
        open.sort(Comparator.comparing(Risk::dueAt).thenComparing(Risk::key));
        return open;
    }
}
