package io.atozwatch.app.generate;

import io.atozwatch.app.json.JsonAvroCodec;
import io.atozwatch.app.json.JsonLines;
import io.atozwatch.app.runtime.ClusterOptions;
import io.atozwatch.app.runtime.KafkaAdmin;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.app.runtime.UserError;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code atoz-watch generate}: realistic synthetic input traffic, to a cluster or as replay input lines. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Produces realistic synthetic traffic to the pipeline's input topics: merchant policies, then the "
                    + "orders of many merchants and everything that happens to them (charges, shipments, "
                    + "deliveries, returns, refunds, buyer contacts, A-to-z claims, chargebacks), in event-time order.",
            "",
            "Each merchant has one behaviour (reliable, late shipper, never refunds, refuses returns, overcharges, "
                    + "ignores claims, chargeback-prone), so the pipeline's verdicts and breaches concentrate on the "
                    + "merchants that deserve them. The same --seed gives the same events. About 1%% of events are "
                    + "sent twice and 1%% a few minutes late, as real upstream systems do.",
            "",
            "Record timestamps are the events' occurredAt (updatedAt for policies). Prints progress every few "
                    + "seconds and a summary at the end; Ctrl-C stops cleanly.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the events were produced (or written)",
            "1:producing failed",
            "2:invalid command line or configuration, or the input topics are missing",
        })
public final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Random seed; the same seed gives the same events (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--rate",
            defaultValue = "1000",
            paramLabel = "EVENTS_PER_SECOND",
            description = "Events per second of wall time; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--count",
            defaultValue = "10000",
            paramLabel = "N",
            description =
                    "How many events to produce; 0 = until Ctrl-C (or until --orders are done) (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(
            names = "--merchants",
            defaultValue = "20",
            paramLabel = "N",
            description = "How many merchants (default: ${DEFAULT-VALUE}).")
    int merchants;

    @Option(
            names = "--start",
            paramLabel = "INSTANT",
            converter = InstantConverter.class,
            description =
                    "Event time of the first order, ISO-8601 (e.g. 2026-03-01T00:00:00Z) or epoch milliseconds "
                            + "(default: now). Events are never sent before the wall clock reaches their time: brokers refuse "
                            + "records stamped more than an hour ahead, and a pipeline judging deadlines by the wall clock would "
                            + "see a compressed past as overdue. A start in the past replays that stretch at --rate, then follows "
                            + "the clock. To watch weeks pass in minutes, use the demo, whose pipeline shares its compressed clock.")
    Instant start;

    @Option(
            names = "--orders",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Generate this many orders and their whole lives, then stop; 0 = orders keep coming (default: ${DEFAULT-VALUE}).")
    long orders;

    @Option(
            names = "--orders-per-hour",
            defaultValue = "120",
            paramLabel = "N",
            description = "Average orders per hour of event time, with a day/night rhythm (default: ${DEFAULT-VALUE}).")
    double ordersPerHour;

    @Option(
            names = "--duplicates",
            defaultValue = "0.01",
            paramLabel = "FRACTION",
            description = "Share of events sent twice with the same eventId (default: ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(
            names = "--out-of-order",
            defaultValue = "0.01",
            paramLabel = "FRACTION",
            description = "Share of events sent up to 5 minutes of event time late (default: ${DEFAULT-VALUE}).")
    double outOfOrder;

    @Option(
            names = "--jsonl",
            paramLabel = "FILE",
            description =
                    "Write the events as replay input lines ({\"topic\", \"key\", \"value\"}) to FILE ('-': stdout) "
                            + "instead of producing them to Kafka; feed them to 'replay --input'.")
    String jsonl;

    @Option(
            names = "--progress-interval",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
    int progressSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GeneratorOptions options = options();
        TrafficGenerator generator = new TrafficGenerator(options);
        if (jsonl != null) {
            return writeLines(generator, options);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings;
        Topics topics;
        try {
            settings = cluster.checkedSettings(System.getenv(), Map.of(), err);
            settings.require(Settings.BOOTSTRAP_SERVERS);
            PipelineConfig config = PipelineConfig.from(settings.all());
            topics = new Topics(config.topics(), serdeConfig(settings));
        } catch (IllegalArgumentException | java.io.UncheckedIOException | UserError e) {
            err.println("Cannot start: " + e.getMessage());
            return 2;
        }
        List<String> missing = missingTopics(settings, topics);
        if (!missing.isEmpty()) {
            err.println("Cannot start: missing input topics " + missing + "; create them with 'atoz-watch topics'.");
            return 2;
        }
        out.printf(
                "Generating %s from seed %d: %d merchants (%s), first order at %s, %s; to %s%n",
                count > 0 ? count + " events" : "events until stopped",
                seed,
                options.merchants(),
                behaviourSummary(generator),
                options.start(),
                rate > 0 ? "at " + fmt(rate) + " events/s" : "as fast as possible",
                settings.get(Settings.BOOTSTRAP_SERVERS));
        out.flush();

        try (KafkaProducer<String, byte[]> kafka =
                new KafkaProducer<>(TrafficProducer.producerConfig(settings.kafkaClientSettings()))) {
            TrafficProducer producer = new TrafficProducer(kafka, topics);
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        producer.stop();
                        try {
                            done.await(30, TimeUnit.SECONDS); // let the summary print and the producer flush
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "generate-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                boolean[] warned = {false};
                producer.produce(
                        generator,
                        count,
                        Pacer.both(
                                Pacer.fixedRate(rate),
                                Pacer.followClock(SimulatedClock.startingNow(Instant.now(), 1.0))),
                        Duration.ofSeconds(Math.max(1, progressSeconds)),
                        p -> {
                            out.println(progressLine(p, generator));
                            if (!warned[0]
                                    && p.lastEventTime() != null
                                    && p.lastEventTime().isAfter(Instant.now())) {
                                warned[0] = true;
                                out.println(
                                        "Note: event time has passed the wall clock; the pipeline judges by the later "
                                                + "of the two, so deadlines now fall due as fast as events arrive.");
                            }
                            out.flush();
                        });
                TrafficProducer.Progress p = producer.progress();
                out.println((producer.stopped() ? "Stopped" : "Done") + ": " + summary(p, generator));
                out.flush();
                return 0;
            } catch (RuntimeException e) {
                TrafficProducer.Progress p = producer.progress();
                err.println("Producing failed after " + p.sent() + " events: " + e.getMessage());
                out.println("Failed: " + summary(p, generator));
                out.flush();
                return 1;
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it is waiting for us
                }
            }
        }
    }

    GeneratorOptions options() {
        if (merchants < 1) {
            throw new ParameterException(spec.commandLine(), "--merchants must be at least 1");
        }
        if (count < 0 || orders < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--count and --orders must not be negative (0 = unbounded)");
        }
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw new ParameterException(
                    spec.commandLine(), "--rate must be 0 (as fast as possible) or a positive number");
        }
        Instant first = start != null ? start : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try {
            return GeneratorOptions.defaults(seed, first)
                    .withMerchants(merchants)
                    .withOrders(orders)
                    .withOrdersPerHour(ordersPerHour)
                    .withDuplicates(duplicates)
                    .withOutOfOrder(outOfOrder);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Replay input lines: {"topic":...,"key":...,"value":{...}}. */
    private int writeLines(TrafficGenerator generator, GeneratorOptions options) throws IOException {
        PipelineConfig config;
        try {
            config = PipelineConfig.from(cluster.checkedSettings(
                            System.getenv(), Map.of(), spec.commandLine().getErr())
                    .all());
        } catch (IllegalArgumentException | java.io.UncheckedIOException | UserError e) {
            spec.commandLine().getErr().println("Cannot start: " + e.getMessage());
            return 2;
        }
        Topics topics = new Topics(config.topics(), Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://generate-jsonl"));
        boolean stdout = "-".equals(jsonl);
        Writer w = stdout
                ? spec.commandLine().getOut()
                : new BufferedWriter(
                        new OutputStreamWriter(Files.newOutputStream(Path.of(jsonl)), StandardCharsets.UTF_8));
        long written = 0;
        try {
            while (generator.hasNext() && (count <= 0 || written < count)) {
                GeneratedEvent e = generator.next();
                w.write(JsonLines.line(e.topic(topics).name(), e.key(), JsonAvroCodec.toJson(e.value()), null));
                w.write('\n');
                written++;
            }
        } finally {
            if (stdout) {
                w.flush();
            } else {
                w.close();
            }
        }
        if (!stdout) {
            spec.commandLine()
                    .getOut()
                    .println("Wrote " + written + " events (" + generator.ordersStarted() + " orders) to " + jsonl);
        }
        return 0;
    }

    private static Map<String, Object> serdeConfig(Settings settings) {
        return settings.registryClientSettings();
    }

    private static List<String> missingTopics(Settings settings, Topics topics) throws Exception {
        List<String> wanted = new ArrayList<>();
        for (String role : GeneratedEvent.ROLES) {
            wanted.add(GeneratedEvent.topicFor(role, topics).name());
        }
        try (Admin admin = KafkaAdmin.connect(settings.kafkaClientSettings(), KafkaAdmin.CONNECT_TIMEOUT)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            return wanted.stream().filter(t -> !existing.contains(t)).toList();
        }
    }

    private static String behaviourSummary(TrafficGenerator generator) {
        return generator.merchants().stream()
                .collect(Collectors.groupingBy(
                        MerchantProfile::behaviour, java.util.TreeMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    static String progressLine(TrafficProducer.Progress p, TrafficGenerator generator) {
        return String.format(
                "%,d events (%s), %s events/s, event time %s, %,d orders in flight",
                p.sent(), perRole(p), fmt(p.eventsPerSecond()), p.lastEventTime(), generator.ordersInFlight());
    }

    static String summary(TrafficProducer.Progress p, TrafficGenerator generator) {
        return String.format(
                "%,d events in %.1f s (%s events/s), %,d acknowledged: %s; %,d orders, %,d duplicates, "
                        + "%,d out of order; last event time %s",
                p.sent(),
                p.elapsed().toMillis() / 1000.0,
                fmt(p.eventsPerSecond()),
                p.acknowledged(),
                perRole(p),
                generator.ordersStarted(),
                generator.duplicatesEmitted(),
                generator.delayedEmitted(),
                p.lastEventTime());
    }

    private static String perRole(TrafficProducer.Progress p) {
        return p.perRole().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format("%,d", (long) v) : String.format("%,.1f", v);
    }

    /** ISO-8601 (with Z or an offset) or epoch milliseconds. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            String v = value.trim();
            if (v.matches("-?\\d+")) {
                return Instant.ofEpochMilli(Long.parseLong(v));
            }
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeException e) {
                throw new TypeConversionException("'" + value + "' is not an instant: expected ISO-8601 such as "
                        + "2026-03-01T00:00:00Z, or epoch milliseconds");
            }
        }
    }
}
