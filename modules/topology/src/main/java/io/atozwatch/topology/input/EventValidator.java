package io.atozwatch.topology.input;

import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.topology.config.PipelineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks what the schema cannot: ids present and of a sane length, free text bounded, amounts not
 * negative, currencies well formed, and the record keyed by its own order id (co-partitioning, and so
 * every verdict, depends on it).
 */
public final class EventValidator {
    private final int maxIdLength;
    private final int maxTextLength;

    public EventValidator(int maxIdLength, int maxTextLength) {
        this.maxIdLength = maxIdLength;
        this.maxTextLength = maxTextLength;
    }

    public static EventValidator of(PipelineConfig.Limits limits) {
        return new EventValidator(limits.maxIdLength(), limits.maxTextLength());
    }

    /** With the default limits. */
    public static EventValidator defaults() {
        return of(PipelineConfig.defaults().limits());
    }

    /** Why the record is unusable, or empty if it is fine. */
    public Optional<String> problem(String key, Object value) {
        List<String> problems = new ArrayList<>();
        if (value instanceof OrderEvent e) {
            common(problems, key, e.getEventId(), e.getOrderId());
            required(problems, "merchantId", e.getMerchantId());
            required(problems, "buyerId", e.getBuyerId());
            required(problems, "marketplace", e.getMarketplace());
            currency(problems, e.getCurrency());
            amount(problems, e.getAmountMinor());
        } else if (value instanceof ShipmentEvent e) {
            common(problems, key, e.getEventId(), e.getOrderId());
            required(problems, "shipmentId", e.getShipmentId());
            bounded(problems, "carrier", e.getCarrier(), maxIdLength);
            bounded(problems, "trackingId", e.getTrackingId(), maxIdLength);
        } else if (value instanceof ReturnEvent e) {
            common(problems, key, e.getEventId(), e.getOrderId());
            required(problems, "returnId", e.getReturnId());
            amount(problems, e.getAmountMinor());
        } else if (value instanceof RefundEvent e) {
            common(problems, key, e.getEventId(), e.getOrderId());
            required(problems, "refundId", e.getRefundId());
            currency(problems, e.getCurrency());
            amount(problems, e.getAmountMinor());
        } else if (value instanceof DisputeEvent e) {
            common(problems, key, e.getEventId(), e.getOrderId());
            required(problems, "disputeId", e.getDisputeId());
            bounded(problems, "reason", e.getReason(), maxTextLength);
            amount(problems, e.getAmountMinor());
        } else {
            problems.add("unexpected record type "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private void common(List<String> problems, String key, String eventId, String orderId) {
        required(problems, "eventId", eventId);
        required(problems, "orderId", orderId);
        if (orderId != null && orderId.indexOf('\0') >= 0) {
            problems.add("orderId contains a zero character (U+0000), which the store of cases keeps apart from ids");
        }
        if (orderId != null && !orderId.isBlank() && orderId.length() <= maxIdLength && !orderId.equals(key)) {
            problems.add("record key '" + shortened(key) + "' is not its orderId '" + orderId + "'");
        }
    }

    /** A required identifier: present, not blank, not longer than the id limit. */
    private void required(List<String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add("missing required field " + field);
        } else {
            bounded(problems, field, value, maxIdLength);
        }
    }

    private static void bounded(List<String> problems, String field, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(field + " has " + value.length() + " characters, more than the limit of " + max);
        }
    }

    private static void amount(List<String> problems, Long amountMinor) {
        if (amountMinor != null && amountMinor < 0) {
            problems.add("negative amountMinor " + amountMinor);
        }
    }

    private static void currency(List<String> problems, String currency) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            problems.add("currency '" + shortened(currency) + "' is not an ISO 4217 code");
        }
    }

    /** A value quoted in a reason: never the whole of an oversized one. */
    private static String shortened(String s) {
        return s == null || s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
