package io.atozwatch.topology.merchants;

import io.atozwatch.state.MerchantFacts;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How far each task of the order side has sent its facts, as the records it sends say, and so the
 * merchants' side's own clock: the lowest of them. A task that has read nothing and is read to its end
 * (an empty partition) holds nobody back; one not heard from yet holds everyone back. Kept in a state
 * store (and in memory), so that a restarted task goes on from where it was.
 */
final class SourceWatermarks {
    private static final long UNKNOWN = Long.MIN_VALUE;
    /** What an idle sender stands for: it holds nobody back. */
    private static final long IDLE = Long.MAX_VALUE;

    private static final String NOW = "now";
    private static final String SOURCE = "source-";

    private final KeyValueStore<String, Long> store;
    private final Map<Integer, Long> bySource = new HashMap<>();
    private long current = UNKNOWN;

    SourceWatermarks(KeyValueStore<String, Long> store) {
        this.store = store;
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.equals(NOW)) {
                    current = kv.value;
                } else if (kv.key.startsWith(SOURCE)) {
                    bySource.put(Integer.parseInt(kv.key.substring(SOURCE.length())), kv.value);
                }
            });
        }
    }

    /** Notes what a record says of its sender. @return whether the merchants' clock moved */
    boolean heard(MerchantFacts f) {
        Instant wm = f.getSourceWatermark();
        long value = f.getSourceIdle() ? IDLE : wm == null ? UNKNOWN : wm.toEpochMilli();
        Long before = bySource.put(f.getSourcePartition(), value);
        if (before == null || before != value) {
            store.put(SOURCE + f.getSourcePartition(), value);
        }
        long lowest = lowest(f.getSourcePartitions());
        if (lowest != IDLE && lowest > current) {
            current = lowest;
            store.put(NOW, current);
            return true;
        }
        return false;
    }

    private long lowest(int sources) {
        long lowest = IDLE;
        for (int i = 0; i < sources; i++) {
            Long v = bySource.get(i);
            if (v == null) {
                return UNKNOWN;
            }
            lowest = Math.min(lowest, v);
        }
        return lowest;
    }

    /** The merchants' side's clock, or null until every task has been heard from. */
    Instant now() {
        return current == UNKNOWN ? null : Instant.ofEpochMilli(current);
    }
}
