package io.atozwatch.topology.stores;

import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a store of its own over the store another builder describes: its name, changelog and caching are
 * the inner builder's.
 *
 * @param <K>  the key this layer takes
 * @param <V>  the value this layer takes
 * @param <IK> the key of the store below
 * @param <IV> the value of the store below
 */
public abstract class LayeredStoreBuilder<K, V, IK, IV> implements StoreBuilder<KeyValueStore<K, V>> {
    private final StoreBuilder<KeyValueStore<IK, IV>> inner;

    protected LayeredStoreBuilder(StoreBuilder<KeyValueStore<IK, IV>> inner) {
        this.inner = inner;
    }

    /**
     * This layer over {@code below}, a store as {@link #inner} describes, built by Kafka Streams or otherwise
     * (replay's engine builds its own, in memory).
     *
     * @param changelog the topic the store's changelog is written to, as serdes are told it; null: the one Kafka
     *                  Streams names, known when the store is initialised
     */
    public abstract KeyValueStore<K, V> over(KeyValueStore<IK, IV> below, String changelog);

    @Override
    public KeyValueStore<K, V> build() {
        return over(inner.build(), null);
    }

    /** The store below this layer. */
    public StoreBuilder<KeyValueStore<IK, IV>> inner() {
        return inner;
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
