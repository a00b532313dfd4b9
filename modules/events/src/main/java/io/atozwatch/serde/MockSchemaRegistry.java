package io.atozwatch.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;

/**
 * An in-memory schema registry for tests and local runs, selected by {@code mock://<scope>}.
 * Every serde configured with the same scope in this JVM shares one instance, so a producer and
 * a consumer in the same test see each other's schemas.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

    private static final ConcurrentMap<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    /** The shared instance for a scope, created on first use. */
    public static MockSchemaRegistry getClientForScope(String scope) {
        return SCOPES.computeIfAbsent(Objects.requireNonNull(scope, "scope"), s -> new MockSchemaRegistry());
    }

    /** Forgets a scope; the next getClientForScope starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    // Ids are per registry, not per subject, like Confluent's: the same schema text in two subjects shares one id.
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new TreeMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        String text = canonicalText(schema);
        int id = idsByText.computeIfAbsent(text, t -> {
            int next = schemasById.size() + 1;
            // keep a fresh parse, as a remote registry would hand back, not the caller's (mutable) instance
            schemasById.put(next, new Schema.Parser().parse(t));
            return next;
        });
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized int getId(String subject, Schema schema) {
        Integer id = idsByText.get(canonicalText(schema));
        List<Integer> versions = idsBySubject.get(subject);
        if (id == null || versions == null || !versions.contains(id)) {
            throw new SchemaRegistryException(
                    "Schema " + schema.getFullName() + " is not registered under subject '" + subject + "'",
                    SchemaRegistryException.NONE,
                    versions == null
                            ? SchemaRegistryException.SUBJECT_NOT_FOUND
                            : SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return id;
    }

    @Override
    public synchronized Schema getSchemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(
                    "No schema with id " + id, SchemaRegistryException.NONE, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    @Override
    public synchronized SchemaMetadata getLatestSchemaMetadata(String subject) {
        List<Integer> versions = idsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException(
                    "Subject '" + subject + "' not found",
                    SchemaRegistryException.NONE,
                    SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        int latestId = versions.get(versions.size() - 1);
        return new SchemaMetadata(latestId, versions.size(), schemasById.get(latestId));
    }

    @Override
    public synchronized List<String> getAllSubjects() {
        return List.copyOf(idsBySubject.keySet());
    }

    /**
     * Avro's JSON rendering of the parsed schema: independent of the source text's whitespace, yet
     * (unlike Avro's Parsing Canonical Form) it keeps defaults, logical types and properties, which
     * change what the schema means.
     */
    private static String canonicalText(Schema schema) {
        return Objects.requireNonNull(schema, "schema").toString();
    }
}
