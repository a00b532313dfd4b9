package io.atozwatch.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DirectDriver} keeps TopologyTestDriver's semantics on a small topology that shows them: record metadata
 * and offsets, timestamps from the source's extractor and its partition time, a store read in byte order, a
 * wall-clock punctuation (fired once however many intervals passed), and records written to a topic the topology
 * reads itself, processed in the order written. Both drivers get the same input; what they write must be the same.
 */
class DirectDriverTest {
    private static final long START = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private final List<Path> stateDirs = new ArrayList<>();

    @AfterEach
    void deleteStateDirs() throws IOException {
        for (Path dir : stateDirs) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Describes each record with what the processor sees of it, keeps keys in a store and echoes them to "loop". */
    static final class Echo implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;
        private KeyValueStore<String, String> seen;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.seen = context.getStateStore("seen");
            context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::tick);
        }

        @Override
        public void process(Record<String, String> r) {
            seen.put(r.key(), r.value());
            context.forward(r.withValue(describe(r)), "out-sink");
            if (!r.value().startsWith("looped")) {
                context.forward(new Record<>(r.key(), "looped " + r.value(), r.timestamp() + 1), "loop-sink");
            }
        }

        private String describe(Record<String, String> r) {
            Optional<RecordMetadata> m = context.recordMetadata();
            return r.value() + " ts=" + r.timestamp() + " from "
                    + m.map(RecordMetadata::topic).orElse("-") + "/"
                    + m.map(RecordMetadata::partition).orElse(-9) + "@"
                    + m.map(RecordMetadata::offset).orElse(-9L)
                    + " task " + context.taskId();
        }

        private void tick(long wallClock) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, String> it = seen.all()) {
                it.forEachRemaining(kv -> keys.add(kv.key));
            }
            Optional<RecordMetadata> m = context.recordMetadata();
            context.forward(
                    new Record<>(
                            "tick",
                            "keys " + keys + " metadata "
                                    + m.map(RecordMetadata::topic).orElse("-") + "/"
                                    + m.map(RecordMetadata::offset).orElse(-9L),
                            START),
                    "out-sink");
            context.forward(new Record<>("tick", "looped tick", START), "loop-sink");
        }
    }

    private static <T extends Topology> T build(T t) {
        t.addSource(
                (org.apache.kafka.streams.AutoOffsetReset) null,
                "in-source",
                (record, partitionTime) -> Math.max(record.timestamp(), partitionTime), // never back in time
                new StringDeserializer(),
                new StringDeserializer(),
                "in");
        t.addSource("loop-source", new StringDeserializer(), new StringDeserializer(), "loop");
        t.addProcessor("echo", Echo::new, "in-source", "loop-source");
        t.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("seen"), Serdes.String(), Serdes.String()),
                "echo");
        t.addSink("out-sink", "out", new StringSerializer(), new StringSerializer(), "echo");
        t.addSink("loop-sink", "loop", new StringSerializer(), new StringSerializer(), "echo");
        return t;
    }

    private record Input(String key, String value, long timestamp) {}

    private static final List<Input> INPUT = List.of(
            new Input("b", "one", START + 10),
            new Input("é", "two", START + 5),
            new Input("\uD83D\uDE00", "three", START - 100),
            new Input("\uFF01", "four", START + 20),
            new Input("a", "five", START + 30));

    private static Properties props() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "direct-driver-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return p;
    }

    @Test
    void writesWhatTheTestDriverWrites() throws IOException {
        long wallClock = System.currentTimeMillis();
        List<String> reference = new ArrayList<>();
        Path dir = Files.createTempDirectory("direct-driver-test-");
        stateDirs.add(dir);
        Properties p = props();
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        try (TopologyTestDriver ttd =
                new TopologyTestDriver(build(new Topology()), p, Instant.ofEpochMilli(wallClock))) {
            TestInputTopic<String, String> in =
                    ttd.createInputTopic("in", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out =
                    ttd.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
            for (Input i : INPUT) {
                in.pipeInput(new TestRecord<>(i.key(), i.value(), new RecordHeaders(), i.timestamp()));
                out.readRecordsToList().forEach(r -> reference.add(r.key() + " " + r.value() + " @" + r.timestamp()));
            }
            for (long advance : new long[] {999, 1, 3500, 400}) {
                ttd.advanceWallClockTime(Duration.ofMillis(advance));
                out.readRecordsToList().forEach(r -> reference.add(r.key() + " " + r.value() + " @" + r.timestamp()));
            }
        }

        List<String> direct = new ArrayList<>();
        try (DirectDriver driver = new DirectDriver(build(new RecordedTopology()), props(), wallClock)) {
            for (Input i : INPUT) {
                driver.pipe(
                        "in",
                        i.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        i.value().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        i.timestamp(),
                        new RecordHeaders());
                read(driver, direct);
            }
            for (long advance : new long[] {999, 1, 3500, 400}) {
                driver.advanceWallClockTime(Duration.ofMillis(advance));
                read(driver, direct);
            }
        }

        assertThat(reference)
                .hasSize(14)
                .anyMatch(l -> l.contains("from in/0@2"))
                .anyMatch(l -> l.contains("from loop/0@"))
                .anyMatch(l -> l.startsWith("tick keys [a, b, é, \uFF01, \uD83D\uDE00] metadata -/-1"));
        assertThat(direct).containsExactlyElementsOf(reference);
    }

    private static void read(DirectDriver driver, List<String> into) {
        StringDeserializer s = new StringDeserializer();
        for (ProducerRecord<byte[], byte[]> r : driver.readOutput("out")) {
            into.add(s.deserialize("out", r.key()) + " " + s.deserialize("out", r.value()) + " @" + r.timestamp());
        }
    }

    @Test
    void refusesATopologyWithNodesItDoesNotRecord() {
        RecordedTopology t = new RecordedTopology();
        t.addSource("by-pattern", Pattern.compile("in-.*"));
        t.addProcessor("echo", Echo::new, "by-pattern");

        assertThatThrownBy(t::wiring)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("by-pattern (topology: source pattern=in-.* ->[echo]; recorded: null)");
    }

    @Test
    void aStoreIsReadInTheByteOrderOfItsKeysAndRefusesWritesWhileScanned() {
        MemoryKeyValueStore<String, String> store =
                new MemoryKeyValueStore<>("s", "s-changelog", Serdes.String(), Serdes.String());
        assertThat(keys(store.all())).isEmpty(); // as the processors scan their stores when they start
        for (String k : List.of("b", "\uD83D\uDE00", "\uFF01", "a")) {
            store.put(k, k.toUpperCase());
        }
        // UTF-8 byte order (RocksDB's): U+FF01 before U+1F600, which String.compareTo puts the other way round.
        assertThat(keys(store.all())).containsExactly("a", "b", "\uFF01", "\uD83D\uDE00");
        assertThat(keys(store.range("b", null))).containsExactly("b", "\uFF01", "\uD83D\uDE00");
        assertThat(keys(store.reverseRange("a", "\uFF01"))).containsExactly("\uFF01", "b", "a");
        assertThat(keys(store.range("z", "a"))).isEmpty();
        // The first two of U+FF01's three bytes in UTF-8:
        assertThat(keys(store.prefixScan(new byte[] {(byte) 0xEF, (byte) 0xBC}, new ByteArraySerializer())))
                .containsExactly("\uFF01");
        store.delete("b");
        store.put("c", "C");
        assertThat(keys(store.all())).containsExactly("a", "c", "\uFF01", "\uD83D\uDE00");

        try (KeyValueIterator<String, String> it = store.all()) {
            it.next();
            store.put("d", "D");
            assertThatThrownBy(it::next).isInstanceOf(java.util.ConcurrentModificationException.class);
        }
    }

    private static List<String> keys(KeyValueIterator<String, String> it) {
        List<String> keys = new ArrayList<>();
        try (it) {
            it.forEachRemaining((KeyValue<String, String> kv) -> keys.add(kv.key));
        }
        return keys;
    }

    @Test
    void aProcessorCannotReachAStoreItIsNotConnectedTo() {
        RecordedTopology t = new RecordedTopology();
        t.addSource("in-source", new StringDeserializer(), new StringDeserializer(), "in");
        t.addProcessor("echo", Echo::new, "in-source");
        t.addSink("out-sink", "out", new StringSerializer(), new StringSerializer(), "echo");
        t.addSink("loop-sink", "loop", new StringSerializer(), new StringSerializer(), "echo");
        t.addStateStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("other"), Serdes.String(), Serdes.String()));

        assertThatThrownBy(() -> new DirectDriver(t, props(), START).close())
                .hasMessageContaining("Processor echo has no access to StateStore seen");
    }
}
