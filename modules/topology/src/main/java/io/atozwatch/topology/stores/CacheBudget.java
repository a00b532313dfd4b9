package io.atozwatch.topology.stores;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many values the caches of decoded values ({@link ObjectCachingStore}) of one topology may hold between them:
 * a share of the heap, so that a deployment given more memory keeps more cases decoded without being told to. The
 * caches of every task and stream thread draw on it; while it is spent, a cache that takes in a value lets its own
 * least recently used one go. So the tasks that read more keys hold more of it.
 */
public final class CacheBudget {
    /**
     * The heap a decoded value is reckoned to take: a generated order's case, its events, verdicts, deadlines and
     * notices. Measured: after a full collection, an app holding 617,229 cases decoded (938,782 orders) used 2.3 GB of
     * heap in all, broker and benchmark included (docs/performance.md, "Twelfth day").
     */
    public static final long BYTES_PER_VALUE = 3072;

    /** No limit shared between caches: each keeps to its own number of entries. */
    public static final CacheBudget NONE = new CacheBudget(Long.MAX_VALUE);

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    private CacheBudget(long limit) {
        this.limit = limit;
    }

    /** Values for {@code share} of {@code maxHeapBytes}, at {@link #BYTES_PER_VALUE} each: at least one. */
    public static CacheBudget ofHeap(double share, long maxHeapBytes) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a share of the heap between 0 and 1, got " + share);
        }
        return new CacheBudget(Math.max(1, (long) (maxHeapBytes * share) / BYTES_PER_VALUE));
    }

    /** As {@link #ofHeap(double, long)}, of this JVM's maximum heap. */
    public static CacheBudget ofHeap(double share) {
        return ofHeap(share, Runtime.getRuntime().maxMemory());
    }

    /** How many values the caches may hold between them. */
    public long limit() {
        return limit;
    }

    /** How many they hold now. */
    public long held() {
        return held.get();
    }

    /** Whether the caches hold more than their limit: the one taking a value in then lets one go. */
    boolean spent() {
        return held.get() > limit;
    }

    /** A cache now holds {@code delta} values more (or fewer, if negative). */
    void add(long delta) {
        if (delta != 0 && this != NONE) {
            held.addAndGet(delta);
        }
    }
}
