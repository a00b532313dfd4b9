package io.atozwatch.app.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.app.json.JsonAvroCodec;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.DeadlineState;
import io.atozwatch.state.OrderCase;
import io.atozwatch.state.SentNotification;
import io.atozwatch.state.VerdictState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * An order's case as an ops person reads it: what the order is (from its PLACED event), where it stands,
 * what happened (events in time order, each with its own fields), what the pipeline concluded (conditions
 * found, deadlines, notifications) and the merchant policy it was judged under. Internal bookkeeping of
 * the case (due-index instant aside) is left out. Timestamps are ISO-8601 UTC, as JsonAvroCodec writes them.
 */
public final class OrderCaseView {
    static final String OPEN = "OPEN";
    static final String WAITING_FOR_PLACED = "WAITING_FOR_PLACED";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OrderCaseView() {}

    public static ObjectNode toJson(OrderCase c) {
        ObjectNode doc = NODES.objectNode();
        doc.put("orderId", c.getOrderId());
        OrderEvent placed = placed(c);
        doc.put("status", placed == null ? WAITING_FOR_PLACED : OPEN);
        doc.set("waitingSince", instant(placed == null ? c.getWaitingSince() : null));
        doc.put("merchantId", placed == null ? null : placed.getMerchantId());
        doc.put("buyerId", placed == null ? null : placed.getBuyerId());
        doc.put("marketplace", placed == null ? null : placed.getMarketplace());
        doc.put("currency", placed == null ? null : placed.getCurrency());
        doc.set("amountMinor", placed == null ? NODES.nullNode() : number(placed.getAmountMinor()));
        doc.put("amount", placed == null ? null : amount(placed.getAmountMinor(), placed.getCurrency()));
        doc.set("placedAt", instant(placed == null ? null : placed.getOccurredAt()));
        doc.set("maxDeliveryAt", instant(placed == null ? null : placed.getMaxDeliveryAt()));
        if (placed == null) {
            doc.putNull("digital");
        } else {
            doc.put("digital", placed.getDigital());
        }

        ArrayNode events = doc.putArray("events");
        c.getEvents().stream()
                .sorted(Comparator.comparing(
                        (CaseEvent e) -> occurredAt((IndexedRecord) e.getEvent()),
                        Comparator.nullsLast(Comparator.naturalOrder()))) // stable: ties keep arrival order
                .forEach(e -> events.add(event(e)));
        ArrayNode conditions = records(c.getVerdicts(), VerdictState::getDetectedAt);
        if (placed != null) { // amounts with their currency, as "amount" above: the order's
            conditions.forEach(v -> ((ObjectNode) v)
                    .put("coveredAmount", amount(v.get("coveredAmountMinor").asLong(), placed.getCurrency()))
                    .put("uncappedAmount", amount(v.get("uncappedAmountMinor").asLong(), placed.getCurrency())));
        }
        doc.set("conditions", conditions);
        doc.set("deadlines", records(c.getDeadlines(), DeadlineState::getDueAt));
        doc.set("notifications", records(c.getNotifications(), SentNotification::getAt));
        doc.set("policy", c.getPolicy() == null ? NODES.nullNode() : JsonAvroCodec.toJson(c.getPolicy()));
        doc.set("nextWakeAt", instant(c.getNextWakeAt()));
        return doc;
    }

    /** The first PLACED event by time: the order's facts (merchant, buyer, amount) come from it. */
    private static OrderEvent placed(OrderCase c) {
        return c.getEvents().stream()
                .map(CaseEvent::getEvent)
                .filter(e -> e instanceof OrderEvent o && o.getType() == OrderEventType.PLACED)
                .map(OrderEvent.class::cast)
                .min(Comparator.comparing(OrderEvent::getOccurredAt))
                .orElse(null);
    }

    private static ObjectNode event(CaseEvent e) {
        IndexedRecord value = (IndexedRecord) e.getEvent();
        ObjectNode fields = JsonAvroCodec.toJson(value);
        ObjectNode out = NODES.objectNode();
        out.put("topic", e.getSourceTopic());
        out.put("type", type(value, fields));
        out.set("occurredAt", fields.path("occurredAt").isMissingNode() ? NODES.nullNode() : fields.get("occurredAt"));
        out.set("eventId", fields.path("eventId").isMissingNode() ? NODES.nullNode() : fields.get("eventId"));
        out.set(
                "partition",
                e.getSourcePartition() == null ? NODES.nullNode() : NODES.numberNode(e.getSourcePartition()));
        out.set("offset", e.getSourceOffset() == null ? NODES.nullNode() : number(e.getSourceOffset()));
        out.set("fields", fields);
        return out;
    }

    /** The event's own type (PLACED, SHIPPED, CLAIM_FILED, ...); a refund, which has none, is REFUND. */
    static String type(IndexedRecord value, JsonNode fields) {
        JsonNode type = fields.get("type");
        if (type != null && type.isTextual()) {
            return type.textValue();
        }
        String name = value.getSchema().getName();
        return (name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name)
                .toUpperCase(Locale.ROOT);
    }

    private static Instant occurredAt(IndexedRecord value) {
        Schema.Field f = value.getSchema().getField("occurredAt");
        Object v = f == null ? null : value.get(f.pos());
        return v instanceof Instant i ? i : v instanceof Long l ? Instant.ofEpochMilli(l) : null;
    }

    private static <R extends IndexedRecord> ArrayNode records(List<R> records, Function<R, Instant> time) {
        ArrayNode out = NODES.arrayNode();
        records.stream()
                .sorted(Comparator.comparing(time, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(r -> out.add(JsonAvroCodec.toJson(r)));
        return out;
    }

    /** As JsonAvroCodec writes longs (an int node when it fits), so a document equals itself re-parsed. */
    private static JsonNode number(long v) {
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }

    private static JsonNode instant(Instant t) {
        return t == null ? NODES.nullNode() : NODES.textNode(t.toString());
    }

    /** "89.99 USD": minor units in the currency's own decimals (2 when the code is unknown). */
    static String amount(long minor, String currency) {
        int digits = 2;
        try {
            int d = Currency.getInstance(currency).getDefaultFractionDigits();
            digits = d < 0 ? 2 : d;
        } catch (IllegalArgumentException | NullPointerException e) {
            // keep 2
        }
        return BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
    }
}
