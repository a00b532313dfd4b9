package io.atozwatch.topology.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.DeadLetter;
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An unforeseen exception sends the source record to the dead-letter topic and processing resumes. */
class DeadLetterExceptionHandlerTest {
    private static final String SCOPE = "dl-handler-test";
    private final Map<String, Object> configs = Map.of("schema.registry.url", "mock://" + SCOPE,
            DeadLetterExceptionHandler.TOPIC_CONFIG, "shop.dead-letters");

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() { return "orders"; }
            public int partition() { return 3; }
            public long offset() { return 42; }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "order-cases"; }
            public TaskId taskId() { return new TaskId(0, 3); }
            public long timestamp() { return 1_772_359_200_000L; }
            public byte[] sourceRawKey() { return "o-1".getBytes(StandardCharsets.UTF_8); }
            public byte[] sourceRawValue() { return new byte[] {0, 0, 0, 0, 1, 2, 3}; }
        };
    }

    @Test
    void aProcessingErrorResumesWithTheRecordOnTheDeadLetterTopic() {
        DeadLetterExceptionHandler handler = new DeadLetterExceptionHandler();
        handler.configure(configs);
        ProcessingExceptionHandler.Response response = handler.handleError(context(),
                new Record<>("o-1", "value", 0L), new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> r = response.deadLetterQueueRecords().get(0);
        assertThat(r.topic()).isEqualTo("shop.dead-letters");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("o-1");
        assertThat(new String(r.headers().lastHeader(DeadLetters.HEADER_OFFSET).value(), StandardCharsets.UTF_8))
                .isEqualTo("42");

        SpecificAvroSerde<DeadLetter> serde = new SpecificAvroSerde<>();
        serde.configure(configs, false);
        DeadLetter d = serde.deserializer().deserialize(r.topic(), r.value());
        assertThat(d.getReason()).contains("processing failed in order-cases").contains("boom");
        assertThat(d.getSourceTopic()).isEqualTo("orders");
        assertThat(d.getSourcePartition()).isEqualTo(3);
        assertThat(d.getSourceOffset()).isEqualTo(42L);
        assertThat(d.getPayload().array()).containsExactly(0, 0, 0, 0, 1, 2, 3);
    }
}
