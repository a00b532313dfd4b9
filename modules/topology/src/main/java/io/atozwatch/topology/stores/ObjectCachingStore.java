package io.atozwatch.topology.stores;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A cache of values as objects in front of a key-value store, for the stores a processor reads and
 * rewrites at every record (an order's case, a merchant's figures). Every {@code get} of the store below
 * decodes the whole value; here a value read or written stays decoded, so reading it again costs nothing.
 *
 * <p>Writes go through at once: a {@code put} is handed down (encoded, to the changelog and the store below)
 * before it returns, so the state a record leads to is in the same transaction as the records its processor
 * forwards, whatever path Kafka Streams' commit takes. (Holding changes back until the commit was tried: a
 * chaos run then committed a notice in one transaction and the case that recorded it in another, which was
 * aborted, and the notice went out twice.)
 *
 * <p>Only the thread that opened the store (its stream thread) uses the cache. Interactive queries, from
 * other threads, read the store below, never an object being changed.
 *
 * <p>A value {@code get} returns is the cached object itself, which its processor changes and then puts
 * back. A processor that gives up half-way through changing one (an exception) must {@link #evict} the key,
 * so that the next read comes from the store, as it was last written.
 */
public final class ObjectCachingStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {

    private final int maxEntries;
    private final LinkedHashMap<K, V> cache;
    private volatile Thread owner;

    /** @param maxEntries how many values to keep decoded (at least 1) */
    public ObjectCachingStore(KeyValueStore<K, V> inner, int maxEntries) {
        super(inner);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > ObjectCachingStore.this.maxEntries; // written down already: just forgotten
            }
        };
    }

    /**
     * Forgets {@code key}'s cached value, if {@code store} (as a processor sees it, possibly wrapped) has this
     * cache: the next read comes from the store below.
     */
    public static void evict(StateStore store, Object key) {
        StateStore s = store;
        while (s instanceof WrappedStateStore<?, ?, ?> wrapped) {
            if (s instanceof ObjectCachingStore<?, ?> caching) {
                caching.evict(key);
                return;
            }
            s = wrapped.wrapped();
        }
    }

    private void evict(Object key) {
        if (ownedByCaller()) {
            cache.remove(key);
        }
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        cache.clear();
        owner = Thread.currentThread();
        super.init(context, root);
    }

    private boolean ownedByCaller() {
        return Thread.currentThread() == owner;
    }

    @Override
    public V get(K key) {
        if (!ownedByCaller()) {
            return wrapped().get(key);
        }
        V value = cache.get(key);
        if (value == null) {
            value = wrapped().get(key);
            if (value != null) {
                cache.put(key, value);
            }
        }
        return value;
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        wrapped().put(key, value);
        if (ownedByCaller()) {
            cache.put(key, value);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> kv : entries) {
            put(kv.key, kv.value);
        }
    }

    @Override
    public V delete(K key) {
        if (ownedByCaller()) {
            cache.remove(key);
        }
        return wrapped().delete(key);
    }

    /** What a task closed dirty, or revived after an aborted transaction, had decoded is dropped. */
    @Override
    public void clearCache() {
        cache.clear(); // the task is not processing while this is called
        super.clearCache();
    }

    @Override
    public void close() {
        cache.clear();
        super.close();
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }
}
