package io.atozwatch.topology.time;

import java.time.Duration;

/** Durations in the words support agents and merchants read. */
public final class Durations {
    private Durations() {}

    /** "7 days", "1 day", "48 hours", or ISO-8601 for anything else. */
    public static String inWords(Duration d) {
        if (d.equals(Duration.ofDays(d.toDays())) && !d.isZero()) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.equals(Duration.ofHours(d.toHours())) && !d.isZero()) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        return d.toString();
    }
}
