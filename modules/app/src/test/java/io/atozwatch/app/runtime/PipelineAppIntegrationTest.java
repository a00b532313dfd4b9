package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.Await;
import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.topology.PipelineTopology;
import io.atozwatch.topology.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline as it runs in production (Kafka Streams, exactly-once, three partitions) on a real
 * embedded broker, with default settings, checked against {@code replay} on the same events as the
 * oracle: every verdict, breach and notification the app committed equals what replay says, with the
 * clock moved on to where the app's clock got, whether the events were written long before the app
 * started (history, a reprocessing) or while it ran.
 */
class PipelineAppIntegrationTest {
    /** Months before the tests run: history, as a new deployment is seeded with. */
    private static final Instant START = Instant.parse("2026-05-04T00:00:00Z");
    /** Three order tasks and three merchant tasks. */
    private static final int TASKS = 6;

    private ClusterFixture cluster;

    @BeforeEach
    void startBroker() throws Exception {
        cluster = new ClusterFixture(true); // the broker takes far-future timestamps: the app must not
    }

    @AfterEach
    void stopBroker() {
        cluster.close();
    }

    /** About a month of orders, twelve merchants. */
    static List<GeneratedEvent> history(long seed, int orders) {
        return new TrafficGenerator(GeneratorOptions.defaults(seed, START)
                        .withOrders(orders)
                        .withMerchants(12)
                        .withOrdersPerHour(orders / 720.0))
                .stream().toList();
    }

    /** Events on the order-keyed topics (policies go to a global store and are not counted as processed). */
    static long countOrderEvents(List<GeneratedEvent> events) {
        return events.stream().filter(e -> e.eventId() != null).count();
    }

    /** Where a caught-up app's clock gets to: the wall clock, less the grace (and a little slack). */
    private static Instant caughtUpClock() {
        return Instant.now().minus(PipelineConfig.defaults().clock().grace()).minusSeconds(30);
    }

    /**
     * Checks that the app committed exactly what replay says about {@code events}, once the app has caught up
     * with the wall clock. Merchant decisions and notifications are compared up to the day before yesterday:
     * they also go out at day boundaries, and the app's clock and the oracle's may stand on either side of
     * midnight. The snapshots topic is compacted: its latest snapshot of each merchant is compared.
     */
    private void assertAppSaidWhatReplaySays(PipelineApp app, List<GeneratedEvent> events, String... setAside)
            throws Exception {
        ClusterFixture.awaitClocks(app, TASKS, caughtUpClock(), Duration.ofSeconds(120));
        Instant until = app.metrics().watermarks().values().stream()
                .min(Instant::compareTo)
                .orElseThrow();
        Outputs committed = Outputs.committed(cluster);
        Outputs expected = Outputs.replay(events, until, PipelineConfig.defaults());

        assertThat(expected.verdicts()).hasSizeGreaterThan(50);
        assertThat(expected.breaches()).hasSizeGreaterThan(20);
        assertThat(committed.verdicts()).containsExactlyInAnyOrderElementsOf(expected.verdicts());
        assertThat(committed.breaches()).containsExactlyInAnyOrderElementsOf(expected.breaches());
        assertThat(committed.orderNotifications()).containsExactlyInAnyOrderElementsOf(expected.orderNotifications());
        assertThat(expected.deadLetters()).isEmpty();
        assertThat(committed.deadLetters()).extracting(DeadLetter::getKey).containsExactly(setAside);
        assertThat(committed.deadLetters())
                .allSatisfy(d -> assertThat(d.getReason()).contains("ahead of the wall clock"));
        String dayBeforeYesterday =
                until.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)).toString();
        assertThat(latestPerMerchant(committed.performance()))
                .isEqualTo(latestPerMerchant(expected.performance()))
                .isNotEmpty();
        assertThat(before(committed.decisions(), dayBeforeYesterday))
                .containsExactlyInAnyOrderElementsOf(before(expected.decisions(), dayBeforeYesterday))
                .isNotEmpty();
        assertThat(before(committed.merchantNotifications(), dayBeforeYesterday))
                .containsExactlyInAnyOrderElementsOf(before(expected.merchantNotifications(), dayBeforeYesterday));
    }

    /** The latest snapshot of each merchant (as text), by merchant. */
    private static java.util.Map<String, String> latestPerMerchant(List<String> snapshots) {
        java.util.regex.Pattern merchant =
                java.util.regex.Pattern.compile("\"merchantId\": \"([^\"]+)\".*\"asOf\": \"([^\"]+)\"");
        java.util.Map<String, String> latest = new java.util.TreeMap<>();
        for (String s : snapshots) {
            java.util.regex.Matcher m = merchant.matcher(s);
            if (m.find()) {
                latest.merge(m.group(1), s, (a, b) -> asOf(a).compareTo(asOf(b)) >= 0 ? a : b);
            }
        }
        return latest;
    }

    private static String asOf(String snapshot) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"asOf\": \"([^\"]+)\"").matcher(snapshot);
        return m.find() ? m.group(1) : "";
    }

    /** Records (as text) stamped before {@code instant}: their asOf, decidedAt or at field. */
    private static List<String> before(List<String> records, String instant) {
        java.util.regex.Pattern stamp = java.util.regex.Pattern.compile("\"(asOf|decidedAt|at)\": \"([^\"]+)\"");
        return records.stream()
                .filter(r -> {
                    java.util.regex.Matcher m = stamp.matcher(r);
                    return m.find() && m.group(2).compareTo(instant) < 0;
                })
                .toList();
    }

    @Test
    void historyWrittenBeforeTheAppStartsGivesWhatReplayGives() throws Exception {
        List<GeneratedEvent> events = history(7, 1500);
        cluster.produce(events);
        try (PipelineApp app =
                new PipelineApp(cluster.settings("it-history"), LongUnaryOperator.identity(), r -> {}).start()) {
            assertAppSaidWhatReplaySays(app, events);
            assertThat(app.metrics().processed() + app.metrics().duplicates()).isEqualTo(countOrderEvents(events));
        }
    }

    /** With, among the history, an order placed fifty years ahead (a clock wrong upstream): it moves nothing. */
    @Test
    void historyWrittenWhileTheAppRunsGivesWhatReplayGives() throws Exception {
        List<GeneratedEvent> events = history(8, 1500);
        Instant farAhead = Instant.now().plus(Duration.ofDays(50 * 365));
        GeneratedEvent future = new GeneratedEvent(
                "orders",
                "o-future",
                OrderEvent.newBuilder()
                        .setEventId("e-future")
                        .setOrderId("o-future")
                        .setMerchantId("m-001")
                        .setBuyerId("b-1")
                        .setMarketplace("US")
                        .setType(OrderEventType.PLACED)
                        .setOccurredAt(farAhead)
                        .setCurrency("USD")
                        .setAmountMinor(1000)
                        .setMaxDeliveryAt(farAhead.plus(Duration.ofDays(5)))
                        .build(),
                farAhead);
        try (PipelineApp app =
                new PipelineApp(cluster.settings("it-live-history"), LongUnaryOperator.identity(), r -> {}).start()) {
            Await.until(
                    "the app to run",
                    Duration.ofSeconds(60),
                    () -> app.streams().state() == KafkaStreams.State.RUNNING);
            cluster.produce(events.subList(0, events.size() / 3));
            cluster.produce(List.of(future));
            cluster.produce(events.subList(events.size() / 3, events.size()));
            assertAppSaidWhatReplaySays(app, events, "o-future");
            assertThat(app.metrics().watermarks().values()).allMatch(w -> w.isBefore(Instant.now()));
        }
    }

    @Test
    void aRestartedAppResumesFromItsStateWithoutRepeatingAnything() throws Exception {
        List<GeneratedEvent> events = history(11, 800);
        List<GeneratedEvent> first = events.subList(0, events.size() / 2);
        List<GeneratedEvent> second = events.subList(events.size() / 2, events.size());
        Settings settings = cluster.settings("it-restart");
        long firstCount = countOrderEvents(first);
        try (PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), r -> {}).start()) {
            cluster.produce(first);
            Await.until(
                    "first half processed",
                    Duration.ofSeconds(90),
                    () -> app.metrics().processed() + app.metrics().duplicates() >= firstCount);
        }
        assertThat(cluster.readAll(cluster.topics.claimEligibility)).isNotEmpty();

        // Same application id and state directory: the second instance picks up the state, offsets and clocks.
        try (PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), r -> {}).start()) {
            cluster.produce(second);
            assertAppSaidWhatReplaySays(app, events);
        }
    }

    @Test
    void aStoreLeftHalfDeletedIsWipedAndRestoredInsteadOfStoppingTheStart() throws Exception {
        List<GeneratedEvent> events = history(13, 400);
        Settings settings = cluster.settings("it-half-deleted");
        long count = countOrderEvents(events);
        try (PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), r -> {}).start()) {
            cluster.produce(events);
            Await.until(
                    "every event processed",
                    Duration.ofSeconds(90),
                    () -> app.metrics().processed() + app.metrics().duplicates() >= count);
        }
        // As a process killed while Kafka Streams deletes a task's state leaves a store: its manifest gone.
        Path cases = Path.of(
                settings.get(StreamsConfig.STATE_DIR_CONFIG),
                settings.get(StreamsConfig.APPLICATION_ID_CONFIG),
                "1_0",
                "rocksdb",
                PipelineTopology.CASES_STORE);
        List<Path> manifests;
        try (Stream<Path> files = Files.list(cases)) {
            manifests = files.filter(f -> f.getFileName().toString().startsWith("MANIFEST-"))
                    .toList();
        }
        assertThat(manifests).isNotEmpty();
        for (Path m : manifests) {
            Files.delete(m);
        }

        try (PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), r -> {}).start()) {
            assertAppSaidWhatReplaySays(app, events);
        }
    }

    static <V> List<V> values(List<ConsumerRecord<String, V>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    @Test
    void aMalformedRecordLandsInDeadLettersAndProcessingGoesOn() throws Exception {
        try (PipelineApp app =
                new PipelineApp(cluster.settings("it-dead-letters"), LongUnaryOperator.identity(), r -> {}).start()) {
            long t = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
            cluster.produceBytes("orders", "o-bad", "not avro at all".getBytes(StandardCharsets.UTF_8), t);
            List<GeneratedEvent> overcharge = List.of(
                    new GeneratedEvent(
                            "orders",
                            "o-1",
                            io.atozwatch.events.OrderEvent.newBuilder()
                                    .setEventId("e-1")
                                    .setOrderId("o-1")
                                    .setMerchantId("m-1")
                                    .setBuyerId("b-1")
                                    .setMarketplace("US")
                                    .setType(io.atozwatch.events.OrderEventType.PLACED)
                                    .setOccurredAt(Instant.ofEpochMilli(t))
                                    .setCurrency("USD")
                                    .setAmountMinor(1000)
                                    .setMaxDeliveryAt(null)
                                    .build(),
                            Instant.ofEpochMilli(t)),
                    new GeneratedEvent(
                            "orders",
                            "o-1",
                            io.atozwatch.events.OrderEvent.newBuilder()
                                    .setEventId("e-2")
                                    .setOrderId("o-1")
                                    .setMerchantId("m-1")
                                    .setBuyerId("b-1")
                                    .setMarketplace("US")
                                    .setType(io.atozwatch.events.OrderEventType.CHARGED)
                                    .setOccurredAt(Instant.ofEpochMilli(t + 1000))
                                    .setCurrency("USD")
                                    .setAmountMinor(1500)
                                    .setMaxDeliveryAt(null)
                                    .build(),
                            Instant.ofEpochMilli(t + 1000)));
            cluster.produce(overcharge);
            Await.until(
                    "the bad record set aside and the good ones judged",
                    Duration.ofSeconds(60),
                    () -> app.metrics().deadLetters() >= 1 && app.metrics().verdicts() >= 2);
        }
        List<ConsumerRecord<String, DeadLetter>> dead = cluster.readAll(cluster.topics.deadLetters);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("o-bad");
            assertThat(r.value().getReason()).contains("cannot deserialize");
            assertThat(r.value().getSourceTopic()).isEqualTo("orders");
            assertThat(r.value().getSourceOffset()).isNotNull();
            assertThat(new String(
                            r.headers().lastHeader("__streams.errors.topic").value(), StandardCharsets.UTF_8))
                    .isEqualTo("orders");
        });
        // The overcharge, and (the clock has moved on to the wall clock since March) the order never delivered.
        assertThat(values(cluster.readAll(cluster.topics.claimEligibility)))
                .extracting(v -> v.getOrderId() + "/" + v.getCondition())
                .containsExactlyInAnyOrder("o-1/OVERCHARGED", "o-1/NOT_RECEIVED");
    }
}
