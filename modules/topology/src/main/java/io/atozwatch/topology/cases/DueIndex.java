package io.atozwatch.topology.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Cases filed by the instant they must next be looked at, so that a time check reads only what is
 * due instead of scanning every case. Keys are the instant in zero-padded epoch milliseconds, then the
 * order id: their byte order is time order, so a range scan from the start stops at "now".
 */
public final class DueIndex {
    private static final char SEPARATOR = '|';
    private final KeyValueStore<String, String> store;

    public DueIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    static String key(Instant at, String orderId) {
        return prefix(at) + SEPARATOR + orderId;
    }

    private static String prefix(Instant at) {
        return String.format("%019d", Math.max(0L, at.toEpochMilli()));
    }

    /** Moves the order's entry from {@code previous} to {@code next} (either may be null). */
    public void reschedule(String orderId, Instant previous, Instant next) {
        if (previous != null && previous.equals(next)) {
            return;
        }
        if (previous != null) {
            store.delete(key(previous, orderId));
        }
        if (next != null) {
            store.put(key(next, orderId), orderId);
        }
    }

    /** An entry of the index. */
    public record Due(Instant at, String orderId) {}

    /** Up to {@code limit} entries due at or before {@code now}, earliest first. */
    public List<Due> due(Instant now, int limit) {
        List<Due> due = new ArrayList<>();
        // The upper bound is the next millisecond's bare prefix: every key of "now" sorts below it.
        try (KeyValueIterator<String, String> it = store.range(prefix(Instant.EPOCH), prefix(now.plusMillis(1)))) {
            while (it.hasNext() && due.size() < limit) {
                KeyValue<String, String> kv = it.next();
                long millis = Long.parseLong(kv.key.substring(0, kv.key.indexOf(SEPARATOR)));
                due.add(new Due(Instant.ofEpochMilli(millis), kv.value));
            }
        }
        return due;
    }

    public void remove(Due entry) {
        store.delete(key(entry.at(), entry.orderId()));
    }
}
