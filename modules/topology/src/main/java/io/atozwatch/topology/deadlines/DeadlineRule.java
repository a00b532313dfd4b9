package io.atozwatch.topology.deadlines;

import io.atozwatch.topology.rules.RuleContext;
import java.util.List;

/**
 * One kind of merchant deadline (domain brief, section 2): which clocks the order's events start,
 * when each is due, and whether (and when) it was met. A pure function of the events, re-run on every
 * change.
 */
public interface DeadlineRule {
    List<DeadlineClock> clocks(RuleContext ctx);
}
