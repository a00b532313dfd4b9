package io.atozwatch.app.bench;

import io.atozwatch.app.embedded.EmbeddedKafkaBroker;
import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.Pacer;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.app.generate.TrafficProducer;
import io.atozwatch.app.runtime.PipelineApp;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.app.runtime.TopicLayout;
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The deployed pipeline's throughput on one machine: generated events are first produced to an embedded
 * broker (the producer's rate is the first figure), then the app, started on them, is timed until it has
 * processed them all, once with exactly-once (the default) and once with at-least-once, in the same run.
 *
 * <p>{@code java -cp modules/app/target/atoz-watch.jar io.atozwatch.app.bench.AppThroughputBenchmark [events] [partitions]}
 */
public final class AppThroughputBenchmark {
    private AppThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("atoz-bench-");
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, Java %s; %d events, %d partitions, one app instance%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                events,
                partitions);
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.builder().tempDirUnder(work).start()) {
            for (String guarantee : List.of("exactly_once_v2", "at_least_once")) {
                String scope = "bench-" + guarantee;
                Map<String, String> s = Settings.singleBroker(
                        broker.bootstrapServers(),
                        "mock://" + scope,
                        "bench-" + guarantee.replace('_', '-'),
                        work.resolve("state-" + guarantee),
                        partitions);
                s.put("processing.guarantee", guarantee);
                s.put(Settings.HTTP_PORT, "0");
                for (String role : GeneratedEvent.ROLES) {
                    s.put("topic." + role, guarantee + "." + role);
                }
                for (String out : List.of(
                        "claim-eligibility",
                        "deadline-breaches",
                        "merchant-notifications",
                        "dead-letters",
                        "merchant-performance",
                        "reserve-decisions",
                        "merchant-facts")) {
                    s.put("topic." + out, guarantee + "." + out);
                }
                Settings settings = Settings.of(s);
                Topics topics = new Topics(
                        PipelineConfig.from(settings.all()).topics(),
                        Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://" + scope));
                try (Admin admin = Admin.create(broker.clientProperties())) {
                    new TopicLayout(topics, settings).createMissing(admin);
                }
                TrafficGenerator generator =
                        new TrafficGenerator(GeneratorOptions.defaults(7, Instant.parse("2026-03-02T00:00:00Z"))
                                .withOrdersPerHour(600));
                long produceStart = System.nanoTime();
                long orderEvents;
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        TrafficProducer.producerConfig(new HashMap<>(broker.clientProperties())),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
                    TrafficProducer traffic = new TrafficProducer(producer, topics);
                    traffic.produce(generator, events, Pacer.unlimited());
                    orderEvents = traffic.progress().perRole().entrySet().stream()
                            .filter(e -> !e.getKey().equals(GeneratedEvent.MERCHANT_POLICIES))
                            .mapToLong(Map.Entry::getValue)
                            .sum();
                }
                double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
                long start = System.nanoTime();
                try (PipelineApp app =
                        new PipelineApp(settings, java.util.function.LongUnaryOperator.identity(), r -> {}).start()) {
                    while (app.metrics().processed() + app.metrics().duplicates() < orderEvents) {
                        Thread.sleep(50);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(
                            Locale.ROOT,
                            "%-16s produced %,d events at %,.0f/s; app processed them in %.1f s "
                                    + "(start-up included): %,.0f events/s, %,d verdicts%n",
                            guarantee,
                            orderEvents,
                            orderEvents / produceSeconds,
                            seconds,
                            orderEvents / seconds,
                            app.metrics().verdicts());
                }
                MockSchemaRegistry.dropScope(scope);
            }
        } finally {
            PipelineApp.deleteTree(work);
        }
    }
}
