package io.atozwatch.serde;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format. The writer schema comes from the registry by id; with
 * specific.avro.reader=true the generated class named like the writer schema is the reader
 * (Avro schema resolution bridges the two), otherwise a GenericRecord in the writer schema is
 * returned. Thread-safe once configured.
 */
public class KafkaAvroDeserializer implements Deserializer<Object> {

    private final SchemaRegistryClient injectedRegistry;
    // schema id -> reader; Avro datum readers are thread-safe and keep their resolution plans
    private final Map<Integer, DatumReader<Object>> readersById = new ConcurrentHashMap<>();
    // topic -> subject, so that a record does not build its subject's name
    private final Map<String, String> subjects = new ConcurrentHashMap<>();
    // each thread's decoder, re-pointed at record after record
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();
    private volatile SchemaRegistryClient registry;
    private volatile AvroSerdeConfig config;
    private volatile boolean isKey;

    /** The registry comes from schema.registry.url at configure time. */
    public KafkaAvroDeserializer() {
        this(null);
    }

    /** Uses the given registry; schema.registry.url is still required, as with Confluent's. */
    public KafkaAvroDeserializer(SchemaRegistryClient registry) {
        this.injectedRegistry = registry;
    }

    /** Uses the given registry and configures this as a value deserializer. */
    public KafkaAvroDeserializer(SchemaRegistryClient registry, Map<String, ?> configs) {
        this(registry);
        configure(configs, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig parsed = new AvroSerdeConfig(configs);
        this.registry = SchemaRegistries.injectedOrConfigured(injectedRegistry, parsed, configs);
        this.isKey = isKey;
        this.config = parsed;
        readersById.clear();
        subjects.clear();
        AvroTrustedPackages.trustProjectPackages();
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        AvroSerdeConfig cfg = requireConfigured();
        String subject = subjects.computeIfAbsent(topic, t -> TopicNameStrategy.subjectName(t, isKey));
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new SerializationException(
                    "Record too short for topic " + topic + " (subject " + subject + "): " + data.length
                            + " bytes, the header alone (magic byte + 4-byte schema id) is " + WireFormat.HEADER_SIZE);
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x for topic %s (subject %s): not in the Confluent Avro wire format, which starts with 0x00",
                    data[0], topic, subject));
        }
        int id = ByteBuffer.wrap(data, 1, WireFormat.ID_SIZE).getInt();
        DatumReader<Object> reader = readerFor(cfg, id, topic, subject);
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, DECODERS.get());
            DECODERS.set(decoder);
            return reader.read(null, decoder);
        } catch (Exception e) {
            throw new SerializationException(
                    "Error deserializing Avro data for topic " + topic + ", subject " + subject + ", schema id " + id
                            + ": " + e,
                    e);
        }
    }

    private AvroSerdeConfig requireConfigured() {
        AvroSerdeConfig cfg = config;
        if (cfg == null) {
            throw new IllegalStateException(
                    "KafkaAvroDeserializer is not configured: call configure(configs, isKey) first");
        }
        return cfg;
    }

    private DatumReader<Object> readerFor(AvroSerdeConfig cfg, int id, String topic, String subject) {
        DatumReader<Object> cached = readersById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema writer;
        try {
            writer = registry.getSchemaById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Unknown schema id " + id + " for topic " + topic + " (subject " + subject + "): " + e.getMessage(),
                    e);
        }
        DatumReader<Object> reader = cfg.specificAvroReader() && isNamed(writer)
                ? specificReader(writer, id, topic, subject)
                : new GenericDatumReader<>(writer, writer, GenericData.get());
        DatumReader<Object> raced = readersById.putIfAbsent(id, reader);
        return raced != null ? raced : reader;
    }

    private DatumReader<Object> specificReader(Schema writer, int id, String topic, String subject) {
        Class<?> generated;
        try {
            // a fresh SpecificData per lookup: its class cache must not remember a failed (untrusted) lookup
            generated = new SpecificData(KafkaAvroDeserializer.class.getClassLoader()).getClass(writer);
        } catch (SecurityException e) {
            throw new SerializationException(
                    "Avro refuses to load class " + writer.getFullName() + " (schema id " + id + ", topic " + topic
                            + ", subject " + subject + "): " + e.getMessage(),
                    e);
        }
        if (generated == null) {
            throw new SerializationException(
                    "No generated class " + writer.getFullName() + " on the classpath for schema id " + id + " (topic "
                            + topic + ", subject " + subject + ") while specific.avro.reader is true");
        }
        SpecificData model = SpecificData.getForClass(generated);
        return new SpecificDatumReader<>(writer, model.getSchema(generated), model);
    }

    private static boolean isNamed(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> true;
            default -> false;
        };
    }
}
