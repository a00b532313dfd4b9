package io.atozwatch.topology;

import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ReturnEventType;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.events.ShipmentEventType;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Terse builders for input events, so that tests read like the scenarios they check. Every event gets
 * a fresh eventId unless the test gives one. Defaults: merchant m-1, buyer b-1, marketplace US, USD.
 */
public final class Ev {
    private static final AtomicLong SEQ = new AtomicLong();

    private Ev() {}

    public static Instant t(String iso) {
        return Instant.parse(iso);
    }

    private static String nextId() {
        return "ev-" + SEQ.incrementAndGet();
    }

    public static OrderEvent.Builder order(String orderId, OrderEventType type, String at, long amountMinor) {
        return OrderEvent.newBuilder()
                .setEventId(nextId())
                .setOrderId(orderId)
                .setMerchantId("m-1")
                .setBuyerId("b-1")
                .setMarketplace("US")
                .setType(type)
                .setOccurredAt(t(at))
                .setCurrency("USD")
                .setAmountMinor(amountMinor)
                .setMaxDeliveryAt(null)
                .setDigital(false);
    }

    /** An order placed at {@code at} for {@code amountMinor}, promised by {@code maxDelivery}. */
    public static OrderEvent placed(String orderId, String at, long amountMinor, String maxDelivery) {
        return order(orderId, OrderEventType.PLACED, at, amountMinor)
                .setMaxDeliveryAt(maxDelivery == null ? null : t(maxDelivery))
                .build();
    }

    public static OrderEvent charged(String orderId, String at, long amountMinor) {
        return order(orderId, OrderEventType.CHARGED, at, amountMinor).build();
    }

    public static OrderEvent cancelled(String orderId, String at) {
        return order(orderId, OrderEventType.CANCELLED, at, 0).build();
    }

    public static ShipmentEvent shipment(String orderId, String shipmentId, ShipmentEventType type, String at) {
        return ShipmentEvent.newBuilder()
                .setEventId(nextId())
                .setOrderId(orderId)
                .setShipmentId(shipmentId)
                .setType(type)
                .setOccurredAt(t(at))
                .setCarrier("UPS")
                .setTrackingId("1Z" + shipmentId)
                .build();
    }

    public static ShipmentEvent shipped(String orderId, String shipmentId, String at) {
        return shipment(orderId, shipmentId, ShipmentEventType.SHIPPED, at);
    }

    public static ShipmentEvent delivered(String orderId, String shipmentId, String at) {
        return shipment(orderId, shipmentId, ShipmentEventType.DELIVERED, at);
    }

    public static ReturnEvent returnRequested(
            String orderId, String returnId, String at, ReturnReason reason, Long amount) {
        return ReturnEvent.newBuilder()
                .setEventId(nextId())
                .setOrderId(orderId)
                .setReturnId(returnId)
                .setType(ReturnEventType.REQUESTED)
                .setOccurredAt(t(at))
                .setReason(reason)
                .setAmountMinor(amount)
                .build();
    }

    public static ReturnEvent returnEvent(String orderId, String returnId, ReturnEventType type, String at) {
        return ReturnEvent.newBuilder()
                .setEventId(nextId())
                .setOrderId(orderId)
                .setReturnId(returnId)
                .setType(type)
                .setOccurredAt(t(at))
                .setReason(null)
                .setAmountMinor(null)
                .build();
    }

    public static RefundEvent refund(String orderId, String refundId, String at, long amountMinor) {
        return RefundEvent.newBuilder()
                .setEventId(nextId())
                .setOrderId(orderId)
                .setRefundId(refundId)
                .setOccurredAt(t(at))
                .setAmountMinor(amountMinor)
                .setCurrency("USD")
                .build();
    }

    public static DisputeEvent dispute(
            String orderId, String disputeId, DisputeEventType type, String at, String reason) {
        return DisputeEvent.newBuilder()
                .setEventId(nextId())
                .setOrderId(orderId)
                .setDisputeId(disputeId)
                .setType(type)
                .setOccurredAt(t(at))
                .setReason(reason)
                .setAmountMinor(null)
                .build();
    }

    public static DisputeEvent dispute(String orderId, String disputeId, DisputeEventType type, String at) {
        return dispute(orderId, disputeId, type, at, null);
    }

    public static MerchantPolicy policy(
            String merchantId, boolean acceptsReturns, int returnWindowDays, int refundWithinDays, String updatedAt) {
        return MerchantPolicy.newBuilder()
                .setMerchantId(merchantId)
                .setAcceptsReturns(acceptsReturns)
                .setReturnWindowDays(returnWindowDays)
                .setRefundWithinDays(refundWithinDays)
                .setUpdatedAt(t(updatedAt))
                .build();
    }
}
