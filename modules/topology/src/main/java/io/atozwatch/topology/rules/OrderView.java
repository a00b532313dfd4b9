package io.atozwatch.topology.rules;

import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.events.ShipmentEventType;
import io.atozwatch.state.CaseEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * What an order's events say, folded in event-time order. Built from the case's sorted events;
 * {@link #asOf(Instant)} gives the same view restricted to what had occurred by an instant, which is
 * how time-based rules ask "was it delivered by the due date?" whatever order the events arrived in.
 */
public final class OrderView {

    /** A money movement at an instant. */
    public record Amount(String eventId, String ref, Instant at, long amountMinor) {}

    public static final class Shipment {
        public final String shipmentId;
        public Instant shippedAt;
        public Instant deliveredAt;
        /** Whether its SHIPPED event names a tracking id. */
        public boolean tracked;

        Shipment(String shipmentId) {
            this.shipmentId = shipmentId;
        }
    }

    public static final class Return {
        public final String returnId;
        public Instant requestedAt;
        public ReturnReason reason;
        public Long amountMinor;
        public Instant authorizedAt;
        public Instant rejectedAt;
        public Instant receivedAt;

        Return(String returnId) {
            this.returnId = returnId;
        }
    }

    public static final class Dispute {
        public final String disputeId;
        public Instant claimFiledAt;
        public String claimReason;
        public Long claimAmountMinor;
        /** First CLAIM_RESPONDED, GRANTED, DENIED or WITHDRAWN. */
        public Instant claimAnsweredAt;

        public DisputeEventType claimAnswer;
        /** The claim's final state: GRANTED, DENIED or WITHDRAWN (null while open or only responded). */
        public DisputeEventType claimOutcome;

        public Instant claimClosedAt;
        public Instant chargebackFiledAt;
        public Long chargebackAmountMinor;
        /** First CHARGEBACK_RESPONDED, WON or LOST. */
        public Instant chargebackAnsweredAt;

        public DisputeEventType chargebackAnswer;
        /** WON or LOST. */
        public DisputeEventType chargebackOutcome;

        public Instant chargebackClosedAt;

        Dispute(String disputeId) {
            this.disputeId = disputeId;
        }
    }

    private final List<CaseEvent> events;
    private OrderEvent placed;
    private Instant cancelledAt;
    private final List<Amount> charges = new ArrayList<>();
    private final Map<String, Shipment> shipments = new LinkedHashMap<>();
    private final Map<String, Return> returns = new LinkedHashMap<>();
    private final List<Amount> refunds = new ArrayList<>();
    private final Map<String, Dispute> disputes = new LinkedHashMap<>();
    private Instant firstBuyerContactAt;
    private String firstBuyerContactId;

    private OrderView(List<CaseEvent> sortedEvents) {
        this.events = sortedEvents;
        sortedEvents.forEach(e -> fold(e.getEvent()));
    }

    /** @param sortedEvents the case's events, sorted by occurredAt */
    public static OrderView of(List<CaseEvent> sortedEvents) {
        return new OrderView(sortedEvents);
    }

    /** The view as it stood at {@code instant}: only events that had occurred by then (inclusive). */
    public OrderView asOf(Instant instant) {
        List<CaseEvent> upTo = new ArrayList<>();
        for (CaseEvent e : events) {
            if (occurredAt(e.getEvent()).isAfter(instant)) {
                break;
            }
            upTo.add(e);
        }
        return new OrderView(upTo);
    }

    private void fold(Object event) {
        if (event instanceof OrderEvent o) {
            if (o.getType() == OrderEventType.PLACED && placed == null) {
                placed = o;
            } else if (o.getType() == OrderEventType.CHARGED) {
                charges.add(new Amount(o.getEventId(), o.getOrderId(), o.getOccurredAt(), o.getAmountMinor()));
            } else if (o.getType() == OrderEventType.CANCELLED && cancelledAt == null) {
                cancelledAt = o.getOccurredAt();
            }
        } else if (event instanceof ShipmentEvent s) {
            Shipment sh = shipments.computeIfAbsent(s.getShipmentId(), Shipment::new);
            if (s.getType() == ShipmentEventType.SHIPPED && sh.shippedAt == null) {
                sh.shippedAt = s.getOccurredAt();
                sh.tracked = s.getTrackingId() != null && !s.getTrackingId().isBlank();
            } else if (s.getType() == ShipmentEventType.DELIVERED && sh.deliveredAt == null) {
                sh.deliveredAt = s.getOccurredAt();
            }
        } else if (event instanceof ReturnEvent r) {
            foldReturn(r);
        } else if (event instanceof RefundEvent r) {
            // Money in another currency than the order's cannot be set against what the order owes: it is not
            // counted (no exchange rate is known here); the refund stays in the case, for the record.
            if (placed == null || placed.getCurrency().equals(r.getCurrency())) {
                refunds.add(new Amount(r.getEventId(), r.getRefundId(), r.getOccurredAt(), r.getAmountMinor()));
            }
        } else if (event instanceof DisputeEvent d) {
            foldDispute(d);
        }
    }

    private void foldReturn(ReturnEvent r) {
        Return ret = returns.computeIfAbsent(r.getReturnId(), Return::new);
        switch (r.getType()) {
            case REQUESTED -> {
                if (ret.requestedAt == null) {
                    ret.requestedAt = r.getOccurredAt();
                    ret.reason = r.getReason();
                    ret.amountMinor = r.getAmountMinor();
                }
            }
            case AUTHORIZED -> ret.authorizedAt = first(ret.authorizedAt, r.getOccurredAt());
            case REJECTED -> ret.rejectedAt = first(ret.rejectedAt, r.getOccurredAt());
            case RECEIVED -> ret.receivedAt = first(ret.receivedAt, r.getOccurredAt());
        }
    }

    private void foldDispute(DisputeEvent d) {
        Dispute dis = disputes.computeIfAbsent(d.getDisputeId(), Dispute::new);
        Instant at = d.getOccurredAt();
        switch (d.getType()) {
            case BUYER_CONTACTED_MERCHANT -> {
                if (firstBuyerContactAt == null) {
                    firstBuyerContactAt = at;
                    firstBuyerContactId = d.getDisputeId();
                }
            }
            case CLAIM_FILED -> {
                if (dis.claimFiledAt == null) {
                    dis.claimFiledAt = at;
                    dis.claimReason = d.getReason();
                    dis.claimAmountMinor = d.getAmountMinor();
                }
            }
            case CLAIM_RESPONDED, CLAIM_GRANTED, CLAIM_DENIED, CLAIM_WITHDRAWN -> {
                if (dis.claimAnsweredAt == null) {
                    dis.claimAnsweredAt = at;
                    dis.claimAnswer = d.getType();
                }
                if (d.getType() != DisputeEventType.CLAIM_RESPONDED) {
                    dis.claimOutcome = d.getType();
                    dis.claimClosedAt = at;
                }
            }
            case CHARGEBACK_FILED -> {
                if (dis.chargebackFiledAt == null) {
                    dis.chargebackFiledAt = at;
                    dis.chargebackAmountMinor = d.getAmountMinor();
                }
            }
            case CHARGEBACK_RESPONDED, CHARGEBACK_WON, CHARGEBACK_LOST -> {
                if (dis.chargebackAnsweredAt == null) {
                    dis.chargebackAnsweredAt = at;
                    dis.chargebackAnswer = d.getType();
                }
                if (d.getType() != DisputeEventType.CHARGEBACK_RESPONDED) {
                    dis.chargebackOutcome = d.getType();
                    dis.chargebackClosedAt = at;
                }
            }
        }
    }

    private static Instant first(Instant current, Instant candidate) {
        return current == null ? candidate : current;
    }

    /** When an order event occurred: every event record has an {@code occurredAt}. */
    public static Instant occurredAt(Object event) {
        return (Instant) field(event, "occurredAt");
    }

    /** An order event's id: every event record has an {@code eventId}. */
    public static String eventId(Object event) {
        return (String) field(event, "eventId");
    }

    private static Object field(Object event, String name) {
        if (!(event instanceof SpecificRecord r) || r.getSchema().getField(name) == null) {
            throw new IllegalArgumentException("not an order event: " + event);
        }
        return r.get(r.getSchema().getField(name).pos());
    }

    // --- what the rules ask ---

    public boolean isPlaced() {
        return placed != null;
    }

    /** The PLACED event (null while unknown). */
    public OrderEvent placed() {
        return placed;
    }

    public Instant placedAt() {
        return placed == null ? null : placed.getOccurredAt();
    }

    public long authorisedMinor() {
        return placed == null ? 0 : placed.getAmountMinor();
    }

    public Instant maxDeliveryAt() {
        return placed == null ? null : placed.getMaxDeliveryAt();
    }

    public boolean isDigital() {
        return placed != null && placed.getDigital();
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }

    public List<Amount> charges() {
        return Collections.unmodifiableList(charges);
    }

    public Collection<Shipment> shipments() {
        return Collections.unmodifiableCollection(shipments.values());
    }

    /**
     * Delivered when every shipment that was SHIPPED has a DELIVERED event (a DELIVERED for an unseen
     * shipment counts as one), and there is at least one.
     */
    public boolean isDelivered() {
        if (shipments.isEmpty()) {
            return false;
        }
        for (Shipment s : shipments.values()) {
            if (s.deliveredAt == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every shipment known (whenever it was shipped) was delivered by {@code instant}: a parcel
     * shipped after the instant means the order was not all received by then.
     */
    public boolean deliveredBy(Instant instant) {
        return isDelivered() && !deliveredAt().isAfter(instant);
    }

    /** The latest DELIVERED instant when delivered, else null. */
    public Instant deliveredAt() {
        Instant latest = null;
        for (Shipment s : shipments.values()) {
            if (s.deliveredAt == null) {
                return null; // not delivered (yet)
            }
            if (latest == null || s.deliveredAt.isAfter(latest)) {
                latest = s.deliveredAt;
            }
        }
        return latest;
    }

    public Collection<Return> returns() {
        return Collections.unmodifiableCollection(returns.values());
    }

    public List<Amount> refunds() {
        return Collections.unmodifiableList(refunds);
    }

    /** Refunds that had occurred by {@code instant} (inclusive), summed. */
    public long refundedBy(Instant instant) {
        return refunds.stream()
                .filter(r -> !r.at().isAfter(instant))
                .mapToLong(Amount::amountMinor)
                .sum();
    }

    /** The value of a return: its requested amount, or the whole order when the request named none. */
    public long returnedAmount(Return r) {
        return r.amountMinor != null ? r.amountMinor : authorisedMinor();
    }

    public Collection<Dispute> disputes() {
        return Collections.unmodifiableCollection(disputes.values());
    }

    /** The first chargeback filed on the order, if any. */
    public Dispute firstChargeback() {
        return disputes.values().stream()
                .filter(d -> d.chargebackFiledAt != null)
                .min((a, b) -> a.chargebackFiledAt.compareTo(b.chargebackFiledAt))
                .orElse(null);
    }

    public Instant firstBuyerContactAt() {
        return firstBuyerContactAt;
    }

    public String firstBuyerContactId() {
        return firstBuyerContactId;
    }

    public List<CaseEvent> events() {
        return Collections.unmodifiableList(events);
    }
}
