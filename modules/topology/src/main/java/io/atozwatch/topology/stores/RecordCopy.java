package io.atozwatch.topology.stores;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 */
public final class RecordCopy {
    private static final ClassValue<Constructor<?>> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
            try {
                Constructor<?> c = type.getConstructor();
                // Public, but checked at every call unless told not to: that check cost as much as the copy.
                c.setAccessible(true);
                return c;
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type + " has no public constructor without arguments", e);
            }
        }
    };

    private RecordCopy() {}

    /** A copy of {@code record} that shares nothing it could change with it. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecordBase> T of(T record) {
        return (T) copy(record);
    }

    /**
     * A copy of {@code record} like {@link #of}, except the fields named in {@code cheaper}, each copied by its
     * function: for large parts its caller never changes in place, which the copy may then share.
     */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecordBase> T of(T record, Map<String, UnaryOperator<Object>> cheaper) {
        T c = (T) newInstance(record.getClass());
        for (Schema.Field f : record.getSchema().getFields()) {
            Object v = record.get(f.pos());
            UnaryOperator<Object> copier = cheaper.get(f.name());
            c.put(f.pos(), copier == null || v == null ? copy(v) : copier.apply(v));
        }
        return c;
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
            SpecificRecordBase c = newInstance(r.getClass());
            int fields = r.getSchema().getFields().size();
            for (int i = 0; i < fields; i++) {
                c.put(i, copy(r.get(i)));
            }
            return c;
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

    private static SpecificRecordBase newInstance(Class<?> type) {
        try {
            return (SpecificRecordBase) CONSTRUCTORS.get(type).newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot create a " + type, e);
        }
    }
}
