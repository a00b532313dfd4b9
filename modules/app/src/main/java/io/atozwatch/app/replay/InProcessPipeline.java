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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology run in-process, with a private in-memory schema registry, gone after
 * {@link #close()}. Two engines run it (see {@link Engine}): {@link DirectDriver}, replay's, and Kafka Streams'
 * {@link TopologyTestDriver}, the reference it is checked against; both say the same, record for record.
 *
 * <p>Each record is processed as it is piped, so the pipeline is always read to the end of its input.
 * Its clock (see {@code Watermark}) moves with the events read, less the grace, until
 * {@link #advanceClockTo(Instant)} says the input is complete up to an instant: then the wall clock
 * moves it on there, firing everything due by then. Events are checked against the real wall clock for
 * lying in the future, as in production.
 */
public final class InProcessPipeline implements AutoCloseable {
    private static final String APPLICATION_ID = "atoz-replay";

    /** What runs the topology. */
    public enum Engine {
        /** {@link DirectDriver}: the topology's processors driven directly, stores in memory; replay's engine. */
        DIRECT,
        /**
         * Kafka Streams' {@link TopologyTestDriver}, RocksDB stores in a temporary directory: the reference, about
         * four times slower (it commits after every record).
         */
        TEST_DRIVER
    }

    private final PipelineConfig config;
    private final Topics topics;
    private final String scope = "replay-" + UUID.randomUUID();
    private final Runner driver;
    /** The policy audit, a topology of its own (see {@link PipelineTopology#buildPolicyAudit}). */
    private final Runner audit;
    /** Output topics in the order they are drained: dead letters first, as they explain what follows. */
    private final List<Output> outputs = new ArrayList<>();
    /** Read from the driver while the wall clock moved, not yet drained; kept so that drain() stays in time order. */
    private final List<OutputRecord> pending = new ArrayList<>();
    /** The event time the wall clock stands for, as {@link #advanceClockTo(Instant)} sets it. */
    private final AtomicLong wallClock = new AtomicLong(Long.MIN_VALUE);

    private record Output(Runner runner, Topic<String, ? extends SpecificRecord> topic) {}

    /** The pipeline on replay's engine, {@link Engine#DIRECT}. */
    public InProcessPipeline(PipelineConfig config) {
        this(config, Engine.DIRECT);
    }

    public InProcessPipeline(PipelineConfig config, Engine engine) {
        this.config = config;
        this.topics = new Topics(config.topics(), Map.of("schema.registry.url", "mock://" + scope));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        Properties auditProps = new Properties();
        auditProps.putAll(props);
        auditProps.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID + "-policy-audit");
        // A punctuation at every millisecond of the driver's wall clock: each move of the clock is seen at once.
        Properties rules = new Properties();
        config.asMap().forEach(rules::setProperty);
        rules.setProperty("punctuation.interval", "PT0.001S");
        PipelineConfig punctual = PipelineConfig.from(rules);
        PipelineRuntime runtime = PipelineRuntime.inProcess(wallClock::get);
        List<Topic<String, ? extends SpecificRecord>> emitted = List.of(
                topics.deadLetters,
                topics.claimEligibility,
                topics.deadlineBreaches,
                topics.merchantNotifications,
                topics.merchantPerformance,
                topics.reserveDecisions);
        if (engine == Engine.DIRECT) {
            driver = new DirectRunner(PipelineTopology.build(punctual, topics, runtime, new RecordedTopology()), props);
            audit = new DirectRunner(
                    PipelineTopology.buildPolicyAudit(config, topics, runtime, new RecordedTopology()), auditProps);
        } else {
            driver = new TestDriverRunner(
                    PipelineTopology.build(punctual, topics, runtime),
                    props,
                    emitted.stream().map(Topic::name).collect(Collectors.toSet()));
            audit = new TestDriverRunner(
                    PipelineTopology.buildPolicyAudit(config, topics, runtime),
                    auditProps,
                    Set.of(topics.deadLetters.name()));
        }
        outputs.add(new Output(audit, topics.deadLetters));
        for (Topic<String, ? extends SpecificRecord> t : emitted) {
            outputs.add(new Output(driver, t));
        }
    }

    public Topics topics() {
        return topics;
    }

    /**
     * Records written to topics {@link #drain} does not read (the stores' changelogs, the merchant facts the topology
     * reads back itself) that the engine still holds in memory (none on replay's engine).
     */
    long unreadRecordsHeld() {
        return driver.unreadRecordsHeld();
    }

    /** Pipes one record to an input topic, serialized with that topic's value serde. */
    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> void pipe(String topic, String key, SpecificRecord value, Instant timestamp) {
        Topic<String, V> t = (Topic<String, V>) topics.byName(topic);
        pipe(driver, t, key, (V) value, timestamp);
        if (t == topics.merchantPolicies) {
            pipe(audit, t, key, (V) value, timestamp);
        }
    }

    /** As a test driver's input topic does it: key then value serialized, with the record's (empty) headers. */
    private static <V> void pipe(Runner runner, Topic<String, V> t, String key, V value, Instant timestamp) {
        Headers headers = new RecordHeaders();
        byte[] k = t.keySerde().serializer().serialize(t.name(), headers, key);
        byte[] v = t.valueSerde().serializer().serialize(t.name(), headers, value);
        runner.pipe(t.name(), k, v, timestamp.toEpochMilli(), headers);
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
            String name = o.topic().name();
            for (Written r : o.runner().read(name)) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (Header h : r.headers()) {
                    headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
                }
                String key = o.topic().keySerde().deserializer().deserialize(name, r.headers(), r.key());
                SpecificRecord value = o.topic().valueSerde().deserializer().deserialize(name, r.headers(), r.value());
                out.add(new OutputRecord(name, key, value, Instant.ofEpochMilli(r.timestamp()), headers));
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

    private KeyValueStore<String, Long> clockStore() {
        return driver.keyValueStore(PipelineTopology.CASES_CLOCK_STORE);
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
        }
    }

    /** A record a topology wrote to a topic, as bytes. */
    private record Written(byte[] key, byte[] value, Headers headers, long timestamp) {}

    /** One topology, run in-process by one of the engines. */
    private interface Runner extends AutoCloseable {
        void pipe(String topic, byte[] key, byte[] value, long timestamp, Headers headers);

        /** What was written to {@code topic} since the last read, in the order written. */
        List<Written> read(String topic);

        void advanceWallClockTime(Duration advance);

        <K, V> KeyValueStore<K, V> keyValueStore(String name);

        /** Records written to topics nothing reads from the engine that it still holds in memory. */
        long unreadRecordsHeld();

        @Override
        void close();
    }

    private static final class DirectRunner implements Runner {
        private final DirectDriver driver;

        DirectRunner(RecordedTopology topology, Properties props) {
            driver = new DirectDriver(topology, props, System.currentTimeMillis());
        }

        @Override
        public void pipe(String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
            driver.pipe(topic, key, value, timestamp, headers);
        }

        @Override
        public List<Written> read(String topic) {
            List<Written> out = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : driver.readOutput(topic)) {
                out.add(new Written(r.key(), r.value(), r.headers(), r.timestamp()));
            }
            return out;
        }

        @Override
        public void advanceWallClockTime(Duration advance) {
            driver.advanceWallClockTime(advance);
        }

        @Override
        public <K, V> KeyValueStore<K, V> keyValueStore(String name) {
            return driver.keyValueStore(name);
        }

        @Override
        public long unreadRecordsHeld() {
            return 0; // it holds a record only until it is read, or processed if the topology reads its topic
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    /** Kafka Streams' test driver, with RocksDB stores in a temporary state directory removed on close. */
    private static final class TestDriverRunner implements Runner {
        /** Records piped between two discards of what the driver holds unread (see {@link #unread}). */
        private static final int DISCARD_UNREAD_EVERY = 100;

        private final Path stateDir;
        private final TopologyTestDriver driver;
        private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
        private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new HashMap<>();
        /** The topics whose records are read from this runner: what the topology emits. */
        private final Set<String> read;

        private int sinceDiscard;

        TestDriverRunner(Topology topology, Properties props, Set<String> read) {
            this.read = Set.copyOf(read);
            try {
                stateDir = Files.createTempDirectory("atoz-replay-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a state directory", e);
            }
            Properties p = new Properties();
            p.putAll(props);
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            driver = new TopologyTestDriver(topology, p);
        }

        @Override
        public void pipe(String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
            inputs.computeIfAbsent(
                            topic,
                            t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer()))
                    .pipeInput(new TestRecord<>(key, value, headers, Instant.ofEpochMilli(timestamp)));
            if (++sinceDiscard >= DISCARD_UNREAD_EVERY) {
                sinceDiscard = 0;
                unread().forEach(TestOutputTopic::readRecordsToList);
            }
        }

        /**
         * The topics the topology writes that nothing reads from the driver, as the driver holds them. It keeps every
         * record written until it is read: the stores' changelogs', and those of a topic the topology reads back
         * itself (the merchant facts), which it processes and keeps all the same. A long replay would keep every case
         * and every fact it ever wrote in memory (a million events filled a 6 GB heap; with the changelogs dropped, about
         * 2.2 million events left 2 million records held), so they are read and dropped every few records.
         */
        private List<TestOutputTopic<byte[], byte[]>> unread() {
            return driver.producedTopicNames().stream()
                    .filter(t -> !read.contains(t))
                    .map(this::output)
                    .toList();
        }

        private TestOutputTopic<byte[], byte[]> output(String topic) {
            return outputs.computeIfAbsent(
                    topic, n -> driver.createOutputTopic(n, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        }

        @Override
        public long unreadRecordsHeld() {
            return unread().stream().mapToLong(TestOutputTopic::getQueueSize).sum();
        }

        @Override
        public List<Written> read(String topic) {
            List<Written> out = new ArrayList<>();
            for (TestRecord<byte[], byte[]> r : output(topic).readRecordsToList()) {
                out.add(new Written(r.key(), r.value(), r.headers(), r.timestamp()));
            }
            return out;
        }

        @Override
        public void advanceWallClockTime(Duration advance) {
            driver.advanceWallClockTime(advance);
        }

        @Override
        public <K, V> KeyValueStore<K, V> keyValueStore(String name) {
            return driver.getKeyValueStore(name);
        }

        @Override
        public void close() {
            try {
                driver.close();
            } finally {
                deleteRecursively(stateDir);
            }
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
