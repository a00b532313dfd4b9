package io.atozwatch.app.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.ReferenceMetric;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.state.OrderCase;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** JSON -> Avro -> JSON gives the same tree back, for every record type of the event contract. */
class JsonAvroCodecRoundTripTest {

    /**
     * One sample per record type: a JSON value with every field set, and the fields that may be left out
     * together with what they read as when they are (null, or the schema default).
     */
    record Sample(Class<? extends SpecificRecord> type, String fullJson, Map<String, Object> whenAbsent) {
        @Override
        public String toString() {
            return type.getSimpleName();
        }
    }

    static List<Sample> samples() {
        return List.of(
                sample(OrderEvent.class, """
            {"eventId":"e1","orderId":"o-1","merchantId":"m-1","buyerId":"b-1","marketplace":"US","type":"PLACED",
             "occurredAt":"2026-03-01T10:00:00Z","currency":"USD","amountMinor":12999,
             "maxDeliveryAt":"2026-03-08T23:59:59.999Z","digital":true,"shipBy":"2026-03-03T10:00:00Z"}""", "maxDeliveryAt", null, "digital", false, "shipBy", null),
                sample(ShipmentEvent.class, """
            {"eventId":"e2","orderId":"o-1","shipmentId":"s-1","type":"SHIPPED","occurredAt":"2026-03-02T08:30:00Z",
             "carrier":"UPS","trackingId":"1Z999"}""", "carrier", null, "trackingId", null),
                sample(ReturnEvent.class, """
            {"eventId":"e3","orderId":"o-1","returnId":"r-1","type":"REQUESTED","occurredAt":"2026-03-10T12:00:00Z",
             "reason":"DEFECTIVE","amountMinor":4500}""", "reason", null, "amountMinor", null),
                sample(RefundEvent.class, """
            {"eventId":"e4","orderId":"o-1","refundId":"rf-1","occurredAt":"2026-03-12T00:00:00Z",
             "amountMinor":4500,"currency":"USD"}"""),
                sample(DisputeEvent.class, """
            {"eventId":"e5","orderId":"o-1","disputeId":"d-1","type":"CLAIM_FILED","occurredAt":"2026-03-20T09:15:00Z",
             "reason":"never arrived","amountMinor":12999}""", "reason", null, "amountMinor", null),
                sample(MerchantPolicy.class, """
            {"merchantId":"m-1","acceptsReturns":true,"returnWindowDays":30,"refundWithinDays":14,
             "updatedAt":"2026-01-01T00:00:00Z"}"""),
                sample(ClaimEligibility.class, """
            {"verdictId":"o-1/NOT_RECEIVED/ELIGIBLE","orderId":"o-1","merchantId":"m-1","buyerId":"b-1",
             "marketplace":"US","condition":"NOT_RECEIVED","status":"ELIGIBLE","detectedAt":"2026-03-09T00:00:00Z",
             "coveredAmountMinor":12999,"uncappedAmountMinor":12999,"currency":"USD","evidence":"no DELIVERED by 2026-03-08",
             "filingOpensAt":"2026-03-11T00:00:00Z","voidReason":"delivered after all"}""", "filingOpensAt", null, "voidReason", null),
                sample(DeadlineBreach.class, """
            {"breachId":"o-1/DELIVERY_PROMISE/o-1","orderId":"o-1","merchantId":"m-1","deadline":"DELIVERY_PROMISE",
             "referenceId":"o-1","startedAt":"2026-03-01T10:00:00Z","dueAt":"2026-03-08T23:59:59.999Z",
             "status":"RETRACTED","description":"not delivered by the promised date"}""", "status", "BREACHED"),
                sample(
                        MerchantNotification.class,
                        """
            {"notificationId":"n-1","merchantId":"m-1","orderId":"o-1","kind":"AT_RISK","deadline":"CLAIM_RESPONSE",
             "referenceId":"d-1","dueAt":"2026-03-22T09:15:00Z","at":"2026-03-20T09:15:00Z","message":"répondez sous 48 h",
             "risk":"RETURN_UNANSWERED","locale":"fr-FR","englishMessage":"respond within 48h"}""",
                        "orderId",
                        null,
                        "deadline",
                        null,
                        "referenceId",
                        null,
                        "dueAt",
                        null,
                        "risk",
                        null,
                        "locale",
                        null,
                        "englishMessage",
                        null),
                sample(
                        DeadLetter.class,
                        """
            {"reason":"not Avro","sourceTopic":"orders","sourcePartition":3,"sourceOffset":42,"key":"o-1",
             "payload":"AAECA/8=","deadAt":"2026-03-01T10:00:00.001Z"}""",
                        "sourcePartition",
                        null,
                        "sourceOffset",
                        null,
                        "key",
                        null,
                        "payload",
                        null),
                sample(
                        MerchantPerformance.class,
                        """
            {"merchantId":"m-1","asOf":"2026-04-01T00:00:00Z","currency":"EUR","firstOrderAt":"2026-01-02T10:00:00Z",
             "orderCount":340,"odr":0.25,"odrOrders":4,"odrDefects":1,"onTimeDeliveryRate":0.5,"lateDeliveryRate":0.5,
             "notReceivedRate":0.0,"merchantCancelRate":0.125,"returnRefusalRate":1.0,"claimResponseBreaches":1,
             "refundAfterReturnBreaches":0,"chargebacks":1,"chargebackRatio":0.25,"sales7dMinor":1000,
             "sales28dMinor":5000,"sales30dMinor":6000,"unresolvedDisputeMinor":250,"tier":"TIER_I","reserveMinor":1000,
             "reasons":["Tier I: ODR 25.00%, at or above 1.00%"],"lateShipmentRate":0.05,"preFulfilmentCancelRate":0.01,
             "validTrackingRate":0.99,"returnDissatisfactionRate":0.2,
             "referenceMetrics":[{"name":"lateShipmentRate","value":0.05,"numerator":1,"denominator":20,"windowDays":10,
               "target":0.04,"higherIsBetter":false,"meetsTarget":false}],"locale":"fr-FR",
             "englishReasons":["Tier I: ODR 25.00%, at or above 1.00%"]}""",
                        "currency",
                        null,
                        "firstOrderAt",
                        null,
                        "odr",
                        null,
                        "onTimeDeliveryRate",
                        null,
                        "lateDeliveryRate",
                        null,
                        "notReceivedRate",
                        null,
                        "merchantCancelRate",
                        null,
                        "returnRefusalRate",
                        null,
                        "chargebackRatio",
                        null,
                        "lateShipmentRate",
                        null,
                        "preFulfilmentCancelRate",
                        null,
                        "validTrackingRate",
                        null,
                        "returnDissatisfactionRate",
                        null,
                        "referenceMetrics",
                        List.of(),
                        "locale",
                        null,
                        "englishReasons",
                        null),
                sample(ReferenceMetric.class, """
            {"name":"validTrackingRate","value":0.9,"numerator":9,"denominator":10,"windowDays":30,"target":0.95,
             "higherIsBetter":true,"meetsTarget":false}""", "value", null, "meetsTarget", null),
                sample(
                        ReserveDecision.class,
                        """
            {"decisionId":"m-1/1","merchantId":"m-1","decidedAt":"2026-04-01T00:00:00Z","tier":"TIER_II",
             "previousTier":"TIER_I","reserveMinor":250,"previousReserveMinor":1000,"currency":"EUR","odr":0.25,
             "orderCount":340,"accountAgeDays":120,"sales7dMinor":1000,"sales30dMinor":6000,
             "unresolvedDisputeMinor":250,"reasons":["Tier II: account 120 days old"],"trigger":"DAILY",
             "coveredTo":"2026-03-31","sales7dFrom":"2026-03-25","sales30dFrom":"2026-03-02","odrFrom":"2026-01-31",
             "odrOrders":4,"odrDefects":1,"locale":"de-DE","englishReasons":["Tier II: account 120 days old"]}""",
                        "previousTier",
                        null,
                        "previousReserveMinor",
                        null,
                        "currency",
                        null,
                        "odr",
                        null,
                        "trigger",
                        null,
                        "coveredTo",
                        null,
                        "sales7dFrom",
                        null,
                        "sales30dFrom",
                        null,
                        "odrFrom",
                        null,
                        "odrOrders",
                        null,
                        "odrDefects",
                        null,
                        "locale",
                        null,
                        "englishReasons",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyFieldSet(Sample sample) {
        JsonNode full = json(sample.fullJson());

        SpecificRecord record = JsonAvroCodec.fromJson(full, sample.type());

        assertThat(record).isInstanceOf(sample.type());
        assertSameJson(JsonAvroCodec.toJson(record), full);
        assertThat(binaryRoundTrip(record)).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void optionalFieldsAbsent(Sample sample) {
        ObjectNode input = (ObjectNode) json(sample.fullJson());
        input.remove(sample.whenAbsent().keySet());

        SpecificRecord record = JsonAvroCodec.fromJson(input, sample.type());

        assertSameJson(JsonAvroCodec.toJson(record), expectedWhenAbsent(sample));
        assertThat(binaryRoundTrip(record)).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void nullableFieldsExplicitlyNull(Sample sample) {
        ObjectNode input = (ObjectNode) json(sample.fullJson());
        sample.whenAbsent().forEach((name, value) -> {
            if (value == null) {
                input.putNull(name);
            }
        });

        ObjectNode output = JsonAvroCodec.toJson(JsonAvroCodec.fromJson(input, sample.type()));

        assertSameJson(output, input);
    }

    /** Guards the list above: a record type added to the contract must get a sample here. */
    @Test
    void everyEventRecordTypeHasASample() throws Exception {
        List<String> sampled =
                samples().stream().map(s -> s.type().getName()).sorted().toList();
        assertThat(sampled).isEqualTo(recordClassesIn(OrderEvent.class.getPackageName()));
    }

    @Test
    void defaultsAndNullsReachTheSpecificRecord() {
        OrderEvent order = JsonAvroCodec.fromJson(json("""
        {"eventId":"e1","orderId":"o-1","merchantId":"m-1","buyerId":"b-1","marketplace":"US","type":"PLACED",
         "occurredAt":"2026-03-01T10:00:00Z","currency":"USD","amountMinor":1}"""), OrderEvent.class);

        assertThat(order.getDigital()).isFalse();
        assertThat(order.getMaxDeliveryAt()).isNull();
        assertThat(order.getOccurredAt()).isEqualTo(java.time.Instant.parse("2026-03-01T10:00:00Z"));
    }

    @Test
    void bytesAreBase64() {
        DeadLetter letter = JsonAvroCodec.fromJson(json("""
        {"reason":"r","sourceTopic":"orders","payload":"AAECA/8=","deadAt":0}"""), DeadLetter.class);

        byte[] payload = new byte[letter.getPayload().remaining()];
        letter.getPayload().duplicate().get(payload);
        assertThat(payload).containsExactly(0, 1, 2, 3, (byte) 0xff);
        assertThat(JsonAvroCodec.toJson(letter).get("payload").textValue()).isEqualTo("AAECA/8=");
        // Writing must not consume the buffer: a second write gives the same text.
        assertThat(JsonAvroCodec.toJson(letter).get("payload").textValue()).isEqualTo("AAECA/8=");
    }

    /** Nested records, arrays, nullable records and a union of several records, via the state schema. */
    @Test
    void nestedRecordsArraysAndUnions() {
        JsonNode full = json("""
        {"orderId":"o-1",
         "events":[
           {"sourceTopic":"orders","sourcePartition":0,"sourceOffset":7,
            "event":{"io.atozwatch.events.OrderEvent":{"eventId":"e1","orderId":"o-1","merchantId":"m-1","buyerId":"b-1",
              "marketplace":"US","type":"PLACED","occurredAt":"2026-03-01T10:00:00Z","currency":"USD","amountMinor":1,
              "maxDeliveryAt":null,"digital":false,"shipBy":null}},"raw":null,"part":0},
           {"sourceTopic":"refunds","sourcePartition":null,"sourceOffset":null,
            "event":{"io.atozwatch.events.RefundEvent":{"eventId":"e4","orderId":"o-1","refundId":"rf-1",
              "occurredAt":"2026-03-12T00:00:00Z","amountMinor":1,"currency":"USD"}},"raw":null,"part":null}],
         "waitingSince":null,
         "policy":{"acceptsReturns":true,"returnWindowDays":30,"refundWithinDays":14,"published":false},
         "verdicts":[],
         "deadlines":[{"kind":"DELIVERY_PROMISE","referenceId":"o-1","startedAt":"2026-03-01T10:00:00Z",
           "dueAt":"2026-03-08T00:00:00Z","outcome":"OPEN","outcomeAt":null,"breachEmitted":false}],
         "notifications":[],"figures":null,
         "nextWakeAt":"2026-03-08T00:00:00Z","judgedUpTo":"2026-03-01T10:00:00Z","ruleWakeAt":"2026-03-08T00:00:00Z",
         "lateEvents":true,"factSequence":2,"inputBytes":0,"storedEvents":1,"storedNotices":0,"keptRawParts":[0]}""");

        OrderCase orderCase = JsonAvroCodec.fromJson(full, OrderCase.class);

        assertThat(orderCase.getEvents().get(1).getEvent()).isInstanceOf(RefundEvent.class);
        assertSameJson(JsonAvroCodec.toJson(orderCase), full);
        assertThat(binaryRoundTrip(orderCase)).isEqualTo(orderCase);
    }

    @Test
    void absentArraysTakeTheirDefault() {
        OrderCase orderCase = JsonAvroCodec.fromJson(json("""
        {"orderId":"o-1","events":[]}"""), OrderCase.class);

        assertSameJson(JsonAvroCodec.toJson(orderCase), json("""
        {"orderId":"o-1","events":[],"waitingSince":null,"policy":null,"verdicts":[],"deadlines":[],
         "notifications":[],"figures":null,"nextWakeAt":null,"judgedUpTo":null,"ruleWakeAt":null,
         "lateEvents":false,"factSequence":0,"inputBytes":0,"storedEvents":0,"storedNotices":0,"keptRawParts":[]}"""));
    }

    // ------------------------------------------------------------------------------------------- helpers

    static Sample sample(Class<? extends SpecificRecord> type, String fullJson, Object... whenAbsent) {
        Map<String, Object> absent = new LinkedHashMap<>();
        for (int i = 0; i < whenAbsent.length; i += 2) {
            absent.put((String) whenAbsent[i], whenAbsent[i + 1]);
        }
        return new Sample(type, fullJson, absent);
    }

    private static JsonNode expectedWhenAbsent(Sample sample) {
        ObjectNode expected = (ObjectNode) json(sample.fullJson());
        sample.whenAbsent()
                .forEach((name, value) -> expected.set(
                        name,
                        value == null
                                ? JsonNodeFactory.instance.nullNode()
                                : JsonLines.mapper().valueToTree(value)));
        return expected;
    }

    static JsonNode json(String text) {
        return JsonLines.parse(text);
    }

    /** Same tree, and same text: ObjectNode equality ignores field order, the text does not. */
    static void assertSameJson(JsonNode actual, JsonNode expected) {
        assertThat(JsonLines.write(actual)).isEqualTo(JsonLines.write(expected));
        assertThat(actual).isEqualTo(expected);
    }

    /** Encodes with the class's own writer and decodes back: proves every field holds the Java type it should. */
    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T binaryRoundTrip(T record) {
        SpecificData model = SpecificData.getForClass(record.getClass());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            model.createDatumWriter(record.getSchema()).write(record, encoder);
            encoder.flush();
            return (T) model.createDatumReader(record.getSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The names of the generated record classes in {@code packageName}, from a directory or a jar. */
    private static List<String> recordClassesIn(String packageName) throws IOException, URISyntaxException {
        String dir = packageName.replace('.', '/');
        URL url = OrderEvent.class.getClassLoader().getResource(dir);
        List<String> fileNames = new ArrayList<>();
        if ("jar".equals(url.getProtocol())) {
            try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
                jar.stream()
                        .map(e -> e.getName())
                        .filter(n -> n.startsWith(dir + "/") && n.indexOf('/', dir.length() + 1) < 0)
                        .forEach(n -> fileNames.add(n.substring(dir.length() + 1)));
            }
        } else {
            Stream.of(new File(url.toURI()).list()).forEach(fileNames::add);
        }
        List<String> records = new ArrayList<>();
        for (String fileName : fileNames) {
            if (fileName.endsWith(".class") && !fileName.contains("$")) {
                String className = packageName + "." + fileName.substring(0, fileName.length() - ".class".length());
                try {
                    if (SpecificRecord.class.isAssignableFrom(Class.forName(className))) {
                        records.add(className);
                    }
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return records.stream().sorted().toList();
    }
}
