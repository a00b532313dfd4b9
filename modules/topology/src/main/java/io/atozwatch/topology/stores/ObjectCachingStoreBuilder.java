package io.atozwatch.topology.stores;

import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a store as {@code inner} does, with an {@link ObjectCachingStore} of at most {@code maxEntries} values in
 * front, drawing on {@code budget} with the other caches.
 */
public final class ObjectCachingStoreBuilder<K, V> extends LayeredStoreBuilder<K, V, K, V> {
    private final int maxEntries;
    private final CacheBudget budget;

    public ObjectCachingStoreBuilder(StoreBuilder<KeyValueStore<K, V>> inner, int maxEntries, CacheBudget budget) {
        super(inner);
        this.maxEntries = maxEntries;
        this.budget = budget;
    }

    @Override
    public KeyValueStore<K, V> over(KeyValueStore<K, V> below, String changelog) {
        return new ObjectCachingStore<>(below, maxEntries, budget);
    }
}
