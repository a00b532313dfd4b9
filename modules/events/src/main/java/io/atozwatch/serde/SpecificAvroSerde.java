package io.atozwatch.serde;

import org.apache.avro.specific.SpecificRecord;

/**
 * Serde for generated Avro classes, like Confluent's SpecificAvroSerde: specific.avro.reader is
 * always true, whatever the configs say. Configure it with {@code configure(configs, isKey)}.
 */
public class SpecificAvroSerde<T extends SpecificRecord> extends TypedAvroSerde<T> {

    /** The registry comes from schema.registry.url at configure time. */
    public SpecificAvroSerde() {
        this(null);
    }

    public SpecificAvroSerde(SchemaRegistryClient registry) {
        super(registry, true);
    }
}
