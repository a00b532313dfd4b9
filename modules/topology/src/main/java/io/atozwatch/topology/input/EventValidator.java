package io.atozwatch.topology.input;

import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ShipmentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks what the schema cannot: ids present, amounts not negative, currencies well formed, and the
 * record keyed by its own order id (co-partitioning, and so every verdict, depends on it).
 */
public final class EventValidator {
    private EventValidator() {}

    /** Why the record is unusable, or empty if it is fine. */
    public static Optional<String> problem(String key, Object value) {
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
            amount(problems, e.getAmountMinor());
        } else {
            problems.add("unexpected record type " + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static void common(List<String> problems, String key, String eventId, String orderId) {
        required(problems, "eventId", eventId);
        required(problems, "orderId", orderId);
        if (orderId != null && !orderId.isBlank() && !orderId.equals(key)) {
            problems.add("record key '" + key + "' is not its orderId '" + orderId + "'");
        }
    }

    private static void required(List<String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add("missing required field " + field);
        }
    }

    private static void amount(List<String> problems, Long amountMinor) {
        if (amountMinor != null && amountMinor < 0) {
            problems.add("negative amountMinor " + amountMinor);
        }
    }

    private static void currency(List<String> problems, String currency) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            problems.add("currency '" + currency + "' is not an ISO 4217 code");
        }
    }
}
