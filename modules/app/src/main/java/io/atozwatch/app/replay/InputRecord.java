package io.atozwatch.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.atozwatch.app.json.JsonAvroCodec;
import io.atozwatch.app.json.JsonAvroException;
import io.atozwatch.app.json.JsonLines;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.rules.OrderView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * One input line of a replay: {@code {"topic": "orders", "key": "o-1", "value": {...}}}, the value in the
 * topic's schema, stamped with its own event time ({@code occurredAt}, or {@code updatedAt} for a policy).
 */
public record InputRecord(String topic, String key, SpecificRecord value, Instant timestamp) {

    private static final Set<String> FIELDS = Set.of("topic", "key", "value");

    /** A line replay cannot use; the message is the reason, as shown after "line N: ". */
    public static final class Rejected extends RuntimeException {
        Rejected(String reason) {
            super(reason);
        }
    }

    /**
     * A well-formed line whose value the topic's schema cannot read (an unknown enum symbol, a missing or
     * mistyped field): in production such a record cannot be deserialized and goes to dead-letters, and
     * replay does the same with it rather than reject the line.
     */
    public static final class Unreadable extends RuntimeException {
        public final String topic;
        public final String key;
        public final String valueJson;

        Unreadable(String topic, String key, String valueJson, String reason) {
            super(reason);
            this.topic = topic;
            this.key = key;
            this.valueJson = valueJson;
        }
    }

    /** The input topics a line may name: the order-keyed inputs and the merchant policies. */
    public static List<String> acceptedTopics(Topics topics) {
        List<String> names = new ArrayList<>();
        topics.orderInputs().forEach(t -> names.add(t.name()));
        names.add(topics.merchantPolicies.name());
        return names;
    }

    /**
     * Reads one (non-blank, non-comment) line. Only the line's shape and the value's schema are checked
     * here; whether the pipeline can use the event (amounts, ids, ...) is the pipeline's own business.
     *
     * @throws Rejected when the line cannot be replayed
     * @throws Unreadable when the line is well formed but its value does not fit the topic's schema
     */
    public static InputRecord parse(String line, Topics topics) {
        JsonNode json;
        try {
            json = JsonLines.parse(line);
        } catch (JsonAvroException e) {
            // Jackson's location names a source we do not show; the line number is already given.
            throw new Rejected(e.getMessage().replaceFirst("^line: ", "").replaceAll("\\[Source: [^;\\]]*; ", "["));
        }
        if (!json.isObject()) {
            throw new Rejected("expected a JSON object with topic, key and value");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new Rejected("unknown field '" + name + "', expected only topic, key and value");
            }
        }
        String topicName = text(json, "topic");
        List<String> accepted = acceptedTopics(topics);
        if (!accepted.contains(topicName)) {
            boolean output = topics.outputs().stream().anyMatch(t -> t.name().equals(topicName));
            throw new Rejected((output
                            ? "topic '" + topicName + "' is an output of the pipeline, not an input"
                            : "unknown topic '" + topicName + "'")
                    + "; expected one of " + accepted);
        }
        String key = text(json, "key");
        JsonNode valueJson = json.get("value");
        if (valueJson == null || valueJson.isNull()) {
            throw new Rejected("missing value");
        }
        Topic<String, ? extends SpecificRecord> topic = topics.byName(topicName);
        SpecificRecord value;
        try {
            value = JsonAvroCodec.fromJson(valueJson, topic.valueClass());
        } catch (JsonAvroException e) {
            throw new Unreadable(topicName, key, valueJson.toString(), e.getMessage());
        }
        return new InputRecord(topicName, key, value, eventTime(value));
    }

    /** A required, non-blank string field of the line. */
    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new Rejected("missing " + field);
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new Rejected(field + ": expected a non-empty string, got " + node);
        }
        return node.textValue();
    }

    /** The record timestamp upstream systems give an event: when it happened. */
    private static Instant eventTime(SpecificRecord value) {
        return value instanceof MerchantPolicy p ? p.getUpdatedAt() : OrderView.occurredAt(value);
    }
}
