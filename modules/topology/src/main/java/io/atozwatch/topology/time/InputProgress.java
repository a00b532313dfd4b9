package io.atozwatch.topology.time;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a task has read its input to the end: only then may the wall clock move its
 * {@link Watermark}. Kafka Streams does not tell a processor its consumer's lag, so the app supplies
 * this from the consumer's metrics; under the test driver and {@code replay} every record is processed
 * as it is piped, so the input is always read to its end.
 */
@FunctionalInterface
public interface InputProgress {

    /**
     * Every record is processed as soon as it is written, from one sequence in the order it is to be read (the
     * test driver, {@code replay}): always caught up, and no input is read ahead of another.
     */
    InputProgress ALWAYS_CAUGHT_UP = new InputProgress() {
        @Override
        public boolean caughtUp(Collection<TopicPartition> partitions) {
            return true;
        }

        @Override
        public boolean readsUnevenly() {
            return false;
        }
    };

    /** @return true only if every one of {@code partitions} is known to be read to its end */
    boolean caughtUp(Collection<TopicPartition> partitions);

    /**
     * Whether one of a task's input partitions may be read ahead of another in event time (consumers fetch them
     * separately, and producers write them separately): then a partition read lately holds the clock back
     * ({@code clock.input-skew}, see {@link Watermark}).
     */
    default boolean readsUnevenly() {
        return true;
    }

    /**
     * Whether the task's consumer has polled for records at or after wall-clock time {@code wallMs}. A stream thread
     * does not poll while it works through what its last poll returned, which can take seconds when it is slow (a
     * cold start, a backlog): an input partition quiet since its last record for the input skew, all of it spent
     * without a poll, has had no chance to say that more arrived meanwhile. So it holds the clock until a poll
     * after the skew (see {@link Watermark}). Where records are processed as they are written, or nothing says, true.
     */
    default boolean polledSince(long wallMs) {
        return true;
    }
}
