package io.atozwatch.app.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atoz-watch bench}: sizes a deployment and compares builds. Everything runs in this JVM on one
 * embedded broker, so the figures say what this machine does; each is reported next to a baseline
 * measured in the same run (a bare Kafka Streams copy of the inputs), which is what makes runs on different
 * machines or days comparable.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures the pipeline on this machine: throughput against a pass-through baseline (both processing "
                    + "guarantees, rounds in A B B A order), end-to-end latency at a fixed rate, bytes written per "
                    + "event, state per case, and replay's speed. Runs an embedded broker; needs no cluster.",
            "See docs/performance.md for what is timed from when to when.",
        })
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--orders",
            paramLabel = "N",
            description = "Orders in the history workload (about 5 events each). Default: ${DEFAULT-VALUE}.")
    long orders = 12_000;

    @Option(names = "--seed", description = "Seed of the generated workload. Default: ${DEFAULT-VALUE}.")
    long seed = 7;

    @Option(names = "--partitions", description = "Partitions of every topic. Default: ${DEFAULT-VALUE}.")
    int partitions = 3;

    @Option(
            names = "--rounds",
            description = "Timed runs of each app per guarantee, in A B B A order. Default: ${DEFAULT-VALUE}.")
    int rounds = 2;

    @Option(
            names = "--warm-ups",
            description =
                    "Pipeline runs per guarantee before the rounds: listed, left out of the figures. Default: ${DEFAULT-VALUE}.")
    int warmUps = 1;

    @Option(names = "--rate", description = "Events per second in the latency phase. Default: ${DEFAULT-VALUE}.")
    double rate = 2_000;

    @Option(names = "--latency-seconds", description = "Length of the latency phase. Default: ${DEFAULT-VALUE}.")
    int latencySeconds = 60;

    @Option(
            names = "--guarantees",
            split = ",",
            description = "Processing guarantees to time. Default: exactly_once_v2,at_least_once.")
    List<String> guarantees = new ArrayList<>(List.of("exactly_once_v2", "at_least_once"));

    @Option(
            names = "--quick",
            description = "A short run (1,000 orders, one round, no warm-up, 10 s of latency) "
                    + "to check the tool works; its figures are too noisy to compare.")
    boolean quick;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "A setting for the pipeline's runs (repeatable), "
                            + "e.g. --set max.task.idle.ms=0, to measure a tuning; the report lists them. The pass-through keeps its own.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Also write the report to FILE: JSON if it ends in .json, else Markdown.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            orders = 1_000;
            rounds = 1;
            warmUps = 0;
            latencySeconds = 10;
        }
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        double loadAtStart = load();
        BenchReport report;
        progress.printf(Locale.ROOT, "bench: generating %,d orders (seed %d)%n", orders, seed);
        progress.flush();
        BenchWorkload workload = BenchWorkload.generate(seed, orders);
        try (BenchCluster cluster = new BenchCluster(partitions, settings)) {
            var inputSettings = cluster.pipelineSettings("bench-0-layout", "", "exactly_once_v2");
            double produceSeconds = workload.write(cluster.clientProperties(), cluster.topics(inputSettings));
            Map<String, Long> bytes = cluster.topicBytes();
            long inputBytes = BenchCluster.inputs("").stream()
                    .mapToLong(t -> bytes.getOrDefault(t, 0L))
                    .sum();
            BenchReport.Workload w = new BenchReport.Workload(
                    orders, seed, partitions, workload.orderEvents(), workload.policies(), produceSeconds, inputBytes);
            progress.printf(Locale.ROOT, "bench: wrote %,d events in %.1f s%n", w.events(), produceSeconds);

            ThroughputRounds rounds = new ThroughputRounds(cluster, partitions, w.events(), orders, progress);
            List<BenchReport.Throughput> throughput = new ArrayList<>();
            List<BenchReport.Storage> storage = new ArrayList<>();
            for (String g : guarantees) {
                throughput.add(rounds.run(g, warmUps, this.rounds));
                storage.add(rounds.storage());
            }
            progress.printf(Locale.ROOT, "bench: latency phase, %,.0f events/s for %d s%n", rate, latencySeconds);
            progress.flush();
            BenchReport.Latency latency = new LatencyRun(cluster, seed).run(rate, Duration.ofSeconds(latencySeconds));
            BenchReport.Replay replay = ReplayRate.measure(workload.events(), warmUps, progress);
            report = new BenchReport(machine(loadAtStart), w, throughput, latency, storage, replay, settings);
        }
        console.print(report.markdown());
        console.flush();
        if (out != null) {
            Files.writeString(
                    out,
                    out.toString().endsWith(".json") ? report.json() + "\n" : report.markdown(),
                    StandardCharsets.UTF_8);
            progress.println("bench: report written to " + out);
        }
        return 0;
    }

    private static BenchReport.Machine machine(double loadAtStart) {
        return new BenchReport.Machine(
                Runtime.getRuntime().availableProcessors(),
                Runtime.version().toString(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() >> 20,
                loadAtStart,
                load());
    }

    /** The one-minute load average: above the core count, other work competed with the bench. */
    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
