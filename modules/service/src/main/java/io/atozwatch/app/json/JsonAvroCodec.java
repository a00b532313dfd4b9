package io.atozwatch.app.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Converts between JSON trees and Avro data, driven by the Avro schema: the JSON shape used by {@code replay}
 * input and output lines.
 *
 * <p>The JSON form is meant to be written by hand, so it is strict: unknown fields, wrong JSON types and
 * unknown enum symbols are errors rather than being coerced or dropped. Timestamps ({@code timestamp-millis})
 * are ISO-8601 strings (any offset, read as an instant) or epoch milliseconds, and are always written as
 * ISO-8601 UTC. Bytes and fixed are base64. A nullable union {@code ["null", X]} is written as plain
 * {@code X} or {@code null}; any other union uses Avro's JSON encoding, {@code {"<branch full name>": value}}.
 *
 * <p>Errors are {@link JsonAvroException}s whose message starts with the path of the bad value, rooted at
 * {@value #ROOT} (the field of a replay line that holds the record).
 */
public final class JsonAvroCodec {

    /** The name of the root in error paths. */
    public static final String ROOT = "value";

    /** Builds generic data in Avro's raw representation (e.g. timestamps as Long), what GenericData.get() writes. */
    private static final GenericData RAW_GENERIC = new GenericData();

    /** Knows every standard logical-type conversion, to turn Instant (etc.) back into raw values when writing. */
    private static final SpecificData WRITE_MODEL = SpecificData.get();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonAvroCodec() {}

    // ---------------------------------------------------------------------------------------- JSON -> Avro

    /** Reads {@code json} as a specific record of {@code type}, e.g. {@code fromJson(node, OrderEvent.class)}. */
    public static <T extends SpecificRecord> T fromJson(JsonNode json, Class<T> type) {
        // The class's own model carries the conversions its fields need (e.g. Instant for timestamp-millis).
        SpecificData model = SpecificData.getForClass(type);
        return type.cast(read(model, model.getSchema(type), json, ROOT));
    }

    /** Reads {@code json} as a generic record of {@code schema}; timestamps are held as epoch-millis Longs. */
    public static GenericRecord fromJson(JsonNode json, Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("not a record schema: " + schema.getFullName());
        }
        return (GenericRecord) read(RAW_GENERIC, schema, json, ROOT);
    }

    /** {@code json} is null (or a MissingNode) when the value is absent altogether. */
    private static Object read(GenericData model, Schema schema, JsonNode json, String path) {
        if (json == null || json.isMissingNode()) {
            throw new JsonAvroException(path, "missing");
        }
        Object raw = readRaw(model, schema, json, path);
        LogicalType logicalType = schema.getLogicalType();
        Conversion<?> conversion = logicalType == null ? null : model.getConversionFor(logicalType);
        return conversion == null ? raw : Conversions.convertToLogicalType(raw, schema, logicalType, conversion);
    }

    private static Object readRaw(GenericData model, Schema schema, JsonNode json, String path) {
        switch (schema.getType()) {
            case RECORD:
                return readRecord(model, schema, json, path);
            case UNION:
                return readUnion(model, schema, json, path);
            case ARRAY: {
                expect(json.isArray(), "an array", json, path);
                GenericData.Array<Object> array = new GenericData.Array<>(json.size(), schema);
                for (int i = 0; i < json.size(); i++) {
                    array.add(read(model, schema.getElementType(), json.get(i), path + "[" + i + "]"));
                }
                return array;
            }
            case MAP: {
                expect(json.isObject(), "an object", json, path);
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> entry : json.properties()) {
                    String entryPath = path + "[" + NODES.textNode(entry.getKey()) + "]";
                    map.put(entry.getKey(), read(model, schema.getValueType(), entry.getValue(), entryPath));
                }
                return map;
            }
            case ENUM: {
                expect(json.isTextual(), "a string (one of " + schema.getEnumSymbols() + ")", json, path);
                String symbol = json.textValue();
                if (!schema.hasEnumSymbol(symbol)) {
                    throw new JsonAvroException(
                            path,
                            "unknown " + schema.getName() + " symbol " + describe(json) + ", expected one of "
                                    + schema.getEnumSymbols());
                }
                return model.createEnum(symbol, schema);
            }
            case FIXED: {
                byte[] bytes = readBase64(json, path);
                if (bytes.length != schema.getFixedSize()) {
                    throw new JsonAvroException(
                            path, "expected " + schema.getFixedSize() + " bytes, got " + bytes.length);
                }
                return model.createFixed(null, bytes, schema);
            }
            case STRING:
                expect(json.isTextual(), "a string", json, path);
                return json.textValue();
            case BYTES:
                return ByteBuffer.wrap(readBase64(json, path));
            case INT:
                expect(json.isIntegralNumber(), "an integer", json, path);
                expect(json.canConvertToInt(), "an integer within int range", json, path);
                return json.intValue();
            case LONG:
                if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    return readTimestampMillis(json, path);
                }
                expect(json.isIntegralNumber(), "an integer", json, path);
                expect(json.canConvertToLong(), "an integer within long range", json, path);
                return json.longValue();
            case FLOAT:
                expect(json.isNumber(), "a number", json, path);
                return json.floatValue();
            case DOUBLE:
                expect(json.isNumber(), "a number", json, path);
                return json.doubleValue();
            case BOOLEAN:
                expect(json.isBoolean(), "a boolean", json, path);
                return json.booleanValue();
            case NULL:
                expect(json.isNull(), "null", json, path);
                return null;
            default:
                throw new IllegalStateException("unhandled Avro type " + schema.getType());
        }
    }

    private static Object readRecord(GenericData model, Schema schema, JsonNode json, String path) {
        expect(json.isObject(), "an object", json, path);
        // Unknown fields first: a misspelt field should be reported as such, not as the field it was meant to be.
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new JsonAvroException(
                        path + "." + name, "unknown field, " + schema.getName() + " has " + fieldNames(schema));
            }
        }
        Object record = model.newRecord(null, schema);
        for (Field field : schema.getFields()) {
            JsonNode value = json.get(field.name());
            Object datum = value != null
                    ? read(model, field.schema(), value, path + "." + field.name())
                    : absentFieldValue(model, field, path);
            model.setField(record, field.name(), field.pos(), datum);
        }
        return record;
    }

    private static Object absentFieldValue(GenericData model, Field field, String path) {
        if (field.hasDefaultValue()) {
            // The model caches defaults; copy so that records never share a mutable default (arrays, maps).
            return model.deepCopy(field.schema(), model.getDefaultValue(field));
        }
        if (isNullable(field.schema())) {
            return null;
        }
        throw new JsonAvroException(path, "missing required field '" + field.name() + "'");
    }

    private static Object readUnion(GenericData model, Schema union, JsonNode json, String path) {
        if (json.isNull() && isNullable(union)) {
            return null;
        }
        Schema onlyBranch = nonNullBranch(union);
        if (onlyBranch != null) {
            return read(model, onlyBranch, json, path);
        }
        // Any other union: Avro's JSON encoding, a single-field object naming the branch.
        List<String> branchNames = new ArrayList<>();
        union.getTypes().forEach(branch -> branchNames.add(branch.getFullName()));
        String expected = "an object with one field naming the branch, one of " + branchNames;
        expect(json.isObject() && json.size() == 1, expected, json, path);
        String name = json.fieldNames().next();
        Integer index = union.getIndexNamed(name);
        if (index == null) {
            throw new JsonAvroException(path, "unknown union branch \"" + name + "\", expected one of " + branchNames);
        }
        return read(model, union.getTypes().get(index), json.get(name), path);
    }

    private static long readTimestampMillis(JsonNode json, String path) {
        if (json.isIntegralNumber() && json.canConvertToLong()) {
            return json.longValue();
        }
        String expected = "an ISO-8601 timestamp with offset (e.g. 2026-03-01T10:00:00Z) or epoch milliseconds";
        expect(json.isTextual(), expected, json, path);
        try {
            // Sub-millisecond digits are truncated, as Avro's own timestamp-millis conversion does.
            return OffsetDateTime.parse(json.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw new JsonAvroException(path, "expected " + expected + ", got " + describe(json));
        }
    }

    private static byte[] readBase64(JsonNode json, String path) {
        expect(json.isTextual(), "a base64 string", json, path);
        try {
            return Base64.getDecoder().decode(json.textValue());
        } catch (IllegalArgumentException e) {
            throw new JsonAvroException(
                    path, "expected a base64 string, got " + describe(json) + " (" + e.getMessage() + ")");
        }
    }

    private static void expect(boolean ok, String expected, JsonNode json, String path) {
        if (!ok) {
            throw new JsonAvroException(path, "expected " + expected + ", got " + describe(json));
        }
    }

    /** A short rendering of a JSON value for messages: scalars as JSON, containers by kind only. */
    private static String describe(JsonNode json) {
        if (json.isObject()) {
            return "an object";
        }
        if (json.isArray()) {
            return "an array";
        }
        String text = json.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static List<String> fieldNames(Schema record) {
        List<String> names = new ArrayList<>();
        record.getFields().forEach(field -> names.add(field.name()));
        return names;
    }

    private static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || schema.getType() == Schema.Type.UNION
                        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    /** X for a union of exactly null and X (in either order), else null. */
    private static Schema nonNullBranch(Schema union) {
        List<Schema> types = union.getTypes();
        if (types.size() != 2 || !isNullable(union)) {
            return null;
        }
        return types.get(0).getType() == Schema.Type.NULL ? types.get(1) : types.get(0);
    }

    // ---------------------------------------------------------------------------------------- Avro -> JSON

    /** Writes a specific or generic record as a JSON object, fields in schema order. */
    public static ObjectNode toJson(IndexedRecord record) {
        return (ObjectNode) toJson(record, record.getSchema());
    }

    /** Writes any Avro datum of {@code schema} (record, enum, array, primitive, ...) as JSON. */
    public static JsonNode toJson(Object datum, Schema schema) {
        return write(datum, schema, schema.getName());
    }

    private static JsonNode write(Object datum, Schema schema, String path) {
        LogicalType logicalType = schema.getLogicalType();
        if (logicalType != null && datum != null) {
            // Specific records hold e.g. Instant, generic ones may hold the raw Long: reduce both to raw.
            Conversion<?> conversion = WRITE_MODEL.getConversionByClass(datum.getClass(), logicalType);
            if (conversion != null) {
                datum = Conversions.convertToRawType(datum, schema, logicalType, conversion);
            }
            if (logicalType instanceof LogicalTypes.TimestampMillis && datum instanceof Long) {
                return NODES.textNode(Instant.ofEpochMilli((Long) datum).toString());
            }
        }
        try {
            return writeRaw(datum, schema, path);
        } catch (ClassCastException e) {
            throw new JsonAvroException(
                    path, "cannot write " + datum.getClass().getName() + " as Avro " + schema.getType());
        }
    }

    private static JsonNode writeRaw(Object datum, Schema schema, String path) {
        if (datum == null && schema.getType() != Schema.Type.UNION && schema.getType() != Schema.Type.NULL) {
            throw new JsonAvroException(path, "null value for non-nullable Avro " + schema.getType());
        }
        switch (schema.getType()) {
            case RECORD: {
                IndexedRecord record = (IndexedRecord) datum;
                ObjectNode object = NODES.objectNode();
                for (Field field : schema.getFields()) {
                    object.set(field.name(), write(record.get(field.pos()), field.schema(), path + "." + field.name()));
                }
                return object;
            }
            case UNION:
                return writeUnion(datum, schema, path);
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                int i = 0;
                for (Object element : (Collection<?>) datum) {
                    array.add(write(element, schema.getElementType(), path + "[" + i++ + "]"));
                }
                return array;
            }
            case MAP: {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) datum).entrySet()) {
                    String key = entry.getKey().toString(); // Avro map keys are CharSequences (String or Utf8)
                    object.set(
                            key,
                            write(entry.getValue(), schema.getValueType(), path + "[" + NODES.textNode(key) + "]"));
                }
                return object;
            }
            case ENUM:
                // A generated Java enum or a GenericEnumSymbol; both name the symbol.
                return NODES.textNode(
                        datum instanceof Enum ? ((Enum<?>) datum).name() : ((GenericEnumSymbol<?>) datum).toString());
            case FIXED:
                return NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) datum).bytes()));
            case STRING:
                return NODES.textNode(((CharSequence) datum).toString());
            case BYTES: {
                ByteBuffer buffer = ((ByteBuffer) datum).duplicate(); // leave the caller's position alone
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case INT:
                return NODES.numberNode((Integer) datum);
            case LONG: {
                // The node Jackson's parser would make (IntNode when it fits), so output equals re-parsed output.
                long value = (Long) datum;
                return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
            }
            // Decimal nodes, as JsonLines parses numbers: a value read back then equals the one written.
            case FLOAT:
                return NODES.numberNode(new java.math.BigDecimal(Float.toString((Float) datum)));
            case DOUBLE:
                return NODES.numberNode(java.math.BigDecimal.valueOf((Double) datum));
            case BOOLEAN:
                return NODES.booleanNode((Boolean) datum);
            case NULL:
                return NODES.nullNode();
            default:
                throw new IllegalStateException("unhandled Avro type " + schema.getType());
        }
    }

    private static JsonNode writeUnion(Object datum, Schema union, String path) {
        if (datum == null) {
            if (!isNullable(union)) {
                throw new JsonAvroException(path, "null value for a union without null: " + union);
            }
            return NODES.nullNode();
        }
        Schema onlyBranch = nonNullBranch(union);
        if (onlyBranch != null) {
            return write(datum, onlyBranch, path);
        }
        int index;
        try {
            index = WRITE_MODEL.resolveUnion(union, datum);
        } catch (AvroRuntimeException e) {
            throw new JsonAvroException(
                    path, "value of " + datum.getClass().getName() + " matches no branch of " + union);
        }
        Schema branch = union.getTypes().get(index);
        ObjectNode wrapped = NODES.objectNode();
        wrapped.set(branch.getFullName(), write(datum, branch, path));
        return wrapped;
    }
}
