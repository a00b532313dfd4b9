package io.atozwatch.topology.warnings;

import io.atozwatch.topology.rules.RuleContext;
import java.util.List;

/** One kind of at-risk warning: which risks the order's events raise, and whether each was settled in time. */
public interface RiskRule {
    List<Risk> risks(RuleContext ctx);
}
