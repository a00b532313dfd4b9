package io.atozwatch.topology.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.LongPredicate;

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
 *   <li>A task reads several <em>sources</em> (its partition of each input topic), and one may be read
 *       ahead of another: a producer's batch for one topic lands before its batch for the other, and history
 *       written fast spans minutes of event time in a millisecond. So a source that has read an event within
 *       the last {@code inputSkew} of wall-clock time holds the watermark at the latest {@code occurredAt} it
 *       has read: the watermark waits for it, reading does not. A source quiet for longer, once the task's
 *       consumer has polled again after that (a thread working through a large poll's records does not poll,
 *       and a slow one can take longer than the skew), holds nothing back (the one that gets an event a day is
 *       not waited for).</li>
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
    private final long skewMs;
    /** Per source: the latest occurredAt read, and the wall-clock millis it was read at. */
    private final long[] sourceReadUpTo;

    private final long[] sourceReadAt;
    /** Whether the task's consumer has polled at or after a wall-clock instant (see {@link InputProgress#polledSince}). */
    private final LongPredicate polledSince;

    private long readUpTo = UNKNOWN;
    private long value = UNKNOWN;
    /** Wall-clock millis since which the task has been caught up and has read nothing. */
    private long quietSince = UNKNOWN;

    /** A watermark of one source, or of sources read in one order (nothing is held back). */
    public Watermark(Duration grace, Duration quietPeriod) {
        this(grace, quietPeriod, Duration.ZERO, 0);
    }

    /**
     * @param inputSkew how long (wall-clock time) after a source's last event it holds the watermark back
     * @param sources   how many sources the task reads, numbered from 0
     */
    public Watermark(Duration grace, Duration quietPeriod, Duration inputSkew, int sources) {
        this(grace, quietPeriod, inputSkew, sources, wallMs -> true);
    }

    /**
     * @param inputSkew   how long (wall-clock time) after a source's last event it holds the watermark back
     * @param sources     how many sources the task reads, numbered from 0
     * @param polledSince whether the task's consumer has polled at or after a wall-clock instant: a source quiet
     *                    for the input skew holds the watermark until it has
     */
    public Watermark(Duration grace, Duration quietPeriod, Duration inputSkew, int sources, LongPredicate polledSince) {
        if (grace.isNegative() || quietPeriod.isNegative() || inputSkew.isNegative()) {
            throw new IllegalArgumentException("the grace, the quiet period and the input skew cannot be negative: "
                    + grace + ", " + quietPeriod + ", " + inputSkew);
        }
        this.graceMs = grace.toMillis();
        this.quietMs = quietPeriod.toMillis();
        this.skewMs = inputSkew.toMillis();
        this.sourceReadUpTo = new long[sources];
        this.sourceReadAt = new long[sources];
        this.polledSince = polledSince;
        Arrays.fill(sourceReadUpTo, UNKNOWN);
        Arrays.fill(sourceReadAt, UNKNOWN);
    }

    /** Picks up where a previous instance of the task left off (after a restart or a move). */
    public void restore(long readUpTo, long value) {
        this.readUpTo = Math.max(this.readUpTo, readUpTo);
        this.value = Math.max(this.value, value);
    }

    /**
     * Picks up how far a source had read, as if it had just read it at {@code wallMs}: after a restart it holds
     * the watermark back for the input skew, as it would have.
     */
    public void restoreSource(int source, long readUpTo, long wallMs) {
        if (readUpTo != UNKNOWN) {
            sourceReadUpTo[source] = Math.max(sourceReadUpTo[source], readUpTo);
            sourceReadAt[source] = wallMs;
        }
    }

    /**
     * An event that occurred at {@code occurredAt} was read at wall-clock time {@code wallMs}, from no source in
     * particular.
     *
     * @return whether the watermark moved
     */
    public boolean read(long occurredAt, long wallMs) {
        return read(-1, occurredAt, wallMs);
    }

    /**
     * An event that occurred at {@code occurredAt} was read from {@code source} (-1: none in particular) at
     * wall-clock time {@code wallMs}.
     *
     * @return whether the watermark moved
     */
    public boolean read(int source, long occurredAt, long wallMs) {
        quietSince = wallMs;
        readUpTo = Math.max(readUpTo, occurredAt);
        if (source >= 0) {
            sourceReadUpTo[source] = Math.max(sourceReadUpTo[source], occurredAt);
            sourceReadAt[source] = wallMs;
        }
        return moveTo(readBound(wallMs) - graceMs);
    }

    /** The latest occurredAt read, or less: that of a source read within the input skew, if it is behind. */
    private long readBound(long wallMs) {
        long bound = readUpTo;
        for (int s = 0; s < sourceReadUpTo.length; s++) {
            if (sourceReadUpTo[s] != UNKNOWN && sourceReadUpTo[s] < bound && holds(s, wallMs)) {
                bound = sourceReadUpTo[s];
            }
        }
        return bound;
    }

    /** Whether source {@code s} still waits for what it may yet read: within the skew, or no poll since. */
    private boolean holds(int s, long wallMs) {
        if (skewMs == 0) {
            return false;
        }
        long quietFrom = sourceReadAt[s] + skewMs;
        return wallMs < quietFrom || !polledSince.test(quietFrom);
    }

    /** Whether a source holds the watermark back at {@code wallMs} (it read an event lately and is behind). */
    public boolean held(long wallMs) {
        return readUpTo != UNKNOWN && readBound(wallMs) < readUpTo;
    }

    /** How far {@code source} has read, or {@link #UNKNOWN}. */
    public long sourceReadUpTo(int source) {
        return sourceReadUpTo[source];
    }

    /**
     * The wall clock stands at {@code wallMs}, which is {@code wallEventTime} in event time;
     * {@code caughtUp}: the task's input is read to its end.
     *
     * @return whether the watermark moved
     */
    public boolean tick(long wallMs, long wallEventTime, boolean caughtUp) {
        // A source that has read nothing for the input skew holds nothing back any more.
        boolean released = readUpTo != UNKNOWN && moveTo(readBound(wallMs) - graceMs);
        if (!caughtUp || quietSince == UNKNOWN) {
            quietSince = wallMs;
            return released;
        }
        if (readUpTo == UNKNOWN || wallMs - quietSince < quietMs) {
            // nothing read yet (the wall clock says nothing of what is to come), or not quiet for long enough
            return released;
        }
        return moveTo(wallEventTime - graceMs) || released;
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
