package io.atozwatch.topology.input;

import io.atozwatch.events.DeadLetter;
import io.atozwatch.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence: an exception the topology did not foresee (a bug, a store error) sends the
 * source record to the dead-letter topic, in the same {@link DeadLetter} format as the records the
 * decoders reject, and processing goes on, so that a poison record never stops the app. Configured as
 * both the processing and the deserialization exception handler (KIP-1033/KIP-1034 hooks).
 */
public final class DeadLetterExceptionHandler implements ProcessingExceptionHandler, DeserializationExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);
    /**
     * Names the dead-letter topic (the app sets it from {@code topic.dead-letters}); not under
     * {@code topic.}, which Kafka Streams applies to the internal topics it creates.
     */
    public static final String TOPIC_CONFIG = "atoz.dead-letter.topic";

    private String topic = "dead-letters";
    private Serializer<DeadLetter> serializer;

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(TOPIC_CONFIG);
        if (t != null) {
            topic = t.toString();
        }
        SpecificAvroSerde<DeadLetter> serde = new SpecificAvroSerde<>();
        serde.configure(configs, false);
        serializer = serde.serializer();
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        log.error("Processing failed at {}-{}@{} in {}; the record goes to {}", context.topic(), context.partition(),
                context.offset(), context.processorNodeId(), topic, exception);
        return ProcessingExceptionHandler.Response.resume(deadLetter(context, "processing failed in "
                + context.processorNodeId() + ": " + exception));
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        log.error("Cannot deserialize {}-{}@{}; the record goes to {}", context.topic(), context.partition(),
                context.offset(), topic, exception);
        return DeserializationExceptionHandler.Response.resume(deadLetter(context, "cannot deserialize: " + exception));
    }

    List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, String reason) {
        byte[] rawKey = context.sourceRawKey();
        String key = rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8);
        DeadLetter d = DeadLetters.of(reason, context.topic(), context.partition(), context.offset(), key,
                context.sourceRawValue(), Instant.ofEpochMilli(context.timestamp()));
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, context.timestamp(), rawKey,
                serializer.serialize(topic, d), DeadLetters.headers(d));
        return List.of(r);
    }
}
