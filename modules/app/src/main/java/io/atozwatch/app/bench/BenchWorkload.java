package io.atozwatch.app.bench;

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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The seeded history every throughput run reads: a month of orders starting 150 days ago (so that their whole
 * lives, returns and disputes included, lie in the past), generated once and written once.
 */
record BenchWorkload(long seed, long orders, List<GeneratedEvent> events) {

    static BenchWorkload generate(long seed, long orders) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(150));
        List<GeneratedEvent> events = new TrafficGenerator(GeneratorOptions.defaults(seed, start)
                        .withOrders(orders)
                        .withOrdersPerHour(orders / 720.0))
                .stream().toList();
        return new BenchWorkload(seed, orders, events);
    }

    /** Records on the five order-keyed inputs (policies have no eventId). */
    long orderEvents() {
        return events.stream().filter(e -> e.eventId() != null).count();
    }

    long policies() {
        return events.size() - orderEvents();
    }

    /** Writes every event as the {@code generate} command does; returns the seconds it took. */
    double write(Map<String, Object> clientProperties, Topics topics) {
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                TrafficProducer.producerConfig(clientProperties), new StringSerializer(), new ByteArraySerializer())) {
            new TrafficProducer(producer, topics).produce(events.iterator(), events.size(), Pacer.unlimited());
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
