package io.atozwatch.topology.rules;

import io.atozwatch.events.CoverageCondition;

/**
 * One of the six conditions under which a buyer's A-to-z claim is covered (domain brief, section 1).
 * A rule is a pure function of the order's events: it is re-run on every change, so arrival order
 * does not matter. Exclusions that apply to every condition (digital goods, chargebacks) and the cap
 * are applied by {@link Coverage}, not here.
 */
public interface CoverageRule {

    CoverageCondition condition();

    /** Called only once the order is PLACED. */
    Evaluation evaluate(RuleContext ctx);
}
