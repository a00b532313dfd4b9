package io.atozwatch.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The CPU time of the JVM's collector threads, read from Linux's {@code /proc}: the garbage collector's workers, and
 * G1's concurrent markers and remembered-set refiners. The collector's MXBeans count only its pauses (on Java 17);
 * the concurrent marking that G1 starts once the old generation fills, on threads of its own, is not in them. Those
 * threads are not Java threads, so {@code ThreadMXBean} does not see them either.
 */
final class CollectorThreads {
    /** The kernel's clock ticks per second in {@code /proc}'s times ({@code USER_HZ}: 100 on Linux's user ABI). */
    static final long TICKS_PER_SECOND = 100;

    private static final Path OWN_THREADS = Path.of("/proc/self/task");

    private CollectorThreads() {}

    /** The collector threads' CPU time since they started, in nanoseconds; empty where there is no {@code /proc}. */
    static OptionalLong cpuNanos() {
        return cpuNanos(OWN_THREADS);
    }

    /** As {@link #cpuNanos()}, for the threads listed under {@code tasks} (one directory per thread). */
    static OptionalLong cpuNanos(Path tasks) {
        if (!Files.isDirectory(tasks)) {
            return OptionalLong.empty();
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                ticks += collectorTicks(thread);
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ticks * 1_000_000_000L / TICKS_PER_SECOND);
    }

    /** The thread's user and system ticks, if it is a collector thread; 0 if not, or if it ended meanwhile. */
    private static long collectorTicks(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm"), StandardCharsets.UTF_8)
                    .strip();
            if (!isCollector(name)) {
                return 0;
            }
            return ticks(Files.readString(thread.resolve("stat"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return 0;
        }
    }

    /** HotSpot's names for them: {@code GC Thread#0}, {@code G1 Conc#0}, {@code G1 Refine#0}, {@code G1 Main Marker}... */
    static boolean isCollector(String threadName) {
        return threadName.startsWith("GC Thread") || threadName.startsWith("G1 ");
    }

    /**
     * User plus system time from a {@code stat} line: the 14th and 15th fields, counted after the command, which is
     * in parentheses and may itself hold spaces and parentheses.
     */
    static long ticks(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
        return Long.parseLong(after[11]) + Long.parseLong(after[12]);
    }
}
