package io.atozwatch.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.UnresolvedUnionException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes the values of one schema as Avro's {@code SpecificDatumWriter} does, byte for byte, with the schema walked
 * once, when this is built, instead of at every value.
 *
 * <p>Avro's generated classes encode themselves ("custom coders") only when their schema has no logical type; every
 * record of this project has timestamps, so Avro's writer looks up, per field of every value, the field, its
 * logical type's conversion, the branch of its union and the branch's type. Here each node of the schema becomes a
 * small writer that knows all of that: a nullable field is one null check, a timestamp one conversion. What a value
 * holds is read as Avro's writer reads it ({@link IndexedRecord#get} by position, {@link Collection}, {@link Map},
 * {@link CharSequence}, {@link ByteBuffer}, an {@link Enum}'s ordinal), and converted by the model's conversions
 * (those of a generated class's model: {@code SpecificData.getForClass}). A value the schema does not allow fails
 * with the exception Avro's writer throws for it, naming the field.
 *
 * <p>Thread-safe: it keeps nothing between values.
 */
public final class CompiledDatumWriter implements DatumWriter<Object> {

    /** Writes one value of one schema node. */
    @FunctionalInterface
    private interface Node {
        void write(Object value, Encoder out) throws IOException;
    }

    private final Schema schema;
    private final Node root;

    private CompiledDatumWriter(Schema schema, Node root) {
        this.schema = schema;
        this.root = root;
    }

    /** A writer of {@code schema}'s values, converted by {@code model}'s logical-type conversions. */
    public static CompiledDatumWriter of(Schema schema, GenericData model) {
        return new CompiledDatumWriter(schema, new Compiler(model).node(schema));
    }

    public Schema schema() {
        return schema;
    }

    @Override
    public void setSchema(Schema schema) {
        if (!schema.equals(this.schema)) {
            throw new UnsupportedOperationException("a compiled writer writes only the schema it was built for");
        }
    }

    @Override
    public void write(Object datum, Encoder out) throws IOException {
        root.write(datum, out);
    }

    private static final class Compiler {
        private final GenericData model;
        /** Records compiled or being compiled (a record may contain itself), by schema. */
        private final Map<Schema, Node[]> records = new HashMap<>();

        Compiler(GenericData model) {
            this.model = model;
        }

        Node node(Schema s) {
            LogicalType logical = s.getLogicalType();
            Conversion<?> conversion = logical == null ? null : model.getConversionFor(logical);
            Node raw = rawNode(s);
            if (conversion == null) {
                return raw;
            }
            // As Avro's writer: a value of the conversion's class is converted, any other is written as it is.
            Class<?> converted = conversion.getConvertedType();
            @SuppressWarnings("unchecked")
            Conversion<Object> c = (Conversion<Object>) conversion;
            return (v, out) -> raw.write(
                    v != null && converted.isInstance(v) ? Conversions.convertToRawType(v, s, logical, c) : v, out);
        }

        private Node rawNode(Schema s) {
            switch (s.getType()) {
                case RECORD:
                    return record(s);
                case UNION:
                    return union(s);
                case ARRAY: {
                    Node items = node(s.getElementType());
                    return (v, out) -> {
                        Collection<?> list = (Collection<?>) v;
                        int size = list.size();
                        out.writeArrayStart();
                        out.setItemCount(size);
                        int written = 0;
                        for (Object item : list) {
                            out.startItem();
                            items.write(item, out);
                            written++;
                        }
                        out.writeArrayEnd();
                        if (written != size) {
                            throw new ConcurrentModificationException("Size of array written was " + size
                                    + ", but number of elements written was " + written + ". ");
                        }
                    };
                }
                case MAP: {
                    Node values = node(s.getValueType());
                    return (v, out) -> {
                        Map<?, ?> map = (Map<?, ?>) v;
                        out.writeMapStart();
                        out.setItemCount(map.size());
                        for (Map.Entry<?, ?> e : map.entrySet()) {
                            out.startItem();
                            writeString(e.getKey(), out);
                            values.write(e.getValue(), out);
                        }
                        out.writeMapEnd();
                    };
                }
                case ENUM:
                    return (v, out) ->
                            out.writeEnum(v instanceof Enum<?> e ? e.ordinal() : s.getEnumOrdinal(v.toString()));
                case FIXED: {
                    int size = s.getFixedSize();
                    return (v, out) -> out.writeFixed(((GenericFixed) v).bytes(), 0, size);
                }
                case STRING:
                    return Compiler::writeString;
                case BYTES:
                    return (v, out) -> out.writeBytes((ByteBuffer) v);
                case INT:
                    return (v, out) -> out.writeInt(((Number) v).intValue());
                case LONG:
                    return (v, out) -> out.writeLong(((Number) v).longValue());
                case FLOAT:
                    return (v, out) -> out.writeFloat(((Number) v).floatValue());
                case DOUBLE:
                    return (v, out) -> out.writeDouble(((Number) v).doubleValue());
                case BOOLEAN:
                    return (v, out) -> out.writeBoolean((Boolean) v);
                case NULL:
                    return (v, out) -> {
                        if (v != null) {
                            throw new AvroTypeException("value " + v + " is not a " + s);
                        }
                        out.writeNull();
                    };
                default:
                    throw new IllegalArgumentException("cannot write schema type " + s.getType());
            }
        }

        private static void writeString(Object v, Encoder out) throws IOException {
            // A stringable value (one that is not a CharSequence) is written as its text, as Avro's writer does.
            out.writeString(v instanceof CharSequence cs ? cs : v.toString());
        }

        private Node record(Schema s) {
            Node[] self = records.get(s);
            if (self != null) {
                return (v, out) -> self[0].write(v, out); // a record within itself: compiled by then
            }
            Node[] holder = new Node[1];
            records.put(s, holder);
            List<Schema.Field> fields = s.getFields();
            int n = fields.size();
            int[] positions = new int[n];
            String[] names = new String[n];
            Node[] nodes = new Node[n];
            for (int i = 0; i < n; i++) {
                Schema.Field f = fields.get(i);
                positions[i] = f.pos();
                names[i] = f.name();
                nodes[i] = node(f.schema());
            }
            holder[0] = (v, out) -> {
                IndexedRecord r = (IndexedRecord) v;
                for (int i = 0; i < n; i++) {
                    Object value = r.get(positions[i]);
                    try {
                        nodes[i].write(value, out);
                    } catch (NullPointerException e) {
                        throw withField(e, names[i], fields.get(i).schema(), value);
                    } catch (ClassCastException e) {
                        ClassCastException named = new ClassCastException(e.getMessage() + " in field " + names[i]);
                        named.initCause(e);
                        throw named;
                    } catch (AvroTypeException e) {
                        throw new AvroTypeException(e.getMessage() + " in field " + names[i], e);
                    } catch (UnresolvedUnionException e) {
                        throw new UnresolvedUnionException(fields.get(i).schema(), fields.get(i), value);
                    }
                }
            };
            return holder[0];
        }

        private static NullPointerException withField(NullPointerException e, String field, Schema s, Object value) {
            String what = value == null
                    ? "null value for (non-nullable) " + s.getType().getName()
                    : String.valueOf(e.getMessage());
            NullPointerException named = new NullPointerException(what + " in field " + field);
            named.initCause(e);
            return named;
        }

        private Node union(Schema s) {
            List<Schema> branches = s.getTypes();
            Node[] nodes = new Node[branches.size()];
            for (int i = 0; i < nodes.length; i++) {
                nodes[i] = node(branches.get(i));
            }
            Integer nullIndex = s.getIndexNamed(Schema.Type.NULL.getName());
            if (branches.size() == 2 && nullIndex != null) {
                int nul = nullIndex;
                int other = 1 - nul;
                Node value = nodes[other];
                Predicate<Object> fits = fits(branches.get(other));
                Node resolved = resolved(s, nodes);
                if (fits == null) {
                    return resolved;
                }
                // The usual optional field: a null or a value that fits the other branch needs no lookup; any
                // other value is left to Avro's own resolution, which picks its branch or refuses it.
                return (v, out) -> {
                    if (v == null) {
                        out.writeIndex(nul);
                    } else if (fits.test(v)) {
                        out.writeIndex(other);
                        value.write(v, out);
                    } else {
                        resolved.write(v, out);
                    }
                };
            }
            return resolved(s, nodes);
        }

        /** A union whose branch Avro's resolution picks for each value. */
        private Node resolved(Schema union, Node[] nodes) {
            return (v, out) -> {
                int index = model.resolveUnion(union, v);
                out.writeIndex(index);
                nodes[index].write(v, out);
            };
        }

        /**
         * Which values Avro's resolution puts in a union's branch of schema {@code s}, told cheaply (as Avro's writer
         * tells it for a union of null and {@code s}: by a record's full name, a value's class); null where that
         * takes more.
         */
        private Predicate<Object> fits(Schema s) {
            LogicalType logical = s.getLogicalType();
            Conversion<?> conversion = logical == null ? null : model.getConversionFor(logical);
            Class<?> raw = switch (s.getType()) {
                case RECORD -> IndexedRecord.class;
                case STRING -> CharSequence.class;
                case LONG -> Long.class;
                case INT -> Integer.class;
                case BOOLEAN -> Boolean.class;
                case DOUBLE -> Double.class;
                case FLOAT -> Float.class;
                default -> null;
            };
            if (raw == null) {
                return null;
            }
            if (s.getType() == Schema.Type.RECORD) {
                String name = s.getFullName();
                return v -> v instanceof IndexedRecord r
                        && r.getSchema().getFullName().equals(name);
            }
            if (conversion == null) {
                return raw::isInstance;
            }
            Class<?> converted = conversion.getConvertedType();
            return v -> raw.isInstance(v) || converted.isInstance(v);
        }
    }
}
