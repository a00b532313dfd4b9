package io.atozwatch.app.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.atozwatch.events.RefundEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

    private static final JsonNode VALUE = JsonLines.parse("""
      {
        "eventId": "e4", "orderId": "o-1", "refundId": "rf-1",
        "occurredAt": "2026-03-12T00:00:00Z", "amountMinor": 4500, "currency": "USD"
      }""");

    @Test
    void lineIsCompactAndInTopicKeyTimestampValueOrder() {
        String line = JsonLines.line("refunds", "o-1", VALUE, Instant.parse("2026-03-12T00:00:00Z"));

        assertThat(line)
                .isEqualTo("{\"topic\":\"refunds\",\"key\":\"o-1\",\"timestamp\":\"2026-03-12T00:00:00Z\","
                        + "\"value\":{\"eventId\":\"e4\",\"orderId\":\"o-1\",\"refundId\":\"rf-1\","
                        + "\"occurredAt\":\"2026-03-12T00:00:00Z\",\"amountMinor\":4500,\"currency\":\"USD\"}}");
    }

    @Test
    void headersAreAddedSortedWhenPresent() {
        Map<String, String> headers = new HashMap<>();
        headers.put("trace", "t-1");
        headers.put("origin", "replay");

        String line = JsonLines.line("refunds", "o-1", VALUE, Instant.EPOCH, headers);

        assertThat(line)
                .startsWith("{\"topic\":\"refunds\",\"key\":\"o-1\",\"timestamp\":\"1970-01-01T00:00:00Z\","
                        + "\"headers\":{\"origin\":\"replay\",\"trace\":\"t-1\"},\"value\":{");
    }

    @Test
    void emptyHeadersNullKeyNullTimestampAndTombstone() {
        assertThat(JsonLines.line("refunds", null, null, null, Map.of()))
                .isEqualTo("{\"topic\":\"refunds\",\"key\":null,\"value\":null}");
    }

    @Test
    void writesCodecOutputOnOneLine() {
        RefundEvent refund = JsonAvroCodec.fromJson(VALUE, RefundEvent.class);

        String line = JsonLines.write(JsonAvroCodec.toJson(refund));

        assertThat(line).doesNotContain("\n").isEqualTo(JsonLines.write(VALUE));
        assertThat(JsonLines.parse(line)).isEqualTo(JsonAvroCodec.toJson(refund));
    }

    @Test
    void parseRejectsDuplicateFieldsAndTrailingText() {
        assertThatThrownBy(() -> JsonLines.parse("{\"amountMinor\":1,\"amountMinor\":2}"))
                .isInstanceOf(JsonAvroException.class)
                .hasMessageStartingWith("line: malformed JSON: Duplicate field 'amountMinor'");
        assertThatThrownBy(() -> JsonLines.parse("{\"topic\":\"orders\"} {\"topic\":\"refunds\"}"))
                .isInstanceOf(JsonAvroException.class)
                .hasMessageStartingWith("line: malformed JSON: ");
        assertThatThrownBy(() -> JsonLines.parse("{\"topic\":"))
                .isInstanceOf(JsonAvroException.class)
                .hasMessageStartingWith("line: malformed JSON: ");
    }

    @Test
    void decimalsKeepTheirTextSoTheyAreNotMistakenForIntegers() {
        assertThat(JsonLines.parse("{\"amountMinor\":12.0}").get("amountMinor").isIntegralNumber())
                .isFalse();
        assertThat(JsonLines.write(JsonLines.parse("{\"amountMinor\":12.0}"))).isEqualTo("{\"amountMinor\":12.0}");
    }
}
