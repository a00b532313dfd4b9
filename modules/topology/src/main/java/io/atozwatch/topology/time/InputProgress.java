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

    /** Every record is processed as soon as it is written (the test driver, {@code replay}). */
    InputProgress ALWAYS_CAUGHT_UP = partitions -> true;

    /** @return true only if every one of {@code partitions} is known to be read to its end */
    boolean caughtUp(Collection<TopicPartition> partitions);
}
