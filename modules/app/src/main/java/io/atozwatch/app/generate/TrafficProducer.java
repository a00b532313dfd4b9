package io.atozwatch.app.generate;

import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends generated events to their topics: String keys, values serialized with each topic's value serde from
 * {@link Topics}, record timestamp = the event's timestamp ({@code occurredAt}; {@code updatedAt} for a
 * policy), paced by a {@link Pacer}. For the {@code generate} command, the demo and integration tests.
 *
 * <pre>{@code
 * try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(TrafficProducer.producerConfig(clientSettings))) {
 *     TrafficProducer producer = new TrafficProducer(kafka, topics);
 *     producer.produce(new TrafficGenerator(options), 10_000, Pacer.fixedRate(1000));
 * }
 * }</pre>
 *
 * <p>{@link #produce} runs on the caller's thread; {@link #stop()} and {@link #progress()} may be called from
 * any thread. The producer is not closed here: it belongs to the caller.
 */
public final class TrafficProducer {
    private static final long SLEEP_SLICE_NANOS = 100_000_000L;

    /**
     * Where a run stands.
     *
     * @param sent          events handed to the producer
     * @param acknowledged  events the cluster acknowledged
     * @param perRole       events sent per topic role (orders, shipments, ...), every role listed
     * @param lastEventTime timestamp of the last event sent (null before the first)
     * @param elapsed       wall time since {@code produce} started
     */
    public record Progress(
            long sent, long acknowledged, Map<String, Long> perRole, Instant lastEventTime, Duration elapsed) {

        public double eventsPerSecond() {
            double s = elapsed.toNanos() / 1e9;
            return s > 0 ? sent / s : 0;
        }
    }

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final LongSupplier nanoTime;
    private final Map<String, Topic<String, ? extends SpecificRecord>> topicOfRole = new HashMap<>();
    private final Map<String, Serializer<Object>> serializers = new HashMap<>();
    private final Map<String, AtomicLong> perRole = new LinkedHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stopped;
    private volatile Instant lastEventTime;
    private volatile long startedNanos;
    private volatile long endedNanos = -1;

    public TrafficProducer(Producer<String, byte[]> producer, Topics topics) {
        this(producer, topics, System::nanoTime);
    }

    /** @param nanoTime the monotonic time the pacer is given (a test's ticker) */
    public TrafficProducer(Producer<String, byte[]> producer, Topics topics, LongSupplier nanoTime) {
        this.producer = producer;
        this.topics = topics;
        this.nanoTime = nanoTime;
        for (String role : GeneratedEvent.ROLES) {
            perRole.put(role, new AtomicLong());
        }
    }

    /**
     * The client settings a generator's producer needs on top of the cluster's (security, ...): String keys,
     * byte values, idempotence and {@code acks=all}; the caller's own {@code acks} or idempotence setting is
     * overridden, batching settings are kept if given.
     *
     * <p>One request in flight per connection: on a topic just created, a broker may answer the first batch
     * NOT_LEADER_OR_FOLLOWER and, a moment later, accept the next one already in flight as the producer's
     * first; the retried first batch is then out of sequence for good (OUT_OF_ORDER_SEQUENCE_NUMBER, retried
     * until delivery.timeout.ms expires it). Seen on the embedded broker, with Kafka 4.4, under load. With one
     * request in flight, no batch overtakes a retried one.
     */
    public static Map<String, Object> producerConfig(Map<String, Object> clientSettings) {
        Map<String, Object> p = new HashMap<>(clientSettings);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "atoz-generate");
        return p;
    }

    /** As {@link #produce(Iterator, long, Pacer, Duration, Consumer)} without progress reports. */
    public long produce(Iterator<GeneratedEvent> events, long maxEvents, Pacer pacer) {
        return produce(events, maxEvents, pacer, null, p -> {});
    }

    /**
     * Sends events until {@code maxEvents} are sent (0: no limit), the events run out, or {@link #stop()};
     * then flushes.
     *
     * @param progressEvery how often to call {@code onProgress} while running (null: never)
     * @return how many events were sent by this call
     * @throws KafkaException if the producer failed to send a record (the first failure, after the flush)
     */
    public long produce(
            Iterator<GeneratedEvent> events,
            long maxEvents,
            Pacer pacer,
            Duration progressEvery,
            Consumer<Progress> onProgress) {
        long everyNanos = progressEvery == null ? Long.MAX_VALUE : Math.max(1, progressEvery.toNanos());
        startedNanos = nanoTime.getAsLong();
        endedNanos = -1;
        long nextReport = progressEvery == null ? Long.MAX_VALUE : startedNanos + everyNanos;
        long count = 0;
        try {
            while (!stopped && failure.get() == null && (maxEvents <= 0 || count < maxEvents) && events.hasNext()) {
                GeneratedEvent e = events.next();
                long now = nanoTime.getAsLong();
                for (long wait = pacer.waitNanos(e, now); wait > 0 && !stopped; wait = pacer.waitNanos(e, now)) {
                    if (now >= nextReport) {
                        onProgress.accept(progress());
                        nextReport = now + everyNanos;
                    }
                    sleepNanos(Math.min(wait, Math.min(SLEEP_SLICE_NANOS, Math.max(1, nextReport - now))));
                    now = nanoTime.getAsLong();
                }
                if (stopped) {
                    break;
                }
                send(e);
                count++;
                now = nanoTime.getAsLong();
                pacer.sent(e, now);
                if (now >= nextReport) {
                    onProgress.accept(progress());
                    nextReport = now + everyNanos;
                }
            }
        } finally {
            producer.flush();
            endedNanos = nanoTime.getAsLong();
        }
        Exception f = failure.get();
        if (f != null) {
            throw f instanceof KafkaException k
                    ? k
                    : new KafkaException("sending generated events failed: " + f.getMessage(), f);
        }
        return count;
    }

    /** Makes {@link #produce} return soon (after at most one more event); safe from any thread. */
    public void stop() {
        stopped = true;
    }

    public boolean stopped() {
        return stopped;
    }

    public Progress progress() {
        Map<String, Long> roles = new LinkedHashMap<>();
        perRole.forEach((role, n) -> roles.put(role, n.get()));
        long end = endedNanos >= 0 ? endedNanos : nanoTime.getAsLong();
        Duration elapsed = startedNanos == 0 && sent.get() == 0 ? Duration.ZERO : Duration.ofNanos(end - startedNanos);
        return new Progress(sent.get(), acknowledged.get(), Collections.unmodifiableMap(roles), lastEventTime, elapsed);
    }

    private void send(GeneratedEvent e) {
        String role = e.topicRole();
        Topic<String, ? extends SpecificRecord> topic =
                topicOfRole.computeIfAbsent(role, r -> GeneratedEvent.topicFor(r, topics));
        @SuppressWarnings("unchecked")
        Serializer<Object> serializer = serializers.computeIfAbsent(role, r ->
                (Serializer<Object>) (Serializer<?>) topic.valueSerde().serializer());
        byte[] value = serializer.serialize(topic.name(), e.value());
        producer.send(
                new ProducerRecord<>(topic.name(), null, e.timestamp().toEpochMilli(), e.key(), value),
                (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
        sent.incrementAndGet();
        perRole.get(role).incrementAndGet();
        lastEventTime = e.timestamp();
    }

    private void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
