package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.RefundEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaAvroSerializerTest {

    /** RefundEvent as a later producer might write it: one more field, with a default. */
    private static final Schema REFUND_WITH_NOTE = new Schema.Parser().parse("""
      {"type": "record", "name": "RefundEvent", "namespace": "io.atozwatch.events", "fields": [
        {"name": "eventId", "type": "string"},
        {"name": "orderId", "type": "string"},
        {"name": "refundId", "type": "string"},
        {"name": "occurredAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "amountMinor", "type": "long"},
        {"name": "currency", "type": "string"},
        {"name": "note", "type": "string", "default": "n/a"}
      ]}""");

    private final String scope = TestRecords.freshScope();
    private final MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope(scope);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    private KafkaAvroSerializer serializer(boolean isKey, Object... keyValues) {
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(TestRecords.configs(scope, keyValues), isKey);
        return serializer;
    }

    private KafkaAvroDeserializer deserializer(boolean specificReader) {
        KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
        deserializer.configure(
                TestRecords.configs(scope, AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, specificReader), false);
        return deserializer;
    }

    private static int idOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    @Test
    void registersUnderTopicNameStrategySubjects() {
        serializer(false).serialize("refunds", TestRecords.refund());
        serializer(true).serialize("refunds", TestRecords.refund());
        serializer(false).serialize("orders", TestRecords.orderPlaced());

        assertThat(registry.getAllSubjects()).containsExactly("orders-value", "refunds-key", "refunds-value");
        assertThat(TopicNameStrategy.subjectName("claim-eligibility", false)).isEqualTo("claim-eligibility-value");
        assertThat(TopicNameStrategy.subjectName("claim-eligibility", true)).isEqualTo("claim-eligibility-key");
    }

    @Test
    void sameSchemaGetsTheSameIdAcrossSerializersAndSubjectsDifferentSchemasDoNot() {
        byte[] refund = serializer(false).serialize("refunds", TestRecords.refund());
        byte[] refundAgain = serializer(false).serialize("refunds", TestRecords.refund());
        byte[] refundAsKey = serializer(true).serialize("refunds", TestRecords.refund());
        byte[] order = serializer(false).serialize("orders", TestRecords.orderPlaced());

        assertThat(idOf(refundAgain)).isEqualTo(idOf(refund));
        assertThat(idOf(refundAsKey)).isEqualTo(idOf(refund));
        assertThat(idOf(order)).isNotEqualTo(idOf(refund));
        assertThat(registry.getLatestSchemaMetadata("refunds-value").version()).isEqualTo(1);
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsAndARegisteredOneWorks() {
        KafkaAvroSerializer serializer = serializer(false, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);

        assertThatThrownBy(() -> serializer.serialize("refunds", TestRecords.refund()))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "Could not find (auto.register.schemas is false, so it must be registered beforehand) schema"
                                + " io.atozwatch.events.RefundEvent under subject refunds-value for topic refunds:"
                                + " Schema io.atozwatch.events.RefundEvent is not registered under subject 'refunds-value'");
        assertThat(registry.getAllSubjects()).isEmpty();

        int id = registry.register("refunds-value", RefundEvent.getClassSchema());
        byte[] bytes = serializer.serialize("refunds", TestRecords.refund());

        assertThat(idOf(bytes)).isEqualTo(id);
        assertThat(deserializer(true).deserialize("refunds", bytes)).isEqualTo(TestRecords.refund());
    }

    @Test
    void useLatestVersionWritesWithTheLatestRegisteredSchema() {
        registry.register("refunds-value", RefundEvent.getClassSchema());
        int latestId = registry.register("refunds-value", REFUND_WITH_NOTE);
        KafkaAvroSerializer serializer = serializer(
                false, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false", AvroSerdeConfig.USE_LATEST_VERSION, "true");

        byte[] bytes = serializer.serialize("refunds", TestRecords.refund());

        assertThat(idOf(bytes)).isEqualTo(latestId);
        GenericRecord asWritten = (GenericRecord) deserializer(false).deserialize("refunds", bytes);
        assertThat(asWritten.get("note")).hasToString("n/a");
        assertThat(asWritten.get("currency")).hasToString("EUR");
        assertThat(deserializer(true).deserialize("refunds", bytes)).isEqualTo(TestRecords.refund());
        assertThat(registry.getLatestSchemaMetadata("refunds-value").version())
                .as("nothing registered")
                .isEqualTo(2);
    }

    @Test
    void useLatestVersionWithTheDatumsOwnSchemaUsesItsId() {
        int id = registry.register("refunds-value", RefundEvent.getClassSchema());
        KafkaAvroSerializer serializer = serializer(
                false, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false, AvroSerdeConfig.USE_LATEST_VERSION, true);

        assertThat(idOf(serializer.serialize("refunds", TestRecords.refund()))).isEqualTo(id);
    }

    @Test
    void useLatestVersionFailsClearlyWhenTheLatestSchemaCannotHoldTheDatum() {
        Schema needsChannel = new Schema.Parser()
                .parse(REFUND_WITH_NOTE
                        .toString()
                        .replace(
                                "\"note\",\"type\":\"string\",\"default\":\"n/a\"", "\"channel\",\"type\":\"string\""));
        int id = registry.register("refunds-value", needsChannel);
        KafkaAvroSerializer serializer = serializer(
                false, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false, AvroSerdeConfig.USE_LATEST_VERSION, true);

        assertThatThrownBy(() -> serializer.serialize("refunds", TestRecords.refund()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot write io.atozwatch.events.RefundEvent with the latest schema of subject"
                        + " refunds-value (id " + id + ", version 1) for topic refunds")
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> serializer.serialize("orders", TestRecords.orderPlaced()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Could not find the latest schema of subject orders-value for topic orders");
    }

    @Test
    void autoRegisterWinsOverUseLatestVersion() {
        registry.register("refunds-value", REFUND_WITH_NOTE);
        KafkaAvroSerializer serializer = serializer(false, AvroSerdeConfig.USE_LATEST_VERSION, true);

        byte[] bytes = serializer.serialize("refunds", TestRecords.refund());

        assertThat(registry.getSchemaById(idOf(bytes))).isEqualTo(RefundEvent.getClassSchema());
    }

    @Test
    void asksTheRegistryOncePerSchema() {
        List<String> calls = new ArrayList<>();
        SchemaRegistryClient counting = new ForwardingRegistry(registry) {
            @Override
            public int register(String subject, Schema schema) {
                calls.add(subject);
                return super.register(subject, schema);
            }
        };
        KafkaAvroSerializer serializer = new KafkaAvroSerializer(counting, TestRecords.configs(scope));

        for (int i = 0; i < 50; i++) {
            serializer.serialize("refunds", TestRecords.refund());
            serializer.serialize("orders", TestRecords.orderPlaced());
        }

        assertThat(calls).containsExactly("refunds-value", "orders-value");
    }

    @Test
    void nullInANonNullableFieldNamesTopicSubjectAndId() {
        RefundEvent broken = new RefundEvent("e1", "o1", "r1", TestRecords.T0, 1299L, null);

        assertThatThrownBy(() -> serializer(false).serialize("refunds", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Error serializing Avro data of type io.atozwatch.events.RefundEvent"
                        + " for topic refunds, subject refunds-value, schema id 1:")
                .hasMessageContaining("currency");
    }

    @Test
    void primitivesAreWrittenWithPrimitiveSchemas() {
        KafkaAvroSerializer keys = serializer(true);
        KafkaAvroDeserializer keyReader = new KafkaAvroDeserializer();
        keyReader.configure(TestRecords.configs(scope), true);

        byte[] bytes = keys.serialize("orders", "114-3941689-8772232");

        assertThat(registry.getLatestSchemaMetadata("orders-key").schema())
                .isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(keyReader.deserialize("orders", bytes)).isEqualTo(new Utf8("114-3941689-8772232"));
        assertThat(keyReader.deserialize("counts", keys.serialize("counts", 42L)))
                .isEqualTo(42L);
        assertThat(keyReader.deserialize("blobs", keys.serialize("blobs", new byte[] {1, 2})))
                .isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
    }

    @Test
    void rejectsTypesAvroCannotWrite() {
        assertThatThrownBy(() -> serializer(false).serialize("refunds", new java.util.Date()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Cannot serialize java.util.Date for topic refunds");
    }

    @Test
    void oneSerializerServesManyThreads() throws Exception {
        KafkaAvroSerializer serializer = serializer(false);
        KafkaAvroDeserializer deserializer = deserializer(true);
        List<SpecificRecordBase> records = List.of(
                TestRecords.refund(),
                TestRecords.orderPlaced(),
                TestRecords.shipmentShipped(),
                TestRecords.claimFiled(),
                TestRecords.orderCase());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 200; i++) {
                        SpecificRecordBase record = records.get(i % records.size());
                        String topic = record.getSchema().getName();
                        // expected.equals(actual): see RoundTripTest.deserializedArraysCannotCompareThemselves
                        assertThat(record)
                                .isEqualTo(deserializer.deserialize(topic, serializer.serialize(topic, record)));
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.getAllSubjects()).hasSize(records.size());
        assertThat(registry.getLatestSchemaMetadata("OrderEvent-value").schema())
                .isEqualTo(OrderEvent.getClassSchema());
    }

    @Test
    void mustBeConfiguredFirst() {
        assertThatThrownBy(() -> new KafkaAvroSerializer().serialize("refunds", TestRecords.refund()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured");
    }
}
