package io.atozwatch.app.generate;

import java.util.Comparator;

/** Something the generator will emit at an instant of event time; ties go in the order they were scheduled. */
abstract class Scheduled {
    static final Comparator<Scheduled> ORDER =
            Comparator.<Scheduled>comparingLong(s -> s.at).thenComparingLong(s -> s.seq);

    /** When to emit, in epoch milliseconds of event time. */
    final long at;
    /** Tie-breaker, set when queued. */
    long seq;

    Scheduled(long at) {
        this.at = at;
    }

    /** An event already built, emitted late: a duplicate, or an event delivered out of order. */
    static final class Ready extends Scheduled {
        final GeneratedEvent event;
        final boolean duplicate;

        Ready(long at, GeneratedEvent event, boolean duplicate) {
            super(at);
            this.event = event;
            this.duplicate = duplicate;
        }
    }
}
