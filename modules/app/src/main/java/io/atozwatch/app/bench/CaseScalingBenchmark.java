package io.atozwatch.app.bench;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.app.replay.InProcessPipeline;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.topology.config.PipelineConfig;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Does the work per event stay flat as the number of open order cases grows? Runs generated traffic
 * through the topology in-process (the real processors and RocksDB stores, under the test driver, one
 * task) and reports, per batch of events, the throughput and latency percentiles next to the number of
 * orders placed so far (each an open case: at this rate cases open far faster than they close). A
 * warm-up batch (JIT, RocksDB) is run first and not reported; the first reported batch is the
 * baseline the others are compared with, in the same run.
 *
 * <p>{@code java -cp modules/app/target/atoz-watch.jar io.atozwatch.app.bench.CaseScalingBenchmark [events] [batches]
 * [test-driver|direct]}: the test driver (default) commits after every record, so every case goes through RocksDB;
 * {@code direct} is replay's engine (stores in memory, commits every 500 records), about five times as fast, which
 * reaches a million open cases in minutes but says nothing of RocksDB.
 */
public final class CaseScalingBenchmark {
    private CaseScalingBenchmark() {}

    /**
     * The traffic both scaling benchmarks read: many orders per simulated hour, so that cases open much faster than
     * they close and state keeps growing.
     */
    static TrafficGenerator traffic() {
        return new TrafficGenerator(GeneratorOptions.defaults(42, Instant.parse("2026-03-02T00:00:00Z"))
                .withOrdersPerHour(4000));
    }

    public static void main(String[] args) {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        InProcessPipeline.Engine engine = args.length > 2 && args[2].equals("direct")
                ? InProcessPipeline.Engine.DIRECT
                : InProcessPipeline.Engine.TEST_DRIVER;
        long perBatch = total / batches;
        TrafficGenerator generator = traffic();
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, %s, Java %s, max heap %d MB; engine %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"),
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20,
                engine);
        System.out.printf(
                Locale.ROOT,
                "%-6s %-14s %-12s %-12s %-10s %-10s %-10s %s%n",
                "batch",
                "orders so far",
                "events",
                "events/s",
                "p50 us",
                "p99 us",
                "max us",
                "vs batch 1");
        double baseline = 0;
        long placed = 0;
        // By default the test driver, for its RocksDB stores: what grows with the cases held is what is measured.
        try (InProcessPipeline pipeline = new InProcessPipeline(PipelineConfig.defaults(), engine)) {
            for (int b = 0; b <= batches; b++) {
                Histogram latency = new Histogram(3);
                long start = System.nanoTime();
                for (long i = 0; i < perBatch && generator.hasNext(); i++) {
                    GeneratedEvent e = generator.next();
                    if (e.value() instanceof OrderEvent o && o.getType() == OrderEventType.PLACED) {
                        placed++;
                    }
                    long t0 = System.nanoTime();
                    pipeline.pipe(e.topic(pipeline.topics()).name(), e.key(), e.value(), e.timestamp());
                    pipeline.drain();
                    latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double rate = perBatch / seconds;
                if (b == 0) {
                    continue; // warm-up
                }
                if (b == 1) {
                    baseline = rate;
                }
                System.out.printf(
                        Locale.ROOT,
                        "%-6d %-14d %-12d %-12.0f %-10d %-10d %-10d %.2f%n",
                        b,
                        placed,
                        perBatch,
                        rate,
                        latency.getValueAtPercentile(50),
                        latency.getValueAtPercentile(99),
                        latency.getMaxValue(),
                        rate / baseline);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "uptime %.1f s%n",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }
}
