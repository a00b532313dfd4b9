package io.atozwatch.app.bench;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.app.generate.TrafficProducer;
import io.atozwatch.app.runtime.CommittedLag;
import io.atozwatch.app.runtime.PipelineApp;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongUnaryOperator;
import org.HdrHistogram.Histogram;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The live phase: a running pipeline (exactly-once, its own inputs {@code live.*}) is fed generated events
 * re-stamped with the wall clock ({@code occurredAt} and record timestamp = the moment of sending) at a fixed
 * rate: a month of generated orders from now, in event-time order, compressed into the phase.
 *
 * <p>Latency, per input event: from the producer's callback reporting the append acknowledged until the app's
 * group has committed an offset past the event. Under exactly-once whatever the event caused is written in the
 * same transaction as that offset, so it is then readable by read_committed consumers. Seen by asking the
 * group's offsets every 20 ms, which bounds the resolution. Outputs themselves are not matched to events: the
 * pipeline emits by event time less a 5-minute grace (verdicts and breaches when deadlines pass, days later;
 * merchant facts once the clock passes the change), so none follow a live event within the phase.
 */
final class LatencyRun {
    private static final long COMMIT_POLL_MS = 20;

    private final BenchCluster cluster;
    private final long seed;
    /** Per input partition: offset -> acknowledgement time (ms), until the group commits past it. */
    private final Map<TopicPartition, ConcurrentSkipListMap<Long, Long>> awaiting = new ConcurrentHashMap<>();

    private final Histogram commit = new Histogram(3);
    private final List<Long> lagSamples = new ArrayList<>();
    private volatile boolean stop;

    LatencyRun(BenchCluster cluster, long seed) {
        this.cluster = cluster;
        this.seed = seed;
    }

    BenchReport.Latency run(double rate, Duration duration) throws Exception {
        String guarantee = "exactly_once_v2";
        String appId = "bench-live-eos";
        Settings settings = cluster.pipelineSettings(appId, "live.", guarantee);
        Topics topics = cluster.topics(settings);
        List<String> inputs = BenchCluster.inputs(topics);
        long sent;
        double seconds;
        double drainSeconds;
        try (PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), r -> {}).start()) {
            awaitRunning(app.streams());
            Thread committer = daemon("bench-commit-watch", () -> watchCommits(appId, inputs));
            committer.start();
            long start = System.nanoTime();
            sent = produce(topics, rate, duration);
            seconds = (System.nanoTime() - start) / 1e9;
            long drainStart = System.nanoTime();
            long deadline = drainStart + TimeUnit.MINUTES.toNanos(5);
            while (pending() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            stop = true;
            committer.join(10_000);
        }
        long first;
        long last;
        long max;
        synchronized (lagSamples) {
            int q = Math.max(1, lagSamples.size() / 4);
            first = (long) lagSamples.subList(0, Math.min(q, lagSamples.size())).stream()
                    .mapToLong(Long::longValue)
                    .average()
                    .orElse(0);
            last = (long) lagSamples.subList(Math.max(0, lagSamples.size() - q), lagSamples.size()).stream()
                    .mapToLong(Long::longValue)
                    .average()
                    .orElse(0);
            max = lagSamples.stream().mapToLong(Long::longValue).max().orElse(0);
        }
        return new BenchReport.Latency(
                guarantee, rate, seconds, sent, percentiles(commit), first, last, max, drainSeconds);
    }

    private long pending() {
        return awaiting.values().stream().mapToLong(Map::size).sum();
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the pipeline did not reach RUNNING within 2 minutes: " + streams.state());
            }
            Thread.sleep(50);
        }
    }

    /** Sends {@code rate} events a second for {@code duration}, each stamped with the moment it is sent. */
    private long produce(Topics topics, double rate, Duration duration) {
        // A month of orders starting now, sent in event-time order but compressed into the phase: every type of
        // event comes (placements, shipments, returns, disputes...), each order's events in their order, and every
        // deadline an order sets lies after the real now. About five events an order, with a margin.
        long orders = (long) Math.ceil(rate * duration.toSeconds() / 3.0) + 100;
        TrafficGenerator generator = new TrafficGenerator(GeneratorOptions.defaults(seed + 1, Instant.now())
                .withOrders(orders)
                .withOrdersPerHour(orders / 720.0));
        Map<String, Serializer<Object>> serializers = new HashMap<>();
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long count = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                TrafficProducer.producerConfig(cluster.clientProperties()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            while (generator.hasNext()) {
                long due = start + count * intervalNanos;
                if (due >= end) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                send(producer, topics, serializers, generator.next());
                count++;
            }
            producer.flush();
        }
        return count;
    }

    @SuppressWarnings("unchecked")
    private void send(
            KafkaProducer<String, byte[]> producer,
            Topics topics,
            Map<String, Serializer<Object>> serializers,
            GeneratedEvent e) {
        Topic<String, ? extends SpecificRecord> topic = e.topic(topics);
        SpecificRecord value = e.value();
        long now = System.currentTimeMillis();
        boolean orderEvent = e.eventId() != null;
        if (orderEvent) {
            ((GenericRecord) value).put("occurredAt", Instant.ofEpochMilli(now));
        }
        byte[] bytes = serializers
                .computeIfAbsent(topic.name(), n ->
                        (Serializer<Object>) (Serializer<?>) topic.valueSerde().serializer())
                .serialize(topic.name(), value);
        producer.send(
                new ProducerRecord<>(
                        topic.name(), null, orderEvent ? now : e.timestamp().toEpochMilli(), e.key(), bytes),
                (metadata, exception) -> {
                    if (exception != null || !orderEvent) {
                        return;
                    }
                    long acked = System.currentTimeMillis();
                    awaiting.computeIfAbsent(
                                    new TopicPartition(metadata.topic(), metadata.partition()),
                                    tp -> new ConcurrentSkipListMap<>())
                            .put(metadata.offset(), acked);
                });
    }

    /** Records the commit latency of every event the group's committed offsets have passed; samples the lag each second. */
    private void watchCommits(String groupId, List<String> inputs) {
        long nextLagSample = 0;
        while (!stop) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin
                        .listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                long now = System.currentTimeMillis();
                committed.forEach((tp, o) -> {
                    ConcurrentSkipListMap<Long, Long> waiting = awaiting.get(tp);
                    if (waiting != null && o != null) {
                        var passed = waiting.headMap(o.offset());
                        passed.values().forEach(acked -> record(commit, now - acked));
                        passed.clear();
                    }
                });
                if (System.nanoTime() >= nextLagSample) {
                    long lag = CommittedLag.recordsBehind(cluster.admin, groupId, inputs);
                    synchronized (lagSamples) {
                        lagSamples.add(lag);
                    }
                    nextLagSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
                Thread.sleep(COMMIT_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // The next poll asks again.
            }
        }
    }

    private static void record(Histogram h, long millis) {
        synchronized (h) {
            h.recordValue(Math.max(0, millis));
        }
    }

    private static BenchReport.Percentiles percentiles(Histogram h) {
        synchronized (h) {
            return new BenchReport.Percentiles(
                    h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue());
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
