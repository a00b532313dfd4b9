package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.Pacer;
import io.atozwatch.app.generate.SimulatedClock;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.app.generate.TrafficProducer;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A running app held back while events keep arriving, then let go: it must not publish anything its input
 * does not support. Events come as they happen on a compressed clock (as in the demo: 20,000 times real
 * time, a day in about four seconds); the app is paused for a dozen seconds (days of event time), during
 * which deadlines fall due whose meeting events are already written but not read. When it has caught up,
 * what it committed must equal what replay says about the same events in the order they were written:
 * no verdict VOIDED and no breach RETRACTED that the events themselves do not call for (replay has the
 * same ones, for events written after their due instant plus the grace, if the producer fell that far
 * behind).
 */
class LaggingAppTest {
    private static final double SPEED = 20_000;
    /** Three hours of event time: about half a second of wall-clock time at this speed. */
    private static final Duration GRACE = Duration.ofHours(3);

    private ClusterFixture cluster;

    @BeforeEach
    void startBroker() throws Exception {
        cluster = new ClusterFixture(true);
    }

    @AfterEach
    void stopBroker() {
        cluster.close();
    }

    @Test
    void anAppHeldBackPublishesNoFalseFactWhenItCatchesUp() throws Exception {
        SimulatedClock clock = SimulatedClock.startingNow(Instant.now().truncatedTo(ChronoUnit.SECONDS), SPEED);
        Settings settings =
                cluster.settings("it-lag").with("clock.grace", GRACE.toString()).with("clock.quiet-period", "PT2S");
        Iterator<GeneratedEvent> generator = new TrafficGenerator(GeneratorOptions.defaults(5, clock.now())
                        .withMerchants(10)
                        .withOrdersPerHour(25))
                .stream().iterator();
        List<GeneratedEvent> written = Collections.synchronizedList(new ArrayList<>());
        AtomicLong mostBehindMillis = new AtomicLong();
        Iterator<GeneratedEvent> recording = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return generator.hasNext();
            }

            @Override
            public GeneratedEvent next() {
                GeneratedEvent e = generator.next();
                written.add(e);
                return e;
            }
        };
        try (PipelineApp app = new PipelineApp(settings, clock.eventTimeAtWallClock(), r -> {}).start();
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        TrafficProducer.producerConfig(new HashMap<>(cluster.broker.clientProperties())),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            TrafficProducer traffic = new TrafficProducer(producer, cluster.topics);
            Thread writer =
                    new Thread(() -> traffic.produce(recording, 0, Pacer.followClock(clock)), "lag-test-producer");
            writer.start();

            Thread.sleep(8_000);
            app.streams().pause();
            long pausedAt = System.nanoTime();
            while (System.nanoTime() - pausedAt < Duration.ofSeconds(12).toNanos()) {
                Thread.sleep(500);
                mostBehindMillis.accumulateAndGet(
                        Duration.between(watermarkOf(app), clock.now()).toMillis(), Math::max);
            }
            app.streams().resume();
            Thread.sleep(10_000);
            traffic.stop();
            writer.join();

            // Hold the clock still, and let the app catch up with it.
            clock.setSpeed(0);
            Instant end = clock.now();
            ClusterFixture.awaitClocks(app, 6, end.minus(GRACE), Duration.ofSeconds(120));
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
        // It did fall behind: days of event time while paused.
        assertThat(Duration.ofMillis(mostBehindMillis.get())).isGreaterThan(Duration.ofDays(2));

        Outputs committed = Outputs.committed(cluster);
        Outputs expected = Outputs.replay(
                new ArrayList<>(written),
                clock.now().minus(GRACE),
                PipelineConfig.from(Map.of("clock.grace", GRACE.toString(), "clock.future-tolerance", "P3650D")));
        assertThat(expected.breaches()).hasSizeGreaterThan(20);
        assertThat(committed.verdicts()).containsExactlyInAnyOrderElementsOf(expected.verdicts());
        assertThat(committed.breaches()).containsExactlyInAnyOrderElementsOf(expected.breaches());
        assertThat(committed.orderNotifications()).containsExactlyInAnyOrderElementsOf(expected.orderNotifications());
        assertThat(committed.deadLetters()).isEmpty();
    }

    private static Instant watermarkOf(PipelineApp app) {
        return app.metrics().watermarks().values().stream()
                .filter(java.util.Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(Instant.EPOCH);
    }
}
