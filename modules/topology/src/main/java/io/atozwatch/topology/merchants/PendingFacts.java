package io.atozwatch.topology.merchants;

import io.atozwatch.state.MerchantFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The facts waiting for the merchants' clock, in the order they are to be applied ({@link PendingKey}). The store
 * keeps them across restarts and is only written and read by key, so its record cache coalesces a fact applied
 * within the commit interval it arrived in: RocksDB and the changelog get its deletion (a tombstone), not the fact.
 * The order by time is kept here, in memory, loaded from the store when the task starts, and each check reads only
 * what is due. Not thread-safe: one per task.
 */
final class PendingFacts {
    private final KeyValueStore<String, MerchantFacts> store;
    private final TreeMap<String, MerchantFacts> byTime = new TreeMap<>();

    /** What one check found: the facts to apply (in order), and the instant of the first one after them, or null. */
    record Scan(List<KeyValue<String, MerchantFacts>> facts, Instant next) {}

    PendingFacts(KeyValueStore<String, MerchantFacts> store) {
        this.store = store;
        try (KeyValueIterator<String, MerchantFacts> it = store.all()) {
            it.forEachRemaining(kv -> byTime.put(kv.key, kv.value));
        }
    }

    void put(MerchantFacts f) {
        String key = PendingKey.of(f);
        byTime.put(key, f);
        store.put(key, f);
    }

    void delete(String key) {
        byTime.remove(key);
        store.put(key, null); // a deletion that does not read (and decode) the fact first, as delete() does
    }

    /** The instant of the earliest fact waiting, or null. */
    Instant earliest() {
        return byTime.isEmpty() ? null : byTime.firstEntry().getValue().getAt();
    }

    /** Up to {@code limit} facts about instants from {@code from} to {@code now} (inclusive), in the order they are to be applied. */
    Scan scan(Instant from, Instant now, int limit) {
        List<KeyValue<String, MerchantFacts>> out = new ArrayList<>();
        for (Map.Entry<String, MerchantFacts> e :
                byTime.tailMap(PendingKey.from(from), true).entrySet()) {
            MerchantFacts f = e.getValue();
            if (f.getAt().isAfter(now) || out.size() == limit) {
                return new Scan(out, f.getAt());
            }
            out.add(KeyValue.pair(e.getKey(), f));
        }
        return new Scan(out, null);
    }
}
