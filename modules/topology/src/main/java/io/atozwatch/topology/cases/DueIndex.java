package io.atozwatch.topology.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;

/**
 * Keys filed by the instant they must next be looked at (cases, or merchants), so that a time check
 * reads only what is due instead of scanning every key.
 *
 * <p>Kept in memory only: each key's owner (an order's case, a merchant's state) says the instant itself, so a task
 * that starts files every key from what it stores anyway, and nothing is written per move. (A store of its own, order
 * id → instant, cost the cases a record-cache write at every event and a changelog record at every commit:
 * docs/performance.md, "Tenth day".) A check walks the index from where the previous one stopped, up to "now", and
 * learns on the way the first instant still ahead, so that nothing needs walking until the clock reaches it.
 *
 * <p>Where a key was filed is known to its owner only: {@link #refile}, after a failed step, leaves the entry that
 * step may have made, and the owner, which checks every entry due against the key's own instant, drops it as stale
 * when it comes due.
 *
 * <p>The keys are grouped by instant: a tree of instants, each with its key or the set of its keys. Filing a key
 * costs a walk of the tree of instants and a hash lookup; the keys of one instant are put in order only when they are
 * due. (A tree of (instant, key) pairs took a growing share of the work as the cases held grew: docs/performance.md,
 * "Seventh day".)
 */
public final class DueIndex {
    private static final char SEPARATOR = '|';

    /** Epoch milliseconds → the one key filed then (a String), or the keys filed then (a Set of them). */
    private final TreeMap<Long, Object> byTime = new TreeMap<>();

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
            take(previous.toEpochMilli(), id);
        }
        if (next != null) {
            add(next.toEpochMilli(), id);
        }
    }

    /**
     * Files every owner read from {@code owners} (a task's stored cases or merchants, as it starts) at the instant
     * {@code nextAt} says it is next due, if any. @return how many were filed
     */
    public <V> int fileEach(Iterator<KeyValue<String, V>> owners, Function<? super V, Instant> nextAt) {
        int filed = 0;
        while (owners.hasNext()) {
            KeyValue<String, V> owner = owners.next();
            Instant at = nextAt.apply(owner.value);
            if (at != null) {
                add(at.toEpochMilli(), owner.key);
                filed++;
            }
        }
        return filed;
    }

    /**
     * Files the key at {@code at} (null: nowhere), where its owner, put back after a failed step, says it is. The
     * entry the failed step may have made stays, to be found stale when it comes due.
     */
    public void refile(String id, Instant at) {
        if (at != null) {
            add(at.toEpochMilli(), id);
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
        long nowMs = now.toEpochMilli(); // an entry at a millisecond is due at any instant within it
        for (Map.Entry<Long, Object> e :
                byTime.tailMap(firstMilliAtOrAfter(from), true).entrySet()) {
            Instant at = Instant.ofEpochMilli(e.getKey());
            if (e.getKey() > nowMs) {
                return new Scan(due, at);
            }
            for (String id : inOrder(e.getValue())) {
                if (due.size() == limit) {
                    return new Scan(due, at);
                }
                due.add(new Due(at, id));
            }
        }
        return new Scan(due, null);
    }

    private static long firstMilliAtOrAfter(Instant from) {
        long ms = from.toEpochMilli();
        return Instant.ofEpochMilli(ms).isBefore(from) ? ms + 1 : ms;
    }

    /** The earliest instant in the index, or null if it is empty. */
    public Instant earliest() {
        return byTime.isEmpty() ? null : Instant.ofEpochMilli(byTime.firstKey());
    }

    /** Takes the entry out (handled, or stale: its key has moved on since it was filed). */
    public void remove(Due entry) {
        take(entry.at().toEpochMilli(), entry.orderId());
    }

    /** Every entry as {@link #key} text, in time order (for tests). */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        byTime.forEach((at, ids) -> inOrder(ids).forEach(id -> keys.add(key(Instant.ofEpochMilli(at), id))));
        return keys;
    }

    private void add(long at, String id) {
        byTime.merge(at, id, (filed, one) -> {
            if (filed instanceof String other) {
                return other.equals(one) ? other : new HashSet<>(List.of(other, (String) one));
            }
            ids(filed).add((String) one);
            return filed;
        });
    }

    private void take(long at, String id) {
        byTime.computeIfPresent(at, (instant, filed) -> {
            if (filed instanceof String one) {
                return one.equals(id) ? null : one;
            }
            Set<String> ids = ids(filed);
            ids.remove(id);
            return ids.size() == 1 ? ids.iterator().next() : ids;
        });
    }

    @SuppressWarnings("unchecked")
    private static Set<String> ids(Object filed) {
        return (Set<String>) filed;
    }

    /** The keys filed at one instant, in order. */
    private static List<String> inOrder(Object filed) {
        if (filed instanceof String one) {
            return List.of(one);
        }
        String[] ids = ids(filed).toArray(String[]::new);
        Arrays.sort(ids);
        return Arrays.asList(ids);
    }
}
