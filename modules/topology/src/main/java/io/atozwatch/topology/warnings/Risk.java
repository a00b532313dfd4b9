package io.atozwatch.topology.warnings;

import io.atozwatch.events.RiskKind;
import io.atozwatch.topology.notices.Text;
import java.time.Instant;

/**
 * A way an order may soon turn into a claim or a defect, as its events define it.
 *
 * @param referenceId what the risk is about (the order, a return, a buyer's contact)
 * @param warnAt      when the merchant is warned if nothing has been done by then
 * @param dueAt       when the risk turns into a claim the buyer can file, or a defect
 * @param resolvedAt  when what settles the risk occurred, if it occurred by {@code warnAt}
 * @param advice      what to do, in words (rendered in the merchant's language)
 */
public record Risk(RiskKind kind, String referenceId, Instant warnAt, Instant dueAt, Instant resolvedAt, Text advice) {

    public String key() {
        return "risk/" + kind + "/" + referenceId;
    }
}
