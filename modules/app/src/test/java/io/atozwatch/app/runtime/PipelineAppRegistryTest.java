package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.app.Await;
import io.atozwatch.app.embedded.EmbeddedKafkaBroker;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.serde.ApicurioRegistry;
import io.atozwatch.serde.HttpSchemaRegistryClient;
import io.atozwatch.serde.SchemaRegistryException;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The production path ({@code run}'s {@link PipelineApp}) against a real Confluent-API schema registry
 * (Apicurio Registry, BACKWARD compatibility like Confluent's default): the app registers the schemas
 * of what it writes, consumers read the ids back, and a backward-incompatible change is refused.
 */
class PipelineAppRegistryTest {
    @RegisterExtension
    static final ApicurioRegistry REGISTRY = new ApicurioRegistry();

    @Test
    void theAppRegistersItsSchemasAndAnIncompatibleChangeIsRefused() throws Exception {
        String url = REGISTRY.ccompatUrl();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startInTempDir(Path.of("target"))) {
            Map<String, String> s = Settings.singleBroker(
                    broker.bootstrapServers(),
                    url,
                    "it-registry",
                    Path.of("target", "it-state-" + UUID.randomUUID()),
                    2);
            s.put(Settings.HTTP_PORT, "0");
            Settings settings = Settings.of(s);
            Topics topics = new Topics(PipelineConfig.defaults().topics(), Map.of(Settings.SCHEMA_REGISTRY_URL, url));
            try (Admin admin = Admin.create(broker.clientProperties())) {
                new TopicLayout(topics, settings).createMissing(admin);
            }
            try (PipelineApp app =
                    new PipelineApp(settings, java.util.function.LongUnaryOperator.identity(), r -> {}).start()) {
                Instant t = Instant.parse("2026-03-01T10:00:00Z");
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        broker.clientProperties(),
                        new StringSerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                    for (OrderEvent e : List.of(
                            order("e-1", OrderEventType.PLACED, t, 1000),
                            order("e-2", OrderEventType.CHARGED, t.plusSeconds(60), 1500))) {
                        byte[] value = topics.orders.valueSerde().serializer().serialize(topics.orders.name(), e);
                        producer.send(new ProducerRecord<>(
                                topics.orders.name(), null, e.getOccurredAt().toEpochMilli(), "o-1", value));
                    }
                }
                Await.until(
                        "the verdict",
                        Duration.ofSeconds(60),
                        () -> app.metrics().verdicts() >= 1);
            }

            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(url);
            assertThat(client.getAllSubjects())
                    .contains("orders-value", "claim-eligibility-value", "it-registry-order-cases-changelog-value");

            // The verdict's bytes name a schema id that the registry gives back as the ClaimEligibility schema.
            ConsumerRecord<String, byte[]> raw = readOne(broker, topics.claimEligibility.name());
            int id = ByteBuffer.wrap(raw.value(), 1, 4).getInt();
            assertThat(raw.value()[0]).isZero();
            assertThat(client.getSchemaById(id)).isEqualTo(ClaimEligibility.getClassSchema());
            assertThat(client.getLatestSchemaMetadata("claim-eligibility-value").id())
                    .isEqualTo(id);
            ClaimEligibility verdict = topics.claimEligibility
                    .valueSerde()
                    .deserializer()
                    .deserialize(topics.claimEligibility.name(), raw.value());
            assertThat(verdict.getCondition()).isEqualTo(CoverageCondition.OVERCHARGED);

            // A new required field without a default cannot read the records already written: refused.
            Schema incompatible = new Schema.Parser()
                    .parse(ClaimEligibility.getClassSchema()
                            .toString()
                            .replace("\"fields\":[", "\"fields\":[{\"name\":\"caseNumber\",\"type\":\"string\"},"));
            assertThatThrownBy(() -> client.register("claim-eligibility-value", incompatible))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.errorCode()).isEqualTo(409);
                        assertThat(e.getMessage())
                                .contains("claim-eligibility-value")
                                .containsIgnoringCase("incompatible");
                    });
        }
    }

    private static OrderEvent order(String eventId, OrderEventType type, Instant at, long amount) {
        return OrderEvent.newBuilder()
                .setEventId(eventId)
                .setOrderId("o-1")
                .setMerchantId("m-1")
                .setBuyerId("b-1")
                .setMarketplace("US")
                .setType(type)
                .setOccurredAt(at)
                .setCurrency("USD")
                .setAmountMinor(amount)
                .setMaxDeliveryAt(null)
                .build();
    }

    private static ConsumerRecord<String, byte[]> readOne(EmbeddedKafkaBroker broker, String topic) {
        Map<String, Object> c = new HashMap<>(broker.clientProperties());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            for (int i = 0; i < 60; i++) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    return r;
                }
            }
        }
        throw new AssertionError("nothing on " + topic);
    }
}
