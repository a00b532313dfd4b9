package io.atozwatch.topology;

import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.cases.CaseStore;
import io.atozwatch.topology.cases.CaseStoreBuilder;
import io.atozwatch.topology.stores.ObjectCachingStore;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Stores for tests that drive a processor by hand (a MockProcessorContext): in memory, no changelog. */
public final class TestStores {
    private TestStores() {}

    /**
     * The order cases' store as the topology stacks it (decoded cases in front of a {@link CaseStore}), in memory,
     * not initialised yet.
     */
    public static ObjectCachingStore<String, OrderCase> cases(Topics topics, int cachedCases) {
        KeyValueStore<String, OrderCase> parts = new CaseStoreBuilder(
                        Stores.keyValueStoreBuilder(
                                        Stores.inMemoryKeyValueStore(PipelineTopology.CASES_STORE),
                                        Serdes.Bytes(),
                                        Serdes.ByteArray())
                                .withLoggingDisabled(),
                        topics.orderCaseSerdes)
                .build();
        return new ObjectCachingStore<>(parts, cachedCases);
    }

    /** A store named {@code name}, keyed by string, not initialised yet. */
    public static <V> KeyValueStore<String, V> inMemory(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled()
                .build();
    }
}
