package io.atozwatch.app.chaos;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.replay.InProcessPipeline;
import io.atozwatch.app.replay.OutputRecord;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the pipeline must have said: {@code replay} (the same topology, one record at a time, no failures) on
 * the same events in the order they were produced, its clock then moved on to where the app's clocks got.
 *
 * <p>The app's clocks are not read exactly (an operator sees only the lag gauge), only bracketed: at least
 * {@code low}, at most {@code high}. Replay is asked at both: what falls due in between could fairly be
 * there or not, and is counted as uncertain rather than compared. With a workload that lies wholly in the
 * past (see {@link Workload}), nothing should.
 *
 * <p>The events are replayed on a thread of its own while the chaos goes on (the machine is busy then, but
 * this process is idle), so that only moving the clock is left for the end. The test driver is used by that
 * thread alone.
 */
final class Oracle {

    /** @param facts what is due by {@code low}; @param uncertain what falls due in {@code (low, high]} */
    record Expected(List<Fact> facts, List<Fact> uncertain) {}

    private record Bracket(Instant low, Instant high) {}

    private final CompletableFuture<Bracket> bracket = new CompletableFuture<>();
    private final CompletableFuture<Expected> expected = new CompletableFuture<>();
    private final Thread thread;

    /** Starts replaying {@code events} at once. */
    Oracle(List<GeneratedEvent> events, PipelineConfig config) {
        thread = new Thread(
                () -> {
                    try {
                        expected.complete(replay(events, config));
                    } catch (Throwable t) {
                        expected.completeExceptionally(t);
                    }
                },
                "chaos-oracle");
        thread.setDaemon(true);
        thread.start();
    }

    private Expected replay(List<GeneratedEvent> events, PipelineConfig config) throws Exception {
        List<OutputRecord> due = new ArrayList<>();
        try (InProcessPipeline p = new InProcessPipeline(config)) {
            for (GeneratedEvent e : events) {
                p.pipe(e.topic(p.topics()).name(), e.key(), e.value(), e.timestamp());
                due.addAll(p.drain());
            }
            Bracket b = bracket.get();
            p.advanceClockTo(b.low());
            due.addAll(p.drain());
            p.advanceClockTo(b.high());
            return new Expected(facts(due), facts(p.drain()));
        }
    }

    /** What replay says with its clock at {@code low}, and what falls due between then and {@code high}. */
    Expected expected(Instant low, Instant high, Duration timeout) throws Exception {
        bracket.complete(new Bracket(low, high));
        return expected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static List<Fact> facts(List<OutputRecord> records) {
        return records.stream()
                .map(r -> Fact.of(r.value()))
                .flatMap(Optional::stream)
                .toList();
    }
}
