package io.atozwatch.app.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrafficProducerTest {
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private final String scope = "generate-test-" + UUID.randomUUID();
    // Renamed topics: the roles must be mapped to the configured names.
    private final Topics topics = new Topics(
            PipelineConfig.from(Map.of(
                            "topic.orders",
                            "x.orders",
                            "topic.shipments",
                            "x.shipments",
                            "topic.returns",
                            "x.returns",
                            "topic.refunds",
                            "x.refunds",
                            "topic.disputes",
                            "x.disputes",
                            "topic.merchant-policies",
                            "x.policies"))
                    .topics(),
            Map.of("schema.registry.url", "mock://" + scope));
    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void sendsEachEventToItsTopicKeyedAndStampedWithItsEventTimeInItsTopicsSerde() {
        List<GeneratedEvent> events = new TrafficGenerator(GeneratorOptions.defaults(42, START))
                .stream().limit(600).toList();
        TrafficProducer producer = new TrafficProducer(kafka, topics);

        long sent = producer.produce(events.iterator(), 0, Pacer.unlimited());

        assertThat(sent).isEqualTo(600);
        List<ProducerRecord<String, byte[]>> history = kafka.history();
        assertThat(history).hasSize(600);
        for (int i = 0; i < events.size(); i++) {
            GeneratedEvent e = events.get(i);
            ProducerRecord<String, byte[]> r = history.get(i);
            Topic<String, ? extends SpecificRecord> topic = e.topic(topics);
            assertThat(r.topic()).isEqualTo(topic.name()).startsWith("x.");
            assertThat(r.key()).isEqualTo(e.key());
            assertThat(r.timestamp()).isEqualTo(e.timestamp().toEpochMilli());
            assertThat(r.partition()).isNull();
            assertThat((Object) topic.valueSerde().deserializer().deserialize(topic.name(), r.value()))
                    .isEqualTo(e.value());
        }
        assertThat(history).extracting(ProducerRecord::topic).contains("x.policies", "x.orders", "x.shipments");
        TrafficProducer.Progress p = producer.progress();
        assertThat(p.sent()).isEqualTo(600);
        assertThat(p.acknowledged()).isEqualTo(600);
        assertThat(p.perRole().keySet()).containsExactlyElementsOf(GeneratedEvent.ROLES);
        assertThat(p.perRole().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(600);
        assertThat(p.lastEventTime()).isEqualTo(events.get(599).timestamp());
        assertThat(kafka.flushed()).isTrue();
    }

    @Test
    void stopsAtTheCountAndResumesWhereItLeftOff() {
        TrafficGenerator generator = new TrafficGenerator(GeneratorOptions.defaults(1, START));
        TrafficProducer producer = new TrafficProducer(kafka, topics);

        assertThat(producer.produce(generator, 250, Pacer.unlimited())).isEqualTo(250);
        assertThat(producer.produce(generator, 100, Pacer.unlimited())).isEqualTo(100);

        assertThat(kafka.history()).hasSize(350);
        assertThat(generator.eventsEmitted()).isEqualTo(350);
    }

    @Test
    void keepsTheRateAndReportsProgress() {
        TrafficProducer producer = new TrafficProducer(kafka, topics);
        List<TrafficProducer.Progress> reports = new ArrayList<>();
        long started = System.nanoTime();

        producer.produce(
                new TrafficGenerator(GeneratorOptions.defaults(1, START)),
                300,
                Pacer.fixedRate(1000),
                Duration.ofMillis(50),
                reports::add);

        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(seconds).isBetween(0.28, 3.0);
        assertThat(reports).hasSizeBetween(2, 20);
        assertThat(reports).extracting(TrafficProducer.Progress::sent).isSorted();
        assertThat(producer.progress().eventsPerSecond()).isBetween(100.0, 1100.0);
    }

    @Test
    void stopEndsAnUnboundedRunFromAnotherThread() throws Exception {
        TrafficProducer producer = new TrafficProducer(kafka, topics);
        AtomicReference<Long> sent = new AtomicReference<>();
        Thread run = new Thread(() -> sent.set(
                producer.produce(new TrafficGenerator(GeneratorOptions.defaults(1, START)), 0, Pacer.fixedRate(200))));
        run.start();
        Thread.sleep(300);
        producer.stop();
        run.join(5000);

        assertThat(run.isAlive()).isFalse();
        assertThat(sent.get()).isBetween(10L, 200L);
        assertThat(producer.stopped()).isTrue();
    }

    @Test
    void aFailedSendFailsTheRunAfterFlushing() {
        MockProducer<String, byte[]> failing =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
                    private int n;

                    @Override
                    public synchronized Future<RecordMetadata> send(
                            ProducerRecord<String, byte[]> record, Callback callback) {
                        if (++n == 5) {
                            callback.onCompletion(null, new TimeoutException("broker gone"));
                            return super.send(record, (m, e) -> {});
                        }
                        return super.send(record, callback);
                    }
                };
        TrafficProducer producer = new TrafficProducer(failing, topics);

        assertThatThrownBy(() -> producer.produce(
                        new TrafficGenerator(GeneratorOptions.defaults(1, START)), 100, Pacer.unlimited()))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("broker gone");
        assertThat(failing.history()).hasSize(5); // nothing more once a send failed
        assertThat(producer.progress().acknowledged()).isEqualTo(4);
    }

    @Test
    void theProducerIsIdempotentWithAcksAll() {
        Map<String, Object> cluster = new HashMap<>(
                Map.of("bootstrap.servers", "b:9092", "acks", "1", "security.protocol", "SSL", "linger.ms", "50"));
        Map<String, Object> p = TrafficProducer.producerConfig(cluster);

        assertThat(p)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry("security.protocol", "SSL")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "50")
                .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName())
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }
}
