package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.events.DeadlineKind;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.MerchantState;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Data written with another version of a schema is read into today's generated class by Avro resolution. */
class SchemaEvolutionTest {

    /** An older OrderEvent, before maxDeliveryAt and digital existed; fields also in another order. */
    private static final Schema ORDER_EVENT_V0 = new Schema.Parser().parse("""
      {"type": "record", "name": "OrderEvent", "namespace": "io.atozwatch.events", "fields": [
        {"name": "orderId", "type": "string"},
        {"name": "eventId", "type": "string"},
        {"name": "merchantId", "type": "string"},
        {"name": "buyerId", "type": "string"},
        {"name": "marketplace", "type": "string"},
        {"name": "type", "type": {"type": "enum", "name": "OrderEventType", "symbols": ["PLACED", "CHARGED", "CANCELLED"]}},
        {"name": "occurredAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "currency", "type": "string"},
        {"name": "amountMinor", "type": "long"}
      ]}""");

    /** A RefundEvent from a producer that sends a field we do not know. */
    private static final Schema REFUND_EVENT_WITH_CHANNEL = new Schema.Parser().parse("""
      {"type": "record", "name": "RefundEvent", "namespace": "io.atozwatch.events", "fields": [
        {"name": "eventId", "type": "string"},
        {"name": "orderId", "type": "string"},
        {"name": "refundId", "type": "string"},
        {"name": "channel", "type": ["null", "string"], "default": null},
        {"name": "occurredAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "amountMinor", "type": "long"},
        {"name": "currency", "type": "string"}
      ]}""");

    /** A RefundEvent without currency, which today's class requires and has no default for. */
    private static final Schema REFUND_EVENT_WITHOUT_CURRENCY = new Schema.Parser().parse("""
      {"type": "record", "name": "RefundEvent", "namespace": "io.atozwatch.events", "fields": [
        {"name": "eventId", "type": "string"},
        {"name": "orderId", "type": "string"},
        {"name": "refundId", "type": "string"},
        {"name": "occurredAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "amountMinor", "type": "long"}
      ]}""");

    private final String scope = TestRecords.freshScope();
    private final KafkaAvroSerializer serializer = new KafkaAvroSerializer();
    private final KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();

    SchemaEvolutionTest() {
        serializer.configure(TestRecords.configs(scope), false);
        deserializer.configure(TestRecords.configs(scope, AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG, true), false);
    }

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void fieldsMissingFromAnOlderWriterTakeTheirDefaults() {
        GenericRecord old = new GenericData.Record(ORDER_EVENT_V0);
        old.put("orderId", TestRecords.ORDER);
        old.put("eventId", "ord-evt-0001");
        old.put("merchantId", TestRecords.MERCHANT);
        old.put("buyerId", "buyer-42");
        old.put("marketplace", "FR");
        old.put(
                "type",
                new GenericData.EnumSymbol(ORDER_EVENT_V0.getField("type").schema(), "CANCELLED"));
        old.put("occurredAt", TestRecords.T0.toEpochMilli());
        old.put("currency", "EUR");
        old.put("amountMinor", 45_999L);

        Object read = deserializer.deserialize("orders", serializer.serialize("orders", old));

        assertThat(read)
                .isEqualTo(OrderEvent.newBuilder()
                        .setEventId("ord-evt-0001")
                        .setOrderId(TestRecords.ORDER)
                        .setMerchantId(TestRecords.MERCHANT)
                        .setBuyerId("buyer-42")
                        .setMarketplace("FR")
                        .setType(OrderEventType.CANCELLED)
                        .setOccurredAt(TestRecords.T0)
                        .setCurrency("EUR")
                        .setAmountMinor(45_999L)
                        .setMaxDeliveryAt(null)
                        .setDigital(false)
                        .build());
        assertThat(MockSchemaRegistry.getClientForScope(scope).getSchemaById(1)).isEqualTo(ORDER_EVENT_V0);
    }

    @Test
    void fieldsTheReaderDoesNotKnowAreSkipped() {
        GenericRecord other = new GenericData.Record(REFUND_EVENT_WITH_CHANNEL);
        other.put("eventId", "e1");
        other.put("orderId", "o1");
        other.put("refundId", "r1");
        other.put("channel", "store-credit");
        other.put("occurredAt", TestRecords.T0.toEpochMilli());
        other.put("amountMinor", 1299L);
        other.put("currency", "EUR");

        Object read = deserializer.deserialize("refunds", serializer.serialize("refunds", other));

        assertThat(read).isInstanceOf(RefundEvent.class).isEqualTo(TestRecords.refund());
    }

    @Test
    void aWriterLackingARequiredFieldFailsWithTheSchemaId() {
        serializer.serialize("refunds", TestRecords.refund()); // id 1: today's schema
        GenericRecord old = new GenericData.Record(REFUND_EVENT_WITHOUT_CURRENCY);
        old.put("eventId", "e1");
        old.put("orderId", "o1");
        old.put("refundId", "r1");
        old.put("occurredAt", TestRecords.T0.toEpochMilli());
        old.put("amountMinor", 1299L);
        byte[] bytes = serializer.serialize("refunds", old);

        assertThatThrownBy(() -> deserializer.deserialize("refunds", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith(
                        "Error deserializing Avro data for topic refunds, subject refunds-value, schema id 2:")
                .hasMessageContaining("currency");
    }

    /**
     * The daily reserve (issue 10) added fields to ReserveDecision and to the merchants' state: today's schemas
     * read what the previous ones wrote (records on reserve-decisions, state in changelogs) and the previous
     * ones read what today's write, both ways compatible as a registry checks them.
     */
    @Test
    void theDailyReserveFieldsAreCompatibleBothWaysWithThePreviousSchemas() throws Exception {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(previous("ReserveTier.avsc"));
        Schema decisionBefore = parser.parse(previous("ReserveDecision.avsc"));
        Schema stateBefore = parser.parse(previous("MerchantState.avsc"));
        for (Schema[] pair : new Schema[][] {
            {ReserveDecision.getClassSchema(), decisionBefore}, {MerchantState.getClassSchema(), stateBefore}
        }) {
            assertCompatibleBothWays(pair[0], pair[1]);
        }
    }

    /**
     * Issue 12: the merchants' state keeps its latest reserve decisions for the dashboard's timeline. State
     * written before (in changelogs) is read with none, and the previous schema reads today's.
     */
    @Test
    void theKeptDecisionsAreCompatibleBothWaysAndStateWrittenBeforeHasNone() throws Exception {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(previous("ReserveTier.avsc"));
        Schema before = parser.parse(previous("MerchantState-before-decisions.avsc"));
        assertCompatibleBothWays(MerchantState.getClassSchema(), before);

        GenericRecord old = new GenericData.Record(before);
        for (Schema.Field f : before.getFields()) {
            if (f.hasDefaultValue()) {
                old.put(f.name(), GenericData.get().getDefaultValue(f));
            }
        }
        old.put("merchantId", "m");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder encoder =
                org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(before).write(old, encoder);
        encoder.flush();
        MerchantState read = new org.apache.avro.specific.SpecificDatumReader<MerchantState>(
                        before, MerchantState.getClassSchema())
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

        assertThat(read.getMerchantId()).isEqualTo("m");
        assertThat(read.getDecisions()).isEmpty();
    }

    @Test
    void aReserveDecisionOfThePreviousSchemaIsReadWithNoTriggerNorDays() throws Exception {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(previous("ReserveTier.avsc"));
        Schema before = parser.parse(previous("ReserveDecision.avsc"));
        GenericRecord old = new GenericData.Record(before);
        old.put("decisionId", "m/decision/1");
        old.put("merchantId", "m");
        old.put("decidedAt", TestRecords.T0.toEpochMilli());
        old.put("tier", new GenericData.EnumSymbol(before.getField("tier").schema(), "TIER_I"));
        old.put("reserveMinor", 1000L);
        old.put("orderCount", 3L);
        old.put("accountAgeDays", 1L);
        old.put("sales7dMinor", 1000L);
        old.put("sales30dMinor", 1000L);
        old.put("unresolvedDisputeMinor", 0L);
        old.put("reasons", java.util.List.of());

        Object read = deserializer.deserialize("reserve-decisions", serializer.serialize("reserve-decisions", old));

        assertThat(read).isInstanceOfSatisfying(ReserveDecision.class, d -> {
            assertThat(d.getReserveMinor()).isEqualTo(1000L);
            assertThat(d.getTrigger()).isNull();
            assertThat(d.getCoveredTo()).isNull();
        });
    }

    /**
     * At-risk notices (issue 11) added the AT_RISK kind and a nullable {@code risk} to MerchantNotification. Today's
     * schema reads every notice the previous one wrote (a registry's BACKWARD check); a consumer still on the
     * previous schema reads today's notices except AT_RISK ones, whose kind it does not know: upgrade consumers
     * first, as BACKWARD compatibility asks.
     */
    @Test
    void atRiskNoticesAreReadBackwardAndTheirKindIsNewToThePreviousSchema() throws Exception {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(DeadlineKind.getClassSchema().toString());
        Schema before = parser.parse(previous("MerchantNotification.avsc"));
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(MerchantNotification.getClassSchema(), before)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(before, MerchantNotification.getClassSchema())
                        .getResult()
                        .getIncompatibilities())
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.getType())
                            .isEqualTo(SchemaCompatibility.SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS);
                    assertThat(i.getMessage()).contains("AT_RISK");
                });

        GenericRecord old = new GenericData.Record(before);
        old.put("notificationId", "o-1/CLAIM_RESPONSE/c-1/REMINDER");
        old.put("merchantId", "m-1");
        old.put("kind", new GenericData.EnumSymbol(before.getField("kind").schema(), "REMINDER"));
        old.put("at", TestRecords.T0.toEpochMilli());
        old.put("message", "Reminder");
        Object read =
                deserializer.deserialize("merchant-notifications", serializer.serialize("merchant-notifications", old));
        assertThat(read).isInstanceOfSatisfying(MerchantNotification.class, n -> {
            assertThat(n.getKind()).isEqualTo(NotificationKind.REMINDER);
            assertThat(n.getRisk()).isNull();
        });
    }

    /**
     * The ship-by instant on PLACED and the reference metrics on merchant-performance (issue 11) are optional
     * fields with defaults: each schema reads its previous version and the previous one reads today's, and an
     * order written before has no ship-by.
     */
    @Test
    void shipByAndTheReferenceMetricsAreCompatibleBothWays() throws Exception {
        Schema orderBefore = new Schema.Parser().parse(previous("OrderEvent.avsc"));
        Schema performanceBefore = parsePerformanceBefore();
        for (Schema[] pair : new Schema[][] {
            {OrderEvent.getClassSchema(), orderBefore}, {MerchantPerformance.getClassSchema(), performanceBefore}
        }) {
            assertCompatibleBothWays(pair[0], pair[1]);
        }

        GenericRecord old = new GenericData.Record(orderBefore);
        old.put("eventId", "e-1");
        old.put("orderId", "o-1");
        old.put("merchantId", "m-1");
        old.put("buyerId", "b-1");
        old.put("marketplace", "US");
        old.put("type", new GenericData.EnumSymbol(orderBefore.getField("type").schema(), "PLACED"));
        old.put("occurredAt", TestRecords.T0.toEpochMilli());
        old.put("currency", "USD");
        old.put("amountMinor", 1000L);
        old.put("digital", false);
        Object read = deserializer.deserialize("orders", serializer.serialize("orders", old));
        assertThat(read).isInstanceOfSatisfying(OrderEvent.class, o -> {
            assertThat(o.getOrderId()).isEqualTo("o-1");
            assertThat(o.getShipBy()).isNull();
        });
    }

    /**
     * The merchant's language (issue 11): merchant-performance and reserve-decisions gained a nullable locale and
     * englishReasons, the merchant facts the order's marketplace and the merchants' state its orders by marketplace
     * and its home marketplace, all with defaults (null, or no orders). Each schema reads the version before it and
     * that version reads today's (both ways compatible, as a registry checks FULL compatibility); a decision written
     * before has no locale, and
     * a consumer still on the previous schema reads today's records, reasons and all, without the new fields.
     */
    @Test
    void theMerchantLanguageFieldsAreCompatibleBothWaysWithTheSchemasBeforeThem() throws Exception {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(previous("ReserveTier.avsc"));
        Schema performanceBefore = parser.parse(previous("before-merchant-locale/MerchantPerformance.avsc"));
        Schema decisionBefore = parser.parse(previous("before-merchant-locale/ReserveDecision.avsc"));
        Schema stateBefore = parser.parse(previous("before-merchant-locale/MerchantState.avsc"));
        Schema factsBefore = parser.parse(previous("before-merchant-locale/MerchantFacts.avsc"));
        assertThat(performanceBefore.getField("locale")).isNull();
        assertThat(factsBefore.getField("marketplace")).isNull();
        for (Schema[] pair : new Schema[][] {
            {MerchantPerformance.getClassSchema(), performanceBefore},
            {ReserveDecision.getClassSchema(), decisionBefore},
            {MerchantState.getClassSchema(), stateBefore},
            {MerchantFacts.getClassSchema(), factsBefore}
        }) {
            assertCompatibleBothWays(pair[0], pair[1]);
        }

        // Written before: read today with no locale nor English reasons.
        GenericRecord old = new GenericData.Record(decisionBefore);
        old.put("decisionId", "m/decision/1");
        old.put("merchantId", "m");
        old.put("decidedAt", TestRecords.T0.toEpochMilli());
        old.put(
                "tier",
                new GenericData.EnumSymbol(decisionBefore.getField("tier").schema(), "TIER_I"));
        old.put("reserveMinor", 1000L);
        old.put("orderCount", 3L);
        old.put("accountAgeDays", 1L);
        old.put("sales7dMinor", 1000L);
        old.put("sales30dMinor", 1000L);
        old.put("unresolvedDisputeMinor", 0L);
        old.put("reasons", java.util.List.of("Tier I: 3 orders, 100 or fewer"));
        Object read = deserializer.deserialize("reserve-decisions", serializer.serialize("reserve-decisions", old));
        assertThat(read).isInstanceOfSatisfying(ReserveDecision.class, d -> {
            assertThat(d.getReasons()).containsExactly("Tier I: 3 orders, 100 or fewer");
            assertThat(d.getLocale()).isNull();
            assertThat(d.getEnglishReasons()).isNull();
        });
        GenericRecord oldFacts = new GenericData.Record(factsBefore);
        oldFacts.put("merchantId", "m");
        oldFacts.put("orderId", "o-1");
        oldFacts.put("at", TestRecords.T0.toEpochMilli());
        oldFacts.put("sequence", 1L);
        oldFacts.put("sourcePartition", 0);
        oldFacts.put("sourcePartitions", 1);
        oldFacts.put("sourceIdle", false);
        assertThat(deserializer.deserialize("merchant-facts", serializer.serialize("merchant-facts", oldFacts)))
                .isInstanceOfSatisfying(MerchantFacts.class, f -> {
                    assertThat(f.getOrderId()).isEqualTo("o-1");
                    assertThat(f.getMarketplace()).isNull();
                });

        // Written today, in French with the English alongside: the previous schema reads it, reasons and all.
        MerchantPerformance today = MerchantPerformance.newBuilder(TestRecords.merchantPerformance())
                .setReasons(java.util.List.of("Niveau II : compte de 120 jours"))
                .setLocale("fr-FR")
                .setEnglishReasons(java.util.List.of("Tier II: account 120 days old"))
                .build();
        GenericRecord asBefore = readAs(today, MerchantPerformance.getClassSchema(), performanceBefore);
        assertThat(asBefore.get("reasons").toString()).isEqualTo("[Niveau II : compte de 120 jours]");
        assertThat(asBefore.get("reserveMinor")).isEqualTo(today.getReserveMinor());
        assertThat(asBefore.hasField("locale")).isFalse();
    }

    /** {@code record}, written with {@code writer} in Avro binary, read with {@code reader}. */
    /** Today's schema reads its previous version, and the previous version reads today's (FULL compatibility). */
    private static void assertCompatibleBothWays(Schema today, Schema previous) {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(today, previous)
                        .getType())
                .as("%s reads its previous version", today.getName())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(previous, today)
                        .getType())
                .as("the previous %s reads today's", today.getName())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static GenericRecord readAs(Object record, Schema writer, Schema reader) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder out =
                org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
        new org.apache.avro.specific.SpecificDatumWriter<Object>(writer).write(record, out);
        out.flush();
        return new org.apache.avro.generic.GenericDatumReader<GenericRecord>(writer, reader)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    private static Schema parsePerformanceBefore() throws Exception {
        Schema.Parser parser = new Schema.Parser();
        parser.parse(previous("ReserveTier.avsc"));
        return parser.parse(previous("MerchantPerformance.avsc"));
    }

    private static String previous(String file) throws Exception {
        try (var in = SchemaEvolutionTest.class.getResourceAsStream("/previous-schemas/" + file)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
