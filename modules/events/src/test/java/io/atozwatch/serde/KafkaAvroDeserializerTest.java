package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.events.RefundEvent;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaAvroDeserializerTest {

    private final String scope = TestRecords.freshScope();
    private final KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    private final KafkaAvroDeserializer specific = new KafkaAvroDeserializer();
    private final KafkaAvroDeserializer generic = new KafkaAvroDeserializer();

    KafkaAvroDeserializerTest() {
        serializer.configure(TestRecords.configs(scope), false);
        specific.configure(TestRecords.configs(scope, AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, "true"), false);
        generic.configure(TestRecords.configs(scope), false);
    }

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void nullBytesAreNullAndNullIsNullBytes() {
        assertThat(serializer.serialize("refunds", null)).isNull();
        assertThat(specific.deserialize("refunds", null)).isNull();
    }

    @Test
    void rejectsAnUnknownMagicByte() {
        byte[] bytes = serializer.serialize("refunds", TestRecords.refund());
        bytes[0] = 1;

        assertThatThrownBy(() -> specific.deserialize("refunds", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Unknown magic byte 0x01 for topic refunds (subject refunds-value)");
    }

    @Test
    void rejectsJsonThatLandedOnAnAvroTopic() {
        assertThatThrownBy(() -> generic.deserialize("refunds", "{\"eventId\":\"e1\"}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Unknown magic byte 0x7b for topic refunds");
    }

    @Test
    void rejectsRecordsShorterThanTheHeader() {
        assertThatThrownBy(() -> specific.deserialize("refunds", new byte[] {0, 0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Record too short for topic refunds (subject refunds-value): 4 bytes");
        assertThatThrownBy(() -> specific.deserialize("refunds", new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("0 bytes");
    }

    @Test
    void rejectsAnUnknownSchemaId() {
        byte[] bytes = {0, 0, 0, 0, 42, 2};

        assertThatThrownBy(() -> specific.deserialize("refunds", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Unknown schema id 42 for topic refunds (subject refunds-value): No schema with id 42")
                .hasCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void truncatedBodyNamesTopicSubjectAndId() {
        byte[] bytes = serializer.serialize("refunds", TestRecords.refund());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

        assertThatThrownBy(() -> specific.deserialize("refunds", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Error deserializing Avro data for topic refunds, subject refunds-value, schema id 1:");
    }

    @Test
    void keysUseTheKeySubjectInMessages() {
        KafkaAvroDeserializer keys = new KafkaAvroDeserializer();
        keys.configure(TestRecords.configs(scope), true);

        assertThatThrownBy(() -> keys.deserialize("refunds", new byte[] {0, 0, 0, 0, 9}))
                .hasMessageStartingWith("Unknown schema id 9 for topic refunds (subject refunds-key)");
    }

    @Test
    void specificReaderFalseYieldsGenericRecordInTheWriterSchema() {
        byte[] bytes = serializer.serialize("refunds", TestRecords.refund());

        Object back = generic.deserialize("refunds", bytes);

        assertThat(back).isInstanceOf(GenericData.Record.class).isNotInstanceOf(SpecificRecord.class);
        GenericRecord record = (GenericRecord) back;
        assertThat(record.getSchema()).isEqualTo(RefundEvent.getClassSchema());
        assertThat(record.get("refundId")).hasToString("r1");
        assertThat(record.get("amountMinor")).isEqualTo(1299L);
        // no logical-type conversion for generic records, as with Confluent's default
        assertThat(record.get("occurredAt")).isEqualTo(TestRecords.T0.toEpochMilli());
    }

    @Test
    void specificReaderTrueYieldsTheGeneratedClass() {
        byte[] bytes = serializer.serialize("refunds", TestRecords.refund());

        assertThat(specific.deserialize("refunds", bytes))
                .isInstanceOf(RefundEvent.class)
                .isEqualTo(TestRecords.refund());
    }

    @Test
    void specificReaderWithoutAGeneratedClassFailsClearly() {
        Schema unknown = SchemaBuilder.record("Mystery")
                .namespace("com.example.nowhere")
                .fields()
                .requiredString("a")
                .endRecord();
        GenericRecord record = new GenericData.Record(unknown);
        record.put("a", "x");
        byte[] bytes = serializer.serialize("mystery", record);

        assertThatThrownBy(() -> specific.deserialize("mystery", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage("No generated class com.example.nowhere.Mystery on the classpath for schema id 1"
                        + " (topic mystery, subject mystery-value) while specific.avro.reader is true");
    }

    @Test
    void specificReaderStillRefusesClassesOutsideTheTrustedPackages() {
        // a writer schema from the registry naming an arbitrary JDK class must not make Avro load it
        Schema hostile = SchemaBuilder.record("ArrayList")
                .namespace("java.util")
                .fields()
                .requiredString("a")
                .endRecord();
        GenericRecord record = new GenericData.Record(hostile);
        record.put("a", "x");
        byte[] bytes = serializer.serialize("hostile", record);

        assertThatThrownBy(() -> specific.deserialize("hostile", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Avro refuses to load class java.util.ArrayList (schema id 1, topic hostile");
    }

    @Test
    void looksUpEachSchemaIdOnce() {
        AtomicInteger lookups = new AtomicInteger();
        MockSchemaRegistry shared = MockSchemaRegistry.getClientForScope(scope);
        SchemaRegistryClient counting = new ForwardingRegistry(shared) {
            @Override
            public Schema getSchemaById(int id) {
                lookups.incrementAndGet();
                return super.getSchemaById(id);
            }
        };
        KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer(counting, TestRecords.configs(scope));
        byte[] bytes = serializer.serialize("refunds", TestRecords.refund());

        for (int i = 0; i < 50; i++) {
            deserializer.deserialize("refunds", bytes);
        }

        assertThat(lookups).hasValue(1);
    }

    @Test
    void mustBeConfiguredFirst() {
        assertThatThrownBy(() -> new KafkaAvroDeserializer().deserialize("refunds", new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured");
    }
}
