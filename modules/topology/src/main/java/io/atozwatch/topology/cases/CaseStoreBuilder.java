package io.atozwatch.topology.cases;

import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.stores.LayeredStoreBuilder;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds the order cases' {@link CaseStore} over a store of bytes that {@code inner} describes. */
public final class CaseStoreBuilder extends LayeredStoreBuilder<String, OrderCase, Bytes, byte[]> {
    private final CaseStore.Serdes serdes;

    public CaseStoreBuilder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner, CaseStore.Serdes serdes) {
        super(inner);
        this.serdes = serdes;
    }

    @Override
    public KeyValueStore<String, OrderCase> over(KeyValueStore<Bytes, byte[]> below, String changelog) {
        return new CaseStore(below, serdes, changelog);
    }
}
