package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.events.ShipmentEventType;
import io.atozwatch.serde.KafkaAvroSerializer;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.input.DeadLetters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad record seen so far, mixed with good traffic, on a real broker with the app's default
 * settings: each bad one lands in dead-letters, as received, with its reason; what the good ones say
 * equals what replay says of the good ones alone; and the app ends RUNNING, live, and caught up.
 */
class HostileInputIntegrationTest {
    private static final int TASKS = 6;
    private static final Instant AT = Instant.parse("2026-05-20T10:00:00Z");
    private ClusterFixture cluster;

    @BeforeEach
    void startBroker() throws Exception {
        cluster = new ClusterFixture(true); // the broker takes far-future timestamps: the app must not
    }

    @AfterEach
    void stopBroker() {
        cluster.close();
    }

    /** A bad record: where it goes, its key and bytes, and what its dead letter must say. */
    private record Hostile(String topic, String key, byte[] value, long timestamp, String reason) {}

    @Test
    void everyBadRecordIsSetAsideAndTheGoodOnesSayWhatReplaySays() throws Exception {
        List<GeneratedEvent> good = PipelineAppIntegrationTest.history(21, 600);
        List<Hostile> hostile = hostileRecords();
        List<GeneratedEvent> bigOrder = bigOrder(250);
        long t = AT.toEpochMilli();

        try (PipelineApp app =
                new PipelineApp(cluster.settings("it-hostile"), LongUnaryOperator.identity(), r -> {}).start()) {
            cluster.produce(good.subList(0, good.size() / 2));
            hostile.forEach(h -> cluster.produceBytes(h.topic(), h.key(), h.value(), h.timestamp()));
            cluster.produce(bigOrder);
            cluster.produce(good.subList(good.size() / 2, good.size()));

            ClusterFixture.awaitClocks(
                    app,
                    TASKS,
                    Instant.now()
                            .minus(PipelineConfig.defaults().clock().grace())
                            .minusSeconds(30),
                    Duration.ofSeconds(180));
            Instant until = app.metrics().watermarks().values().stream()
                    .min(Instant::compareTo)
                    .orElseThrow();
            io.atozwatch.app.Await.until(
                    "the group committed to the end of its inputs",
                    Duration.ofSeconds(60),
                    () -> app.metrics().recordsBehind() == 0);

            List<DeadLetter> dead = cluster.readAll(cluster.topics.deadLetters).stream()
                    .map(ConsumerRecord::value)
                    .toList();
            for (Hostile h : hostile) {
                assertThat(dead).as("the dead letter of %s", h.key()).anySatisfy(d -> {
                    assertThat(d.getKey()).isEqualTo(h.key());
                    assertThat(d.getSourceTopic()).isEqualTo(h.topic());
                    assertThat(d.getReason()).contains(h.reason());
                    if (h.value() == null) {
                        assertThat(d.getPayload()).isNull();
                    } else if (h.value().length > DeadLetters.MAX_PAYLOAD_BYTES) {
                        assertThat(d.getPayload()).isNull(); // described, so that the dead letter can be written
                        assertThat(d.getReason()).contains("payload of " + h.value().length + " bytes not copied");
                    } else {
                        assertThat(d.getPayload().array()).isEqualTo(h.value());
                    }
                });
            }
            List<DeadLetter> ofBigOrder =
                    dead.stream().filter(d -> "o-big".equals(d.getKey())).toList();
            assertThat(ofBigOrder)
                    .hasSize(50)
                    .allSatisfy(d -> assertThat(d.getReason()).contains("the limit (case.max-events)"));
            assertThat(dead).hasSize(hostile.size() + ofBigOrder.size());

            Outputs committed = withoutOrder(Outputs.committed(cluster), "o-big");
            Outputs expected = Outputs.replay(good, until, PipelineConfig.defaults());
            assertThat(expected.verdicts()).hasSizeGreaterThan(30);
            assertThat(committed.verdicts()).containsExactlyInAnyOrderElementsOf(expected.verdicts());
            assertThat(committed.breaches()).containsExactlyInAnyOrderElementsOf(expected.breaches());
            assertThat(committed.orderNotifications())
                    .containsExactlyInAnyOrderElementsOf(expected.orderNotifications());

            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            HttpResponse<String> live = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/health/live"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
            HttpResponse<String> metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .contains("atoz_stream_thread_replacements_total 0.0")
                    .contains("atoz_stuck_partitions 0.0");
        }
    }

    private List<Hostile> hostileRecords() {
        long t = AT.toEpochMilli();
        byte[] goodOrder = bytes(cluster.topics.orders, order("bad-truncated", "e-trunc", t, 1000, "m-001"));
        byte[] random = new byte[64];
        new Random(7).nextBytes(random);
        random[0] = 0; // framed, so that it gets past the magic byte: the schema id and body are junk
        List<Hostile> h = new ArrayList<>();
        h.add(new Hostile("orders", "bad-magic", new byte[] {1, 0, 0, 0, 1, 2, 3}, t, "magic byte"));
        h.add(new Hostile("orders", "bad-schema-id", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 3}, t, "cannot deserialize"));
        h.add(new Hostile(
                "orders", "bad-truncated", Arrays.copyOf(goodOrder, goodOrder.length / 2), t, "cannot deserialize"));
        h.add(new Hostile("refunds", "bad-random", random, t, "cannot deserialize"));
        h.add(new Hostile(
                "orders",
                "bad-empty",
                bytes(cluster.topics.orders, order("bad-empty", "e-empty", t, 1000, "")),
                t,
                "missing required field merchantId"));
        RefundEvent negative = RefundEvent.newBuilder()
                .setEventId("e-neg")
                .setOrderId("bad-negative")
                .setRefundId("rf-1")
                .setOccurredAt(AT)
                .setAmountMinor(-100)
                .setCurrency("USD")
                .build();
        h.add(new Hostile(
                "refunds", "bad-negative", bytes(cluster.topics.refunds, negative), t, "negative amountMinor -100"));
        h.add(new Hostile("orders", "bad-enum", unknownEnumSymbol(t), t, "REFUNDED"));
        h.add(new Hostile(
                "orders",
                "bad-key",
                bytes(cluster.topics.orders, order("o-other", "e-key", t, 1000, "m-001")),
                t,
                "is not its orderId"));
        h.add(new Hostile("disputes", "bad-tombstone", null, t, "tombstone"));
        long fiftyYearsAgo = AT.minus(Duration.ofDays(50 * 365)).toEpochMilli();
        h.add(new Hostile(
                "orders",
                "bad-old",
                bytes(cluster.topics.orders, order("bad-old", "e-old", fiftyYearsAgo, 1000, "m-001")),
                fiftyYearsAgo,
                "past its filing window"));
        long fiftyYearsAhead = Instant.now().plus(Duration.ofDays(50 * 365)).toEpochMilli();
        h.add(new Hostile(
                "orders",
                "bad-future",
                bytes(cluster.topics.orders, order("bad-future", "e-future", fiftyYearsAhead, 1000, "m-001")),
                fiftyYearsAhead,
                "ahead of the wall clock"));
        RefundEvent refund = RefundEvent.newBuilder()
                .setEventId("e-type")
                .setOrderId("bad-type-1")
                .setRefundId("rf-2")
                .setOccurredAt(AT)
                .setAmountMinor(100)
                .setCurrency("USD")
                .build();
        h.add(new Hostile(
                "shipments",
                "bad-type-1",
                bytes(cluster.topics.refunds, refund),
                t,
                "topic shipments expects ShipmentEvent, got io.atozwatch.events.RefundEvent"));
        h.add(new Hostile(
                "returns",
                "bad-type-2",
                bytes(cluster.topics.orders, order("bad-type-2", "e-type-2", t, 1000, "m-001")),
                t,
                "topic returns expects ReturnEvent, got io.atozwatch.events.OrderEvent"));
        for (int i = 1; i <= 2; i++) { // two 600 KB shipment events on one order
            ShipmentEvent huge = ShipmentEvent.newBuilder()
                    .setEventId("e-huge-" + i)
                    .setOrderId("bad-huge")
                    .setShipmentId("s-" + i)
                    .setType(ShipmentEventType.SHIPPED)
                    .setOccurredAt(AT)
                    .setCarrier("UPS")
                    .setTrackingId("x".repeat(600_000))
                    .build();
            h.add(new Hostile(
                    "shipments",
                    "bad-huge",
                    bytes(cluster.topics.shipments, huge),
                    t,
                    "trackingId has 600000 characters"));
        }
        MerchantPolicy policy = MerchantPolicy.newBuilder()
                .setMerchantId("m-bad-policy")
                .setAcceptsReturns(true)
                .setReturnWindowDays(-30)
                .setRefundWithinDays(14)
                .setUpdatedAt(AT)
                .build();
        h.add(new Hostile(
                "merchant-policies",
                "m-bad-policy",
                bytes(cluster.topics.merchantPolicies, policy),
                t,
                "negative returnWindowDays -30"));
        return h;
    }

    /** One order with far more events than a case may hold: PLACED and {@code shipments} SHIPPED scans. */
    private static List<GeneratedEvent> bigOrder(int shipments) {
        List<GeneratedEvent> events = new ArrayList<>();
        events.add(
                new GeneratedEvent("orders", "o-big", order("o-big", "e-big-0", AT.toEpochMilli(), 5000, "m-001"), AT));
        for (int i = 1; i <= shipments; i++) {
            Instant at = AT.plusSeconds(i);
            events.add(new GeneratedEvent(
                    "shipments",
                    "o-big",
                    ShipmentEvent.newBuilder()
                            .setEventId("e-big-" + i)
                            .setOrderId("o-big")
                            .setShipmentId("s-" + i)
                            .setType(ShipmentEventType.SHIPPED)
                            .setOccurredAt(at)
                            .setCarrier("UPS")
                            .setTrackingId("1Z" + i)
                            .build(),
                    at));
        }
        return events;
    }

    private static OrderEvent order(String orderId, String eventId, long at, long amount, String merchantId) {
        Instant i = Instant.ofEpochMilli(at);
        return OrderEvent.newBuilder()
                .setEventId(eventId)
                .setOrderId(orderId)
                .setMerchantId(merchantId)
                .setBuyerId("b-1")
                .setMarketplace("US")
                .setType(OrderEventType.PLACED)
                .setOccurredAt(i)
                .setCurrency("USD")
                .setAmountMinor(amount)
                .setMaxDeliveryAt(i.plus(Duration.ofDays(5)))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> byte[] bytes(Topic<String, V> topic, SpecificRecord value) {
        return topic.valueSerde().serializer().serialize(topic.name(), (V) value);
    }

    /** A PLACED written by a producer on a newer schema, with an order event type this pipeline does not know. */
    private byte[] unknownEnumSymbol(long t) {
        Schema newer = new Schema.Parser()
                .parse(OrderEvent.getClassSchema().toString().replace("\"CANCELLED\"]", "\"CANCELLED\",\"REFUNDED\"]"));
        GenericRecord g = new GenericData.Record(newer);
        OrderEvent template = order("bad-enum", "e-enum", t, 1000, "m-001");
        for (Schema.Field f : newer.getFields()) {
            g.put(f.name(), template.get(f.name()));
        }
        g.put("type", new GenericData.EnumSymbol(newer.getField("type").schema(), "REFUNDED"));
        g.put("occurredAt", t);
        g.put("maxDeliveryAt", t + Duration.ofDays(5).toMillis());
        KafkaAvroSerializer s = new KafkaAvroSerializer();
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", cluster.registryUrl);
        s.configure(config, false);
        return s.serialize("upstream-orders-v2", g);
    }

    private static Outputs withoutOrder(Outputs o, String orderId) {
        String field = "\"orderId\": \"" + orderId + "\"";
        return new Outputs(
                drop(o.verdicts(), field),
                drop(o.breaches(), field),
                drop(o.orderNotifications(), field),
                o.merchantNotifications(),
                o.performance(),
                o.decisions(),
                o.deadLetters());
    }

    private static List<String> drop(List<String> records, String field) {
        return records.stream().filter(r -> !r.contains(field)).collect(Collectors.toList());
    }
}
