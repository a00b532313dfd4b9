package io.atozwatch.topology.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The pipeline's one clock: a task's <em>watermark</em>, the event time up to which its input is known
 * to be complete. Every time-based judgement of the task (due dates, reminders, the filing window, the
 * orphan horizon, the merchants' days) asks it, and nothing else, what time it is.
 *
 * <ul>
 *   <li>Reading an event moves it to the latest {@code occurredAt} read, less the {@code grace}: an
 *       event may arrive up to the grace after later ones and still count as on time. While a task has
 *       unread input this is the only way it moves, so a lagging task judges only what it has read,
 *       and history is judged as it is read, however old it is.</li>
 *   <li>A task that is caught up (its partitions read to their end) and has read nothing for the
 *       {@code quietPeriod} lets the wall clock, less the grace, move it on: deadlines pass when no event
 *       arrives. The quiet period keeps a pause between two batches of history from being taken for
 *       the end of it.</li>
 *   <li>It never goes back, and it has no value until the task has read an event.</li>
 * </ul>
 *
 * <p>Pure arithmetic on epoch milliseconds; the wall clock comes in twice: as it is (to time the quiet
 * period) and as the event time it stands for (the identity in production; the demo compresses time).
 * Not thread-safe: one per task.
 */
public final class Watermark {
    /** No value yet. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final long graceMs;
    private final long quietMs;
    private long readUpTo = UNKNOWN;
    private long value = UNKNOWN;
    /** Wall-clock millis since which the task has been caught up and has read nothing. */
    private long quietSince = UNKNOWN;

    public Watermark(Duration grace, Duration quietPeriod) {
        if (grace.isNegative() || quietPeriod.isNegative()) {
            throw new IllegalArgumentException(
                    "the grace and the quiet period cannot be negative: " + grace + ", " + quietPeriod);
        }
        this.graceMs = grace.toMillis();
        this.quietMs = quietPeriod.toMillis();
    }

    /** Picks up where a previous instance of the task left off (after a restart or a move). */
    public void restore(long readUpTo, long value) {
        this.readUpTo = Math.max(this.readUpTo, readUpTo);
        this.value = Math.max(this.value, value);
    }

    /**
     * An event that occurred at {@code occurredAt} was read at wall-clock time {@code wallMs}.
     *
     * @return whether the watermark moved
     */
    public boolean read(long occurredAt, long wallMs) {
        quietSince = wallMs;
        readUpTo = Math.max(readUpTo, occurredAt);
        return moveTo(readUpTo - graceMs);
    }

    /**
     * The wall clock stands at {@code wallMs}, which is {@code wallEventTime} in event time;
     * {@code caughtUp}: the task's input is read to its end.
     *
     * @return whether the watermark moved
     */
    public boolean tick(long wallMs, long wallEventTime, boolean caughtUp) {
        if (!caughtUp || quietSince == UNKNOWN) {
            quietSince = wallMs;
            return false;
        }
        if (readUpTo == UNKNOWN || wallMs - quietSince < quietMs) {
            return false; // nothing read yet (the wall clock says nothing of what is to come), or not quiet for long
            // enough
        }
        return moveTo(wallEventTime - graceMs);
    }

    /**
     * Whether the task has been caught up and read nothing for the quiet period, as of the last
     * {@link #tick}: records fetched but not yet processed count as not read, so the consumer's lag
     * alone does not say that a task is done.
     */
    public boolean quiet(long wallMs) {
        return quietSince != UNKNOWN && wallMs - quietSince >= quietMs;
    }

    private boolean moveTo(long candidate) {
        if (candidate > value) {
            value = candidate;
            return true;
        }
        return false;
    }

    /** The watermark in epoch milliseconds, or {@link #UNKNOWN}. */
    public long value() {
        return value;
    }

    /** The watermark, or null while unknown. */
    public Instant instant() {
        return value == UNKNOWN ? null : Instant.ofEpochMilli(value);
    }

    /** The latest occurredAt read, or {@link #UNKNOWN}. */
    public long readUpTo() {
        return readUpTo;
    }

    /** Whether the task has read anything yet. */
    public boolean hasRead() {
        return readUpTo != UNKNOWN;
    }
}
