package io.atozwatch.topology.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keys filed by the instant they must next be looked at (cases, or merchants), so that a time check
 * reads only what is due instead of scanning every key.
 *
 * <p>The store holds each key's instant (key → epoch milliseconds), one record per key: moving a key is one
 * write, and its changelog carries one record per move. The order by time is kept in memory, loaded from
 * the store when the task starts (its changelog restored by then); a check walks it from where the
 * previous one stopped, up to "now", and learns on the way the first instant still ahead, so that nothing
 * needs walking until the clock reaches it.
 */
public final class DueIndex {
    private static final char SEPARATOR = '|';
    private static final Comparator<Due> TIME_ORDER = (a, b) -> {
        int byInstant = a.at().compareTo(b.at());
        return byInstant != 0 ? byInstant : a.orderId().compareTo(b.orderId());
    };

    private final KeyValueStore<String, Long> store;
    private final TreeSet<Due> byTime = new TreeSet<>(TIME_ORDER);

    /** Loads the index from {@code store}. */
    public DueIndex(KeyValueStore<String, Long> store) {
        this.store = store;
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(kv -> byTime.add(new Due(Instant.ofEpochMilli(kv.value), kv.key)));
        }
    }

    /** The instant and the key, as text whose order is time order (for tests and logs). */
    static String key(Instant at, String id) {
        String digits = Long.toString(Math.max(0L, at.toEpochMilli()));
        return ZEROS.substring(digits.length()) + digits + SEPARATOR + id; // zero-padded to 19 digits
    }

    private static final String ZEROS = "0".repeat(19);

    /** Moves the key's entry from {@code previous} to {@code next} (either may be null). */
    public void reschedule(String id, Instant previous, Instant next) {
        if (previous != null && previous.equals(next)) {
            return;
        }
        if (previous != null) {
            byTime.remove(new Due(previous, id));
        }
        if (next != null) {
            byTime.add(new Due(next, id));
            store.put(id, next.toEpochMilli());
        } else if (previous != null) {
            store.delete(id);
        }
    }

    /** Files the key at {@code at} (null: nowhere), wherever it was filed before. */
    public void refile(String id, Instant at) {
        Long filed = store.get(id);
        reschedule(id, filed == null ? null : Instant.ofEpochMilli(filed), at);
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
        for (Due d : byTime.tailSet(new Due(from, ""), true)) {
            if (d.at().isAfter(now) || due.size() == limit) {
                return new Scan(due, d.at());
            }
            due.add(d);
        }
        return new Scan(due, null);
    }

    /** The earliest instant in the index, or null if it is empty. */
    public Instant earliest() {
        return byTime.isEmpty() ? null : byTime.first().at();
    }

    /** Whether nothing is filed. */
    public boolean isEmpty() {
        return byTime.isEmpty();
    }

    /** Up to {@code limit} entries due at or before {@code now}, earliest first. */
    public List<Due> due(Instant now, int limit) {
        return scan(Instant.EPOCH, now, limit).due();
    }

    /** Takes the entry out (handled, or stale: its key has moved on since it was filed). */
    public void remove(Due entry) {
        byTime.remove(entry);
        Long filed = store.get(entry.orderId());
        if (filed != null && filed == entry.at().toEpochMilli()) {
            store.delete(entry.orderId());
        }
    }

    /** Every entry as {@link #key} text, in time order (for tests). */
    public List<String> keys() {
        return byTime.stream().map(d -> key(d.at(), d.orderId())).toList();
    }
}
