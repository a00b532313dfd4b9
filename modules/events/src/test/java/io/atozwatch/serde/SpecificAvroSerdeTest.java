package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.RefundEvent;
import io.atozwatch.state.OrderCase;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {

    private final String scope = TestRecords.freshScope();

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void forcesTheSpecificReaderWhateverTheConfigSays() {
        try (Serde<RefundEvent> serde = new SpecificAvroSerde<>()) {
            serde.configure(TestRecords.configs(scope, AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, false), false);

            byte[] bytes = serde.serializer().serialize("refunds", TestRecords.refund());
            RefundEvent back = serde.deserializer().deserialize("refunds", bytes);

            assertThat(back).isEqualTo(TestRecords.refund());
            assertThat(MockSchemaRegistry.getClientForScope(scope).getAllSubjects())
                    .containsExactly("refunds-value");
        }
    }

    @Test
    void keySerdeUsesTheKeySubjectAndAnInjectedRegistry() {
        MockSchemaRegistry registry = new MockSchemaRegistry();
        SpecificAvroSerde<OrderCase> serde = new SpecificAvroSerde<>(registry);
        serde.configure(TestRecords.configs(scope), true);

        byte[] bytes = serde.serializer().serialize("order-cases", TestRecords.orderCase());

        // expected.equals(actual): see RoundTripTest.deserializedArraysCannotCompareThemselves
        assertThat(TestRecords.orderCase()).isEqualTo(serde.deserializer().deserialize("order-cases", bytes));
        assertThat(registry.getAllSubjects()).containsExactly("order-cases-key");
        assertThat(MockSchemaRegistry.getClientForScope(scope).getAllSubjects())
                .as("the URL's scope is unused")
                .isEmpty();
    }

    @Test
    void serializerAndDeserializerCanBeConfiguredOnTheirOwn() {
        SpecificAvroSerde<RefundEvent> serde = new SpecificAvroSerde<>();
        serde.serializer().configure(TestRecords.configs(scope), false);
        serde.deserializer().configure(TestRecords.configs(scope), false);

        byte[] bytes = serde.serializer().serialize("refunds", TestRecords.refund());

        assertThat(serde.deserializer().deserialize("refunds", bytes)).isInstanceOf(RefundEvent.class);
    }

    @Test
    void genericSerdeReturnsGenericRecordsEvenWhenAskedForSpecificOnes() {
        GenericAvroSerde serde = new GenericAvroSerde();
        serde.configure(TestRecords.configs(scope, AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true), false);

        byte[] bytes = new KafkaAvroSerializer(MockSchemaRegistry.getClientForScope(scope), TestRecords.configs(scope))
                .serialize("refunds", TestRecords.refund());
        GenericRecord back = serde.deserializer().deserialize("refunds", bytes);

        assertThat(back).isNotInstanceOf(SpecificRecord.class);
        assertThat(back.get("currency")).hasToString("EUR");
        assertThat(serde.serializer().serialize("refunds", back)).isEqualTo(bytes);
    }
}
