package io.atozwatch.app.chaos;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.Pacer;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.app.generate.TrafficProducer;
import io.atozwatch.topology.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The seeded traffic of a chaos run and the thread that feeds it to the cluster while the kills happen.
 *
 * <p>The events are history: a month of orders that began {@link #AGE} ago, so that every order's life and
 * every deadline it starts (the longest, the 90-day filing window) are over before today. The pipeline judges
 * history by the event time it reads, so what it says does not depend on when a kill or a rebalance happened;
 * and once it is caught up and its clock moves on to the wall clock, nothing more falls due. That makes the
 * oracle exact: replay of the same events with its clock moved on to (about) now, whichever minute "now" is.
 */
final class Workload {
    /** How long before today the first order was placed. */
    static final Duration AGE = Duration.ofDays(240);
    /** Orders arrive over this much event time. */
    static final Duration SPAN = Duration.ofDays(30);

    private Workload() {}

    /** The events, in the order they are produced (and replayed): the same seed gives the same events. */
    static List<GeneratedEvent> generate(long seed, long orders, int merchants, Instant now) {
        Instant start = now.minus(AGE).truncatedTo(ChronoUnit.DAYS);
        GeneratorOptions options = GeneratorOptions.defaults(seed, start)
                .withOrders(orders)
                .withMerchants(merchants)
                .withOrdersPerHour(Math.max(1, orders / (double) SPAN.toHours()));
        return new TrafficGenerator(options).stream().toList();
    }

    /** Produces events on a thread of its own at a steady rate, so that processing goes on while kills happen. */
    static final class Feeder implements AutoCloseable {
        private final KafkaProducer<String, byte[]> kafka;
        private final TrafficProducer producer;
        private final Thread thread;
        private volatile Exception failure;

        Feeder(Map<String, Object> clientSettings, Topics topics, List<GeneratedEvent> events, double eventsPerSecond) {
            this.kafka = new KafkaProducer<>(TrafficProducer.producerConfig(clientSettings));
            this.producer = new TrafficProducer(kafka, topics);
            this.thread = new Thread(
                    () -> {
                        try {
                            producer.produce(events.iterator(), events.size(), Pacer.fixedRate(eventsPerSecond));
                        } catch (RuntimeException e) {
                            failure = e;
                        }
                    },
                    "chaos-feeder");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        boolean done() {
            return !thread.isAlive();
        }

        TrafficProducer.Progress progress() {
            return producer.progress();
        }

        /** Waits until every event is acknowledged; throws what failed the producer, if anything did. */
        void await(Duration timeout) throws Exception {
            thread.join(timeout.toMillis());
            if (thread.isAlive()) {
                throw new Poll.TimedOut(
                        "the producer is still sending after " + timeout.toSeconds() + " s: " + producer.progress(),
                        null);
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void close() {
            producer.stop();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kafka.close(Duration.ofSeconds(5));
        }
    }
}
