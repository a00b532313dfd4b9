package io.atozwatch.app.bench;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.replay.InProcessPipeline;
import io.atozwatch.topology.config.PipelineConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How fast {@code replay}'s engine goes over the workload: each event piped into the topology and its outputs
 * drained, as {@code replay} does, then the clock moved to the latest event (as {@code replay} does at the end of
 * a file). Printing JSON lines is not included. Its baseline, in the same run: the same work on the reference
 * engine, the topology under Kafka Streams' TopologyTestDriver (what {@code replay} ran on before). After the
 * warm-up runs of replay's engine (timed and listed, left out of the figure: the JIT compiles its hot paths over the
 * first hundred thousand events or so), timed in the order replay's engine, reference, replay's engine, so that a
 * JVM warming up or a machine slowing down weighs on both sides.
 */
final class ReplayRate {
    private ReplayRate() {}

    static BenchReport.Replay measure(List<GeneratedEvent> events, int warmUps, PrintWriter progress) {
        List<Double> warmUpRuns = new ArrayList<>();
        for (int i = 0; i < warmUps; i++) {
            warmUpRuns.add(time(events, InProcessPipeline.Engine.DIRECT, progress));
        }
        double first = time(events, InProcessPipeline.Engine.DIRECT, progress);
        double reference = time(events, InProcessPipeline.Engine.TEST_DRIVER, progress);
        double second = time(events, InProcessPipeline.Engine.DIRECT, progress);
        return new BenchReport.Replay(events.size(), warmUpRuns, List.of(first, second), reference);
    }

    private static double time(List<GeneratedEvent> events, InProcessPipeline.Engine engine, PrintWriter progress) {
        long start = System.nanoTime();
        try (InProcessPipeline pipeline = new InProcessPipeline(PipelineConfig.defaults(), engine)) {
            for (GeneratedEvent e : events) {
                pipeline.pipe(e.topic(pipeline.topics()).name(), e.key(), e.value(), e.timestamp());
                pipeline.drain();
            }
            Instant latest = pipeline.readUpTo();
            if (latest != null) {
                pipeline.advanceClockTo(latest);
                pipeline.drain();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.printf(Locale.ROOT, "bench: replay on %s: %,d events in %.1f s%n", engine, events.size(), seconds);
        progress.flush();
        return seconds;
    }
}
