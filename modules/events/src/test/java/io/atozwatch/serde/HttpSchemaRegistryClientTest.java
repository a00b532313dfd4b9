package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.events.OrderEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP client and the serde against a real schema registry: Apicurio Registry's
 * Confluent-compatible API (global compatibility BACKWARD, in-memory storage), started once for
 * this class. Each test uses its own topic, so tests do not see each other's subjects.
 */
class HttpSchemaRegistryClientTest {

    @RegisterExtension
    static final ApicurioRegistry REGISTRY = new ApicurioRegistry();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema ORDER_V1 = OrderEvent.getClassSchema();
    /** Backward-incompatible: a reader of this schema cannot read v1 data, which lacks "channel". */
    private static final Schema ORDER_REQUIRED_CHANNEL = withField(ORDER_V1, "channel", "\"string\"", null);
    /** Backward-compatible: "channel" has a default. */
    private static final Schema ORDER_DEFAULTED_CHANNEL = withField(ORDER_V1, "channel", "\"string\"", "\"web\"");

    private final String topic = "orders-" + UUID.randomUUID();
    private final String subject = topic + "-value";

    @Test
    void serdeRegistersOnFirstSerializeAndRoundTripsARealEvent() throws Exception {
        assertThat(client().getAllSubjects()).doesNotContain(subject);
        SpecificAvroSerde<OrderEvent> producer = new SpecificAvroSerde<>();
        producer.configure(serdeConfigs(), false);

        byte[] placed = producer.serializer().serialize(topic, TestRecords.orderPlaced());
        byte[] charged = producer.serializer().serialize(topic, TestRecords.orderChargedDigital());

        assertThat(placed[0]).isZero();
        int id = idOf(placed);
        assertThat(idOf(charged)).isEqualTo(id);
        // what the registry itself says, over plain REST
        JsonNode latest = rawGet("/subjects/" + subject + "/versions/latest");
        assertThat(latest.get("subject").asText()).isEqualTo(subject);
        assertThat(latest.get("id").asInt()).isEqualTo(id);
        assertThat(latest.get("version").asInt()).isEqualTo(1);
        JsonNode byId = rawGet("/schemas/ids/" + id);
        assertThat(new Schema.Parser().parse(byId.get("schema").asText())).isEqualTo(ORDER_V1);
        assertThat(rawGet("/subjects").toString()).contains("\"" + subject + "\"");

        // a separate consumer serde (its own client, empty caches) fetches the writer schema by id
        SpecificAvroSerde<OrderEvent> consumer = new SpecificAvroSerde<>();
        consumer.configure(serdeConfigs(), false);
        assertThat(consumer.deserializer().deserialize(topic, placed)).isEqualTo(TestRecords.orderPlaced());
        assertThat(consumer.deserializer().deserialize(topic, charged)).isEqualTo(TestRecords.orderChargedDigital());
        assertThat(client().getSchemaById(id)).isEqualTo(ORDER_V1);
    }

    @Test
    void oneSerdeUsedFromManyThreadsAgreesOnOneId() throws Exception {
        SpecificAvroSerde<OrderEvent> serde = new SpecificAvroSerde<>();
        serde.configure(serdeConfigs(), false);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                OrderEvent event = OrderEvent.newBuilder(TestRecords.orderPlaced())
                        .setEventId("evt-" + i)
                        .build();
                results.add(threads.submit(() -> serde.serializer().serialize(topic, event)));
            }
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < results.size(); i++) {
                byte[] bytes = results.get(i).get(30, TimeUnit.SECONDS);
                ids.add(idOf(bytes));
                assertThat(serde.deserializer().deserialize(topic, bytes).getEventId())
                        .isEqualTo("evt-" + i);
            }
            assertThat(ids).containsExactly(client().getId(subject, ORDER_V1));
            assertThat(client().getLatestSchemaMetadata(subject).version()).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void registeringTheSameSchemaTwiceGivesTheSameId() {
        int first = client().register(subject, ORDER_V1);
        // a new client each time, so the second answer is the registry's, not a cache's
        int second = client().register(subject, ORDER_V1);
        int lookedUp = client().getId(subject, ORDER_V1);

        assertThat(second).isEqualTo(first);
        assertThat(lookedUp).isEqualTo(first);
        SchemaMetadata latest = client().getLatestSchemaMetadata(subject);
        assertThat(latest.version()).isEqualTo(1);
        assertThat(latest.id()).isEqualTo(first);
        assertThat(latest.schema()).isEqualTo(ORDER_V1);
    }

    @Test
    void backwardIncompatibleSchemaIsRefusedWith409() {
        int v1 = client().register(subject, ORDER_V1);

        SchemaRegistryException refused = catchThrowableOfType(
                SchemaRegistryException.class, () -> client().register(subject, ORDER_REQUIRED_CHANNEL));

        assertThat(refused).isNotNull();
        assertThat(refused.httpStatus()).isEqualTo(409);
        assertThat(refused.errorCode())
                .isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA)
                .isEqualTo(409);
        assertThat(refused.getMessage())
                .contains("incompatible with the latest version of subject '" + subject + "'")
                .contains("compatibility rule (BACKWARD)")
                .contains(REGISTRY.ccompatUrl());
        // nothing was registered
        assertThat(client().getLatestSchemaMetadata(subject))
                .extracting(SchemaMetadata::id, SchemaMetadata::version)
                .containsExactly(v1, 1);

        // the serializer with auto.register.schemas=true surfaces it as the cause of its SerializationException
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(serdeConfigs(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true), false);
        GenericRecord withChannel = asGeneric(TestRecords.orderPlaced(), ORDER_REQUIRED_CHANNEL, "app");
        Throwable thrown = catchThrowable(() -> serializer.serialize(topic, withChannel));

        assertThat(thrown)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(
                        "Could not register schema io.atozwatch.events.OrderEvent under subject " + subject);
        assertThat(thrown.getCause()).isInstanceOf(SchemaRegistryException.class);
        SchemaRegistryException cause = (SchemaRegistryException) thrown.getCause();
        assertThat(cause.httpStatus()).isEqualTo(409);
        assertThat(cause.errorCode()).isEqualTo(409);
    }

    @Test
    void backwardCompatibleEvolutionIsAcceptedWithANewId() {
        int v1 = client().register(subject, ORDER_V1);

        int v2 = client().register(subject, ORDER_DEFAULTED_CHANNEL);

        assertThat(v2).isNotEqualTo(v1);
        SchemaMetadata latest = client().getLatestSchemaMetadata(subject);
        assertThat(latest.id()).isEqualTo(v2);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(client().getSchemaById(v2)).isEqualTo(ORDER_DEFAULTED_CHANNEL);
        assertThat(client().getSchemaById(v1)).isEqualTo(ORDER_V1);

        // data written with the new schema is read into the generated (old) class by schema resolution
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(serdeConfigs(), false);
        byte[] bytes =
                serializer.serialize(topic, asGeneric(TestRecords.orderPlaced(), ORDER_DEFAULTED_CHANNEL, "app"));
        assertThat(idOf(bytes)).isEqualTo(v2);
        SpecificAvroSerde<OrderEvent> consumer = new SpecificAvroSerde<>();
        consumer.configure(serdeConfigs(), false);
        assertThat(consumer.deserializer().deserialize(topic, bytes)).isEqualTo(TestRecords.orderPlaced());
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAClearError() {
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(serdeConfigs(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

        // no such subject yet
        Throwable noSubject = catchThrowable(() -> serializer.serialize(topic, TestRecords.orderPlaced()));
        assertThat(noSubject)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("auto.register.schemas is false")
                .hasMessageContaining(subject);
        assertThat(noSubject.getCause()).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        });

        // the subject exists, but with another schema
        client().register(subject, ORDER_DEFAULTED_CHANNEL);
        Throwable noSchema = catchThrowable(() -> serializer.serialize(topic, TestRecords.orderPlaced()));
        assertThat(noSchema).isInstanceOf(SerializationException.class);
        assertThat(noSchema.getCause()).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
            assertThat(e.getMessage()).contains("not registered under subject '" + subject + "'");
        });

        // registered beforehand, it is found and used
        int id = client().register(subject, ORDER_V1);
        assertThat(idOf(serializer.serialize(topic, TestRecords.orderPlaced()))).isEqualTo(id);
    }

    @Test
    void unknownIdsAndSubjectsAreNotFoundCodes() {
        SchemaRegistryException noId = catchThrowableOfType(
                SchemaRegistryException.class, () -> client().getSchemaById(Integer.MAX_VALUE - 1));
        assertThat(noId.httpStatus()).isEqualTo(404);
        assertThat(noId.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertThat(noId.getMessage()).startsWith("No schema with id " + (Integer.MAX_VALUE - 1));

        SchemaRegistryException noSubject =
                catchThrowableOfType(SchemaRegistryException.class, () -> client().getLatestSchemaMetadata(subject));
        assertThat(noSubject.httpStatus()).isEqualTo(404);
        assertThat(noSubject.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertThat(noSubject.getMessage()).startsWith("Subject '" + subject + "' not found");

        // the deserializer reports an unknown id in the bytes with the registry's error as the cause
        KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
        deserializer.configure(serdeConfigs(), false);
        byte[] bytes = ByteBuffer.allocate(6)
                .put((byte) 0)
                .putInt(Integer.MAX_VALUE - 1)
                .put((byte) 0)
                .array();
        Throwable thrown = catchThrowable(() -> deserializer.deserialize(topic, bytes));
        assertThat(thrown).isInstanceOf(SerializationException.class).hasMessageContaining("Unknown schema id");
        assertThat(thrown.getCause())
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    @Test
    void subjectNamesAreUrlEncoded() {
        String odd = "orders with spaces/slash+plus?query#hash%percent:colon-café-" + UUID.randomUUID() + "-value";

        int id = client().register(odd, ORDER_V1);

        assertThat(client().getAllSubjects()).contains(odd);
        assertThat(client().getId(odd, ORDER_V1)).isEqualTo(id);
        assertThat(client().getLatestSchemaMetadata(odd).id()).isEqualTo(id);
        assertThat(catchThrowableOfType(
                                SchemaRegistryException.class,
                                () -> client().getLatestSchemaMetadata(odd.replace("café", "cafe")))
                        .errorCode())
                .isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
    }

    @Test
    void registryDownFailsFastWithAnErrorNamingTheUrl() {
        String down = "http://127.0.0.1:" + ApicurioRegistry.freePorts(1)[0] + "/apis/ccompat/v7";
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(down);

        SchemaRegistryException e = assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> catchThrowableOfType(SchemaRegistryException.class, () -> client.register(subject, ORDER_V1)));

        assertThat(e.getMessage())
                .startsWith("Schema registry at " + down + " cannot be reached (ConnectException")
                .endsWith("[POST /subjects/" + subject + "/versions]");
        assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NONE);
        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NONE);
        assertThat(e).hasCauseInstanceOf(ConnectException.class);

        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, down), false);
        Throwable thrown = assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> catchThrowable(() -> serializer.serialize(topic, TestRecords.orderPlaced())));
        assertThat(thrown)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(down)
                .hasCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void aDownUrlIsSkippedForTheNextOne() {
        String down = "http://127.0.0.1:" + ApicurioRegistry.freePorts(1)[0] + "/apis/ccompat/v7";
        SpecificAvroSerde<OrderEvent> serde = new SpecificAvroSerde<>();
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, down + "," + REGISTRY.ccompatUrl()), false);

        byte[] bytes = serde.serializer().serialize(topic, TestRecords.orderPlaced());

        assertThat(idOf(bytes)).isEqualTo(client().getId(subject, ORDER_V1));
        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(TestRecords.orderPlaced());
    }

    // --- helpers ---

    private static HttpSchemaRegistryClient client() {
        return new HttpSchemaRegistryClient(List.of(REGISTRY.ccompatUrl()), Map.of());
    }

    private static Map<String, Object> serdeConfigs(Object... keyValues) {
        Map<String, Object> configs = new HashMap<>();
        configs.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, REGISTRY.ccompatUrl());
        for (int i = 0; i < keyValues.length; i += 2) {
            configs.put((String) keyValues[i], keyValues[i + 1]);
        }
        return configs;
    }

    private static int idOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    private static JsonNode rawGet(String path) throws IOException, InterruptedException {
        String[] segments = path.split("/", -1);
        StringBuilder encoded = new StringBuilder();
        for (int i = 1; i < segments.length; i++) {
            encoded.append('/').append(HttpSchemaRegistryClient.encodePathSegment(segments[i]));
        }
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(REGISTRY.ccompatUrl() + encoded))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The schema with one more field at the end; defaultJson null for none. */
    private static Schema withField(Schema schema, String name, String typeJson, String defaultJson) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(schema.toString());
            ObjectNode field = ((ArrayNode) root.get("fields")).addObject();
            field.put("name", name);
            field.set("type", JSON.readTree(typeJson));
            if (defaultJson != null) {
                field.set("default", JSON.readTree(defaultJson));
            }
            return new Schema.Parser().parse(root.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event as a GenericRecord of a schema with an extra "channel" field. */
    private static GenericRecord asGeneric(OrderEvent event, Schema target, String channel) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<OrderEvent>(OrderEvent.class).write(event, encoder);
            encoder.flush();
            GenericRecord plain = new GenericDatumReader<GenericRecord>(ORDER_V1)
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
            GenericData.Record record = new GenericData.Record(target);
            for (Schema.Field f : ORDER_V1.getFields()) {
                record.put(f.name(), plain.get(f.name()));
            }
            record.put("channel", channel);
            return record;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
