package io.atozwatch.app.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at this instance's active tasks every few seconds (their committed and end offsets, as Kafka
 * Streams reports them) and feeds {@link Liveness}; publishes thread replacements and stuck partitions as
 * metrics ({@code atoz_stream_thread_replacements_total}, {@code atoz_stuck_partitions}).
 */
final class LivenessProbe implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LivenessProbe.class);
    static final String MAX_REPLACEMENTS = "health.max-thread-replacements";
    static final String REPLACEMENT_WINDOW = "health.thread-replacement-window";
    static final String STUCK_AFTER = "health.stuck-after";

    private final Liveness liveness;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atoz-liveness");
        t.setDaemon(true);
        return t;
    });

    LivenessProbe(Settings settings, MeterRegistry registry) {
        this.liveness = new Liveness(
                settings.getInt(MAX_REPLACEMENTS, 5),
                Duration.parse(settings.get(REPLACEMENT_WINDOW, "PT10M")),
                Duration.parse(settings.get(STUCK_AFTER, "PT5M")));
        FunctionCounter.builder("atoz.stream.thread.replacements", liveness, Liveness::replacementsTotal)
                .description("Stream threads that died and were replaced")
                .register(registry);
        Gauge.builder("atoz.stuck.partitions", liveness, Liveness::stuckPartitions)
                .description(
                        "Partitions of this instance with records to process and no progress for health.stuck-after")
                .register(registry);
    }

    Liveness liveness() {
        return liveness;
    }

    void start(KafkaStreams streams, long everyMillis) {
        timer.scheduleWithFixedDelay(() -> observe(streams), everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    private void observe(KafkaStreams streams) {
        try {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                return; // restoring or rebalancing: no partition is judged stuck meanwhile
            }
            List<Liveness.PartitionProgress> owned = new ArrayList<>();
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                for (TaskMetadata task : thread.activeTasks()) {
                    task.endOffsets().forEach((tp, end) -> {
                        Long committed = task.committedOffsets().get(tp);
                        if (committed != null && committed >= 0 && end != null && end >= 0) {
                            owned.add(new Liveness.PartitionProgress(tp.toString(), committed, end));
                        }
                    });
                }
            }
            liveness.observe(owned, Instant.now());
        } catch (RuntimeException e) {
            log.warn("event=liveness-probe-failed reason={}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
