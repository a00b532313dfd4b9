package io.atozwatch.app.replay;

import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.topology.PipelineTopology;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology run in-process under {@link TopologyTestDriver}, with a private in-memory
 * schema registry and a temporary state directory, both gone after {@link #close()}.
 *
 * <p>The wall clock starts at the epoch, so wall-clock punctuation never fires while events are piped:
 * time moves with the events (stream time) until {@link #advanceWallClockTo(Instant)} moves it on.
 */
public final class InProcessPipeline implements AutoCloseable {
    private static final String APPLICATION_ID = "atoz-replay";

    private final PipelineConfig config;
    private final Topics topics;
    private final String scope = "replay-" + UUID.randomUUID();
    private final Path stateDir;
    private final TopologyTestDriver driver;
    /** Output topics in the order they are drained: dead letters first, as they explain what follows. */
    private final List<Output> outputs = new ArrayList<>();
    /** Read from the driver while the wall clock moved, not yet drained; kept so that drain() stays in time order. */
    private final List<OutputRecord> pending = new ArrayList<>();
    private Instant wallClock = Instant.EPOCH;

    private record Output(String name, TestOutputTopic<String, ? extends SpecificRecord> topic) {}

    public InProcessPipeline(PipelineConfig config) {
        this.config = config;
        this.topics = new Topics(config.topics(), Map.of("schema.registry.url", "mock://" + scope));
        try {
            stateDir = Files.createTempDirectory("atoz-replay-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory", e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(PipelineTopology.build(config, topics), props, Instant.EPOCH);
        for (Topic<String, ? extends SpecificRecord> t : List.of(topics.deadLetters, topics.claimEligibility,
                topics.deadlineBreaches, topics.merchantNotifications, topics.merchantPerformance, topics.reserveDecisions)) {
            outputs.add(new Output(t.name(),
                    driver.createOutputTopic(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer())));
        }
    }

    public Topics topics() {
        return topics;
    }

    /** Pipes one record to an input topic, serialized with that topic's value serde. */
    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> void pipe(String topic, String key, SpecificRecord value, Instant timestamp) {
        Topic<String, V> t = (Topic<String, V>) topics.byName(topic);
        driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer())
                .pipeInput(key, (V) value, timestamp);
    }

    /**
     * Everything emitted since the last drain, in the order of the instants the records are stamped with
     * (a reminder before its breach); records with the same stamp come as dead letters, verdicts,
     * breaches, then notifications.
     */
    public List<OutputRecord> drain() {
        List<OutputRecord> out = new ArrayList<>(pending);
        pending.clear();
        readOutputs(out);
        out.sort(Comparator.comparing(OutputRecord::timestamp)); // stable: keeps the topic order on ties
        return out;
    }

    private void readOutputs(List<OutputRecord> out) {
        for (Output o : outputs) {
            for (TestRecord<String, ? extends SpecificRecord> r : o.topic().readRecordsToList()) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (Header h : r.headers()) {
                    headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
                }
                out.add(new OutputRecord(o.name(), r.key(), r.value(), r.getRecordTime(), headers));
            }
        }
    }

    /** The driver's wall-clock time. */
    public Instant wallClock() {
        return wallClock;
    }

    /**
     * Moves the wall clock forwards to {@code target} (never backwards): one wall-clock check, which
     * fires everything due by then. Notifications do not depend on when a check runs (a reminder whose
     * instant passed while the deadline was open still goes out, stamped with its instant), so one jump
     * says the same as a clock ticking through every instant.
     */
    public void advanceWallClockTo(Instant target) {
        if (wallClock.isBefore(target)) {
            driver.advanceWallClockTime(Duration.between(wallClock, target));
            wallClock = target;
            readOutputs(pending);
        }
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            MockSchemaRegistry.dropScope(scope);
            deleteRecursively(stateDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover temp directory is not worth failing a replay for.
        }
    }
}
