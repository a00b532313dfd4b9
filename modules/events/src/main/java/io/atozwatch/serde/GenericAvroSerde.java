package io.atozwatch.serde;

import org.apache.avro.generic.GenericRecord;

/** Serde for GenericRecord, like Confluent's GenericAvroSerde: records come back in their writer schema. */
public class GenericAvroSerde extends TypedAvroSerde<GenericRecord> {

    /** The registry comes from schema.registry.url at configure time. */
    public GenericAvroSerde() {
        this(null);
    }

    public GenericAvroSerde(SchemaRegistryClient registry) {
        super(registry, false);
    }
}
