package io.atozwatch.topology.stores;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A deep copy of a generated Avro record, for putting back what a failed step changed. Avro's own
 * ({@code SpecificData.deepCopy}, the builders' copy constructors) cannot copy a timestamp in a union (an
 * {@code Instant} where the schema says a nullable long), which every order case holds; going through the
 * binary encoding can, at several times the cost. This copies field by field: records and collections anew,
 * values that cannot change (strings, numbers, enums, instants, dates) shared. A field of a kind it does not
 * know is refused, so that a schema change cannot make it copy shallowly without notice.
 *
 * <p>How each field is copied is worked out once per record class from its schema ({@link Plan}): a list of
 * numbers or enums is copied in one go, a new record is made by a constructor called directly, not by
 * reflection. Only what the schema leaves open (a union, a string) is looked at value by value.
 */
public final class RecordCopy {
    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return new Plan(type, Map.of());
        }
    };

    private RecordCopy() {}

    /** A copy of {@code record} that shares nothing it could change with it. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecordBase> T of(T record) {
        return (T) copyRecord(record);
    }

    /**
     * Copies records of {@code type} like {@link #of}, except the fields named in {@code cheaper}, each copied by its
     * function: for large parts its caller never changes in place, which the copy may then share. The plan is worked
     * out once, here: keep the copier.
     */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecordBase> UnaryOperator<T> copier(
            Class<T> type, Map<String, UnaryOperator<Object>> cheaper) {
        Plan plan = new Plan(type, cheaper);
        return record -> (T) plan.copy(record);
    }

    private static SpecificRecordBase copyRecord(SpecificRecordBase r) {
        return PLANS.get(r.getClass()).copy(r);
    }

    /** How to copy a record of one class: its constructor, and a copier per field. */
    private static final class Plan {
        private final Supplier<Object> constructor;
        private final UnaryOperator<Object>[] fields;

        @SuppressWarnings("unchecked")
        Plan(Class<?> type, Map<String, UnaryOperator<Object>> cheaper) {
            this.constructor = constructor(type);
            Schema schema = ((SpecificRecordBase) constructor.get()).getSchema();
            List<Schema.Field> fs = schema.getFields();
            this.fields = new UnaryOperator[fs.size()];
            for (Schema.Field f : fs) {
                UnaryOperator<Object> named = cheaper.get(f.name());
                UnaryOperator<Object> bySchema = copierOf(f.schema());
                fields[f.pos()] = named == null ? bySchema : v -> v == null ? null : named.apply(v);
            }
            for (String name : cheaper.keySet()) {
                if (schema.getField(name) == null) {
                    throw new IllegalArgumentException(type + " has no field " + name);
                }
            }
        }

        SpecificRecordBase copy(SpecificRecordBase r) {
            SpecificRecordBase c = (SpecificRecordBase) constructor.get();
            for (int i = 0; i < fields.length; i++) {
                c.put(i, fields[i].apply(r.get(i)));
            }
            return c;
        }
    }

    /** The copier of a value of {@code schema}: by its kind where the schema fixes it, otherwise by the value's. */
    private static UnaryOperator<Object> copierOf(Schema schema) {
        if (isFixed(schema)) {
            return v -> v;
        }
        switch (schema.getType()) {
            case RECORD:
                return v -> v == null ? null : copyRecord((SpecificRecordBase) v);
            case ARRAY:
                if (isFixed(schema.getElementType())) {
                    return v -> v == null ? null : new ArrayList<>((List<?>) v);
                }
                UnaryOperator<Object> element = copierOf(schema.getElementType());
                return v -> {
                    if (v == null) {
                        return null;
                    }
                    List<?> list = (List<?>) v;
                    List<Object> c = new ArrayList<>(list.size());
                    for (Object e : list) {
                        c.add(element.apply(e));
                    }
                    return c;
                };
            default:
                return RecordCopy::copy; // a union, a string, a map, bytes: looked at value by value
        }
    }

    /** Whether the schema's values cannot change: boxed numbers, instants and dates (logical types), enums. */
    private static boolean isFixed(Schema schema) {
        return switch (schema.getType()) {
            case INT, LONG, FLOAT, DOUBLE, BOOLEAN, ENUM -> true;
            default -> false;
        };
    }

    private static Object copy(Object v) {
        if (v == null
                || v instanceof String
                || v instanceof Number
                || v instanceof Boolean
                || v instanceof Enum<?>
                || v instanceof Instant
                || v instanceof LocalDate) {
            return v;
        }
        if (v instanceof SpecificRecordBase r) {
            return copyRecord(r);
        }
        if (v instanceof List<?> list) {
            List<Object> c = new ArrayList<>(list.size());
            for (Object e : list) {
                c.add(copy(e));
            }
            return c;
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> c = new HashMap<>(Math.max(4, map.size() * 2));
            map.forEach((k, e) -> c.put(copy(k), copy(e)));
            return c;
        }
        if (v instanceof ByteBuffer b) {
            ByteBuffer c = ByteBuffer.allocate(b.remaining());
            c.put(b.duplicate()).flip();
            return c;
        }
        throw new IllegalArgumentException("cannot copy a value of " + v.getClass() + " in a record");
    }

    /** The public constructor without arguments of a generated class, as a function the JIT can inline. */
    @SuppressWarnings("unchecked")
    private static Supplier<Object> constructor(Class<?> type) {
        try {
            MethodHandle c = MethodHandles.publicLookup().findConstructor(type, MethodType.methodType(void.class));
            return (Supplier<Object>) LambdaMetafactory.metafactory(
                            MethodHandles.lookup(),
                            "get",
                            MethodType.methodType(Supplier.class),
                            MethodType.methodType(Object.class),
                            c,
                            MethodType.methodType(type))
                    .getTarget()
                    .invokeExact();
        } catch (Throwable e) {
            throw new IllegalArgumentException(type + " has no public constructor without arguments", e);
        }
    }
}
