package io.atozwatch.app.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this instance is worth keeping alive, as an orchestrator should hear it: not when its stream
 * threads keep dying (each is replaced, so Kafka Streams itself never looks dead), and not when a
 * partition it owns has records to process and its committed offset has not moved for a while (a
 * record it cannot get past). A restart then moves the work to a fresh instance, and the dead letters
 * say what went wrong. Fed by the uncaught-exception handler and by periodic looks at the local tasks'
 * offsets; thread-safe.
 */
public final class Liveness {

    /** A partition this instance owns, as last seen: committed offset and end offset. */
    public record PartitionProgress(String partition, long committed, long end) {}

    private final int maxReplacements;
    private final Duration replacementWindow;
    private final Duration stuckAfter;
    private final Deque<Instant> replacements = new ArrayDeque<>();
    private long replacementsTotal;
    /** Per partition: the committed offset last seen and since when it has stood still with records behind it. */
    private final Map<String, Stand> stands = new HashMap<>();

    private List<String> stuck = List.of();

    private record Stand(long committed, Instant since) {}

    /**
     * @param maxReplacements   more stream-thread replacements than this within {@code replacementWindow}: not live
     * @param stuckAfter        a partition with records to process whose committed offset stood still this long is stuck
     */
    public Liveness(int maxReplacements, Duration replacementWindow, Duration stuckAfter) {
        this.maxReplacements = maxReplacements;
        this.replacementWindow = replacementWindow;
        this.stuckAfter = stuckAfter;
    }

    public synchronized void threadReplaced(Instant at) {
        replacements.addLast(at);
        replacementsTotal++;
    }

    /** What the local tasks' partitions look like at {@code at}; partitions no longer owned are forgotten. */
    public synchronized void observe(List<PartitionProgress> owned, Instant at) {
        Map<String, Stand> next = new HashMap<>();
        List<String> nowStuck = new ArrayList<>();
        for (PartitionProgress p : owned) {
            Stand before = stands.get(p.partition());
            Stand stand = before != null && before.committed() == p.committed() ? before : new Stand(p.committed(), at);
            next.put(p.partition(), stand);
            if (p.end() > p.committed() && !at.isBefore(stand.since().plus(stuckAfter))) {
                nowStuck.add(p.partition());
            }
        }
        stands.clear();
        stands.putAll(next);
        nowStuck.sort(null);
        stuck = List.copyOf(nowStuck);
    }

    /** Why the instance should be restarted, if it should. */
    public synchronized Optional<String> problem(Instant now) {
        while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(replacementWindow))) {
            replacements.removeFirst();
        }
        if (replacements.size() > maxReplacements) {
            return Optional.of(replacements.size() + " stream threads died and were replaced in the last "
                    + replacementWindow + " (more than " + maxReplacements + ")");
        }
        if (!stuck.isEmpty()) {
            return Optional.of("partition(s) " + String.join(", ", stuck) + " have records to process and made no"
                    + " progress for " + stuckAfter);
        }
        return Optional.empty();
    }

    public synchronized long replacementsTotal() {
        return replacementsTotal;
    }

    public synchronized int stuckPartitions() {
        return stuck.size();
    }
}
