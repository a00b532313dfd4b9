package io.atozwatch.app.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A key-value store in memory that behaves as Kafka Streams' own do for a processor: keys and values are
 * kept serialized (a value read is a fresh copy, a value written is copied at once, and one its serde cannot
 * write fails the put as it would), and ranges come in the byte order of the serialized keys, RocksDB's order.
 * No changelog, no cache, no metrics: replay keeps nothing beyond its run.
 *
 * <p>Keys are serialized with the store's key serde. Values with its value serde, except generated Avro records:
 * those are kept as plain Avro binary written with their class's own model, by an encoder and a buffer reused
 * from one write to the next, and read back with the same model, which gives what the serde's round trip gives
 * (the same Avro encoding, without the wire format's header and the schema lookup) at a fraction of its cost.
 * The serde itself still writes the first value of each class (so that its schema is registered when Kafka
 * Streams' store would register it: schema ids show in dead letters' payloads), and any value the plain
 * encoding fails on (so that the put fails with the serde's own exception).
 *
 * <p>Entries are found by key in a hash map; the keys are also kept in byte order once the store is first
 * scanned. Iterators read the live store: writing to the store while one of its iterators is open fails (the
 * pipeline's processors collect what they scan before writing), rather than answering differently from
 * RocksDB's snapshot.
 */
final class MemoryKeyValueStore<K, V> implements KeyValueStore<K, V> {
    private final String name;
    /** The topic the serdes are called with: the store's changelog, as Kafka Streams' stores do. */
    private final String topic;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    /** The entries, by serialized key: the value serde's bytes, or an {@link Encoded} Avro record. */
    private final HashMap<Bytes, Object> map = new HashMap<>();
    private final HashMap<Class<?>, AvroCodec> codecs = new HashMap<>();
    /** The codec of the last value written (a store's values are of one class). */
    private AvroCodec lastCodec;
    private boolean written;
    /**
     * The keys in byte order, kept once the store is first scanned (a store only read by key never pays for
     * it), from then on with every key added or removed.
     */
    private TreeSet<Bytes> order;
    /** Counts writes, so that an iterator fails if the store is written to while it is open. */
    private int writes;
    private boolean open = true;

    MemoryKeyValueStore(String name, String topic, Serde<K> keySerde, Serde<V> valueSerde) {
        this.name = name;
        this.topic = topic;
        this.keySerde = Objects.requireNonNull(keySerde, "key serde of store " + name);
        this.valueSerde = Objects.requireNonNull(valueSerde, "value serde of store " + name);
    }

    /**
     * The store a builder from {@link org.apache.kafka.streams.state.Stores#keyValueStoreBuilder} describes, in
     * memory. Its serdes are read from the builder (a Kafka Streams internal class; no public accessor exists).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static MemoryKeyValueStore<?, ?> of(StoreBuilder<?> builder, String topic) {
        String kind = builder.getClass().getName();
        if (!kind.equals("org.apache.kafka.streams.state.internals.KeyValueStoreBuilder")) {
            throw new IllegalStateException("replay's engine runs key-value stores only (Stores.keyValueStoreBuilder); store "
                    + builder.name() + " is built by " + kind);
        }
        return new MemoryKeyValueStore(builder.name(), topic, serde(builder, "keySerde"), serde(builder, "valueSerde"));
    }

    private static Serde<?> serde(StoreBuilder<?> builder, String field) {
        try {
            Field f = builder.getClass().getSuperclass().getDeclaredField(field);
            f.setAccessible(true);
            Serde<?> serde = (Serde<?>) f.get(builder);
            if (serde == null) {
                throw new IllegalStateException("store " + builder.name() + " has no " + field
                        + " (default serdes are not supported by replay's engine)");
            }
            return serde;
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("cannot read the " + field + " of store " + builder.name()
                    + " (has Kafka Streams' AbstractStoreBuilder changed?)", e);
        }
    }

    private Bytes rawKey(K key) {
        Objects.requireNonNull(key, "key cannot be null");
        return Bytes.wrap(keySerde.serializer().serialize(topic, key));
    }

    @SuppressWarnings("unchecked")
    private V value(Object stored) {
        if (stored == null) {
            return null;
        }
        if (stored instanceof Encoded e) {
            return (V) e.codec().decode(e.bytes());
        }
        return valueSerde.deserializer().deserialize(topic, (byte[]) stored);
    }

    /** What a value is kept as. */
    private Object stored(V value) {
        if (value instanceof SpecificRecord r) {
            AvroCodec codec = lastCodec != null && lastCodec.type == r.getClass() ? lastCodec : codecs.get(r.getClass());
            lastCodec = codec != null ? codec : lastCodec;
            if (codec != null && codec.schema == r.getSchema()) {
                byte[] bytes = codec.encode(r);
                if (bytes != null) {
                    return new Encoded(codec, bytes);
                }
            } else if (codec == null) {
                // The first of its class: written by the serde, as Kafka Streams' store writes every value.
                byte[] first = valueSerde.serializer().serialize(topic, value);
                codecs.put(r.getClass(), new AvroCodec(r));
                return first;
            }
        }
        // Not a generated record, or one the plain encoding failed on: the serde writes it (or fails as it would).
        return valueSerde.serializer().serialize(topic, value);
    }

    private K key(Bytes raw) {
        return keySerde.deserializer().deserialize(topic, raw.get());
    }

    @Override
    public void put(K key, V value) {
        Bytes k = rawKey(key);
        Object v = value == null ? null : stored(value);
        if (v == null) {
            remove(k);
            return;
        }
        writes++;
        written = true;
        if (map.put(k, v) == null && order != null) {
            order.add(k);
        }
    }

    /** Whether a value was ever written (its serde has then seen one). */
    boolean hasWritten() {
        return written;
    }

    private Object remove(Bytes k) {
        writes++;
        Object previous = map.remove(k);
        if (previous != null && order != null) {
            order.remove(k);
        }
        return previous;
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V previous = get(key);
        if (previous == null) {
            put(key, value);
        }
        return previous;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> e : entries) {
            put(e.key, e.value);
        }
    }

    @Override
    public V delete(K key) {
        return value(remove(rawKey(key)));
    }

    @Override
    public V get(K key) {
        return value(map.get(rawKey(key)));
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return iterator(sub(from, to), true);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        return iterator(sub(from, to), false);
    }

    private NavigableSet<Bytes> sub(K from, K to) {
        Bytes f = from == null ? null : rawKey(from);
        Bytes t = to == null ? null : rawKey(to);
        NavigableSet<Bytes> keys = ordered();
        if (f != null && t != null) {
            // Kafka Streams answers an inverted range with nothing (and a warning), not an error.
            return f.compareTo(t) > 0 ? new TreeSet<>() : keys.subSet(f, true, t, true);
        }
        if (f != null) {
            return keys.tailSet(f, true);
        }
        return t != null ? keys.headSet(t, true) : keys;
    }

    private NavigableSet<Bytes> ordered() {
        if (order == null) {
            order = new TreeSet<>(map.keySet());
        }
        return order;
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return iterator(ordered(), true);
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        return iterator(ordered(), false);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        byte[] p = prefixKeySerializer.serialize(topic, prefix);
        Iterator<Bytes> tail = ordered().tailSet(Bytes.wrap(p), true).iterator();
        return new Iter(new Iterator<>() {
            private Bytes next = advance();

            private Bytes advance() {
                if (!tail.hasNext()) {
                    return null;
                }
                Bytes k = tail.next();
                byte[] b = k.get();
                return b.length >= p.length && Arrays.equals(b, 0, p.length, p, 0, p.length) ? k : null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Bytes next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Bytes k = next;
                next = advance();
                return k;
            }
        });
    }

    private KeyValueIterator<K, V> iterator(NavigableSet<Bytes> keys, boolean forward) {
        return new Iter((forward ? keys : keys.descendingSet()).iterator());
    }

    @Override
    public long approximateNumEntries() {
        return map.size();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // Nothing to restore: the store lives and dies with its driver.
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        open = false;
        map.clear();
        order = null;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return QueryResult.forUnknownQueryType(query, this);
    }

    @Override
    public Position getPosition() {
        return Position.emptyPosition();
    }

    /** A generated Avro record as plain Avro binary, and how to read it. */
    private record Encoded(AvroCodec codec, byte[] bytes) {}

    /**
     * Avro binary of one generated class, with its own model (its logical-type conversions), as the serde writes
     * and reads it after the wire format's header. Not thread-safe: a store belongs to one task.
     */
    private static final class AvroCodec {
        final Class<?> type;
        final Schema schema;
        private final SpecificDatumWriter<Object> writer;
        private final SpecificDatumReader<Object> reader;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        private BinaryEncoder encoder;
        private BinaryDecoder decoder;

        AvroCodec(SpecificRecord first) {
            type = first.getClass();
            schema = first.getSchema();
            SpecificData model = SpecificData.getForClass(first.getClass());
            writer = new SpecificDatumWriter<>(schema, model);
            reader = new SpecificDatumReader<>(schema, schema, model);
        }

        /** @return the bytes, or null if Avro cannot write the record (a null in a non-null field...) */
        byte[] encode(Object value) {
            out.reset();
            try {
                encoder = EncoderFactory.get().binaryEncoder(out, encoder);
                writer.write(value, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException | RuntimeException e) {
                encoder = null; // it may hold part of the failed record
                return null;
            }
        }

        Object decode(byte[] bytes) {
            try {
                decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
                return reader.read(null, decoder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read back a value this store wrote", e);
            }
        }
    }

    /** Reads and deserializes as it goes; fails if the store was written to since it was opened. */
    private final class Iter implements KeyValueIterator<K, V> {
        private final Iterator<Bytes> keys;
        private final int writesAtStart = writes;
        private Bytes peeked;

        Iter(Iterator<Bytes> keys) {
            this.keys = keys;
        }

        private void check() {
            if (writes != writesAtStart) {
                throw new ConcurrentModificationException("store " + name + " was written to while an iterator was open");
            }
        }

        @Override
        public boolean hasNext() {
            check();
            return peeked != null || keys.hasNext();
        }

        @Override
        public KeyValue<K, V> next() {
            check();
            Bytes k = peeked != null ? peeked : keys.next();
            peeked = null;
            return KeyValue.pair(key(k), value(map.get(k)));
        }

        @Override
        public K peekNextKey() {
            check();
            if (peeked == null) {
                peeked = keys.next();
            }
            return key(peeked);
        }

        @Override
        public void close() {}
    }

    /** The store as a processor of the stream task sees a global store: it reads, and only the global task writes. */
    KeyValueStore<K, V> readOnly() {
        MemoryKeyValueStore<K, V> store = this;
        return new KeyValueStore<>() {
            @Override
            public void put(K key, V value) {
                throw refused();
            }

            @Override
            public V putIfAbsent(K key, V value) {
                throw refused();
            }

            @Override
            public void putAll(List<KeyValue<K, V>> entries) {
                throw refused();
            }

            @Override
            public V delete(K key) {
                throw refused();
            }

            private UnsupportedOperationException refused() {
                return new UnsupportedOperationException("Global store " + name + " is read-only for a stream task's processors");
            }

            @Override
            public V get(K key) {
                return store.get(key);
            }

            @Override
            public KeyValueIterator<K, V> range(K from, K to) {
                return store.range(from, to);
            }

            @Override
            public KeyValueIterator<K, V> reverseRange(K from, K to) {
                return store.reverseRange(from, to);
            }

            @Override
            public KeyValueIterator<K, V> all() {
                return store.all();
            }

            @Override
            public KeyValueIterator<K, V> reverseAll() {
                return store.reverseAll();
            }

            @Override
            public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
                return store.prefixScan(prefix, prefixKeySerializer);
            }

            @Override
            public long approximateNumEntries() {
                return store.approximateNumEntries();
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void init(StateStoreContext context, StateStore root) {
                throw refused();
            }

            @Override
            public void close() {
                throw refused();
            }

            @Override
            public boolean persistent() {
                return false;
            }

            @Override
            public boolean isOpen() {
                return store.isOpen();
            }
        };
    }
}
