package io.atozwatch.app.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.serde.SchemaMetadata;
import io.atozwatch.serde.SchemaRegistryException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;

/**
 * A schema registry speaking the part of the Confluent API that the app's serdes use, kept in memory in
 * this process. The chaos run needs one shared by several JVMs (producer, instances, reader); a
 * {@code mock://} registry lives inside one JVM only, and a real one is a container this tool does not
 * require. It never goes down: the chaos is aimed at the broker and the app, not at the registry.
 */
final class RegistryServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String scope = "chaos-" + UUID.randomUUID();
    private final MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope(scope);
    private final Javalin http;

    RegistryServer() {
        http = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        http.post(
                "/subjects/{subject}/versions",
                ctx -> ctx.json(Map.of("id", registry.register(ctx.pathParam("subject"), schemaOf(ctx)))));
        http.post("/subjects/{subject}", ctx -> {
            String subject = ctx.pathParam("subject");
            Schema schema = schemaOf(ctx);
            int id = registry.getId(subject, schema);
            ctx.json(version(subject, id, schema));
        });
        http.get("/subjects/{subject}/versions/latest", ctx -> {
            String subject = ctx.pathParam("subject");
            SchemaMetadata latest = registry.getLatestSchemaMetadata(subject);
            ctx.json(version(subject, latest.id(), latest.schema()));
        });
        http.get(
                "/schemas/ids/{id}",
                ctx -> ctx.json(Map.of(
                        "schema",
                        registry.getSchemaById(Integer.parseInt(ctx.pathParam("id")))
                                .toString())));
        http.get("/subjects", ctx -> ctx.json(registry.getAllSubjects()));
        http.exception(
                SchemaRegistryException.class,
                (e, ctx) -> ctx.status(e.errorCode() == SchemaRegistryException.NONE ? 500 : 404)
                        .json(Map.of("error_code", e.errorCode(), "message", String.valueOf(e.getMessage()))));
        http.start("127.0.0.1", 0);
    }

    /** {@code http://127.0.0.1:PORT}, the {@code schema.registry.url} of every client of the run. */
    String url() {
        return "http://127.0.0.1:" + http.port();
    }

    private static Schema schemaOf(Context ctx) throws Exception {
        JsonNode body = JSON.readTree(ctx.body());
        return new Schema.Parser().parse(body.path("schema").asText());
    }

    private Map<String, Object> version(String subject, int id, Schema schema) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", subject);
        m.put("id", id);
        m.put("version", versionOf(subject, id));
        m.put("schema", schema.toString());
        return m;
    }

    /** Versions count from 1 in registration order; the mock exposes only the latest, which is all the app asks. */
    private int versionOf(String subject, int id) {
        SchemaMetadata latest = registry.getLatestSchemaMetadata(subject);
        return latest.id() == id ? latest.version() : 1;
    }

    @Override
    public void close() {
        http.stop();
        MockSchemaRegistry.dropScope(scope);
    }
}
