package io.atozwatch.topology.time;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * "Now", as the pipeline judges: the task's stream time, or the wall clock (less a grace) once it has
 * run ahead, so that deadlines pass in production even when no event arrives. Schedules a check on both
 * clocks; each check should read only what is due.
 */
public final class PipelineClock {
    private final ProcessorContext<?, ?> context;
    private final LongUnaryOperator eventTimeAtWallClock;
    private final long graceMillis;
    private long wallClockNow = Long.MIN_VALUE;

    /**
     * @param eventTimeAtWallClock the event time a wall-clock instant stands for (identity in production;
     *                             the demo compresses time)
     */
    public PipelineClock(ProcessorContext<?, ?> context, LongUnaryOperator eventTimeAtWallClock, Duration grace) {
        this.context = context;
        this.eventTimeAtWallClock = eventTimeAtWallClock;
        this.graceMillis = grace.toMillis();
    }

    /** Runs {@code check} every {@code interval} of stream time and of wall-clock time. */
    public void schedule(Duration interval, Runnable check) {
        context.schedule(interval, PunctuationType.STREAM_TIME, t -> check.run());
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, t -> {
            wallClockNow = eventTimeAtWallClock.applyAsLong(t) - graceMillis;
            check.run();
        });
    }

    public Instant now() {
        return Instant.ofEpochMilli(Math.max(context.currentStreamTimeMs(), wallClockNow));
    }
}
