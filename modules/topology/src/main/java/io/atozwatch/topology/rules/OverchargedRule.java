package io.atozwatch.topology.rules;

import io.atozwatch.events.CoverageCondition;
import java.util.Comparator;
import java.util.List;

/**
 * Overcharged: the captured charges add up to more than the authorised amount. Detected at the charge
 * that crossed it, in event time.
 */
public final class OverchargedRule implements CoverageRule {

    @Override
    public CoverageCondition condition() {
        return CoverageCondition.OVERCHARGED;
    }

    @Override
    public Evaluation evaluate(RuleContext ctx) {
        long authorised = ctx.view().authorisedMinor();
        List<OrderView.Amount> charges = ctx.view().charges().stream()
                .sorted(Comparator.comparing(OrderView.Amount::at))
                .toList();
        long total = charges.stream().mapToLong(OrderView.Amount::amountMinor).sum();
        long running = 0;
        for (OrderView.Amount c : charges) {
            running += c.amountMinor();
            if (running > authorised) {
                long charged = running;
                return new Evaluation.Holds(
                        c.at(),
                        total - authorised,
                        () -> "Charges came to " + ctx.money(charged) + " with charge " + c.eventId() + " at " + c.at()
                                + ", above the " + ctx.money(authorised) + " authorised.");
            }
        }
        return Evaluation.notYet();
    }
}
