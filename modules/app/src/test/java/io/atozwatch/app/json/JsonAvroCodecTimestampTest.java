package io.atozwatch.app.json;

import static io.atozwatch.app.json.JsonAvroCodecRoundTripTest.assertSameJson;
import static io.atozwatch.app.json.JsonAvroCodecRoundTripTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.events.RefundEvent;
import java.time.Instant;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** timestamp-millis: ISO-8601 with any offset or epoch millis in, ISO-8601 UTC out. */
class JsonAvroCodecTimestampTest {

    private static final String REFUND = """
      {"eventId":"e4","orderId":"o-1","refundId":"rf-1","occurredAt":%s,"amountMinor":1,"currency":"USD"}""";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
      "2026-03-01T10:00:00Z"                  | 2026-03-01T10:00:00Z
      "2026-03-01T12:00:00+02:00"             | 2026-03-01T10:00:00Z
      "2026-03-01T05:30:00-04:30"             | 2026-03-01T10:00:00Z
      "2026-03-01T10:00:00.123Z"              | 2026-03-01T10:00:00.123Z
      "2026-03-01T11:00:00.5+01:00"           | 2026-03-01T10:00:00.500Z
      "2026-03-01T10:00:00.123456789Z"        | 2026-03-01T10:00:00.123Z
      1772359200000                           | 2026-03-01T10:00:00Z
      1772359200007                           | 2026-03-01T10:00:00.007Z
      0                                       | 1970-01-01T00:00:00Z
      """)
    void acceptedFormsReadAsTheInstantAndWriteAsIsoUtc(String jsonValue, String expectedIso) {
        RefundEvent refund = JsonAvroCodec.fromJson(json(REFUND.formatted(jsonValue)), RefundEvent.class);

        assertThat(refund.getOccurredAt()).isEqualTo(Instant.parse(expectedIso));
        assertThat(JsonAvroCodec.toJson(refund).get("occurredAt").textValue()).isEqualTo(expectedIso);
    }

    @Test
    void genericRecordsHoldEpochMillisAndStillWriteIso() {
        JsonNode input = json(REFUND.formatted("\"2026-03-01T12:00:00+02:00\""));

        GenericRecord generic = JsonAvroCodec.fromJson(input, RefundEvent.getClassSchema());

        assertThat(generic).isNotInstanceOf(RefundEvent.class);
        assertThat(generic.get("occurredAt")).isEqualTo(1772359200000L);
        ObjectNode output = JsonAvroCodec.toJson(generic);
        assertThat(output.get("occurredAt").textValue()).isEqualTo("2026-03-01T10:00:00Z");
        assertSameJson(output, json(REFUND.formatted("\"2026-03-01T10:00:00Z\"")));
    }

    @Test
    void genericRecordsHoldingAnInstantWriteIsoToo() {
        GenericData.Record generic = new GenericData.Record(RefundEvent.getClassSchema());
        generic.put("eventId", "e4");
        generic.put("orderId", "o-1");
        generic.put("refundId", "rf-1");
        generic.put("occurredAt", Instant.parse("2026-03-01T10:00:00.250Z"));
        generic.put("amountMinor", 1L);
        generic.put("currency", "USD");

        assertThat(JsonAvroCodec.toJson(generic).get("occurredAt").textValue()).isEqualTo("2026-03-01T10:00:00.250Z");
    }
}
