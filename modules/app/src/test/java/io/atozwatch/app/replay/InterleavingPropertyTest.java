package io.atozwatch.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the pipeline says is a function of each order's own events (and, for a merchant's figures, of its
 * orders' events), not of how different orders' events interleave on the way in. Generated traffic (a few
 * hundred orders of a dozen merchants, each order's life planned by the traffic generator) is replayed
 * in time order and in other interleavings that keep each order's own events in their order; everything
 * published must be the same: verdicts, breaches, notifications, merchant snapshots and reserve decisions.
 * Each case is one seed of the traffic and one of the interleaving; a failure names both, to replay it.
 */
class InterleavingPropertyTest {

    /** Eight seeds of traffic, each with its own seed of interleaving. */
    static LongStream seeds() {
        return LongStream.of(11, 23, 37, 41, 53, 67, 79, 97);
    }

    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    /**
     * Any interleaving at all, with a grace that covers the whole traffic: the input is one batch, and its
     * end completes it. What is checked is that each case is judged at its own instants with what had
     * occurred by each, and each merchant's facts applied in event-time order.
     */
    @ParameterizedTest(name = "traffic seed {0}")
    @MethodSource("seeds")
    void anyInterleavingOfOrdersGivesTheOutputOfTheTimeSortedFile(long seed) {
        PipelineConfig config = PipelineConfig.from(Map.of("clock.grace", "P400D"));
        List<GeneratedEvent> sorted = traffic(seed);
        List<GeneratedEvent> shuffled = randomMerge(sorted, new Random(seed * 31 + 7));
        assertThat(shuffled).isNotEqualTo(sorted).containsExactlyInAnyOrderElementsOf(sorted);

        assertThat(replay(shuffled, config)).isEqualTo(replay(sorted, config));
    }

    /**
     * Interleavings as Kafka delivers them while the clock runs: each event may come up to 50 minutes after
     * events that occurred later (other orders', on other topics), within a grace of an hour. The clock moves
     * with what is read, facts go out as it passes their instants, and still nothing depends on the order.
     */
    @ParameterizedTest(name = "traffic seed {0}")
    @MethodSource("seeds")
    void interleavingsWithinTheGraceGiveTheOutputOfTheTimeSortedFile(long seed) {
        PipelineConfig config = PipelineConfig.from(Map.of("clock.grace", "PT1H"));
        List<GeneratedEvent> sorted = traffic(seed);
        List<GeneratedEvent> delayed = arrivingLate(sorted, Duration.ofMinutes(50), new Random(seed * 31 + 11));
        assertThat(delayed).isNotEqualTo(sorted).containsExactlyInAnyOrderElementsOf(sorted);

        assertThat(replay(delayed, config)).isEqualTo(replay(sorted, config));
    }

    /** A few hundred orders over three weeks, in time order (up to 1% of them up to 5 minutes late, as upstream systems are). */
    private static List<GeneratedEvent> traffic(long seed) {
        return new TrafficGenerator(GeneratorOptions.defaults(seed, START)
                        .withOrders(150)
                        .withMerchants(8)
                        .withOrdersPerHour(150 / (21 * 24.0)))
                .stream().toList();
    }

    /** Merges the orders' event sequences in a random order, each order's own events kept in theirs. */
    static List<GeneratedEvent> randomMerge(List<GeneratedEvent> events, Random random) {
        // Policies first, as a deployment reads its global store before any order.
        List<GeneratedEvent> out =
                new ArrayList<>(events.stream().filter(e -> e.eventId() == null).toList());
        List<Deque<GeneratedEvent>> queues = new ArrayList<>(byOrder(events).values());
        while (!queues.isEmpty()) {
            int i = random.nextInt(queues.size());
            out.add(queues.get(i).poll());
            if (queues.get(i).isEmpty()) {
                queues.remove(i);
            }
        }
        return out;
    }

    /**
     * Each event arrives up to {@code maxDelay} after it occurred (and no earlier than its order's event before
     * it): the events in the order they arrive.
     */
    static List<GeneratedEvent> arrivingLate(List<GeneratedEvent> events, Duration maxDelay, Random random) {
        record Arrival(GeneratedEvent event, long at, int position) {}
        List<Arrival> arrivals = new ArrayList<>();
        Map<String, Long> lastOfOrder = new LinkedHashMap<>();
        IntStream.range(0, events.size()).forEach(i -> {
            GeneratedEvent e = events.get(i);
            long at = e.timestamp().toEpochMilli()
                    + (e.eventId() == null ? 0 : (long) (random.nextDouble() * maxDelay.toMillis()));
            if (e.eventId() != null) {
                at = Math.max(at, lastOfOrder.getOrDefault(e.key(), Long.MIN_VALUE));
                lastOfOrder.put(e.key(), at);
            }
            arrivals.add(new Arrival(e, at, i));
        });
        arrivals.sort(Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::position));
        return arrivals.stream().map(Arrival::event).toList();
    }

    private static Map<String, Deque<GeneratedEvent>> byOrder(List<GeneratedEvent> events) {
        Map<String, Deque<GeneratedEvent>> byOrder = new LinkedHashMap<>();
        for (GeneratedEvent e : events) {
            if (e.eventId() != null) {
                byOrder.computeIfAbsent(e.key(), k -> new ArrayDeque<>()).add(e);
            }
        }
        return byOrder;
    }

    /** Everything replay publishes, each kind sorted by its text; the clock moved to 150 days after the start. */
    private static Map<String, List<String>> replay(List<GeneratedEvent> events, PipelineConfig config) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (InProcessPipeline p = new InProcessPipeline(config)) {
            List<OutputRecord> records = new ArrayList<>();
            for (GeneratedEvent e : events) {
                p.pipe(e.topic(p.topics()).name(), e.key(), e.value(), e.timestamp());
                records.addAll(p.drain());
            }
            p.advanceClockTo(START.plus(Duration.ofDays(150)));
            records.addAll(p.drain());
            for (OutputRecord r : records) {
                out.computeIfAbsent(r.topic(), t -> new ArrayList<>())
                        .add(r.value().toString());
            }
        }
        out.values().forEach(l -> l.sort(null));
        assertThat(out.keySet()).contains("claim-eligibility", "merchant-performance", "reserve-decisions");
        return out;
    }
}
