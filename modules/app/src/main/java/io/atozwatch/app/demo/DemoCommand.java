package io.atozwatch.app.demo;

import io.atozwatch.app.embedded.EmbeddedKafkaBroker;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.Pacer;
import io.atozwatch.app.generate.SimulatedClock;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.app.generate.TrafficProducer;
import io.atozwatch.app.query.QueryApi;
import io.atozwatch.app.runtime.PipelineApp;
import io.atozwatch.app.runtime.Ports;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.app.runtime.TopicLayout;
import io.atozwatch.serde.MockSchemaRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: everything in one JVM — a real single-node KRaft broker, an in-memory schema registry,
 * the topics, the pipeline, the traffic generator and the HTTP server — on a compressed clock, so that
 * seven- and fourteen-day deadlines visibly pass within a minute or two. Ctrl-C stops it all and
 * removes its temporary directories.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline on an embedded Kafka broker with generated traffic, on a compressed clock.",
            "Prints progress and the URLs to open; Ctrl-C stops everything cleanly."
        })
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    /** Slow simulated time down when the pipeline is further behind than this, in wall-clock time. */
    private static final Duration BEHIND_SLOW_DOWN = Duration.ofSeconds(4);

    @Option(
            names = "--speed",
            defaultValue = "20000",
            paramLabel = "X",
            description =
                    "Simulated seconds per wall-clock second (default: ${DEFAULT-VALUE}: a 7-day claim window passes in ~30 s).")
    double speed;

    @Option(
            names = "--http-port",
            defaultValue = "8080",
            description = "HTTP port of health, metrics and queries (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--kafka-port",
            defaultValue = "0",
            description = "Port of the embedded broker (default: a free one).")
    int kafkaPort;

    @Option(
            names = "--orders-per-hour",
            defaultValue = "30",
            description = "Orders per simulated hour (default: ${DEFAULT-VALUE}).")
    double ordersPerHour;

    @Option(names = "--merchants", defaultValue = "20", description = "Merchants (default: ${DEFAULT-VALUE}).")
    int merchants;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--duration",
            paramLabel = "ISO-DURATION",
            description = "Stop by itself after this long (e.g. PT2M); default: run until Ctrl-C.")
    Duration duration;

    @Option(
            names = "--progress-every",
            defaultValue = "PT5S",
            description = "How often to print progress (default: ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Before the broker starts: a busy port is told in a moment, with the option that changes it.
        Ports.requireFree(null, httpPort, "HTTP: dashboard, API, health and metrics", "--http-port");
        Ports.requireFree(null, kafkaPort, "the embedded Kafka broker", "--kafka-port, or leave it out for a free one");
        Demo demo = new Demo(out);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    demo.close();
                    done.countDown();
                },
                "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.start();
            if (duration != null) {
                done.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                done.await();
            }
        } finally {
            demo.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: it closes the demo
            }
        }
        return 0;
    }

    /** The demo's parts, started in order and closed in reverse. */
    private final class Demo implements AutoCloseable {
        private final PrintWriter out;
        private final AtomicBoolean closed = new AtomicBoolean();
        private Path workDir;
        private EmbeddedKafkaBroker broker;
        private PipelineApp app;
        private TrafficProducer traffic;
        private Thread generatorThread;
        private Thread progressThread;
        private Thread governorThread;
        private String registryScope;

        Demo(PrintWriter out) {
            this.out = out;
        }

        void start() throws Exception {
            workDir = Files.createTempDirectory("atoz-demo-");
            out.println("Working directory " + workDir + " (removed on exit)");
            out.println("Starting an embedded Kafka broker (KRaft, single node)...");
            broker = EmbeddedKafkaBroker.builder()
                    .tempDirUnder(workDir)
                    .port(kafkaPort)
                    .defaultPartitions(3)
                    // simulated time runs ahead of the wall clock: let the broker take future timestamps
                    .brokerProperty("log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE))
                    .start();
            out.printf("Kafka broker ready at %s in %d ms%n", broker.bootstrapServers(), broker.startupMillis());

            registryScope = "demo-" + ProcessHandle.current().pid();
            SimulatedClock clock = SimulatedClock.startingNow(Instant.now().truncatedTo(ChronoUnit.SECONDS), speed);
            Settings settings = settings();
            QueryApi queries = new QueryApi(settings);
            app = new PipelineApp(settings, clock.eventTimeAtWallClock(), queries::routes);
            queries.attach(app.streams());
            try (Admin admin = Admin.create(broker.clientProperties())) {
                var created = new TopicLayout(app.topics(), settings).createMissing(admin);
                out.println("Created topics: " + String.join(", ", created));
            }
            app.start();

            TrafficGenerator generator = new TrafficGenerator(GeneratorOptions.defaults(seed, clock.now())
                    .withMerchants(merchants)
                    .withOrdersPerHour(ordersPerHour));
            Map<String, Object> producerConfig =
                    TrafficProducer.producerConfig(new HashMap<>(broker.clientProperties()));
            KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
            traffic = new TrafficProducer(producer, app.topics());
            generatorThread = new Thread(
                    () -> {
                        try (producer) {
                            traffic.produce(generator, GeneratorOptions.UNBOUNDED, Pacer.followClock(clock));
                        } catch (RuntimeException e) {
                            if (!closed.get()) {
                                out.println("Generator stopped: " + e.getMessage());
                            }
                        }
                    },
                    "demo-generator");
            generatorThread.setDaemon(true);
            generatorThread.start();

            out.printf(
                    "Pipeline running; simulated time started at %s and runs %,.0f times faster than real time.%n",
                    clock.simStart(), speed);
            out.printf("  dashboard: http://localhost:%d/%n", app.httpPort());
            out.printf(
                    "  API:     http://localhost:%d/merchants?sort=odr&limit=10  /merchants/{id}  /orders/{id}  (OpenAPI: /openapi.yaml)%n",
                    app.httpPort());
            out.printf("  health:  http://localhost:%d/health/ready%n", app.httpPort());
            out.printf("  metrics: http://localhost:%d/metrics%n", app.httpPort());
            out.printf(
                    "  outputs: kcat -b %s -C -t claim-eligibility (values are Avro, Confluent wire format)%n",
                    broker.bootstrapServers());
            out.println("Press Ctrl-C to stop.");
            out.flush();
            progressThread = new Thread(() -> printProgress(clock), "demo-progress");
            progressThread.setDaemon(true);
            progressThread.start();
            governorThread = new Thread(() -> keepPace(clock), "demo-pace");
            governorThread.setDaemon(true);
            governorThread.start();
        }

        private Settings settings() {
            Map<String, String> s = Settings.singleBroker(
                    broker.bootstrapServers(), "mock://" + registryScope, "atoz-demo", workDir.resolve("state"), 3);
            s.put(Settings.HTTP_PORT, String.valueOf(httpPort));
            s.put("commit.interval.ms", "500");
            s.put(Settings.SHUTDOWN_TIMEOUT, "PT15S");
            // The pipeline's clock on compressed time: what takes a second of wall-clock time (a fetch, a commit)
            // takes hours of simulated time. The grace covers two seconds of it; an input read behind the others
            // holds its task's clock for a fifth of a second, and a task counts as caught up after one quiet second.
            s.put("clock.grace", Duration.ofMillis(Math.round(2000 * speed)).toString());
            s.put("clock.input-skew", "PT0.2S");
            s.put("clock.quiet-period", "PT1S");
            return Settings.of(s);
        }

        /**
         * Slows simulated time down while the pipeline is more than {@link #BEHIND_SLOW_DOWN} of wall-clock time
         * behind it (halving the speed, down to a 64th), and brings it back up once it has caught up, so that on
         * a busy machine the demo shows the pipeline keeping up rather than a growing backlog.
         */
        private void keepPace(SimulatedClock clock) {
            while (!closed.get()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                double current = clock.speed();
                double behindWallSeconds = pastTheGrace().toMillis() / 1000.0 / Math.max(current, 1);
                double next = current;
                if (behindWallSeconds > BEHIND_SLOW_DOWN.toSeconds() && current > speed / 64) {
                    next = current / 2;
                } else if (behindWallSeconds < BEHIND_SLOW_DOWN.toSeconds() / 4.0 && current < speed) {
                    next = Math.min(speed, current * 1.5);
                }
                if (next != current && !closed.get()) {
                    clock.setSpeed(next);
                    out.printf(
                            "Pipeline %s: simulated time now runs %,.0f times faster than real time.%n",
                            next < current
                                    ? "behind (" + inWords(pastTheGrace()) + " of event time past the grace)"
                                    : "caught up",
                            next);
                    out.flush();
                }
            }
        }

        private void printProgress(SimulatedClock clock) {
            while (!closed.get()) {
                try {
                    Thread.sleep(progressEvery.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (closed.get()) {
                    return;
                }
                var m = app.metrics();
                long behind = m.recordsBehind();
                out.printf(
                        "[sim %s] events produced %,d | processed %,d | behind %s records, %s past the grace | verdicts %,d | breaches %,d | at-risk warnings %,d | dead letters %,d | streams %s%n",
                        clock.now().truncatedTo(ChronoUnit.MINUTES),
                        traffic.progress().sent(),
                        m.processed(),
                        behind < 0 ? "?" : String.format("%,d", behind),
                        inWords(pastTheGrace()),
                        m.verdicts(),
                        m.breaches(),
                        m.warnings(),
                        m.deadLetters(),
                        app.streams().state());
                out.flush();
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            out.println("Stopping...");
            out.flush();
            if (traffic != null) {
                traffic.stop();
            }
            join(generatorThread);
            if (app != null) {
                app.close();
            }
            if (broker != null) {
                broker.close();
            }
            if (registryScope != null) {
                MockSchemaRegistry.dropScope(registryScope);
            }
            PipelineApp.deleteTree(workDir);
            out.println("Stopped; temporary files removed.");
            out.flush();
        }

        /** How far the pipeline's clock is behind simulated time, beyond the grace it always keeps. */
        private Duration pastTheGrace() {
            Duration behind = Duration.ofMillis(Math.round(app.metrics().secondsBehind() * 1000))
                    .minus(app.config().clock().grace());
            return behind.isNegative() ? Duration.ZERO : behind;
        }

        /** "3h 05m" of event time. */
        private static String inWords(Duration d) {
            long minutes = d.toMinutes();
            return minutes >= 60 ? String.format("%dh %02dm", minutes / 60, minutes % 60) : minutes + "m";
        }

        private void join(Thread t) {
            if (t != null) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
