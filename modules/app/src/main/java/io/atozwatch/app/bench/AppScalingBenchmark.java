package io.atozwatch.app.bench;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.Pacer;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.app.generate.TrafficProducer;
import io.atozwatch.app.runtime.PipelineApp;
import io.atozwatch.app.runtime.PipelineMetrics;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.topology.PipelineTopology;
import io.atozwatch.topology.stores.ObjectCachingStore;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Does the deployed app's work per event stay flat as the number of open order cases grows? The same traffic as
 * {@link CaseScalingBenchmark} (seed 42, 4,000 orders per simulated hour from 2026-03-02: cases open far faster than
 * they close) is first written to an embedded broker; then one app instance (the default settings: exactly-once,
 * RocksDB stores behind their caches, commits every 100 ms) reads it from the start, and the time it takes to get
 * through each slice of the input is reported next to the number of orders placed by the end of that slice (each an
 * open case). The app lags behind the whole time, so its clock is the event time it has read, as when it catches up
 * on a history; the wall clock never judges a case. Next to each slice's speed: the stream thread's CPU time per
 * event (the pipeline's own work, RocksDB's reads and writes included), the CPU time of the rest of the process
 * (the broker, the producers, RocksDB's flushes and compactions, the collector, the JIT), the collector's pauses,
 * and the CPU time of its threads (which, unlike the pauses, includes G1's concurrent marking: once the heap fills,
 * the old generation's collection is a cost of every slice). The first slice (start-up, JIT, RocksDB's first files)
 * is a warm-up and not reported; the next one is the baseline the others are compared with, in the same run. A
 * slice more is written than is timed: the app never reaches the end of its input while it is timed, for a task that
 * has would let the wall clock judge every case it holds at once (as it should), which is not the work per event.
 *
 * <p>Unlike {@link CaseScalingBenchmark}'s test driver, which commits, flushes RocksDB's memtables and writes a
 * checkpoint after every record, the app commits as a deployment does, so what it measures of RocksDB is what a
 * deployment pays.
 *
 * <p>{@code java -cp modules/app/target/atoz-watch.jar io.atozwatch.app.bench.AppScalingBenchmark [events] [slices]
 * [partitions] [key=value ...]} (defaults 4,200,000 events timed, 10 slices after the warm-up, 3 partitions: over a
 * million orders; each {@code key=value} is a setting of the app, as {@code bench --set} gives it).
 */
public final class AppScalingBenchmark {
    private AppScalingBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 4_200_000;
        int slices = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got " + args[i]);
            }
            overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        long perSlice = events / (slices + 1);
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, %s, Java %s, max heap %d MB; %,d events timed in %d slices of %,d after a warm-up "
                        + "one, %d partitions, one app instance; settings given: %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"),
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20,
                perSlice * (slices + 1),
                slices,
                perSlice,
                partitions,
                overrides);
        try (BenchCluster cluster = new BenchCluster(partitions, overrides)) {
            Settings settings = cluster.pipelineSettings("scaling", "", "exactly_once_v2");
            PlacedCounter input = new PlacedCounter(CaseScalingBenchmark.traffic(), perSlice, slices + 1, perSlice);
            long produceStart = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    TrafficProducer.producerConfig(cluster.clientProperties()),
                    new StringSerializer(),
                    new ByteArraySerializer())) {
                new TrafficProducer(producer, cluster.topics(settings)).produce(input, 0, Pacer.unlimited());
            }
            System.out.printf(
                    Locale.ROOT,
                    "written: %,d order events and %,d policies in %.1f s%n",
                    input.orderEvents,
                    input.policies,
                    (System.nanoTime() - produceStart) / 1e9);
            System.out.printf(
                    Locale.ROOT,
                    "%-7s %-14s %-10s %-9s %-9s %-10s %-12s %-8s %-6s %-14s %-12s %s%n",
                    "slice",
                    "orders so far",
                    "events",
                    "seconds",
                    "events/s",
                    "vs slice 1",
                    "thread us/ev",
                    "rest s",
                    "GC s",
                    "collector s",
                    "case hits %",
                    "ended (UTC)");
            try (PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), r -> {}).start()) {
                PipelineMetrics metrics = app.metrics();
                double baseline = 0;
                long sliceStart = System.nanoTime();
                Cpu cpuStart = Cpu.now();
                CaseReads readsStart = CaseReads.of(app);
                for (int s = 0; s <= slices; s++) {
                    long target = perSlice * (s + 1);
                    while (metrics.processed() + metrics.duplicates() < target) {
                        Thread.sleep(20);
                    }
                    long now = System.nanoTime();
                    Cpu cpu = Cpu.now();
                    CaseReads reads = CaseReads.of(app);
                    double seconds = (now - sliceStart) / 1e9;
                    double rate = perSlice / seconds;
                    if (s == 1) {
                        baseline = rate;
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%-7s %-14d %-10d %-9.1f %-9.0f %-10s %-12.0f %-8.1f %-6.1f %-14s %-12.1f %s%n",
                            s == 0 ? "warm-up" : String.valueOf(s),
                            input.placedBySlice[s],
                            perSlice,
                            seconds,
                            rate,
                            s == 0 ? "" : String.format(Locale.ROOT, "%.2f", rate / baseline),
                            (cpu.streamThreadNanos - cpuStart.streamThreadNanos) / 1e3 / perSlice,
                            ((cpu.processNanos - cpu.streamThreadNanos)
                                            - (cpuStart.processNanos - cpuStart.streamThreadNanos))
                                    / 1e9,
                            (cpu.gcMillis - cpuStart.gcMillis) / 1e3,
                            cpu.collectorSince(cpuStart),
                            reads.hitPercentSince(readsStart),
                            // To split a profile of the run by slice.
                            ENDED.format(LocalTime.now(ZoneOffset.UTC)));
                    sliceStart = now;
                    cpuStart = cpu;
                    readsStart = reads;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "uptime %.1f s%n",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }

    /** When a slice ended, to the second (LocalTime's own text leaves out a zero second). */
    private static final DateTimeFormatter ENDED = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    /**
     * The reads of existing cases by the order tasks, as their caches of decoded cases count them: answered from the
     * cache, or read back from RocksDB ({@link ObjectCachingStore}'s metrics; reads of new orders' cases, not there
     * yet, are left out), since the app started.
     */
    private record CaseReads(double hits, double misses) {
        static CaseReads of(PipelineApp app) {
            double hits = 0;
            double misses = 0;
            for (Map.Entry<MetricName, ? extends Metric> m :
                    app.streams().metrics().entrySet()) {
                MetricName n = m.getKey();
                if (n.group().equals(ObjectCachingStore.METRICS_GROUP)
                        && PipelineTopology.CASES_STORE.equals(n.tags().get("object-cache-id"))) {
                    double v = ((Number) m.getValue().metricValue()).doubleValue();
                    hits += n.name().equals("hit-total") ? v : 0;
                    misses += n.name().equals("miss-total") ? v : 0;
                }
            }
            return new CaseReads(hits, misses);
        }

        /** Of the reads since {@code start}, the share answered from the cache, in percent. */
        double hitPercentSince(CaseReads start) {
            double h = hits - start.hits;
            double all = h + misses - start.misses;
            return all == 0 ? 100 : 100 * h / all;
        }
    }

    /**
     * Where the machine's time went: the CPU time of the app's stream threads (processing, RocksDB reads and writes,
     * commits), of the whole process (the broker, the producers, the collector, RocksDB's compactions, the JIT), the
     * collector's pauses, and the CPU time of the collector's threads (its pauses' work and G1's concurrent marking
     * and refinement, which the pauses leave out; where {@code /proc} tells, see {@link CollectorThreads}), each
     * counted since the JVM started.
     */
    private record Cpu(long streamThreadNanos, long processNanos, long gcMillis, OptionalLong collectorNanos) {
        static Cpu now() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long stream = 0;
            for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null && t.getThreadName().contains("-StreamThread-")) {
                    stream += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
                }
            }
            long process =
                    ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                            ? os.getProcessCpuTime()
                            : 0;
            long gc = 0;
            for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) {
                gc += Math.max(0, c.getCollectionTime());
            }
            return new Cpu(stream, process, gc, CollectorThreads.cpuNanos());
        }

        /** The collector threads' CPU seconds since {@code start}, or n/a where {@code /proc} does not tell. */
        String collectorSince(Cpu start) {
            if (collectorNanos.isEmpty() || start.collectorNanos.isEmpty()) {
                return "n/a";
            }
            return String.format(
                    Locale.ROOT, "%.1f", (collectorNanos.getAsLong() - start.collectorNanos.getAsLong()) / 1e9);
        }
    }

    /**
     * The generated events, {@code slices} slices of {@code perSlice} order events and {@code tail} more (policies,
     * which the app does not count as processed, ride along), counting the orders placed by the end of each slice.
     */
    static final class PlacedCounter implements Iterator<GeneratedEvent> {
        private final TrafficGenerator generator;
        private final long perSlice;
        private final long tail;
        final long[] placedBySlice;
        long orderEvents;
        long policies;
        private long placed;

        PlacedCounter(TrafficGenerator generator, long perSlice, int slices, long tail) {
            this.generator = generator;
            this.perSlice = perSlice;
            this.tail = tail;
            this.placedBySlice = new long[slices];
        }

        @Override
        public boolean hasNext() {
            return orderEvents < perSlice * placedBySlice.length + tail && generator.hasNext();
        }

        @Override
        public GeneratedEvent next() {
            GeneratedEvent e = generator.next();
            if (e.eventId() == null) {
                policies++;
                return e;
            }
            if (e.value() instanceof OrderEvent o && o.getType() == OrderEventType.PLACED) {
                placed++;
            }
            orderEvents++;
            if (orderEvents % perSlice == 0 && orderEvents <= perSlice * placedBySlice.length) {
                placedBySlice[(int) (orderEvents / perSlice) - 1] = placed;
            }
            return e;
        }
    }
}
