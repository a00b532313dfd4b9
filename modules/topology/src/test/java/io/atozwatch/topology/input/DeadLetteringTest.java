package io.atozwatch.topology.input;

import static io.atozwatch.topology.Ev.charged;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.refund;
import static io.atozwatch.topology.Ev.shipped;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.serde.KafkaAvroSerializer;
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.topology.PipelineFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input goes to the dead-letter topic with the reason and where it came from; the rest goes on. */
class DeadLetteringTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private DeadLetter onlyDeadLetter() {
        return p.deadLetters().stream()
                .map(TestRecord::value)
                .reduce((a, b) -> {
                    throw new AssertionError("more than one dead letter");
                })
                .orElseThrow(() -> new AssertionError("no dead letter"));
    }

    private static String header(TestRecord<String, DeadLetter> r, String name) {
        return new String(r.getHeaders().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void bytesThatAreNotAvroAreDeadLetteredAsReceived() {
        byte[] junk = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        p.pipeBytes("orders", "o-1", junk, t("2026-03-01T10:00:00Z"));
        TestRecord<String, DeadLetter> r = p.deadLetters().get(0);
        assertThat(r.value().getReason()).startsWith("cannot deserialize").contains("magic byte");
        assertThat(r.value().getPayload().array()).isEqualTo(junk);
        assertThat(r.value().getSourceTopic()).isEqualTo("orders");
        assertThat(r.value().getSourcePartition()).isZero();
        assertThat(r.value().getSourceOffset()).isZero();
        assertThat(r.key()).isEqualTo("o-1");
        assertThat(header(r, DeadLetters.HEADER_TOPIC)).isEqualTo("orders");
        assertThat(header(r, DeadLetters.HEADER_PARTITION)).isEqualTo("0");
        assertThat(header(r, DeadLetters.HEADER_OFFSET)).isEqualTo("0");
        assertThat(header(r, DeadLetters.HEADER_MESSAGE)).isEqualTo(r.value().getReason());
    }

    @Test
    void anUnknownEnumSymbolIsDeadLettered() {
        // A producer on a newer schema with an order event type this pipeline does not know.
        Schema newer = new Schema.Parser()
                .parse(OrderEvent.getClassSchema().toString().replace("\"CANCELLED\"]", "\"CANCELLED\",\"REFUNDED\"]"));
        GenericRecord g = new GenericData.Record(newer);
        OrderEvent template = placed("o-1", "2026-03-01T10:00:00Z", 5000, null);
        for (Schema.Field f : newer.getFields()) {
            g.put(f.name(), template.get(f.name()));
        }
        g.put("type", new GenericData.EnumSymbol(newer.getField("type").schema(), "REFUNDED"));
        g.put("occurredAt", t("2026-03-01T10:00:00Z").toEpochMilli());
        KafkaAvroSerializer s = new KafkaAvroSerializer();
        s.configure(Map.of("schema.registry.url", p.registryUrl()), false);
        p.pipeBytes("orders", "o-1", s.serialize("orders", g), t("2026-03-01T10:00:00Z"));
        assertThat(onlyDeadLetter().getReason())
                .startsWith("cannot deserialize")
                .contains("REFUNDED");
    }

    @Test
    void aNegativeAmountIsDeadLetteredAndTheNextRecordIsProcessed() {
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, null), refund("o-1", "rf-1", "2026-03-02T10:00:00Z", -100));
        assertThat(onlyDeadLetter().getReason()).isEqualTo("invalid RefundEvent: negative amountMinor -100");
        p.pipe(charged("o-1", "2026-03-02T11:00:00Z", 6000));
        assertThat(p.verdictsFor("o-1")).hasSize(1);
    }

    @Test
    void aMissingRequiredFieldIsDeadLettered() {
        RefundEvent e = refund("o-1", "", "2026-03-02T10:00:00Z", 100);
        e.setEventId(" ");
        p.pipe(e);
        assertThat(onlyDeadLetter().getReason())
                .isEqualTo("invalid RefundEvent: missing required field eventId; missing required field refundId");
    }

    @Test
    void aRecordKeyedByAnotherOrderIsDeadLettered() {
        p.pipeTo(p.topics.orders, "o-2", placed("o-1", "2026-03-01T10:00:00Z", 5000, null), t("2026-03-01T10:00:00Z"));
        assertThat(onlyDeadLetter().getReason()).contains("record key 'o-2' is not its orderId 'o-1'");
        assertThat(p.caseOf("o-1")).isNull();
        assertThat(p.caseOf("o-2")).isNull();
    }

    @Test
    void aMalformedCurrencyIsDeadLettered() {
        OrderEvent e = placed("o-1", "2026-03-01T10:00:00Z", 5000, null);
        e.setCurrency("usd");
        p.pipe(e);
        assertThat(onlyDeadLetter().getReason()).contains("currency 'usd' is not an ISO 4217 code");
    }

    @Test
    void aTombstoneOnAnEventTopicIsDeadLettered() {
        p.pipeBytes("disputes", "o-1", null, t("2026-03-01T10:00:00Z"));
        assertThat(onlyDeadLetter().getReason()).contains("tombstone");
    }

    @Test
    void aRecordOfAnotherTopicsTypeIsDeadLetteredAsReceived() {
        // A refund written to shipments, and an order written to returns: each topic accepts its own type only.
        byte[] refund = p.topics
                .refunds
                .valueSerde()
                .serializer()
                .serialize("refunds", refund("o-1", "rf-1", "2026-03-02T10:00:00Z", 100));
        byte[] order = p.topics
                .orders
                .valueSerde()
                .serializer()
                .serialize("orders", placed("o-1", "2026-03-01T10:00:00Z", 5000, null));
        p.pipeBytes("shipments", "o-1", refund, t("2026-03-02T10:00:00Z"));
        p.pipeBytes("returns", "o-1", order, t("2026-03-01T10:00:00Z"));

        List<DeadLetter> letters =
                p.deadLetters().stream().map(TestRecord::value).toList();
        assertThat(letters)
                .extracting(DeadLetter::getReason)
                .containsExactly(
                        "topic shipments expects ShipmentEvent, got io.atozwatch.events.RefundEvent (schema id "
                                + schemaId(refund) + ")",
                        "topic returns expects ReturnEvent, got io.atozwatch.events.OrderEvent (schema id "
                                + schemaId(order) + ")");
        assertThat(letters.get(0).getPayload().array()).isEqualTo(refund);
        assertThat(letters.get(1).getPayload().array()).isEqualTo(order);
        assertThat(p.caseOf("o-1")).isNull();
        p.timePassesTo("2026-06-01T00:00:00Z");
        assertThat(p.verdicts()).isEmpty();
        assertThat(p.breaches()).isEmpty();
    }

    @Test
    void anOrphanSetAsideLaterCarriesItsBytesAsReceivedAndNothingIsRegisteredUnderAnInputSubject() {
        // Written with a newer schema (an extra field with a default): readable, and a re-encoding would differ.
        Schema newer = new Schema.Parser()
                .parse(ShipmentEvent.getClassSchema()
                        .toString()
                        .replace(
                                "\"fields\":[",
                                "\"fields\":[{\"name\":\"warehouse\",\"type\":\"string\",\"default\":\"\"},"));
        GenericRecord g = new GenericData.Record(newer);
        ShipmentEvent template = shipped("o-9", "s-1", "2026-03-01T10:00:00Z");
        for (Schema.Field f : ShipmentEvent.getClassSchema().getFields()) {
            g.put(
                    f.name(),
                    f.name().equals("occurredAt")
                            ? template.getOccurredAt().toEpochMilli()
                            : f.name().equals("type")
                                    ? new GenericData.EnumSymbol(
                                            newer.getField("type").schema(), "SHIPPED")
                                    : template.get(f.name()));
        }
        g.put("warehouse", "DE-MUC-3");
        KafkaAvroSerializer s = new KafkaAvroSerializer();
        s.configure(Map.of("schema.registry.url", p.registryUrl(), "auto.register.schemas", "true"), false);
        byte[] bytes = s.serialize("upstream-shipments", g); // registered by the upstream system, under its own subject
        p.pipeBytes("shipments", "o-9", bytes, t("2026-03-01T10:00:00Z"));
        p.timePassesTo("2026-03-09T00:00:00Z"); // past the 7-day orphan horizon

        DeadLetter d = onlyDeadLetter();
        assertThat(d.getReason()).startsWith("no PLACED event for order o-9");
        assertThat(d.getPayload().array()).isEqualTo(bytes);
        assertThat(MockSchemaRegistry.getClientForScope(p.registryUrl().substring("mock://".length()))
                        .getAllSubjects())
                .doesNotContain("orders-value", "shipments-value", "returns-value", "refunds-value", "disputes-value");
    }

    @Test
    void anIdentifierOverTheLimitIsDeadLettered() {
        ShipmentEvent e = shipped("o-1", "s-1", "2026-03-02T10:00:00Z");
        e.setTrackingId("1Z".repeat(300));
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, null), e);
        assertThat(onlyDeadLetter().getReason())
                .isEqualTo("invalid ShipmentEvent: trackingId has 600 characters, more than the limit of 256");
    }

    @Test
    void anOrderIdWithAZeroCharacterIsDeadLettered() {
        p.pipe(placed("o-1\0E", "2026-03-01T10:00:00Z", 5000, null));
        assertThat(onlyDeadLetter().getReason())
                .isEqualTo("invalid OrderEvent: orderId contains a zero character (U+0000), which the store of cases"
                        + " keeps apart from ids");
    }

    @Test
    void freeTextOverTheLimitIsDeadLettered() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, null),
                dispute("o-1", "d-1", DisputeEventType.CLAIM_FILED, "2026-03-05T10:00:00Z", "x".repeat(4001)));
        assertThat(onlyDeadLetter().getReason())
                .isEqualTo("invalid DisputeEvent: reason has 4001 characters, more than the limit of 4000");
    }

    private static int schemaId(byte[] framed) {
        return java.nio.ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
