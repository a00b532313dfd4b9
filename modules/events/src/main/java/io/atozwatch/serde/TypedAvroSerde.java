package io.atozwatch.serde;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A typed Serde over KafkaAvroSerializer/KafkaAvroDeserializer that pins specific.avro.reader. */
abstract class TypedAvroSerde<T> implements Serde<T> {

    private final KafkaAvroSerializer inner;
    private final KafkaAvroDeserializer innerDeserializer;
    private final boolean specificReader;
    private final Serializer<T> serializer = new TypedSerializer();
    private final Deserializer<T> deserializer = new TypedDeserializer();

    TypedAvroSerde(SchemaRegistryClient registry, boolean specificReader) {
        this.inner = new KafkaAvroSerializer(registry);
        this.innerDeserializer = new KafkaAvroDeserializer(registry);
        this.specificReader = specificReader;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }

    private Map<String, Object> pinReader(Map<String, ?> configs) {
        Map<String, Object> pinned = new HashMap<>(configs);
        pinned.put(AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, specificReader);
        return pinned;
    }

    private final class TypedSerializer implements Serializer<T> {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            inner.configure(pinReader(configs), isKey);
        }

        @Override
        public byte[] serialize(String topic, T data) {
            return inner.serialize(topic, data);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private final class TypedDeserializer implements Deserializer<T> {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            innerDeserializer.configure(pinReader(configs), isKey);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(String topic, byte[] data) {
            return (T) innerDeserializer.deserialize(topic, data);
        }

        @Override
        public void close() {
            innerDeserializer.close();
        }
    }
}
