package io.atozwatch.topology.stores;

import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds a store as {@code inner} does, with an {@link ObjectCachingStore} of {@code maxEntries} values in front. */
public final class ObjectCachingStoreBuilder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
    private final StoreBuilder<KeyValueStore<K, V>> inner;
    private final int maxEntries;

    public ObjectCachingStoreBuilder(StoreBuilder<KeyValueStore<K, V>> inner, int maxEntries) {
        this.inner = inner;
        this.maxEntries = maxEntries;
    }

    @Override
    public KeyValueStore<K, V> build() {
        return new ObjectCachingStore<>(inner.build(), maxEntries);
    }

    /** The store below the cache (replay's engine builds its own, in memory, and puts the same cache in front). */
    public StoreBuilder<KeyValueStore<K, V>> inner() {
        return inner;
    }

    public int maxEntries() {
        return maxEntries;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
        inner.withCachingEnabled();
        return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
        inner.withCachingDisabled();
        return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
