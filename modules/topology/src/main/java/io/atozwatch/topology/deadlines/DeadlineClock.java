package io.atozwatch.topology.deadlines;

import io.atozwatch.events.DeadlineKind;
import io.atozwatch.topology.notices.Text;
import java.time.Instant;

/**
 * One merchant deadline as the events define it.
 *
 * @param metAt       when the satisfying event occurred, if it occurred at or before {@code dueAt}
 * @param cancelledAt when the deadline stopped applying (a cancelled order has no delivery promise
 *                    left to breach), if that happened at or before {@code dueAt}
 * @param what        the deadline in words, e.g. "respond to A-to-z claim c-1" (rendered in the merchant's language)
 */
public record DeadlineClock(
        DeadlineKind kind,
        String referenceId,
        Instant startedAt,
        Instant dueAt,
        Instant metAt,
        Instant cancelledAt,
        Text what) {

    public String key() {
        return kind + "/" + referenceId;
    }
}
