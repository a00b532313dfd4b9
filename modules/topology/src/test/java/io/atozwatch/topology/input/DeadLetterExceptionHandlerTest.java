package io.atozwatch.topology.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.DeadLetter;
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An unforeseen exception sends the source record to the dead-letter topic and processing resumes. */
class DeadLetterExceptionHandlerTest {
    private static final String SCOPE = "dl-handler-test";
    private final Map<String, Object> configs = Map.of(
            "schema.registry.url", "mock://" + SCOPE, DeadLetterExceptionHandler.TOPIC_CONFIG, "shop.dead-letters");

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() {
                return "orders";
            }

            public int partition() {
                return 3;
            }

            public long offset() {
                return 42;
            }

            public Headers headers() {
                return new RecordHeaders();
            }

            public String processorNodeId() {
                return "order-cases";
            }

            public TaskId taskId() {
                return new TaskId(0, 3);
            }

            public long timestamp() {
                return 1_772_359_200_000L;
            }

            public byte[] sourceRawKey() {
                return "o-1".getBytes(StandardCharsets.UTF_8);
            }

            public byte[] sourceRawValue() {
                return new byte[] {0, 0, 0, 0, 1, 2, 3};
            }
        };
    }

    @Test
    void aProcessingErrorResumesWithTheRecordOnTheDeadLetterTopic() {
        DeadLetterExceptionHandler handler = new DeadLetterExceptionHandler();
        handler.configure(configs);
        ProcessingExceptionHandler.Response response =
                handler.handleError(context(), new Record<>("o-1", "value", 0L), new IllegalStateException("boom"));

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

    @Test
    void anErrorInAPunctuationIsNamedByItsTaskAndResumes() {
        ErrorHandlerContext punctuation = new ErrorHandlerContext() {
            public String topic() {
                return null;
            }

            public int partition() {
                return -1;
            }

            public long offset() {
                return -1;
            }

            public Headers headers() {
                return new RecordHeaders();
            }

            public String processorNodeId() {
                return "order-cases";
            }

            public TaskId taskId() {
                return new TaskId(0, 3);
            }

            public long timestamp() {
                return -1;
            }

            public byte[] sourceRawKey() {
                return null;
            }

            public byte[] sourceRawValue() {
                return null;
            }
        };
        DeadLetterExceptionHandler handler = new DeadLetterExceptionHandler();
        handler.configure(configs);
        ProcessingExceptionHandler.Response response =
                handler.handleError(punctuation, (Record<?, ?>) null, new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        DeadLetter d = read(response.deadLetterQueueRecords().get(0));
        assertThat(d.getSourceTopic()).isEqualTo("punctuation:0_3");
        assertThat(d.getSourceOffset()).isNull();
        assertThat(d.getReason()).contains("a punctuation of order-cases").contains("boom");
    }

    @Test
    void aRecordTooLargeToWriteGoesToTheDeadLetterTopicWithoutItsBytes() {
        DeadLetterExceptionHandler handler = new DeadLetterExceptionHandler();
        handler.configure(configs);
        byte[] huge = new byte[DeadLetters.MAX_PAYLOAD_BYTES + 1];
        ProducerRecord<byte[], byte[]> refused =
                new ProducerRecord<>("claim-eligibility", "o-1".getBytes(StandardCharsets.UTF_8), huge);
        ProductionExceptionHandler.Response response = handler.handleError(
                context(), refused, new RecordTooLargeException("The message is 1300000 bytes when serialized"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        DeadLetter d = read(response.deadLetterQueueRecords().get(0));
        assertThat(d.getReason())
                .startsWith("cannot write a record of 262145 bytes to claim-eligibility: ")
                .contains("RecordTooLargeException");
        assertThat(d.getPayload()).isNull();
        assertThat(d.getKey()).isEqualTo("o-1");

        ProducerRecord<byte[], byte[]> small = new ProducerRecord<>("claim-eligibility", null, new byte[] {0, 1});
        DeadLetter kept = read(handler.handleError(context(), small, new InvalidTopicException("no such topic"))
                .deadLetterQueueRecords()
                .get(0));
        assertThat(kept.getPayload().array()).containsExactly(0, 1);
    }

    @Test
    void aRetriableProductionErrorIsRetried() {
        DeadLetterExceptionHandler handler = new DeadLetterExceptionHandler();
        handler.configure(configs);
        ProductionExceptionHandler.Response response = handler.handleError(
                context(),
                new ProducerRecord<>("claim-eligibility", null, new byte[] {1}),
                new NotEnoughReplicasException("one replica"));
        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
    }

    private DeadLetter read(ProducerRecord<byte[], byte[]> r) {
        SpecificAvroSerde<DeadLetter> serde = new SpecificAvroSerde<>();
        serde.configure(configs, false);
        return serde.deserializer().deserialize(r.topic(), r.value());
    }
}
