package io.atozwatch.app.replay;

import io.atozwatch.app.json.JsonAvroCodec;
import io.atozwatch.app.json.JsonLines;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** A record the pipeline emitted, as a consumer of the topic would see it. Header values are UTF-8 text. */
public record OutputRecord(
        String topic, String key, SpecificRecord value, Instant timestamp, Map<String, String> headers) {

    public OutputRecord {
        headers = Map.copyOf(headers);
    }

    /** {@code {"topic":...,"key":...,"timestamp":...,["headers":{...},]"value":{...}}} on one line. */
    public String toJsonLine() {
        return JsonLines.line(topic, key, value == null ? null : JsonAvroCodec.toJson(value), timestamp, headers);
    }
}
