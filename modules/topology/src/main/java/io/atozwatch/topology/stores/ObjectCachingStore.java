package io.atozwatch.topology.stores;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A cache of values as objects in front of a key-value store, for the stores a processor reads and
 * rewrites at every record (an order's case, a merchant's figures). Kafka Streams' own record cache sits
 * below the serde layer: every {@code get} decodes and every {@code put} encodes the whole value, however
 * often the same key is touched. Here a value read or written stays decoded, and a written one is encoded
 * and handed down (to the changelog and RocksDB) once, when the task commits
 * ({@link #flushCache}: before the commit's transaction, so what the changelog says is committed with the
 * offsets it goes with) or when the cache is full and it is the least recently used.
 *
 * <p>Only the thread that opened the store (its stream thread) uses the cache. Interactive queries, from
 * other threads, read the store below: what the task had committed, never an object being changed.
 *
 * <p>A value {@code get} returns is the cached object itself, which its processor changes and then puts
 * back. A processor that gives up half-way through changing one (an exception) must put back what the value
 * was before it began: if it was {@link #isUncommitted uncommitted} (changed by earlier records since the last
 * commit, whose outputs that commit will carry), a copy taken before; otherwise it may {@link #evict} the key,
 * so that the next read comes from the store, as it was last written ({@link #putBack} does either).
 *
 * <p>Under Kafka Streams, each task's cache reports how its processor's reads went ({@link #METRICS_GROUP}, tagged
 * with the thread, the task and the store): {@code hit-total}, the reads answered from the cache; {@code miss-total},
 * those the store below answered with a value (a key the cache had let go to make room, or had not read yet since the
 * task started); {@code absent-total}, those it had nothing for (a new key); all three brought up to date at every
 * commit; and {@code entries}, the values it holds. Misses that grow with the keys held, while the cache is full (at
 * its own number of entries, or with the others at their {@link CacheBudget}), are what a larger one buys back.
 */
public final class ObjectCachingStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements WritesOneByOne<K, V> {

    /** A cached value; {@code value} null is a deletion not yet handed down. */
    private static final class Entry<V> {
        V value;
        boolean dirty;

        Entry(V value, boolean dirty) {
            this.value = value;
            this.dirty = dirty;
        }
    }

    private final int maxEntries;
    private final CacheBudget budget;
    /** How many of the cache's values are counted in {@link #budget}. */
    private long counted;

    private final LinkedHashMap<K, Entry<V>> cache;
    /** The keys whose change is not handed down yet, in the order they were first changed. */
    private final LinkedHashSet<K> dirty = new LinkedHashSet<>();

    private volatile Thread owner;

    /** The group of the caches' metrics, as Kafka Streams names a group: {@code stream-<scope>-metrics}. */
    public static final String METRICS_GROUP = "stream-object-cache-metrics";

    /** Reads answered from the cache; found in the store below; not there either (its owner's, counted by it only). */
    private final ReadCount hits = new ReadCount("hit", "Reads answered from the cache of decoded values");

    private final ReadCount misses =
            new ReadCount("miss", "Reads the cache of decoded values passed on to its store, which had the key");
    private final ReadCount absent = new ReadCount(
            "absent", "Reads the cache of decoded values passed on to its store, which did not have the key");
    private final List<ReadCount> reads = List.of(hits, misses, absent);
    /** The cache's metrics, while it is open under Kafka Streams. */
    private StreamsMetrics metrics;

    private Sensor entriesSensor;

    /** A count of one kind of read, and the counter that is told it at every commit. */
    private static final class ReadCount {
        final String name;
        final String description;
        long count;
        long told;
        Sensor sensor;

        ReadCount(String name, String description) {
            this.name = name;
            this.description = description;
        }

        void tell() {
            sensor.record(count - told);
            told = count;
        }
    }

    /** @param maxEntries how many values to keep decoded (at least 1) */
    public ObjectCachingStore(KeyValueStore<K, V> inner, int maxEntries) {
        this(inner, maxEntries, CacheBudget.NONE);
    }

    /**
     * @param maxEntries how many values to keep decoded (at least 1)
     * @param budget     how many this cache and the others drawing on it may hold between them: while it is spent, a
     *                   value taken in lets this cache's least recently used one go (but for the last it holds)
     */
    public ObjectCachingStore(KeyValueStore<K, V> inner, int maxEntries, CacheBudget budget) {
        super(inner);
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.budget = budget;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                if (size() <= ObjectCachingStore.this.maxEntries && (size() <= 1 || !budget.spent())) {
                    return false;
                }
                if (eldest.getValue().dirty) {
                    handDown(eldest.getKey(), eldest.getValue().value);
                    dirty.remove(eldest.getKey());
                }
                return true;
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

    /**
     * Whether {@code key}'s cached value holds changes not handed down yet, if {@code store} (as a processor sees
     * it, possibly wrapped) has this cache: evicting it would lose them.
     */
    public static boolean isUncommitted(StateStore store, Object key) {
        StateStore s = store;
        while (s instanceof WrappedStateStore<?, ?, ?> wrapped) {
            if (s instanceof ObjectCachingStore<?, ?> caching) {
                return caching.ownedByCaller() && caching.dirty.contains(key);
            }
            s = wrapped.wrapped();
        }
        return false;
    }

    /**
     * A copy of {@code key}'s value, if earlier records changed it since the last commit (their outputs go out with
     * that commit, so a step that fails half-way must put this back, not evict it); null if the store below has it
     * as it is. Taken only then: a key's second change in one commit interval.
     */
    public static <K, V extends SpecificRecordBase> V uncommittedCopy(KeyValueStore<K, V> store, K key) {
        return uncommittedCopy(store, key, RecordCopy::of);
    }

    /** As {@link #uncommittedCopy(KeyValueStore, Object)}, copied by {@code copier}. */
    public static <K, V> V uncommittedCopy(KeyValueStore<K, V> store, K key, UnaryOperator<V> copier) {
        if (!isUncommitted(store, key)) {
            return null;
        }
        V v = store.get(key);
        return v == null ? null : copier.apply(v);
    }

    /**
     * After a step that changed {@code key}'s value failed half-way: puts back {@code before}, what
     * {@link #uncommittedCopy} took before the step, or, if it took nothing (the store below has the value as it was),
     * forgets the cached value so that the next read comes from the store below. Returns the value as it is now.
     */
    public static <K, V> V putBack(KeyValueStore<K, V> store, K key, V before) {
        if (before != null) {
            store.put(key, before);
        } else {
            evict(store, key);
        }
        return store.get(key);
    }

    private void evict(Object key) {
        if (ownedByCaller()) {
            cache.remove(key);
            dirty.remove(key);
            count();
        }
    }

    /** Brings the budget up to date with the cache's size, after the cache took in or let go of values. */
    private void count() {
        int size = cache.size();
        budget.add(size - counted);
        counted = size;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        cache.clear();
        dirty.clear();
        count();
        owner = Thread.currentThread();
        super.init(context, root);
        if (context != null && context.metrics() != null) {
            registerMetrics(context);
        }
    }

    /**
     * {@code hit-total}, {@code miss-total} and {@code absent-total}, counters told at every commit how many reads went
     * which way since the last one (nothing is recorded per read), and {@code entries}, read when asked.
     */
    private void registerMetrics(StateStoreContext context) {
        removeMetrics(); // opened again without a close
        metrics = context.metrics();
        String task = context.taskId().toString();
        Map<String, String> tags =
                Map.of("thread-id", Thread.currentThread().getName(), "task-id", task, "object-cache-id", name());
        String prefix = "object-cache." + task + "." + name() + ".";
        for (ReadCount count : reads) {
            count.sensor = metrics.addSensor(prefix + count.name, Sensor.RecordingLevel.INFO);
            count.sensor.add(
                    new MetricName(count.name + "-total", METRICS_GROUP, count.description, tags), new CumulativeSum());
        }
        entriesSensor = metrics.addSensor(prefix + "entries", Sensor.RecordingLevel.INFO);
        entriesSensor.add(
                new MetricName("entries", METRICS_GROUP, "Values the cache holds decoded", tags),
                new MeasurableStat() { // a gauge: the cache's size when the metrics are read
                    @Override
                    public void record(MetricConfig config, double ignored, long timeMs) {}

                    @Override
                    public double measure(MetricConfig config, long now) {
                        return cache.size();
                    }
                });
    }

    private void tellReads() {
        if (entriesSensor != null && ownedByCaller()) {
            reads.forEach(ReadCount::tell);
        }
    }

    private void removeMetrics() {
        if (entriesSensor != null) {
            for (ReadCount count : reads) {
                metrics.removeSensor(count.sensor);
            }
            metrics.removeSensor(entriesSensor);
            entriesSensor = null;
        }
    }

    private boolean ownedByCaller() {
        return Thread.currentThread() == owner;
    }

    @Override
    public V get(K key) {
        if (!ownedByCaller()) {
            return wrapped().get(key);
        }
        Entry<V> e = cache.get(key);
        if (e != null) {
            hits.count++;
            return e.value;
        }
        V value = wrapped().get(key);
        if (value != null) {
            misses.count++;
            cache.put(key, new Entry<>(value, false));
            count();
        } else {
            absent.count++;
        }
        return value;
    }

    @Override
    public void put(K key, V value) {
        if (!ownedByCaller()) {
            wrapped().put(key, value);
            return;
        }
        Entry<V> e = cache.get(key);
        dirty.add(key); // before a new entry may push the least recently used one out
        if (e == null) {
            cache.put(key, new Entry<>(value, true));
            count();
        } else {
            e.value = value;
            e.dirty = true;
        }
    }

    @Override
    public V delete(K key) {
        V current = get(key);
        put(key, null);
        return current;
    }

    /** Hands every changed value down; the commit follows. */
    @Override
    public void flushCache() {
        handDownAll();
        tellReads();
        super.flushCache();
    }

    /** What was not committed is dropped (a task closed dirty, or revived after an aborted transaction). */
    @Override
    public void clearCache() {
        cache.clear(); // the task is not processing while this is called
        dirty.clear();
        count();
        super.clearCache();
    }

    @Override
    public void close() {
        cache.clear();
        dirty.clear(); // a clean close has committed (flushCache) first; a dirty one must lose what is uncommitted
        count();
        removeMetrics();
        super.close();
    }

    private void handDownAll() {
        if (!ownedByCaller() || dirty.isEmpty()) {
            return;
        }
        for (K key : dirty) {
            Entry<V> e = cache.get(key);
            handDown(key, e.value);
            e.dirty = false;
            if (e.value == null) {
                cache.remove(key);
            }
        }
        dirty.clear();
        count();
    }

    private void handDown(K key, V value) {
        if (value == null) {
            wrapped().delete(key);
        } else {
            wrapped().put(key, value);
        }
    }

    // Scans see everything written: the cache is handed down first (by its owner; queries see what is committed).

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        handDownAll();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        handDownAll();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        handDownAll();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        handDownAll();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        handDownAll();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        handDownAll();
        return wrapped().approximateNumEntries();
    }
}
