package io.atozwatch.topology.time;

import io.atozwatch.topology.PipelineRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's {@link Watermark}, kept in a state store so that a restarted or moved task goes on from
 * where it was, with the two things it needs from outside: the wall clock (in event time, through the
 * runtime's mapping) and whether the task's input partitions are read to their end.
 */
public final class TaskClock {
    static final String READ_UP_TO = "read-up-to";
    static final String WATERMARK = "watermark";

    private final ProcessorContext<?, ?> context;
    private final KeyValueStore<String, Long> store;
    private final PipelineRuntime runtime;
    private final List<TopicPartition> partitions;
    private final Watermark watermark;

    /** @param inputTopics the topics whose partition of this task must be read to the end for the wall clock to count */
    public TaskClock(
            ProcessorContext<?, ?> context,
            KeyValueStore<String, Long> store,
            Duration grace,
            Duration quietPeriod,
            PipelineRuntime runtime,
            List<String> inputTopics) {
        this.context = context;
        this.store = store;
        this.runtime = runtime;
        int partition = context.taskId().partition();
        this.partitions =
                inputTopics.stream().map(t -> new TopicPartition(t, partition)).toList();
        this.watermark = new Watermark(grace, quietPeriod);
        Long readUpTo = store.get(READ_UP_TO);
        Long value = store.get(WATERMARK);
        watermark.restore(readUpTo == null ? Watermark.UNKNOWN : readUpTo, value == null ? Watermark.UNKNOWN : value);
    }

    /** An event that occurred at {@code occurredAt} was read. @return whether the clock moved */
    public boolean read(Instant occurredAt) {
        return saved(watermark.read(occurredAt.toEpochMilli(), context.currentSystemTimeMs()));
    }

    /** The wall clock stands at {@code wallClockMs}. @return whether the clock moved */
    public boolean tick(long wallClockMs) {
        return saved(watermark.tick(
                wallClockMs, eventTime(wallClockMs), runtime.progress().caughtUp(partitions)));
    }

    /** The watermark: the instant every judgement of this task is made at; null until the task has read an event. */
    public Instant now() {
        return watermark.instant();
    }

    /**
     * Read to the end, quiet for the quiet period as of the last tick, without ever having read an event (an
     * empty partition): the task holds nobody back.
     */
    public boolean idle(long wallClockMs) {
        return !watermark.hasRead() && watermark.quiet(wallClockMs);
    }

    /** The event time a wall-clock instant stands for. */
    public Instant wallClock(long wallClockMs) {
        return Instant.ofEpochMilli(eventTime(wallClockMs));
    }

    private long eventTime(long wallClockMs) {
        return runtime.eventTimeAtWallClock().applyAsLong(wallClockMs);
    }

    private boolean saved(boolean moved) {
        if (moved) {
            store.put(READ_UP_TO, watermark.readUpTo());
            store.put(WATERMARK, watermark.value());
        }
        return moved;
    }
}
