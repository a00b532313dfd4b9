package io.atozwatch.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Stores for tests that drive a processor by hand (a MockProcessorContext): in memory, no changelog. */
public final class TestStores {
    private TestStores() {}

    /** A store named {@code name}, keyed by string, not initialised yet. */
    public static <V> KeyValueStore<String, V> inMemory(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled()
                .build();
    }
}
