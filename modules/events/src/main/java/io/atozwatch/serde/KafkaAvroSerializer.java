package io.atozwatch.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generic or specific) and Avro primitives in the Confluent wire format,
 * registering or looking up the schema under Confluent's TopicNameStrategy subject.
 * Thread-safe once configured.
 */
public class KafkaAvroSerializer implements Serializer<Object> {

    private final SchemaRegistryClient injectedRegistry;
    // (subject, schema) -> id, so the registry is asked once per schema, not once per record
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    // like Confluent's default (no TTL), the latest version is looked up once per subject
    private final Map<String, SchemaMetadata> latestBySubject = new ConcurrentHashMap<>();
    // topic -> subject, so that a record does not build its subject's name
    private final Map<String, String> subjects = new ConcurrentHashMap<>();
    private volatile SchemaRegistryClient registry;
    private volatile AvroSerdeConfig config;
    private volatile boolean isKey;

    /** The registry comes from schema.registry.url at configure time. */
    public KafkaAvroSerializer() {
        this(null);
    }

    /** Uses the given registry; schema.registry.url is still required, as with Confluent's. */
    public KafkaAvroSerializer(SchemaRegistryClient registry) {
        this.injectedRegistry = registry;
    }

    /** Uses the given registry and configures this as a value serializer. */
    public KafkaAvroSerializer(SchemaRegistryClient registry, Map<String, ?> configs) {
        this(registry);
        configure(configs, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig parsed = new AvroSerdeConfig(configs);
        this.registry = SchemaRegistries.injectedOrConfigured(injectedRegistry, parsed, configs);
        this.isKey = isKey;
        this.config = parsed;
        ids.clear();
        latestBySubject.clear();
        subjects.clear();
        AvroTrustedPackages.trustProjectPackages();
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        AvroSerdeConfig cfg = requireConfigured();
        String subject = subjects.computeIfAbsent(topic, t -> TopicNameStrategy.subjectName(t, isKey));
        Object datum = data instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : data;
        Schema schema = schemaOf(datum, topic);
        if (cfg.useLatestVersion() && !cfg.autoRegisterSchemas()) {
            SchemaMetadata latest = latest(topic, subject);
            if (latest.schema().equals(schema)) {
                return encode(topic, subject, latest.id(), latest.schema(), datum);
            }
            Object converted = convert(topic, subject, latest, schema, datum);
            return encode(topic, subject, latest.id(), latest.schema(), converted);
        }
        return encode(topic, subject, schemaId(cfg, topic, subject, schema), schema, datum);
    }

    private AvroSerdeConfig requireConfigured() {
        AvroSerdeConfig cfg = config;
        if (cfg == null) {
            throw new IllegalStateException(
                    "KafkaAvroSerializer is not configured: call configure(configs, isKey) first");
        }
        return cfg;
    }

    private int schemaId(AvroSerdeConfig cfg, String topic, String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        int id;
        try {
            id = cfg.autoRegisterSchemas() ? registry.register(subject, schema) : registry.getId(subject, schema);
        } catch (SchemaRegistryException e) {
            String action = cfg.autoRegisterSchemas()
                    ? "Could not register"
                    : "Could not find (auto.register.schemas is false, so it must be registered beforehand)";
            throw new SerializationException(
                    action + " schema " + schema.getFullName() + " under subject " + subject + " for topic " + topic
                            + ": " + e.getMessage(),
                    e);
        }
        ids.putIfAbsent(key, id);
        return id;
    }

    private SchemaMetadata latest(String topic, String subject) {
        SchemaMetadata cached = latestBySubject.get(subject);
        if (cached != null) {
            return cached;
        }
        SchemaMetadata latest;
        try {
            latest = registry.getLatestSchemaMetadata(subject);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "Could not find the latest schema of subject " + subject + " for topic " + topic
                            + " (use.latest.version is true): " + e.getMessage(),
                    e);
        }
        latestBySubject.putIfAbsent(subject, latest);
        return latest;
    }

    /**
     * Rewrites the datum in the latest schema by Avro schema resolution (datum's schema as writer,
     * latest as reader), so fields line up by name, not position, and an incompatible latest
     * schema fails here rather than producing bytes nobody can read.
     */
    private static Object convert(String topic, String subject, SchemaMetadata latest, Schema schema, Object datum) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
            writerFor(schema, datum).write(datum, encoder);
            return new GenericDatumReader<>(schema, latest.schema(), GenericData.get())
                    .read(null, DecoderFactory.get().binaryDecoder(body.toByteArray(), null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot write " + schema.getFullName() + " with the latest schema of subject "
                            + subject + " (id " + latest.id() + ", version " + latest.version() + ") for topic " + topic
                            + ": " + e.getMessage(),
                    e);
        }
    }

    private static byte[] encode(String topic, String subject, int id, Schema schema, Object datum) {
        Buffer out = BUFFERS.get();
        out.reset();
        out.write(WireFormat.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, out.encoder);
            out.encoder = encoder;
            writerFor(schema, datum).write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            out.encoder = null; // it may hold the failed record's first bytes: the next record gets a fresh one
            // Avro reports e.g. a null in a non-nullable field as a bare NullPointerException
            throw new SerializationException(
                    "Error serializing Avro data of type " + schema.getFullName() + " for topic " + topic + ", subject "
                            + subject + ", schema id " + id + ": " + e,
                    e);
        }
        return out.toByteArray();
    }

    /**
     * Each thread's output buffer and buffered encoder, reused record after record: a record costs one copy of its
     * bytes, not a growing stream and an encoder of its own. An unusually large record's buffer is not kept.
     */
    private static final class Buffer extends ByteArrayOutputStream {
        private static final int KEPT = 1 << 20;
        BinaryEncoder encoder;

        Buffer() {
            super(1024);
        }

        @Override
        public void reset() {
            if (buf.length > KEPT) {
                buf = new byte[1024];
            }
            super.reset();
        }

        // unsynchronized: a buffer is used by one thread only
        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }

    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(Schema schema, Object datum) {
        // A generated class's own model carries its logical-type conversions (e.g. Instant for timestamp-millis).
        // Its schema is the class's: one writer per class, reused by every record (writers keep no state
        // between writes).
        if (datum instanceof SpecificRecord record && record.getSchema() == schema) {
            return SPECIFIC_WRITERS.computeIfAbsent(datum.getClass(), c -> (DatumWriter<Object>)
                    (DatumWriter<?>) new SpecificDatumWriter<>(schema, SpecificData.getForClass(c)));
        }
        if (datum instanceof SpecificRecord) {
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass(datum.getClass()));
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    private static final java.util.Map<Class<?>, DatumWriter<Object>> SPECIFIC_WRITERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Schema schemaOf(Object datum, String topic) {
        if (datum instanceof GenericContainer container) {
            return container.getSchema();
        }
        Schema.Type type;
        if (datum instanceof CharSequence) {
            type = Schema.Type.STRING;
        } else if (datum instanceof Integer) {
            type = Schema.Type.INT;
        } else if (datum instanceof Long) {
            type = Schema.Type.LONG;
        } else if (datum instanceof Boolean) {
            type = Schema.Type.BOOLEAN;
        } else if (datum instanceof Float) {
            type = Schema.Type.FLOAT;
        } else if (datum instanceof Double) {
            type = Schema.Type.DOUBLE;
        } else if (datum instanceof ByteBuffer) {
            type = Schema.Type.BYTES;
        } else {
            throw new SerializationException(
                    "Cannot serialize " + datum.getClass().getName() + " for topic " + topic
                            + ": expected an Avro record, enum or fixed, or a string, int, long, boolean, float, double or bytes");
        }
        return Schema.create(type);
    }

    private record SubjectSchema(String subject, Schema schema) {}
}
