package io.atozwatch.topology.time;

import io.atozwatch.topology.PipelineRuntime;
import io.atozwatch.topology.config.PipelineConfig;
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
    /** Followed by a topic's name: how far this task's partition of it has read. */
    static final String SOURCE_READ_UP_TO = "read-up-to:";

    private final ProcessorContext<?, ?> context;
    private final KeyValueStore<String, Long> store;
    private final PipelineRuntime runtime;
    private final List<TopicPartition> partitions;
    private final List<String> inputTopics;
    private final Watermark watermark;

    /**
     * @param clock       the grace, the quiet period and the input skew (the last only where the runtime's input may
     *                    be read unevenly)
     * @param inputTopics the topics whose partition of this task must be read to the end for the wall clock to
     *                    count; each is a source of the watermark
     */
    public TaskClock(
            ProcessorContext<?, ?> context,
            KeyValueStore<String, Long> store,
            PipelineConfig.Clock clock,
            PipelineRuntime runtime,
            List<String> inputTopics) {
        this.context = context;
        this.store = store;
        this.runtime = runtime;
        this.inputTopics = List.copyOf(inputTopics);
        int partition = context.taskId().partition();
        this.partitions =
                inputTopics.stream().map(t -> new TopicPartition(t, partition)).toList();
        Duration skew = runtime.progress().readsUnevenly() ? clock.inputSkew() : Duration.ZERO;
        this.watermark = new Watermark(
                clock.grace(), clock.quietPeriod(), skew, inputTopics.size(), runtime.progress()::polledSince);
        watermark.restore(stored(READ_UP_TO), stored(WATERMARK));
        long wall = context.currentSystemTimeMs();
        for (int s = 0; s < inputTopics.size(); s++) {
            watermark.restoreSource(s, stored(SOURCE_READ_UP_TO + inputTopics.get(s)), wall);
        }
    }

    private long stored(String key) {
        Long v = store.get(key);
        return v == null ? Watermark.UNKNOWN : v;
    }

    /**
     * An event that occurred at {@code occurredAt} was read from {@code topic} (one of the input topics, or
     * another: then it holds nothing back). @return whether the clock moved
     */
    public boolean read(String topic, Instant occurredAt) {
        int source = inputTopics.indexOf(topic);
        long before = source < 0 ? Watermark.UNKNOWN : watermark.sourceReadUpTo(source);
        boolean moved = watermark.read(source, occurredAt.toEpochMilli(), context.currentSystemTimeMs());
        if (source >= 0 && watermark.sourceReadUpTo(source) != before) {
            store.put(SOURCE_READ_UP_TO + topic, watermark.sourceReadUpTo(source));
        }
        return saved(moved);
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
