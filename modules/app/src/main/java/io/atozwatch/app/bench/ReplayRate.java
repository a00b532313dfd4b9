package io.atozwatch.app.bench;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.replay.InProcessPipeline;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Instant;
import java.util.List;

/**
 * How fast {@code replay}'s engine goes over the workload: each event piped into the topology under
 * TopologyTestDriver and its outputs drained, as {@code replay} does, then the clock moved to the latest event
 * (as {@code replay} does at the end of a file). Printing JSON lines is not included.
 */
final class ReplayRate {
    private ReplayRate() {}

    static BenchReport.Replay measure(List<GeneratedEvent> events) {
        long start = System.nanoTime();
        try (InProcessPipeline pipeline = new InProcessPipeline(PipelineConfig.defaults())) {
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
        return new BenchReport.Replay(events.size(), (System.nanoTime() - start) / 1e9);
    }
}
