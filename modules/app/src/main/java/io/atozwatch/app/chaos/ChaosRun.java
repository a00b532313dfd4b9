package io.atozwatch.app.chaos;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.runtime.CommittedLag;
import io.atozwatch.app.runtime.PipelineApp;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.app.runtime.TopicLayout;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * One chaos run, start to verdict: set up (registry, broker, topics, two instances), chaos (feed the
 * workload while killing instances and once the broker), settle (the group committed to the end of its
 * inputs, the clocks moved on), verify (committed outputs against replay). Owns every process and file it
 * makes, and removes them at the end or on Ctrl-C.
 */
final class ChaosRun {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** For an instance to be ready after a restart (it takes seconds) or all to be ready after the broker's. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /**
     * How long a wait for the instances to be ready may take before the run says so and prints where they were (a
     * thread dump each), and waits on: a stall that ends by itself still shows where it was.
     */
    private static final Duration STALL_NOTICE = Duration.ofSeconds(45);

    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);
    private static final int INSTANCES = 2;
    /** How far behind the wall clock less the grace a settled instance's clocks may still be seen. */
    private static final Duration SETTLED_SLACK = Duration.ofMinutes(2);

    private final ChaosCommand.Plan plan;
    private final PrintWriter out;
    private final PrintWriter err;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private final RestoreTimes restores = new RestoreTimes();
    private final List<AppInstance> instances = new ArrayList<>();
    private Path workDir;
    private RegistryServer registry;
    private BrokerProcess broker;
    private Workload.Feeder feeder;
    private PipelineConfig config;
    private Topics topics;
    private List<String> topicNames;
    private List<GeneratedEvent> events;
    private Duration wipedRestore;
    private Oracle oracle;

    ChaosRun(ChaosCommand.Plan plan, PrintWriter out, PrintWriter err) {
        this.plan = plan;
        this.out = out;
        this.err = err;
    }

    int run() throws Exception {
        Thread hook = new Thread(this::cleanUp, "chaos-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            setUp();
            chaos();
            return verify();
        } catch (Poll.TimedOut | Poll.Fatal e) {
            say("CHAOS-RUN-FAILED: " + e.getMessage());
            printWhereTheyWere();
            LogTails.print(workDir, out);
            if (!plan.keepWorkDir()) {
                err.println("Run again with --keep-work-dir to keep the processes' logs.");
            }
            return 1;
        } finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running (or ran) cleanUp already
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ set up

    private void setUp() throws Exception {
        workDir = plan.workDir() != null
                ? Files.createDirectories(plan.workDir().toAbsolutePath())
                : Files.createTempDirectory("atoz-chaos-");
        Files.createDirectories(workDir.resolve("logs"));
        say("Working directory " + workDir + (plan.keepWorkDir() ? " (kept)" : " (removed at exit)"));
        registry = new RegistryServer();
        int[] ports = freePorts(2 + INSTANCES);
        broker = new BrokerProcess(ports[0], ports[1], workDir.resolve("broker"), workDir.resolve("logs/broker.log"));
        broker.start();
        say("Broker (child process) ready on " + broker.bootstrapServers() + " after "
                + RestoreTimes.seconds(broker.awaitReady(List.of(), START_TIMEOUT)));

        Map<String, String> s = Settings.singleBroker(
                broker.bootstrapServers(),
                registry.url(),
                plan.applicationId(),
                workDir.resolve("unused"),
                plan.partitions());
        s.remove("state.dir"); // each instance has its own
        s.put(Settings.HTTP_HOST, "127.0.0.1");
        s.put("clock.quiet-period", plan.quietPeriod().toString());
        s.put(
                "consumer.session.timeout.ms",
                String.valueOf(plan.sessionTimeout().toMillis()));
        s.put(
                "consumer.heartbeat.interval.ms",
                String.valueOf(plan.sessionTimeout().toMillis() / 4));
        s.put(Settings.SHUTDOWN_TIMEOUT, "PT10S");
        Settings settings = Settings.of(s);
        config = PipelineConfig.from(settings.all());
        topics = new Topics(config.topics(), Map.of(Settings.SCHEMA_REGISTRY_URL, registry.url()));
        TopicLayout layout = new TopicLayout(topics, settings);
        layout.createMissing(broker.admin());
        topicNames = layout.specs().stream().map(TopicLayout.Spec::name).toList();
        broker.awaitReady(topicNames, START_TIMEOUT);

        Path configFile = workDir.resolve("app.properties");
        writeProperties(configFile, s);
        List<String> runArgs = List.of(
                "--config",
                configFile.toString(),
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--schema-registry-url",
                registry.url(),
                "--application-id",
                plan.applicationId(),
                "--standby-replicas",
                String.valueOf(plan.standbyReplicas()));
        for (int i = 1; i <= INSTANCES; i++) {
            String name = "instance-" + i;
            instances.add(new AppInstance(
                    name,
                    ports[1 + i],
                    workDir.resolve(name + "-state"),
                    workDir.resolve("logs/" + name + ".log"),
                    runArgs));
        }
        events = Workload.generate(plan.seed(), plan.orders(), plan.merchants(), Instant.now());
        say(String.format(
                "Workload: %,d orders, %,d events (seed %d, %d merchants), first order at %s",
                plan.orders(),
                events.size(),
                plan.seed(),
                plan.merchants(),
                events.get(0).timestamp()));
        oracle = new Oracle(events, config);
        for (AppInstance i : instances) {
            i.start();
        }
        Duration up = Poll.until("both instances to be ready", START_TIMEOUT, this::allReady);
        say(String.format(
                "%d instances (exactly_once_v2, %d standby replicas, session timeout %s, quiet period %s) "
                        + "ready after %s",
                INSTANCES,
                plan.standbyReplicas(),
                RestoreTimes.seconds(plan.sessionTimeout()),
                RestoreTimes.seconds(plan.quietPeriod()),
                RestoreTimes.seconds(up)));
    }

    private static void writeProperties(Path file, Map<String, String> values) throws IOException {
        Properties p = new Properties();
        p.putAll(values);
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "atoz-watch chaos: settings of the run instances");
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ chaos

    private void chaos() throws Exception {
        // Spread over the kills as they will likely go: a restart takes about the session timeout and a few seconds.
        long perKill =
                Math.max(plan.killEvery().toSeconds(), plan.sessionTimeout().toSeconds() + 5);
        double rate = events.size() / (double) ((plan.kills() + 1L) * perKill);
        Map<String, Object> client = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers()));
        feeder = new Workload.Feeder(client, topics, events, rate);
        feeder.start();
        say(String.format(
                "Producing at %.0f events/s; %d instance kills, one every %s, and one broker kill after kill %d",
                rate, plan.kills(), RestoreTimes.seconds(plan.killEvery()), plan.brokerKillAfter()));
        long next = System.nanoTime() + plan.killEvery().toNanos();
        for (int k = 1; k <= plan.kills(); k++) {
            sleepUntil(next);
            next = System.nanoTime() + plan.killEvery().toNanos();
            killInstance(k, instances.get((k - 1) % INSTANCES));
            if (k == plan.brokerKillAfter()) {
                sleepUntil(next);
                next = System.nanoTime() + plan.killEvery().toNanos();
                killBroker();
            }
        }
        feeder.await(READY_TIMEOUT);
        say(String.format(
                "Produced all %,d events (%,d acknowledged)",
                events.size(), feeder.progress().acknowledged()));
        say("Restore times (restart to /health/ready): " + restores.summary()
                + (wipedRestore == null
                        ? ""
                        : "; with the state directory wiped: " + RestoreTimes.seconds(wipedRestore)));
    }

    private void killInstance(int k, AppInstance victim) throws Exception {
        boolean wipe = k == plan.wipeAt();
        victim.kill();
        if (wipe) {
            victim.wipeState();
        }
        victim.start();
        Duration restore = awaitReady(victim.name + " to be ready after restart " + k, victim::ready);
        restores.add(restore);
        if (wipe) {
            wipedRestore = restore;
        }
        say(String.format(
                "kill %d/%d: %s SIGKILLed%s and restarted; ready after %s (%,d of %,d events produced)",
                k,
                plan.kills(),
                victim.name,
                wipe ? ", state directory wiped," : "",
                RestoreTimes.seconds(restore),
                feeder.progress().sent(),
                events.size()));
    }

    private void killBroker() throws Exception {
        broker.kill();
        broker.start();
        Duration serving = broker.awaitReady(topicNames, START_TIMEOUT);
        Duration ready = awaitReady("both instances to be ready after the broker restart", this::allReady);
        say(String.format(
                "broker SIGKILLed and restarted: serving again after %s, both instances ready %s later "
                        + "(%,d of %,d events produced)",
                RestoreTimes.seconds(serving),
                RestoreTimes.seconds(ready),
                feeder.progress().sent(),
                events.size()));
    }

    /**
     * Waits up to {@link #READY_TIMEOUT} for {@code check}; if it has not held after {@link #STALL_NOTICE}, says so
     * once, with where each instance was, and waits on.
     */
    private Duration awaitReady(String what, Poll.Check check) throws InterruptedException {
        long start = System.nanoTime();
        try {
            return Poll.until(what, STALL_NOTICE, check);
        } catch (Poll.TimedOut stalled) {
            say("STALL: still waiting for " + what + " after " + RestoreTimes.seconds(STALL_NOTICE));
            printWhereTheyWere();
            Poll.until(what, READY_TIMEOUT.minus(STALL_NOTICE), check);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            say("STALL ended: " + what + " after " + RestoreTimes.seconds(took));
            return took;
        }
    }

    /** Each instance's answer to {@code /health/ready}, last state changes and stream threads (a thread dump each). */
    private void printWhereTheyWere() {
        List<LogTails.Watched> watched = new ArrayList<>();
        for (AppInstance i : instances) {
            String answer = i.answer();
            i.dumpThreads(); // where each one's threads were: a stuck one logs nothing of it
            watched.add(new LogTails.Watched(i.name, answer, i.log(), i.started()));
        }
        LogTails.printWhereTheyWere(watched, out);
    }

    private boolean allReady() throws Exception {
        for (AppInstance i : instances) {
            if (!i.ready()) {
                return false;
            }
        }
        return true;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    // ------------------------------------------------------------------------------------------------ verify

    private int verify() throws Exception {
        Instant settledAt = settle();
        Duration grace = config.clock().grace();
        Instant low = settledAt.minus(grace).minus(SETTLED_SLACK).minusSeconds(60);
        Instant high = settledAt.minus(grace).plus(SETTLE_TIMEOUT).plusSeconds(60);
        long t0 = System.nanoTime();
        Oracle.Expected expected = oracle.expected(low, high, SETTLE_TIMEOUT);
        say(String.format(
                "Oracle: replay of the same events, its clock moved on to %s (ready %s after the settling)",
                low, RestoreTimes.seconds(Duration.ofNanos(System.nanoTime() - t0))));
        Set<String> uncertain = expected.uncertain().stream().map(Fact::id).collect(Collectors.toSet());
        if (!uncertain.isEmpty()) {
            say(String.format(
                    "%,d order-level records fall due between %s and %s and are not compared",
                    uncertain.size(), low, high));
        }
        Comparison[] last = new Comparison[1];
        try {
            // Only missing records can still change (a transaction not yet visible); extra or twice stays so.
            Poll.until("the committed outputs to match the oracle", SETTLE_TIMEOUT, () -> {
                List<Fact> committed =
                        CommittedOutputs.read(broker.bootstrapServers(), topics, Duration.ofMinutes(2)).stream()
                                .filter(f -> !uncertain.contains(f.id()))
                                .toList();
                last[0] = Comparison.of(expected.facts(), committed);
                return last[0].equal() || !last[0].onlyMissing();
            });
        } catch (Poll.TimedOut e) {
            if (last[0] == null) {
                throw e;
            }
        }
        return report(last[0]);
    }

    /** Waits until everything is processed and committed and every clock has moved on; returns when that was seen. */
    private Instant settle() throws Exception {
        awaitReady("both instances to be ready", this::allReady);
        List<String> inputs = topics.orderInputs().stream().map(Topic::name).toList();
        Duration caughtUp = Poll.until(
                "the group to commit to the end of its inputs",
                SETTLE_TIMEOUT,
                () -> CommittedLag.recordsBehind(broker.admin(), plan.applicationId(), inputs) == 0);
        double maxLag = config.clock().grace().plus(SETTLED_SLACK).toSeconds();
        Duration moved = Poll.until("the instances' clocks to move on to the wall clock", SETTLE_TIMEOUT, () -> {
            for (AppInstance i : instances) {
                var lag = i.gauge("atoz_input_lag_seconds");
                if (lag.isEmpty() || lag.getAsDouble() > maxLag) {
                    return false;
                }
            }
            return true;
        });
        say(String.format(
                "Settled: the group committed to the end of its inputs after %s, the clocks moved on %s later",
                RestoreTimes.seconds(caughtUp), RestoreTimes.seconds(moved)));
        return Instant.now();
    }

    private int report(Comparison c) {
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
        String counts = String.format(
                "%s (oracle); committed: %,d / %,d / %,d",
                c.counts(), c.committed(Fact.VERDICTS), c.committed(Fact.BREACHES), c.committed(Fact.NOTIFICATIONS));
        if (c.expected(Fact.VERDICTS) == 0) {
            say("NOTHING-TO-COMPARE: the oracle has no verdicts for this workload; use more --orders");
            return 1;
        }
        if (c.equal()) {
            say("ALL-VERDICTS-DELIVERED: compared " + counts);
            say("Wall time " + RestoreTimes.seconds(wall));
            return 0;
        }
        say("DIFFERENCES: compared " + counts);
        c.report().forEach(this::say);
        say("Wall time " + RestoreTimes.seconds(wall));
        return 1;
    }

    // ------------------------------------------------------------------------------------------------ clean up

    private void cleanUp() {
        if (!cleanedUp.compareAndSet(false, true)) {
            return;
        }
        if (feeder != null) {
            feeder.close();
        }
        ChildJvm.killAll();
        if (broker != null) {
            broker.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (workDir != null && !plan.keepWorkDir()) {
            PipelineApp.deleteTree(workDir);
        }
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
