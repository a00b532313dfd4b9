package io.atozwatch.topology.stores;

import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds a store as {@code inner} does, with an {@link ObjectCachingStore} of {@code maxEntries} values in front. */
public final class ObjectCachingStoreBuilder<K, V> extends LayeredStoreBuilder<K, V, K, V> {
    private final int maxEntries;

    public ObjectCachingStoreBuilder(StoreBuilder<KeyValueStore<K, V>> inner, int maxEntries) {
        super(inner);
        this.maxEntries = maxEntries;
    }

    @Override
    public KeyValueStore<K, V> over(KeyValueStore<K, V> below, String changelog) {
        return new ObjectCachingStore<>(below, maxEntries);
    }
}
