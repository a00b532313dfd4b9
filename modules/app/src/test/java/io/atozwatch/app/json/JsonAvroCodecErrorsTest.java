package io.atozwatch.app.json;

import static io.atozwatch.app.json.JsonAvroCodecRoundTripTest.json;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.state.OrderCase;
import org.apache.avro.specific.SpecificRecord;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Input that does not fit the schema is rejected with a message naming the field path. */
class JsonAvroCodecErrorsTest {

    private static final String ORDER = """
      {"eventId":"e1","orderId":"o-1","merchantId":"m-1","buyerId":"b-1","marketplace":"US","type":"PLACED",
       "occurredAt":"2026-03-01T10:00:00Z","currency":"USD","amountMinor":12999}""";

    private static final String POLICY = """
      {"merchantId":"m-1","acceptsReturns":true,"returnWindowDays":30,"refundWithinDays":14,"updatedAt":0}""";

    @Test
    void missingRequiredField() {
        ObjectNode order = order();
        order.remove("orderId");

        assertRejected(order, OrderEvent.class, "value", "value: missing required field 'orderId'");
    }

    @Test
    void unknownFieldIsATypoNotIgnored() {
        ObjectNode order = order();
        order.put("amountMinr", 5);

        assertRejected(
                order,
                OrderEvent.class,
                "value.amountMinr",
                "value.amountMinr: unknown field, OrderEvent has [eventId, orderId, merchantId, buyerId, marketplace, "
                        + "type, occurredAt, currency, amountMinor, maxDeliveryAt, digital, shipBy]");
    }

    @Test
    void unknownEnumSymbolListsTheAllowedOnes() {
        ObjectNode order = order();
        order.put("type", "PLACD");

        assertRejected(
                order,
                OrderEvent.class,
                "value.type",
                "value.type: unknown OrderEventType symbol \"PLACD\", expected one of [PLACED, CHARGED, CANCELLED]");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      amountMinor   | "12"                  | expected an integer, got "12"
      amountMinor   | 12.5                  | expected an integer, got 12.5
      amountMinor   | 12.0                  | expected an integer, got 12.0
      amountMinor   | 9223372036854775808   | expected an integer within long range, got 9223372036854775808
      amountMinor   | null                  | expected an integer, got null
      orderId       | 1                     | expected a string, got 1
      orderId       | {"id":"o-1"}          | expected a string, got an object
      digital       | "true"                | expected a boolean, got "true"
      digital       | null                  | expected a boolean, got null
      type          | 0                     | expected a string (one of [PLACED, CHARGED, CANCELLED]), got 0
      maxDeliveryAt | [1]                   | expected an ISO-8601 timestamp with offset (e.g. 2026-03-01T10:00:00Z) or epoch milliseconds, got an array
      """)
    void wrongJsonTypes(String field, String jsonValue, String problem) {
        ObjectNode order = order();
        order.set(field, json(jsonValue));

        assertRejected(order, OrderEvent.class, "value." + field, "value." + field + ": " + problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      "2026-03-01 10:00:00Z"
      "2026-03-01T10:00:00"
      "2026-02-30T10:00:00Z"
      "yesterday"
      ""
      1772359200000.5
      """)
    void badTimestamps(String jsonValue) {
        ObjectNode order = order();
        order.set("occurredAt", json(jsonValue));

        assertRejected(
                order,
                OrderEvent.class,
                "value.occurredAt",
                "value.occurredAt: expected an ISO-8601 timestamp "
                        + "with offset (e.g. 2026-03-01T10:00:00Z) or epoch milliseconds, got " + jsonValue);
    }

    @Test
    void intOverflow() {
        ObjectNode policy = (ObjectNode) json(POLICY);
        policy.put("returnWindowDays", 2147483648L);

        assertRejected(
                policy,
                MerchantPolicy.class,
                "value.returnWindowDays",
                "value.returnWindowDays: expected an integer within int range, got 2147483648");
    }

    @Test
    void badBase64() {
        ObjectNode letter = (ObjectNode) json("""
        {"reason":"r","sourceTopic":"orders","payload":"not base64!","deadAt":0}""");

        assertThatThrownBy(() -> JsonAvroCodec.fromJson(letter, DeadLetter.class))
                .isInstanceOf(JsonAvroException.class)
                .hasMessageStartingWith("value.payload: expected a base64 string, got \"not base64!\" (");
    }

    @Test
    void valueNotAnObject() {
        assertRejected(TextNode.valueOf("o-1"), OrderEvent.class, "value", "value: expected an object, got \"o-1\"");
    }

    @Test
    void pathsReachIntoNestedRecordsArraysAndUnions() {
        ObjectNode orderCase = (ObjectNode) json("""
        {"orderId":"o-1","events":[
          {"sourceTopic":"refunds","event":{"io.atozwatch.events.RefundEvent":{"eventId":"e4","orderId":"o-1",
            "refundId":"rf-1","occurredAt":0,"amountMinor":"1","currency":"USD"}}}]}""");

        assertRejected(
                orderCase,
                OrderCase.class,
                "value.events[0].event.amountMinor",
                "value.events[0].event.amountMinor: expected an integer, got \"1\"");
    }

    @Test
    void unknownUnionBranch() {
        ObjectNode orderCase = (ObjectNode) json("""
        {"orderId":"o-1","events":[{"sourceTopic":"refunds","event":{"RefundEvent":{}}}]}""");

        assertRejected(
                orderCase,
                OrderCase.class,
                "value.events[0].event",
                "value.events[0].event: unknown union branch \"RefundEvent\", expected one of [io.atozwatch.events.OrderEvent, "
                        + "io.atozwatch.events.ShipmentEvent, io.atozwatch.events.ReturnEvent, io.atozwatch.events.RefundEvent, "
                        + "io.atozwatch.events.DisputeEvent]");
    }

    private static ObjectNode order() {
        return (ObjectNode) json(ORDER);
    }

    private static void assertRejected(
            JsonNode input, Class<? extends SpecificRecord> type, String path, String message) {
        AbstractThrowableAssert<?, ?> thrown = assertThatThrownBy(() -> JsonAvroCodec.fromJson(input, type))
                .isInstanceOf(JsonAvroException.class)
                .hasMessage(message);
        thrown.extracting(e -> ((JsonAvroException) e).path()).isEqualTo(path);
    }
}
