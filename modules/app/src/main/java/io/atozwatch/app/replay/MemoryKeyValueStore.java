package io.atozwatch.app.replay;

import io.atozwatch.topology.stores.WritesOneByOne;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeSet;
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
 * A key-value store in memory that behaves as Kafka Streams' own do for a processor: keys and values are kept
 * serialized with the store's serdes (a value read is a fresh copy, a value written is copied at once, and one its
 * serde cannot write fails the put as it would; the serde registers the value's schema when Kafka Streams' store
 * would), and ranges come in the byte order of the serialized keys, RocksDB's order. No changelog, no record cache,
 * no metrics: replay keeps nothing beyond its run.
 *
 * <p>Entries are found by key in a hash map; the keys are also kept in byte order once the store is first
 * scanned with an entry in it. Iterators read the live store: writing to the store while one of its iterators is open fails (the
 * pipeline's processors collect what they scan before writing), rather than answering differently from
 * RocksDB's snapshot.
 */
final class MemoryKeyValueStore<K, V> implements WritesOneByOne<K, V> {
    private final String name;
    /** The topic the serdes are called with: the store's changelog, as Kafka Streams' stores do. */
    private final String topic;

    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    /** The entries, by serialized key. */
    private final HashMap<Bytes, byte[]> map = new HashMap<>();

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
            throw new IllegalStateException(
                    "replay's engine runs key-value stores only (Stores.keyValueStoreBuilder); store " + builder.name()
                            + " is built by " + kind);
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
            throw new IllegalStateException(
                    "cannot read the " + field + " of store " + builder.name()
                            + " (has Kafka Streams' AbstractStoreBuilder changed?)",
                    e);
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

    private byte[] remove(Bytes k) {
        writes++;
        byte[] previous = map.remove(k);
        if (previous != null && order != null) {
            order.remove(k);
        }
        return previous;
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
        if (order == null && map.isEmpty()) {
            // Not kept yet: the processors scan their stores when they start (to load what a restart left), which
            // in replay finds them empty, and they are read by key from then on.
            return Collections.emptyNavigableSet();
        }
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
                throw new ConcurrentModificationException(
                        "store " + name + " was written to while an iterator was open");
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
                return new UnsupportedOperationException(
                        "Global store " + name + " is read-only for a stream task's processors");
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
