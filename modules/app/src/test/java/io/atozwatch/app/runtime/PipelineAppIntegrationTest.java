package io.atozwatch.app.runtime;

import io.atozwatch.app.Await;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.app.replay.InProcessPipeline;
import io.atozwatch.app.replay.OutputRecord;
import io.atozwatch.events.BreachStatus;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.topology.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline as it runs in production (Kafka Streams, exactly-once, three partitions) on a real
 * embedded broker, checked against the in-process topology (what {@code replay} says) as the oracle.
 *
 * <p>What must agree is what the pipeline finally stands by: the verdicts ELIGIBLE and not voided, the
 * breaches not retracted, the notifications. The running app and the oracle may look at cases at
 * different moments (three tasks each with its own stream time, versus one), so a late event may be
 * seen by one before a due instant and by the other after it, which shows as an extra ELIGIBLE-then-
 * VOIDED pair on one side; the standing facts are the same.
 */
class PipelineAppIntegrationTest {
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private ClusterFixture cluster;

    @BeforeEach
    void startBroker() throws Exception {
        cluster = new ClusterFixture();
    }

    @AfterEach
    void stopBroker() {
        cluster.close();
    }

    private static List<GeneratedEvent> traffic(long seed, int orders) {
        return new TrafficGenerator(GeneratorOptions.defaults(seed, START).withOrders(orders).withMerchants(12))
                .stream().toList();
    }

    private static Instant after(List<GeneratedEvent> events) {
        return events.stream().map(GeneratedEvent::timestamp).max(Instant::compareTo).orElseThrow().plus(Duration.ofDays(150));
    }

    /** Events on the order-keyed topics (policies go to a global store and are not counted as processed). */
    private static long countOrderEvents(List<GeneratedEvent> events) {
        return events.stream().filter(e -> e.eventId() != null).count();
    }

    /** Runs events through the app until everything is processed and every deadline up to {@code until} fired. */
    private void runThrough(PipelineApp app, ClusterFixture.FrozenClock clock, List<GeneratedEvent> events,
                            long expected, Instant until) throws Exception {
        cluster.produce(events);
        Await.until("all events processed", Duration.ofSeconds(90),
                () -> app.metrics().processed() + app.metrics().duplicates() >= expected);
        clock.eventTime.set(until.toEpochMilli());
        long[] last = {-1};
        long[] stableSince = {System.nanoTime()};
        // Quiet for two seconds after the clock moved: the wall-clock check (every second) has fired everything due.
        Await.until("outputs to settle", Duration.ofSeconds(60), () -> {
            long now = app.metrics().verdicts() + app.metrics().breaches();
            if (now != last[0]) {
                last[0] = now;
                stableSince[0] = System.nanoTime();
            }
            return System.nanoTime() - stableSince[0] > Duration.ofSeconds(3).toNanos();
        });
    }

    private static Oracle oracle(List<GeneratedEvent> events, Instant until) {
        try (InProcessPipeline p = new InProcessPipeline(PipelineConfig.defaults())) {
            List<OutputRecord> out = new ArrayList<>();
            for (GeneratedEvent e : events) {
                p.pipe(e.topic(p.topics()).name(), e.key(), e.value(), e.timestamp());
                out.addAll(p.drain());
            }
            p.advanceWallClockTo(until);
            out.addAll(p.drain());
            return new Oracle(
                    out.stream().filter(r -> r.value() instanceof ClaimEligibility).map(r -> (ClaimEligibility) r.value()).toList(),
                    out.stream().filter(r -> r.value() instanceof DeadlineBreach).map(r -> (DeadlineBreach) r.value()).toList(),
                    out.stream().filter(r -> r.value() instanceof MerchantNotification).map(r -> (MerchantNotification) r.value()).toList());
        }
    }

    record Oracle(List<ClaimEligibility> verdicts, List<DeadlineBreach> breaches, List<MerchantNotification> notifications) {}

    /** (order/condition) of the verdicts whose last word is ELIGIBLE. */
    static Set<String> standingVerdicts(Collection<ClaimEligibility> verdicts) {
        Map<String, EligibilityStatus> last = new LinkedHashMap<>();
        verdicts.forEach(v -> last.put(v.getOrderId() + "/" + v.getCondition(), v.getStatus()));
        return last.entrySet().stream().filter(e -> e.getValue() == EligibilityStatus.ELIGIBLE).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> standingBreaches(Collection<DeadlineBreach> breaches) {
        Map<String, BreachStatus> last = new LinkedHashMap<>();
        breaches.forEach(b -> last.put(b.getBreachId(), b.getStatus()));
        return last.entrySet().stream().filter(e -> e.getValue() == BreachStatus.BREACHED).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static <V> List<V> values(List<ConsumerRecord<String, V>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    @Test
    void generatedTrafficThroughTheRunningAppGivesWhatReplayGives() throws Exception {
        List<GeneratedEvent> events = traffic(7, 400);
        long orderEvents = countOrderEvents(events);
        Instant until = after(events);
        ClusterFixture.FrozenClock clock = new ClusterFixture.FrozenClock();
        try (PipelineApp app = new PipelineApp(cluster.settings("it-oracle"), clock::apply, r -> { }).start()) {
            runThrough(app, clock, events, orderEvents, until);
        }
        Oracle expected = oracle(events, until);
        List<ClaimEligibility> verdicts = values(cluster.readAll(cluster.topics.claimEligibility));
        List<DeadlineBreach> breaches = values(cluster.readAll(cluster.topics.deadlineBreaches));
        List<MerchantNotification> notes = values(cluster.readAll(cluster.topics.merchantNotifications));

        assertThat(standingVerdicts(expected.verdicts())).hasSizeGreaterThan(20);
        assertThat(standingVerdicts(verdicts)).isEqualTo(standingVerdicts(expected.verdicts()));
        assertThat(standingBreaches(breaches)).isEqualTo(standingBreaches(expected.breaches()));
        // Order notifications are facts of the events; merchant-level ones (tier changes, ODR warnings) are
        // stamped with the moment the merchant's figures crossed a line, which depends on interleaving.
        Set<String> noteIds = notes.stream().filter(n -> n.getOrderId() != null)
                .map(MerchantNotification::getNotificationId).collect(Collectors.toSet());
        Set<String> expectedNoteIds = expected.notifications().stream().filter(n -> n.getOrderId() != null)
                .map(MerchantNotification::getNotificationId).collect(Collectors.toSet());
        assertThat(noteIds).isEqualTo(expectedNoteIds);
        // Exactly once: no fact twice, whatever the duplicates in the input.
        assertThat(verdicts.stream().map(ClaimEligibility::getVerdictId)).doesNotHaveDuplicates();
        assertThat(notes.stream().map(MerchantNotification::getNotificationId)).doesNotHaveDuplicates();
        assertThat(cluster.readAll(cluster.topics.merchantPerformance)).isNotEmpty();
        assertThat(cluster.readAll(cluster.topics.reserveDecisions)).isNotEmpty();
    }

    @Test
    void aRestartedAppResumesFromItsStateWithoutRepeatingAVerdict() throws Exception {
        List<GeneratedEvent> events = traffic(11, 300);
        List<GeneratedEvent> first = events.subList(0, events.size() / 2);
        List<GeneratedEvent> second = events.subList(events.size() / 2, events.size());
        Instant until = after(events);
        Settings settings = cluster.settings("it-restart");
        ClusterFixture.FrozenClock clock = new ClusterFixture.FrozenClock();
        long firstCount = countOrderEvents(first);
        try (PipelineApp app = new PipelineApp(settings, clock::apply, r -> { }).start()) {
            cluster.produce(first);
            Await.until("first half processed", Duration.ofSeconds(90),
                    () -> app.metrics().processed() + app.metrics().duplicates() >= firstCount);
        }
        int verdictsBeforeRestart = cluster.readAll(cluster.topics.claimEligibility).size();
        assertThat(verdictsBeforeRestart).isPositive();

        // Same application id and state directory: the second instance picks up the state and offsets.
        try (PipelineApp app = new PipelineApp(settings, clock::apply, r -> { }).start()) {
            runThrough(app, clock, second, countOrderEvents(second), until);
        }
        List<ClaimEligibility> verdicts = values(cluster.readAll(cluster.topics.claimEligibility));
        assertThat(verdicts.stream().map(ClaimEligibility::getVerdictId)).doesNotHaveDuplicates();
        assertThat(standingVerdicts(verdicts)).isEqualTo(standingVerdicts(oracle(events, until).verdicts()));
    }

    @Test
    void aMalformedRecordLandsInDeadLettersAndProcessingGoesOn() throws Exception {
        ClusterFixture.FrozenClock clock = new ClusterFixture.FrozenClock();
        try (PipelineApp app = new PipelineApp(cluster.settings("it-dead-letters"), clock::apply, r -> { }).start()) {
            long t = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
            cluster.produceBytes("orders", "o-bad", "not avro at all".getBytes(StandardCharsets.UTF_8), t);
            List<GeneratedEvent> overcharge = List.of(
                    new GeneratedEvent("orders", "o-1", io.atozwatch.events.OrderEvent.newBuilder().setEventId("e-1")
                            .setOrderId("o-1").setMerchantId("m-1").setBuyerId("b-1").setMarketplace("US")
                            .setType(io.atozwatch.events.OrderEventType.PLACED).setOccurredAt(Instant.ofEpochMilli(t))
                            .setCurrency("USD").setAmountMinor(1000).setMaxDeliveryAt(null).build(), Instant.ofEpochMilli(t)),
                    new GeneratedEvent("orders", "o-1", io.atozwatch.events.OrderEvent.newBuilder().setEventId("e-2")
                            .setOrderId("o-1").setMerchantId("m-1").setBuyerId("b-1").setMarketplace("US")
                            .setType(io.atozwatch.events.OrderEventType.CHARGED).setOccurredAt(Instant.ofEpochMilli(t + 1000))
                            .setCurrency("USD").setAmountMinor(1500).setMaxDeliveryAt(null).build(), Instant.ofEpochMilli(t + 1000)));
            cluster.produce(overcharge);
            Await.until("the bad record set aside and the good ones judged", Duration.ofSeconds(60),
                    () -> app.metrics().deadLetters() >= 1 && app.metrics().verdicts() >= 1);
        }
        List<ConsumerRecord<String, DeadLetter>> dead = cluster.readAll(cluster.topics.deadLetters);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("o-bad");
            assertThat(r.value().getReason()).contains("cannot deserialize");
            assertThat(r.value().getSourceTopic()).isEqualTo("orders");
            assertThat(r.value().getSourceOffset()).isNotNull();
            assertThat(new String(r.headers().lastHeader("__streams.errors.topic").value(), StandardCharsets.UTF_8))
                    .isEqualTo("orders");
        });
        assertThat(values(cluster.readAll(cluster.topics.claimEligibility))).extracting(ClaimEligibility::getOrderId)
                .containsExactly("o-1");
    }
}
