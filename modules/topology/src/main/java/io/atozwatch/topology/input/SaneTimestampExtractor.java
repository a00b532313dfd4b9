package io.atozwatch.topology.input;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Record timestamps as Kafka Streams orders the co-partitioned inputs by: the record's own (upstream
 * systems stamp records with {@code occurredAt}), unless it lies further ahead of the wall clock than
 * the tolerance. Such a record keeps its partition's time instead, so that it neither jumps the queue
 * of its task nor holds its partition back; {@link InputDecoder} then sets it aside.
 */
public final class SaneTimestampExtractor implements TimestampExtractor {
    private final LongSupplier eventTimeNow;
    private final long toleranceMs;

    /** @param eventTimeNow the event time the wall clock stands for now */
    public SaneTimestampExtractor(LongSupplier eventTimeNow, Duration tolerance) {
        this.eventTimeNow = eventTimeNow;
        this.toleranceMs = tolerance.toMillis();
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long ts = record.timestamp();
        if (ts < 0) {
            return Math.max(partitionTime, 0L);
        }
        if (ts > eventTimeNow.getAsLong() + toleranceMs) {
            return Math.max(partitionTime, 0L);
        }
        return ts;
    }
}
