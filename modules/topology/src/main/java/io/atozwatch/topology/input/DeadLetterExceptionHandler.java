package io.atozwatch.topology.input;

import io.atozwatch.events.DeadLetter;
import io.atozwatch.serde.SpecificAvroSerde;
import io.atozwatch.topology.PipelineListener;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence: an exception the topology did not foresee (a bug, a store error), or a
 * record that cannot be serialized or written, sends what failed to the dead-letter topic in the same
 * {@link DeadLetter} format as the records the decoders reject, and processing goes on, so that no record
 * stops its partition. Configured as the processing, deserialization and production exception handler
 * (KIP-1033/KIP-1034 hooks: the dead letters are written with the task's output). Under exactly-once, a
 * record the producer or broker refuses aborts the transaction whatever this says (Kafka 4.4): there,
 * the pipeline's limits keep every record it writes far below the size limit.
 */
public final class DeadLetterExceptionHandler
        implements ProcessingExceptionHandler, DeserializationExceptionHandler, ProductionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);
    /**
     * Names the dead-letter topic (the app sets it from {@code topic.dead-letters}); not under
     * {@code topic.}, which Kafka Streams applies to the internal topics it creates.
     */
    public static final String TOPIC_CONFIG = "atoz.dead-letter.topic";
    /** A {@link PipelineListener} (an object, not a string) told of each dead letter, for the metrics. */
    public static final String LISTENER_CONFIG = "atoz.dead-letter.listener";

    private String topic = "dead-letters";
    private Serializer<DeadLetter> serializer;
    private PipelineListener listener = PipelineListener.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(TOPIC_CONFIG);
        if (t != null) {
            topic = t.toString();
        }
        if (configs.get(LISTENER_CONFIG) instanceof PipelineListener l) {
            listener = l;
        }
        SpecificAvroSerde<DeadLetter> serde = new SpecificAvroSerde<>();
        serde.configure(configs, false);
        serializer = serde.serializer();
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(
            ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String where =
                context.topic() == null ? "a punctuation of " + context.processorNodeId() : context.processorNodeId();
        log.error(
                "Processing failed at {}-{}@{} in {}; what failed goes to {}",
                context.topic(),
                context.partition(),
                context.offset(),
                where,
                topic,
                exception);
        return ProcessingExceptionHandler.Response.resume(deadLetter(
                context,
                context.sourceRawKey(),
                context.sourceRawValue(),
                "processing failed in " + where + ": " + exception));
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        log.error(
                "Cannot deserialize {}-{}@{}; the record goes to {}",
                context.topic(),
                context.partition(),
                context.offset(),
                topic,
                exception);
        return DeserializationExceptionHandler.Response.resume(deadLetter(
                context, context.sourceRawKey(), context.sourceRawValue(), "cannot deserialize: " + exception));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandler.Response.retry(); // the broker may take it in a moment
        }
        log.error(
                "Cannot write a record of {} bytes to {}; it goes to {}",
                size(record.value()),
                record.topic(),
                topic,
                exception);
        // Too large for the broker: describe it, or the dead letter would be refused in turn.
        byte[] payload = exception instanceof RecordTooLargeException ? null : record.value();
        return ProductionExceptionHandler.Response.resume(deadLetter(
                context,
                record.key(),
                payload,
                "cannot write a record of " + size(record.value()) + " bytes to " + record.topic() + ": " + exception));
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        log.error(
                "Cannot serialize the {} of a record for {}; the source record goes to {}",
                origin,
                record.topic(),
                topic,
                exception);
        return ProductionExceptionHandler.Response.resume(deadLetter(
                context,
                context.sourceRawKey(),
                context.sourceRawValue(),
                "cannot serialize the " + origin.name().toLowerCase() + " of a record for " + record.topic() + ": "
                        + exception));
    }

    List<ProducerRecord<byte[], byte[]>> deadLetter(
            ErrorHandlerContext context, byte[] rawKey, byte[] payload, String reason) {
        String key = rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8);
        // A punctuation has no source record: it is named by the task it ran in.
        String source = context.topic() != null ? context.topic() : "punctuation:" + context.taskId();
        Integer partition = context.topic() != null ? context.partition() : null;
        Long offset = context.topic() != null ? context.offset() : null;
        long at = context.timestamp() >= 0 ? context.timestamp() : System.currentTimeMillis();
        DeadLetter d = DeadLetters.of(reason, source, partition, offset, key, payload, Instant.ofEpochMilli(at));
        listener.deadLettered(d);
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                topic,
                null,
                at,
                rawKey == null ? null : shortKey(rawKey),
                serializer.serialize(topic, d),
                DeadLetters.headers(d));
        return List.of(r);
    }

    /** Keys of dead letters stay small: one that is not is cut (the value keeps the key as a string). */
    private static byte[] shortKey(byte[] key) {
        return key.length <= 1024 ? key : java.util.Arrays.copyOf(key, 1024);
    }

    private static int size(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
