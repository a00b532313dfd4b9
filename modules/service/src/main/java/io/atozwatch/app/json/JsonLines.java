package io.atozwatch.app.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reading and writing JSON lines, one record per line:
 * {@code {"topic":"orders","key":"o-1","timestamp":"2026-03-01T10:00:00Z","headers":{...},"value":{...}}}.
 */
public final class JsonLines {

    /**
     * Configured once: compact output (one line per record), and strict input: a repeated field or trailing
     * text on a line is an error rather than silently dropped. Decimals are kept as written (12.0 stays 12.0,
     * not 12), so that they are not mistaken for integers and error messages quote what the line says.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private JsonLines() {}

    /** The shared mapper, e.g. for streaming many lines. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses one line; a malformed line throws a {@link JsonAvroException} with path {@code line}. */
    public static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new JsonAvroException("line", "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** {@code json} on a single line. */
    public static String write(JsonNode json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // cannot happen for a tree: nothing in it needs a serializer
        }
    }

    /** An output line; a null key or value is written as JSON null, a null timestamp is left out. */
    public static String line(String topic, String key, JsonNode value, Instant timestamp) {
        return line(topic, key, value, timestamp, Map.of());
    }

    /** As {@link #line(String, String, JsonNode, Instant)}, with a {@code "headers"} object when there are any. */
    public static String line(
            String topic, String key, JsonNode value, Instant timestamp, Map<String, String> headers) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("topic", topic);
        line.put("key", key);
        if (timestamp != null) {
            line.put("timestamp", timestamp.toString());
        }
        if (headers != null && !headers.isEmpty()) {
            ObjectNode headersNode = line.putObject("headers");
            new TreeMap<>(headers).forEach(headersNode::put); // sorted: the same line for the same record
        }
        line.set("value", value == null ? MAPPER.nullNode() : value);
        return write(line);
    }
}
