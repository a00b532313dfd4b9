package io.atozwatch.app.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one {@code bench} run measured, and its two renderings: Markdown (printed, and written by
 * {@code --out x.md}) and JSON ({@code --out x.json}, for comparing runs by script). Every figure is shown
 * next to its baseline from the same run, since figures from different runs or machines do not compare.
 */
public record BenchReport(
        Machine machine,
        Workload workload,
        List<Throughput> throughput,
        Latency latency,
        List<Storage> storage,
        Replay replay,
        Map<String, String> pipelineSettings) {

    /** A report of the pipeline with its default settings. */
    public BenchReport(
            Machine machine,
            Workload workload,
            List<Throughput> throughput,
            Latency latency,
            List<Storage> storage,
            Replay replay) {
        this(machine, workload, throughput, latency, storage, replay, Map.of());
    }

    /** Where it ran; the load averages say whether other work shared the machine. */
    public record Machine(int cores, String java, String os, long maxHeapMb, double loadAtStart, double loadAtEnd) {}

    /**
     * The history workload, written once to the inputs before anything is timed.
     *
     * @param events       records on the five order-keyed inputs (what every timed run reads)
     * @param policies     merchant policies (read by the pipeline's global store, not timed)
     * @param inputBytes   the five inputs' size on the broker's disk
     */
    public record Workload(
            long orders,
            long seed,
            int partitions,
            long events,
            long policies,
            double produceSeconds,
            long inputBytes) {
        public double inputBytesPerEvent() {
            return Stats.per(inputBytes, events);
        }
    }

    /**
     * One timed run: from app start until its group had committed to the end of the inputs.
     *
     * @param runningAfter seconds until the app was first seen RUNNING (built, started, tasks assigned), included in seconds
     */
    public record Run(String app, boolean warmUp, double seconds, double runningAfter) {}

    /** The runs of one processing guarantee, pass-through (the baseline) and pipeline alternating. */
    public record Throughput(String guarantee, long events, List<Run> runs) {
        public List<Double> seconds(String app) {
            return runs.stream()
                    .filter(r -> !r.warmUp() && r.app().equals(app))
                    .map(Run::seconds)
                    .toList();
        }

        public double eventsPerSecond(String app) {
            return Stats.rate(events, Stats.median(seconds(app)));
        }

        /** Pipeline events/s over pass-through events/s, from median times. */
        public double ratio() {
            return Stats.speedRatio(seconds(PIPELINE), seconds(PASS_THROUGH));
        }
    }

    /**
     * The live phase: events stamped with the wall clock, produced at a fixed rate while the pipeline runs.
     *
     * @param commit    per input event: from the broker acknowledging its append to the app's group having
     *                  committed past its offset (its outputs then readable by read_committed consumers)
     * @param lagMax    the largest committed lag (records) sampled each second while producing
     */
    public record Latency(
            String guarantee,
            double targetRate,
            double seconds,
            long sent,
            Percentiles commit,
            long lagFirstQuarter,
            long lagLastQuarter,
            long lagMax,
            double drainSeconds) {
        public double achievedRate() {
            return seconds > 0 ? sent / seconds : 0;
        }

        /** Grew: the mean lag of the last quarter of the samples exceeds the first quarter's by a second of input. */
        public boolean lagGrew() {
            return lagLastQuarter > lagFirstQuarter + (long) targetRate;
        }
    }

    /** Milliseconds. */
    public record Percentiles(long count, long p50, long p99, long max) {}

    /**
     * Bytes written by one pipeline run that read the whole workload, and what its state left on disk.
     *
     * @param changelogBytes the app's {@code -changelog} topics
     * @param factsBytes     the {@code merchant-facts} topic (the re-keying to merchants) and any {@code -repartition} topic
     * @param stateDirBytes  the app's state directory after a clean close: every file (RocksDB's SST files, its
     *                       logs and options files, checkpoints)
     * @param sstBytes       of which RocksDB's {@code .sst} files, the data itself
     * @param cases          order cases held in the {@code order-cases} store, counted by iterating it before close
     * @param changelogByStore of {@code changelogBytes}, each store's changelog, by store name, largest first
     */
    public record Storage(
            String guarantee,
            long events,
            long changelogBytes,
            long factsBytes,
            long stateDirBytes,
            long sstBytes,
            long cases,
            long orders,
            Map<String, Long> changelogByStore) {
        public double changelogPerEvent() {
            return Stats.per(changelogBytes, events);
        }

        public double factsPerEvent() {
            return Stats.per(factsBytes, events);
        }

        /** SST bytes (all stores) per case held, or per order of the workload if the store could not be counted. */
        public double statePerCase() {
            return Stats.per(sstBytes, cases > 0 ? cases : orders);
        }
    }

    /**
     * {@code replay}'s engine over the same workload ({@code runs}, in seconds: before and after the reference; the
     * warm-up runs come first and are left out), and its baseline: the reference engine, the topology under Kafka
     * Streams' TopologyTestDriver.
     */
    public record Replay(long events, List<Double> warmUps, List<Double> runs, double testDriverSeconds) {
        public Replay {
            warmUps = List.copyOf(warmUps);
            runs = List.copyOf(runs);
        }

        /** The mean of the runs of replay's engine. */
        public double seconds() {
            return runs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        public double eventsPerSecond() {
            return Stats.rate(events, seconds());
        }

        public double testDriverEventsPerSecond() {
            return Stats.rate(events, testDriverSeconds);
        }

        /** How many times faster replay's engine went than the reference. */
        public double ratio() {
            return testDriverSeconds / seconds();
        }
    }

    public static final String PASS_THROUGH = "pass-through";
    public static final String PIPELINE = "pipeline";

    /** The report as Markdown, readable as plain text. */
    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("# atoz-watch bench\n\n");
        s.append(f(
                "Machine: %d cores, Java %s, %s, max heap %d MB; load average %.2f at start, %.2f at end.%n%n",
                machine.cores(),
                machine.java(),
                machine.os(),
                machine.maxHeapMb(),
                machine.loadAtStart(),
                machine.loadAtEnd()));
        s.append(f(
                "Workload: %,d orders (seed %d), %,d events on the five order inputs + %d merchant policies, "
                        + "%d partitions, one broker and the app in this JVM. Written once in %.1f s (%,.0f events/s).%n%n",
                workload.orders(),
                workload.seed(),
                workload.events(),
                workload.policies(),
                workload.partitions(),
                workload.produceSeconds(),
                Stats.rate(workload.events(), workload.produceSeconds())));
        if (!pipelineSettings.isEmpty()) {
            s.append("Pipeline settings given (`--set`, on every pipeline run, not on the pass-through): ");
            s.append(String.join(
                    ", ",
                    new TreeMap<>(pipelineSettings)
                            .entrySet().stream()
                                    .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`")
                                    .toList()));
            s.append(".\n\n");
        }

        s.append("## Throughput (from app start to its group committed to the end of the inputs)\n\n");
        s.append(
                "| guarantee | pass-through events/s | pipeline events/s | ratio pipeline/pass-through | runs in order: s (of which to RUNNING) |\n");
        s.append("|---|---|---|---|---|\n");
        for (Throughput t : throughput) {
            List<String> rounds = new ArrayList<>();
            for (Run r : t.runs()) {
                rounds.add((r.warmUp() ? "warm-up " : "")
                        + (r.app().equals(PIPELINE) ? "B " : "A ")
                        + f("%.1f (%.1f)", r.seconds(), r.runningAfter()));
            }
            s.append(f(
                    "| %s | %,.0f | %,.0f | %.3f | %s |%n",
                    t.guarantee(),
                    t.eventsPerSecond(PASS_THROUGH),
                    t.eventsPerSecond(PIPELINE),
                    t.ratio(),
                    String.join(", ", rounds)));
        }
        s.append(
                "\nA = pass-through (copies the five inputs' bytes to five topics), B = pipeline; events/s = events / median time.\n\n");

        s.append(f(
                "## End-to-end latency (%s, live events at %,.0f/s for %.0f s)%n%n",
                latency.guarantee(), latency.targetRate(), latency.seconds()));
        s.append("| measure | count | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
        row(s, "input event appended -> app committed past it", latency.commit());
        s.append(f(
                "%nProduced %,d events at %,.0f/s. Committed lag, mean of first quarter of the samples %,d, of last quarter %,d, "
                        + "max %,d records: lag %s. Drained %.1f s after the last event.%n%n",
                latency.sent(),
                latency.achievedRate(),
                latency.lagFirstQuarter(),
                latency.lagLastQuarter(),
                latency.lagMax(),
                latency.lagGrew() ? "GREW" : "did not grow",
                latency.drainSeconds()));

        s.append("## Bytes\n\n");
        s.append(f("Input (baseline): %.0f bytes per event on the broker's disk.%n%n", workload.inputBytesPerEvent()));
        s.append(
                "| guarantee | changelog bytes/input event | merchant-facts (repartition) bytes/input event | state dir bytes | SST bytes | cases held | SST bytes/case |\n");
        s.append("|---|---|---|---|---|---|---|\n");
        for (Storage st : storage) {
            s.append(f(
                    "| %s | %.0f | %.0f | %,d | %,d | %,d | %.0f |%n",
                    st.guarantee(),
                    st.changelogPerEvent(),
                    st.factsPerEvent(),
                    st.stateDirBytes(),
                    st.sstBytes(),
                    st.cases(),
                    st.statePerCase()));
        }
        for (Storage st : storage) {
            if (!st.changelogByStore().isEmpty()) {
                s.append(f("%nChangelog bytes per input event by store (%s): ", st.guarantee()));
                s.append(String.join(
                        ", ",
                        st.changelogByStore().entrySet().stream()
                                .map(e -> f("%s %.0f", e.getKey(), Stats.per(e.getValue(), st.events())))
                                .toList()));
                s.append(".\n");
            }
        }
        s.append("\n## Replay (in-process)\n\n");
        s.append(f(
                "replay's engine: %,d events in %.1f s: %,.0f events/s (runs %s s, before and after the baseline%s). "
                        + "Baseline, the same topology under Kafka Streams' TopologyTestDriver (the reference engine): "
                        + "%.1f s, %,.0f events/s. Ratio replay / TopologyTestDriver: %.1f. "
                        + "(The pipeline under exactly_once_v2 on the broker: %,.0f events/s.)%n",
                replay.events(),
                replay.seconds(),
                replay.eventsPerSecond(),
                String.join(
                        " and ", replay.runs().stream().map(r -> f("%.1f", r)).toList()),
                replay.warmUps().isEmpty()
                        ? ""
                        : "; warm-up "
                                + String.join(
                                        ", ",
                                        replay.warmUps().stream()
                                                .map(r -> f("%.1f s", r))
                                                .toList()),
                replay.testDriverSeconds(),
                replay.testDriverEventsPerSecond(),
                replay.ratio(),
                throughput.stream()
                        .filter(t -> t.guarantee().equals("exactly_once_v2"))
                        .findFirst()
                        .map(t -> t.eventsPerSecond(PIPELINE))
                        .orElse(0.0)));
        return s.toString();
    }

    private static void row(StringBuilder s, String what, Percentiles p) {
        s.append(f("| %s | %,d | %d | %d | %d |%n", what, p.count(), p.p50(), p.p99(), p.max()));
    }

    /** The report as one JSON object. */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> mc = new LinkedHashMap<>();
        mc.put("cores", machine.cores());
        mc.put("java", machine.java());
        mc.put("os", machine.os());
        mc.put("maxHeapMb", machine.maxHeapMb());
        mc.put("loadAtStart", machine.loadAtStart());
        mc.put("loadAtEnd", machine.loadAtEnd());
        m.put("machine", mc);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("orders", workload.orders());
        w.put("seed", workload.seed());
        w.put("partitions", workload.partitions());
        w.put("events", workload.events());
        w.put("policies", workload.policies());
        w.put("produceSeconds", workload.produceSeconds());
        w.put("inputBytesPerEvent", workload.inputBytesPerEvent());
        m.put("workload", w);
        List<Object> tp = new ArrayList<>();
        for (Throughput t : throughput) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("guarantee", t.guarantee());
            g.put("passThroughEventsPerSecond", t.eventsPerSecond(PASS_THROUGH));
            g.put("pipelineEventsPerSecond", t.eventsPerSecond(PIPELINE));
            g.put("ratio", t.ratio());
            List<Object> runs = new ArrayList<>();
            for (Run r : t.runs()) {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("app", r.app());
                run.put("warmUp", r.warmUp());
                run.put("seconds", r.seconds());
                run.put("runningAfter", r.runningAfter());
                runs.add(run);
            }
            g.put("runs", runs);
            tp.add(g);
        }
        m.put("throughput", tp);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("guarantee", latency.guarantee());
        l.put("targetRate", latency.targetRate());
        l.put("achievedRate", latency.achievedRate());
        l.put("seconds", latency.seconds());
        l.put("sent", latency.sent());
        l.put("commitMs", percentiles(latency.commit()));
        l.put("lagFirstQuarter", latency.lagFirstQuarter());
        l.put("lagLastQuarter", latency.lagLastQuarter());
        l.put("lagMax", latency.lagMax());
        l.put("lagGrew", latency.lagGrew());
        l.put("drainSeconds", latency.drainSeconds());
        m.put("latency", l);
        List<Object> st = new ArrayList<>();
        for (Storage x : storage) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("guarantee", x.guarantee());
            g.put("changelogBytesPerEvent", x.changelogPerEvent());
            g.put("factsBytesPerEvent", x.factsPerEvent());
            g.put("stateDirBytes", x.stateDirBytes());
            g.put("sstBytes", x.sstBytes());
            g.put("cases", x.cases());
            g.put("stateBytesPerCase", x.statePerCase());
            Map<String, Object> byStore = new LinkedHashMap<>();
            x.changelogByStore().forEach((store, bytes) -> byStore.put(store, Stats.per(bytes, x.events())));
            g.put("changelogBytesPerEventByStore", byStore);
            st.add(g);
        }
        m.put("storage", st);
        Map<String, Object> rp = new LinkedHashMap<>();
        rp.put("events", replay.events());
        rp.put("seconds", replay.seconds());
        rp.put("eventsPerSecond", replay.eventsPerSecond());
        rp.put("warmUps", replay.warmUps());
        rp.put("runs", replay.runs());
        rp.put("testDriverSeconds", replay.testDriverSeconds());
        rp.put("testDriverEventsPerSecond", replay.testDriverEventsPerSecond());
        rp.put("ratio", replay.ratio());
        m.put("replay", rp);
        m.put("pipelineSettings", new TreeMap<>(pipelineSettings));
        return Json.write(m);
    }

    private static Map<String, Object> percentiles(Percentiles p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", p.count());
        m.put("p50", p.p50());
        m.put("p99", p.p99());
        m.put("max", p.max());
        return m;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
