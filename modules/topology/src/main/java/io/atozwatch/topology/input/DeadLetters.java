package io.atozwatch.topology.input;

import io.atozwatch.events.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

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

    private DeadLetters() {}

    public static DeadLetter of(String reason, String topic, Integer partition, Long offset, String key,
                                byte[] payload, Instant at) {
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
