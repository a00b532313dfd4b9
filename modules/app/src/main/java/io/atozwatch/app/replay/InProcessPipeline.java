package io.atozwatch.app.replay;

import io.atozwatch.events.DeadLetter;
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.topology.PipelineRuntime;
import io.atozwatch.topology.PipelineTopology;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.input.DeadLetters;
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
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Each record is processed as it is piped, so the pipeline is always read to the end of its input.
 * Its clock (see {@code Watermark}) moves with the events read, less the grace, until
 * {@link #advanceClockTo(Instant)} says the input is complete up to an instant: then the wall clock
 * moves it on there, firing everything due by then. Events are checked against the real wall clock for
 * lying in the future, as in production.
 */
public final class InProcessPipeline implements AutoCloseable {
    private static final String APPLICATION_ID = "atoz-replay";

    private final PipelineConfig config;
    private final Topics topics;
    private final String scope = "replay-" + UUID.randomUUID();
    private final Path stateDir;
    private final TopologyTestDriver driver;
    /** The policy audit, a topology of its own (see {@link PipelineTopology#buildPolicyAudit}). */
    private final TopologyTestDriver audit;
    /** Output topics in the order they are drained: dead letters first, as they explain what follows. */
    private final List<Output> outputs = new ArrayList<>();
    /** Read from the driver while the wall clock moved, not yet drained; kept so that drain() stays in time order. */
    private final List<OutputRecord> pending = new ArrayList<>();
    /** The event time the wall clock stands for, as {@link #advanceClockTo(Instant)} sets it. */
    private final AtomicLong wallClock = new AtomicLong(Long.MIN_VALUE);

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
        // A punctuation at every millisecond of the driver's wall clock: each move of the clock is seen at once.
        Properties rules = new Properties();
        config.asMap().forEach(rules::setProperty);
        rules.setProperty("punctuation.interval", "PT0.001S");
        driver = new TopologyTestDriver(PipelineTopology.build(PipelineConfig.from(rules), topics,
                PipelineRuntime.inProcess(wallClock::get)), props);
        Properties auditProps = new Properties();
        auditProps.putAll(props);
        auditProps.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID + "-policy-audit");
        audit = new TopologyTestDriver(PipelineTopology.buildPolicyAudit(config, topics,
                PipelineRuntime.inProcess(wallClock::get)), auditProps);
        outputs.add(new Output(topics.deadLetters.name(), audit.createOutputTopic(topics.deadLetters.name(),
                topics.deadLetters.keySerde().deserializer(), topics.deadLetters.valueSerde().deserializer())));
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
        if (t == topics.merchantPolicies) {
            audit.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer())
                    .pipeInput(key, (V) value, timestamp);
        }
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

    /**
     * A record production could not deserialize, set aside as the pipeline's decoder does it: a dead letter
     * with the reason and the bytes, stamped with the latest event time read (replay has no offsets).
     */
    public void setAside(String topic, String key, byte[] value, String reason) {
        Instant at = readUpTo() != null ? readUpTo() : Instant.EPOCH;
        DeadLetter d = DeadLetters.of(reason, topic, null, null, key, value, at);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : DeadLetters.headers(d)) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        pending.add(new OutputRecord(topics.deadLetters.name(), d.getKey(), d, at, headers));
    }

    /** The pipeline's clock: the instant it judges by (null until it has read an event). */
    public Instant clock() {
        Long w = clockStore().get("watermark");
        return w == null ? null : Instant.ofEpochMilli(w);
    }

    /** The latest occurredAt read (null until an event was read). */
    public Instant readUpTo() {
        Long r = clockStore().get("read-up-to");
        return r == null ? null : Instant.ofEpochMilli(r);
    }

    private org.apache.kafka.streams.state.KeyValueStore<String, Long> clockStore() {
        return driver.getKeyValueStore(PipelineTopology.CASES_CLOCK_STORE);
    }

    /**
     * The input is complete up to {@code target}: lets the wall clock run, with no event, until the
     * pipeline's clock reaches it (never backwards), which fires everything due by then. Notifications do
     * not depend on when a check runs (a reminder whose instant passed while the deadline was open still
     * goes out, stamped with its instant), so one jump says the same as a clock ticking through every instant.
     */
    public void advanceClockTo(Instant target) {
        Instant now = clock();
        if (now != null && !target.isAfter(now)) {
            return;
        }
        // A caught-up task with nothing read for the quiet period moves to the wall clock less the grace.
        wallClock.set(target.plus(config.clock().grace()).toEpochMilli());
        driver.advanceWallClockTime(config.clock().quietPeriod().plusMillis(1));
        readOutputs(pending);
    }

    @Override
    public void close() {
        try {
            driver.close();
            audit.close();
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
