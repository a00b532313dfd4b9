package io.atozwatch.app.bench;

import io.atozwatch.app.runtime.CommittedLag;
import io.atozwatch.app.runtime.PipelineApp;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.topology.PipelineTopology;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The timed runs of one processing guarantee over the history workload: warm-up, then pass-through (A) and
 * pipeline (B) in A B B A order, each with a fresh application id so that it reads every input record, each
 * timed from just before the app is built until {@link CommittedLag#recordsBehind} over the five inputs is 0.
 * After the last pipeline run, what it wrote and left on disk is measured.
 */
final class ThroughputRounds {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final BenchCluster cluster;
    private final int partitions;
    private final long events;
    private final long orders;
    private final PrintWriter progress;
    private int runNumber;
    private BenchReport.Storage lastStorage;

    ThroughputRounds(BenchCluster cluster, int partitions, long events, long orders, PrintWriter progress) {
        this.cluster = cluster;
        this.partitions = partitions;
        this.events = events;
        this.orders = orders;
        this.progress = progress;
    }

    BenchReport.Throughput run(String guarantee, int warmUps, int rounds) throws Exception {
        List<BenchReport.Run> runs = new ArrayList<>();
        List<Schedule.Slot> slots = Schedule.abba(warmUps, rounds);
        int lastPipeline = -1;
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).side() == Schedule.Side.B) {
                lastPipeline = i;
            }
        }
        for (int i = 0; i < slots.size(); i++) {
            Schedule.Slot slot = slots.get(i);
            boolean pipeline = slot.side() == Schedule.Side.B;
            double[] times = pipeline ? timePipeline(guarantee, i == lastPipeline) : timePassThrough(guarantee);
            String app = pipeline ? BenchReport.PIPELINE : BenchReport.PASS_THROUGH;
            runs.add(new BenchReport.Run(app, slot.warmUp(), times[0], times[1]));
            progress.printf(
                    Locale.ROOT,
                    "  %s %s%s: %.1f s, RUNNING after %.1f s (%,.0f events/s)%n",
                    guarantee,
                    app,
                    slot.warmUp() ? " (warm-up)" : "",
                    times[0],
                    times[1],
                    events / times[0]);
            progress.flush();
        }
        return new BenchReport.Throughput(guarantee, events, runs);
    }

    /** Storage measured after the last pipeline run of the latest {@link #run}. */
    BenchReport.Storage storage() {
        return lastStorage;
    }

    private String nextAppId(String guarantee, String what) {
        return "bench-" + (++runNumber) + "-" + (guarantee.startsWith("exactly") ? "eos" : "alos") + "-" + what;
    }

    /** @return seconds to committed, seconds to RUNNING */
    private double[] timePipeline(String guarantee, boolean measureStorage) throws Exception {
        String appId = nextAppId(guarantee, "pipeline");
        Settings settings = cluster.pipelineSettings(appId, "", guarantee);
        List<String> inputs = BenchCluster.inputs("");
        long cases;
        double seconds;
        double running;
        long start = System.nanoTime();
        try (PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), r -> {}).start()) {
            running = awaitCommitted(appId, inputs, app.streams(), start);
            seconds = (System.nanoTime() - start) / 1e9;
            cases = casesHeld(app.streams());
        }
        if (measureStorage) {
            Map<String, Long> bytes = cluster.topicBytes();
            Map<String, Long> byStore = new java.util.LinkedHashMap<>();
            bytes.entrySet().stream()
                    .filter(e ->
                            e.getKey().startsWith(appId + "-") && e.getKey().endsWith("-changelog"))
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> byStore.put(
                            e.getKey().substring(appId.length() + 1, e.getKey().length() - "-changelog".length()),
                            e.getValue()));
            long changelog =
                    byStore.values().stream().mapToLong(Long::longValue).sum();
            long facts = bytes.getOrDefault(appId + ".merchant-facts", 0L)
                    + bytes.entrySet().stream()
                            .filter(e -> e.getKey().startsWith(appId + "-")
                                    && e.getKey().endsWith("-repartition"))
                            .mapToLong(Map.Entry::getValue)
                            .sum();
            Path stateDir = Path.of(settings.require("state.dir")).resolve(appId);
            lastStorage = new BenchReport.Storage(
                    guarantee,
                    events,
                    changelog,
                    facts,
                    directoryBytes(stateDir, ""),
                    directoryBytes(stateDir, ".sst"),
                    cases,
                    orders,
                    byStore);
        }
        return new double[] {seconds, running};
    }

    /** @return seconds to committed, seconds to RUNNING */
    private double[] timePassThrough(String guarantee) throws Exception {
        String appId = nextAppId(guarantee, "copy");
        List<String> inputs = BenchCluster.inputs("");
        List<String> outputs = inputs.stream().map(t -> appId + ".copy." + t).toList();
        cluster.admin
                .createTopics(outputs.stream()
                        .map(t -> new NewTopic(t, partitions, (short) 1))
                        .toList())
                .all()
                .get();
        Path stateDir = cluster.work.resolve("state").resolve(appId);
        long start = System.nanoTime();
        KafkaStreams streams =
                PassThroughApp.create(cluster.broker.bootstrapServers(), appId, guarantee, stateDir, inputs, outputs);
        try {
            streams.start();
            double running = awaitCommitted(appId, inputs, streams, start);
            return new double[] {(System.nanoTime() - start) / 1e9, running};
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    /**
     * Polls the group's committed lag over the inputs until it is 0.
     *
     * @return seconds from {@code start} until the app was first seen RUNNING (start-up and first rebalance)
     */
    private double awaitCommitted(String groupId, List<String> inputs, KafkaStreams streams, long start)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long running = -1;
        while (true) {
            if (running < 0 && streams.state() == KafkaStreams.State.RUNNING) {
                running = System.nanoTime();
            }
            if (CommittedLag.recordsBehind(cluster.admin, groupId, inputs) == 0) {
                break;
            }
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException(
                        groupId + " stopped (" + streams.state() + ") before reading its inputs");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(groupId + " did not commit to the end of its inputs within " + TIMEOUT);
            }
            Thread.sleep(POLL.toMillis());
        }
        return ((running < 0 ? System.nanoTime() : running) - start) / 1e9;
    }

    /**
     * The order cases held in the {@code order-cases} store, counted by iterating it through interactive queries
     * (RocksDB's estimate-num-keys counts overwrites still in memtables); 0 if the store cannot be queried.
     */
    static long casesHeld(KafkaStreams streams) {
        try {
            ReadOnlyKeyValueStore<Object, Object> store = streams.store(StoreQueryParameters.fromNameAndType(
                    PipelineTopology.CASES_STORE, QueryableStoreTypes.keyValueStore()));
            long n = 0;
            try (KeyValueIterator<Object, Object> all = store.all()) {
                while (all.hasNext()) {
                    all.next();
                    n++;
                }
            }
            return n;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Bytes of the regular files under {@code dir} whose names end with {@code suffix}. */
    static long directoryBytes(Path dir, String suffix) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
