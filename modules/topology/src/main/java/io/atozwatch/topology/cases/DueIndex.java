package io.atozwatch.topology.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keys filed by the instant they must next be looked at (cases, or merchants), so that a time check
 * reads only what is due instead of scanning every key. Store keys are the instant in zero-padded epoch
 * milliseconds, then the key: their byte order is time order. A check scans from where the previous one
 * stopped (what lies before was handled and deleted), up to "now", and learns on the way the first
 * instant still ahead, so that nothing needs scanning until the clock reaches it.
 */
public final class DueIndex {
    private static final char SEPARATOR = '|';
    private final KeyValueStore<String, String> store;

    public DueIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    static String key(Instant at, String id) {
        return prefix(at) + SEPARATOR + id;
    }

    private static String prefix(Instant at) {
        String digits = Long.toString(Math.max(0L, at.toEpochMilli()));
        return ZEROS.substring(digits.length()) + digits; // zero-padded to 19 digits, as "%019d" without its cost
    }

    private static final String ZEROS = "0".repeat(19);

    /** Moves the key's entry from {@code previous} to {@code next} (either may be null). */
    public void reschedule(String id, Instant previous, Instant next) {
        if (previous != null && previous.equals(next)) {
            return;
        }
        if (previous != null) {
            store.delete(key(previous, id));
        }
        if (next != null) {
            store.put(key(next, id), id);
        }
    }

    /** An entry of the index: {@code orderId} is the key filed (an order or a merchant id). */
    public record Due(Instant at, String orderId) {}

    /**
     * What one check found: the entries due (earliest first), and the instant of the first entry after them,
     * or null if there is none.
     */
    public record Scan(List<Due> due, Instant next) {}

    /** Up to {@code limit} entries from {@code from} (inclusive) to {@code now} (inclusive), earliest first. */
    public Scan scan(Instant from, Instant now, int limit) {
        List<Due> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(prefix(from), null)) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                Instant at = Instant.ofEpochMilli(Long.parseLong(kv.key.substring(0, kv.key.indexOf(SEPARATOR))));
                if (at.isAfter(now) || due.size() == limit) {
                    return new Scan(due, at);
                }
                due.add(new Due(at, kv.value));
            }
        }
        return new Scan(due, null);
    }

    /** The earliest instant in the index, or null if it is empty. */
    public Instant earliest() {
        return scan(Instant.EPOCH, Instant.EPOCH.minusMillis(1), 0).next();
    }

    /** Up to {@code limit} entries due at or before {@code now}, earliest first. */
    public List<Due> due(Instant now, int limit) {
        return scan(Instant.EPOCH, now, limit).due();
    }

    public void remove(Due entry) {
        store.delete(key(entry.at(), entry.orderId()));
    }
}
