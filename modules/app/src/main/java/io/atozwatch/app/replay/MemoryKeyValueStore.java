package io.atozwatch.app.replay;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
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
 * kept serialized with the store's serdes (a value read is a fresh copy, a value written is copied at once),
 * and ranges come in the byte order of the serialized keys, RocksDB's order. No changelog, no cache, no
 * metrics: replay keeps nothing beyond its run.
 *
 * <p>Iterators read the live map: writing to the store while one of its iterators is open fails (the
 * pipeline's processors collect what they scan before writing), rather than answering differently from
 * RocksDB's snapshot.
 */
final class MemoryKeyValueStore<K, V> implements KeyValueStore<K, V> {
    private final String name;
    /** The topic the serdes are called with: the store's changelog, as Kafka Streams' stores do. */
    private final String topic;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final TreeMap<Bytes, byte[]> map = new TreeMap<>();
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

    private V value(byte[] raw) {
        return raw == null ? null : valueSerde.deserializer().deserialize(topic, raw);
    }

    private K key(Bytes raw) {
        return keySerde.deserializer().deserialize(topic, raw.get());
    }

    @Override
    public void put(K key, V value) {
        Bytes k = rawKey(key);
        byte[] v = value == null ? null : valueSerde.serializer().serialize(topic, value);
        if (v == null) {
            map.remove(k);
        } else {
            map.put(k, v);
        }
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
        return value(map.remove(rawKey(key)));
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

    private NavigableMap<Bytes, byte[]> sub(K from, K to) {
        Bytes f = from == null ? null : rawKey(from);
        Bytes t = to == null ? null : rawKey(to);
        if (f != null && t != null) {
            // Kafka Streams answers an inverted range with nothing (and a warning), not an error.
            return f.compareTo(t) > 0 ? new TreeMap<>() : map.subMap(f, true, t, true);
        }
        if (f != null) {
            return map.tailMap(f, true);
        }
        return t != null ? map.headMap(t, true) : map;
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return iterator(map, true);
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        return iterator(map, false);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        byte[] p = prefixKeySerializer.serialize(topic, prefix);
        NavigableMap<Bytes, byte[]> tail = map.tailMap(Bytes.wrap(p), true);
        Iterator<Map.Entry<Bytes, byte[]>> entries = tail.entrySet().iterator();
        return new Iter(new Iterator<>() {
            private Map.Entry<Bytes, byte[]> next = advance();

            private Map.Entry<Bytes, byte[]> advance() {
                if (!entries.hasNext()) {
                    return null;
                }
                Map.Entry<Bytes, byte[]> e = entries.next();
                byte[] k = e.getKey().get();
                return k.length >= p.length && Arrays.equals(k, 0, p.length, p, 0, p.length) ? e : null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Map.Entry<Bytes, byte[]> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Map.Entry<Bytes, byte[]> e = next;
                next = advance();
                return e;
            }
        });
    }

    private KeyValueIterator<K, V> iterator(NavigableMap<Bytes, byte[]> m, boolean forward) {
        return new Iter((forward ? m : m.descendingMap()).entrySet().iterator());
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

    /** Deserializes as it goes. */
    private final class Iter implements KeyValueIterator<K, V> {
        private final Iterator<Map.Entry<Bytes, byte[]>> entries;
        private Map.Entry<Bytes, byte[]> peeked;

        Iter(Iterator<Map.Entry<Bytes, byte[]>> entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            return peeked != null || entries.hasNext();
        }

        @Override
        public KeyValue<K, V> next() {
            Map.Entry<Bytes, byte[]> e = peeked != null ? peeked : entries.next();
            peeked = null;
            return KeyValue.pair(key(e.getKey()), value(e.getValue()));
        }

        @Override
        public K peekNextKey() {
            if (peeked == null) {
                peeked = entries.next();
            }
            return key(peeked.getKey());
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
