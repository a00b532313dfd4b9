package io.atozwatch.topology.input;

import io.atozwatch.events.DeadLetter;
import io.atozwatch.topology.PipelineListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Dead letters: the record as received, why it was set aside, and where it came from, both in the
 * value and in headers named as Kafka Streams' own dead-letter queue names them (KIP-1034), so that
 * generic tooling can read them.
 */
public final class DeadLetters {
    public static final String HEADER_MESSAGE = "__streams.errors.message";
    public static final String HEADER_TOPIC = "__streams.errors.topic";
    public static final String HEADER_PARTITION = "__streams.errors.partition";
    public static final String HEADER_OFFSET = "__streams.errors.offset";

    /**
     * A dead letter carries the record's bytes up to this size; a larger one is described, not copied (read
     * it at its source coordinates): a dead letter must never be too large to write, as under exactly-once a
     * record the producer refuses aborts the task's transaction (Kafka 4.4), and the partition would stop.
     */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private DeadLetters() {}

    public static DeadLetter of(
            String reason, String topic, Integer partition, Long offset, String key, byte[] payload, Instant at) {
        if (payload != null && payload.length > MAX_PAYLOAD_BYTES) {
            reason = reason + " (payload of " + payload.length + " bytes not copied: read it at its source offset)";
            payload = null;
        }
        if (key != null && key.length() > 1024) {
            key = key.substring(0, 1024);
        }
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setDeadAt(at)
                .build();
    }

    /**
     * Sets aside the record being processed by {@code context}: a dead letter with its coordinates (or
     * {@code topic}'s name when there are none), forwarded to {@code child} and told to {@code listener}.
     * Stamped with the instant the record stands for, no later than {@code wallClock} (brokers refuse
     * timestamps far ahead): what replay and a deployment say of the same records agrees.
     */
    static void forward(
            ProcessorContext<String, Object> context,
            String child,
            PipelineListener listener,
            String topic,
            Record<String, byte[]> record,
            String reason,
            Instant wallClock) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        Instant at = Instant.ofEpochMilli(Math.min(record.timestamp(), wallClock.toEpochMilli()));
        DeadLetter d = of(
                reason,
                meta.map(RecordMetadata::topic).orElse(topic),
                meta.map(RecordMetadata::partition).orElse(null),
                meta.map(RecordMetadata::offset).orElse(null),
                record.key(),
                record.value(),
                at);
        listener.deadLettered(d);
        context.forward(record(d), child);
    }

    /** The dead letter as a record: keyed as its source, stamped with the instant it was set aside, with the headers. */
    public static Record<String, Object> record(DeadLetter d) {
        return new Record<>(d.getKey(), d, d.getDeadAt().toEpochMilli(), headers(d));
    }

    public static Headers headers(DeadLetter d) {
        Headers h = new RecordHeaders();
        h.add(HEADER_MESSAGE, utf8(d.getReason()));
        h.add(HEADER_TOPIC, utf8(d.getSourceTopic()));
        if (d.getSourcePartition() != null) {
            h.add(HEADER_PARTITION, utf8(String.valueOf(d.getSourcePartition())));
        }
        if (d.getSourceOffset() != null) {
            h.add(HEADER_OFFSET, utf8(String.valueOf(d.getSourceOffset())));
        }
        return h;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
