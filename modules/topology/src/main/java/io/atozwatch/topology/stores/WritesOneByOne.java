package io.atozwatch.topology.stores;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/** A key-value store whose {@code putIfAbsent} and {@code putAll} are its own {@code get} and {@code put}, entry by entry. */
public interface WritesOneByOne<K, V> extends KeyValueStore<K, V> {

    @Override
    default V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    default void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> kv : entries) {
            put(kv.key, kv.value);
        }
    }
}
