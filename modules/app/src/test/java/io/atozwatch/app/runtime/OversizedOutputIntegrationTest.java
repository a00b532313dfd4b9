package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.Await;
import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records as large as the broker takes: their dead letters must be writable too. Under exactly-once (the
 * default) a dead letter is never too large to write; at least once, a record the producer refuses is
 * described in dead-letters by the production exception handler. Either way no stream thread dies and the
 * next records are judged.
 */
class OversizedOutputIntegrationTest {
    private ClusterFixture cluster;

    @BeforeEach
    void startBroker() throws Exception {
        cluster = new ClusterFixture();
    }

    @AfterEach
    void stopBroker() {
        cluster.close();
    }

    @Test
    void aRecordAsLargeAsTheBrokerTakesIsDeadLetteredWithoutItsBytesUnderExactlyOnce() throws Exception {
        byte[] junk = new byte[1_040_000]; // a record of about 1 MB: its dead letter with a copy would not fit
        Arrays.fill(junk, (byte) 7);
        DeadLetter d = junkThenAnOrder(cluster.settings("it-oversized-eos"), junk);
        assertThat(d.getReason()).startsWith("cannot deserialize").contains("payload of 1040000 bytes not copied");
        assertThat(d.getPayload()).isNull();
    }

    @Test
    void aRecordTheProducerRefusesIsDescribedInDeadLettersAtLeastOnce() throws Exception {
        byte[] junk = new byte[200_000]; // copied into its dead letter, which the producer (100 KB here) refuses
        Arrays.fill(junk, (byte) 7);
        Settings settings = cluster.settings("it-oversized-alos")
                .with("processing.guarantee", "at_least_once")
                .with("producer.max.request.size", "100000");
        DeadLetter d = junkThenAnOrder(settings, junk);
        assertThat(d.getReason())
                .startsWith("cannot write a record of ")
                .contains(" bytes to dead-letters: ")
                .contains("RecordTooLargeException");
        assertThat(d.getPayload()).isNull();
    }

    /** Writes {@code junk} to orders, then an overcharged order; returns the one dead letter once the order is judged. */
    private DeadLetter junkThenAnOrder(Settings settings, byte[] junk) throws Exception {
        Instant t = Instant.now().minus(Duration.ofDays(3));
        try (PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), r -> {}).start()) {
            Map<String, Object> p = new HashMap<>(cluster.broker.clientProperties());
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>("orders", null, t.toEpochMilli(), "o-junk", junk))
                        .get();
            }
            cluster.produce(List.of(
                    order("o-1", "e-1", OrderEventType.PLACED, t, 1000),
                    order("o-1", "e-2", OrderEventType.CHARGED, t.plusSeconds(60), 1500)));
            Await.until(
                    "the junk set aside and the next order judged",
                    Duration.ofSeconds(90),
                    () -> app.metrics().verdicts() >= 1 && app.metrics().deadLetters() >= 1);

            List<DeadLetter> dead = cluster.readAll(cluster.topics.deadLetters).stream()
                    .map(ConsumerRecord::value)
                    .toList();
            assertThat(cluster.readAll(cluster.topics.claimEligibility))
                    .extracting(r -> r.value().getOrderId())
                    .contains("o-1");
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getSourceTopic()).isEqualTo("orders");
            assertThat(dead.get(0).getKey()).isEqualTo("o-junk");
            return dead.get(0);
        }
    }

    private static GeneratedEvent order(String orderId, String eventId, OrderEventType type, Instant at, long amount) {
        return new GeneratedEvent(
                "orders",
                orderId,
                OrderEvent.newBuilder()
                        .setEventId(eventId)
                        .setOrderId(orderId)
                        .setMerchantId("m-1")
                        .setBuyerId("b-1")
                        .setMarketplace("US")
                        .setType(type)
                        .setOccurredAt(at)
                        .setCurrency("USD")
                        .setAmountMinor(amount)
                        .setMaxDeliveryAt(at.plus(Duration.ofDays(1)))
                        .build(),
                at);
    }
}
