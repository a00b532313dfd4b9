package io.atozwatch.app.runtime;

import io.atozwatch.app.Await;
import io.atozwatch.app.embedded.EmbeddedKafkaBroker;
import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.Pacer;
import io.atozwatch.app.generate.TrafficProducer;
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real broker (embedded KRaft, under target/) with the pipeline's topics, a private in-memory
 * schema registry, and helpers to produce events and read outputs as a separate client would.
 */
final class ClusterFixture implements AutoCloseable {
    final EmbeddedKafkaBroker broker;
    final String registryUrl = "mock://it-" + UUID.randomUUID();
    final Topics topics;
    final List<Path> stateDirs = new ArrayList<>();

    ClusterFixture() throws Exception {
        this(false);
    }

    /** @param simulatedTime events are stamped on a compressed clock, ahead of the wall clock: the broker takes them */
    ClusterFixture(boolean simulatedTime) throws Exception {
        EmbeddedKafkaBroker.Builder b = EmbeddedKafkaBroker.builder().tempDirUnder(Path.of("target"));
        if (simulatedTime) {
            b.brokerProperty("log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE));
        }
        broker = b.start();
        topics = new Topics(PipelineConfig.defaults().topics(), Map.of(Settings.SCHEMA_REGISTRY_URL, registryUrl));
        try (Admin admin = Admin.create(broker.clientProperties())) {
            new TopicLayout(topics, settings("layout")).createMissing(admin);
        }
    }

    /** App settings for this cluster: historical event times, so inputs and outputs are kept forever. */
    Settings settings(String applicationId) {
        Path stateDir = Path.of("target", "it-state-" + UUID.randomUUID());
        stateDirs.add(stateDir);
        Map<String, String> s =
                Settings.singleBroker(broker.bootstrapServers(), registryUrl, applicationId, stateDir, 3);
        s.put(Settings.HTTP_PORT, "0");
        s.put(Settings.HTTP_HOST, "127.0.0.1");
        s.put("commit.interval.ms", "200");
        s.put(Settings.SHUTDOWN_TIMEOUT, "PT20S");
        return Settings.of(s);
    }

    /**
     * Waits until every task of the app (order and merchant side, {@code tasks} in all) judges by a clock at
     * or past {@code instant}, then for a commit to have passed, so that what they emitted is readable.
     */
    static void awaitClocks(PipelineApp app, int tasks, Instant instant, Duration timeout) throws InterruptedException {
        try {
            Await.until(tasks + " task clocks at " + instant, timeout, () -> {
                Map<String, Instant> w = app.metrics().watermarks();
                return w.size() >= tasks && w.values().stream().allMatch(t -> t != null && !t.isBefore(instant));
            });
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; the clocks stand at " + app.metrics().watermarks(), e);
        }
        Thread.sleep(1000); // commit.interval.ms is 200 here: what was emitted is committed
    }

    /** Produces the events as the generator command does (idempotent, acks=all, stamped with event time). */
    void produce(List<GeneratedEvent> events) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                TrafficProducer.producerConfig(new HashMap<>(broker.clientProperties())),
                new StringSerializer(),
                new ByteArraySerializer())) {
            new TrafficProducer(producer, topics).produce(events.iterator(), events.size(), Pacer.unlimited());
        }
    }

    void produceBytes(String topic, String key, byte[] value, long timestamp) {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(broker.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, timestamp, key, value));
            producer.flush();
        }
    }

    /** Every committed record of an output topic, decoded, read by a separate consumer from the start. */
    <V> List<ConsumerRecord<String, V>> readAll(Topic<String, V> topic) {
        Map<String, Object> c = new HashMap<>(broker.clientProperties());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                c, new StringDeserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long idleSince = System.nanoTime();
            while (System.nanoTime() - idleSince < Duration.ofSeconds(2).toNanos()) {
                var records = consumer.poll(Duration.ofMillis(200));
                records.forEach(out::add);
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        broker.close();
        MockSchemaRegistry.dropScope(registryUrl.substring("mock://".length()));
        stateDirs.forEach(PipelineApp::deleteTree);
    }
}
