package io.atozwatch.topology.merchants;

import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DeadlineKind;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.state.DeadlineOutcome;
import io.atozwatch.state.DeadlineState;
import io.atozwatch.state.FigureEntry;
import io.atozwatch.state.OrderCase;
import io.atozwatch.state.OrderFigures;
import io.atozwatch.state.PerformanceMetric;
import io.atozwatch.state.VerdictState;
import io.atozwatch.topology.rules.OrderView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one order adds to its merchant's figures, each entry dated by the day it counts on: the order
 * and its defect by order date (ODR counts by order date, one defect per order at most), deliveries by
 * delivery date, chargebacks and breaches by event date, sales by charge date. Recomputed from the case
 * on every change; the merchant's side subtracts what the order added before.
 */
public final class OrderContribution {
    private static final long SECONDS_PER_DAY = 86_400;

    private OrderContribution() {}

    /**
     * @param t                 the instant the case is judged at ({@code v} is the order as it stood then)
     * @param returnDefectAfter how long a return request may stay unanswered before it counts against the merchant
     */
    public static OrderFigures of(OrderView v, OrderCase c, Instant t, Duration returnDefectAfter) {
        List<FigureEntry> entries = new ArrayList<>();
        int orderDay = day(v.placedAt());
        add(entries, PerformanceMetric.ORDERS, orderDay, 1);
        if (hasDefect(v)) {
            add(entries, PerformanceMetric.DEFECTS, orderDay, 1);
        }
        if (v.cancelledAt() != null) {
            add(entries, PerformanceMetric.MERCHANT_CANCELS, orderDay, 1);
        }
        Instant firstShipped = firstShipped(v);
        if (v.cancelledAt() != null && (firstShipped == null || firstShipped.isAfter(v.cancelledAt()))) {
            add(entries, PerformanceMetric.PRE_FULFILMENT_CANCELS, orderDay, 1);
        }
        Instant shipBy = v.placed().getShipBy();
        if (shipBy != null) {
            add(entries, PerformanceMetric.SHIP_BY_ORDERS, orderDay, 1);
            if (firstShipped != null && firstShipped.isAfter(shipBy)) {
                add(entries, PerformanceMetric.LATE_SHIPMENTS, orderDay, 1);
            }
        }
        for (OrderView.Shipment sh : v.shipments()) {
            if (sh.shippedAt != null) {
                add(entries, PerformanceMetric.SHIPMENTS, day(sh.shippedAt), 1);
                if (sh.tracked) {
                    add(entries, PerformanceMetric.TRACKED_SHIPMENTS, day(sh.shippedAt), 1);
                }
            }
        }
        Instant delivered = v.deliveredAt();
        if (delivered != null && v.maxDeliveryAt() != null) { // tracked deliveries: those with a promise
            add(entries, PerformanceMetric.DELIVERIES, day(delivered), 1);
            add(
                    entries,
                    delivered.isAfter(v.maxDeliveryAt())
                            ? PerformanceMetric.LATE_DELIVERIES
                            : PerformanceMetric.ON_TIME_DELIVERIES,
                    day(delivered),
                    1);
        }
        for (VerdictState verdict : c.getVerdicts()) {
            if (verdict.getStatus() != EligibilityStatus.ELIGIBLE) {
                continue;
            }
            if (verdict.getCondition() == CoverageCondition.NOT_RECEIVED) {
                add(entries, PerformanceMetric.NOT_RECEIVED, day(verdict.getDetectedAt()), 1);
            } else if (verdict.getCondition() == CoverageCondition.RETURN_REFUSED) {
                add(entries, PerformanceMetric.RETURN_REFUSALS, day(verdict.getDetectedAt()), 1);
            }
        }
        boolean refusedAgainstPolicy = c.getVerdicts().stream()
                .anyMatch(x -> x.getStatus() == EligibilityStatus.ELIGIBLE
                        && x.getCondition() == CoverageCondition.RETURN_REFUSED);
        for (OrderView.Return r : v.returns()) {
            if (r.requestedAt != null) {
                add(entries, PerformanceMetric.RETURN_REQUESTS, day(r.requestedAt), 1);
                if (dissatisfied(r, refusedAgainstPolicy, c, t, returnDefectAfter)) {
                    add(entries, PerformanceMetric.DISSATISFIED_RETURNS, day(r.requestedAt), 1);
                }
            }
        }
        for (DeadlineState d : c.getDeadlines()) {
            if (d.getOutcome() == DeadlineOutcome.BREACHED && d.getKind() == DeadlineKind.CLAIM_RESPONSE) {
                add(entries, PerformanceMetric.CLAIM_RESPONSE_BREACHES, day(d.getDueAt()), 1);
            } else if (d.getOutcome() == DeadlineOutcome.BREACHED && d.getKind() == DeadlineKind.REFUND_AFTER_RETURN) {
                add(entries, PerformanceMetric.REFUND_BREACHES, day(d.getDueAt()), 1);
            }
        }
        for (OrderView.Dispute d : v.disputes()) {
            if (d.chargebackFiledAt != null) {
                add(entries, PerformanceMetric.CHARGEBACKS, day(d.chargebackFiledAt), 1);
            }
        }
        for (OrderView.Amount charge : v.charges()) {
            add(entries, PerformanceMetric.SALES, day(charge.at()), charge.amountMinor());
        }
        return OrderFigures.newBuilder()
                .setCurrency(v.placed().getCurrency())
                .setPlacedAt(v.placedAt())
                .setUnresolvedDisputeMinor(unresolvedDisputes(v))
                .setEntries(entries)
                .build();
    }

    /** When the first parcel of the order was shipped, if any was. */
    static Instant firstShipped(OrderView v) {
        Instant first = null;
        for (OrderView.Shipment sh : v.shipments()) {
            if (sh.shippedAt != null && (first == null || sh.shippedAt.isBefore(first))) {
                first = sh.shippedAt;
            }
        }
        return first;
    }

    /**
     * A return request the buyer was not satisfied with (Return Dissatisfaction Rate): refused against the
     * merchant's policy, not answered (authorized, rejected or received) within {@code defectAfter}, or not
     * refunded by its deadline.
     */
    static boolean dissatisfied(
            OrderView.Return r, boolean refusedAgainstPolicy, OrderCase c, Instant t, Duration defectAfter) {
        if (r.rejectedAt != null && refusedAgainstPolicy) {
            return true;
        }
        Instant answerDue = r.requestedAt.plus(defectAfter);
        Instant answered = earliest(earliest(r.authorizedAt, r.rejectedAt), r.receivedAt);
        if (!t.isBefore(answerDue) && (answered == null || answered.isAfter(answerDue))) {
            return true;
        }
        for (DeadlineState d : c.getDeadlines()) {
            if (d.getKind() == DeadlineKind.REFUND_AFTER_RETURN
                    && d.getOutcome() == DeadlineOutcome.BREACHED
                    && d.getReferenceId().equals(r.returnId)) {
                return true;
            }
        }
        return false;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    /** A defect: an A-to-z claim not denied or withdrawn, or a chargeback. At most one per order. */
    static boolean hasDefect(OrderView v) {
        for (OrderView.Dispute d : v.disputes()) {
            if (d.chargebackFiledAt != null) {
                return true;
            }
            if (d.claimFiledAt != null
                    && d.claimOutcome != DisputeEventType.CLAIM_DENIED
                    && d.claimOutcome != DisputeEventType.CLAIM_WITHDRAWN) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the buyer may still get back through an open dispute (the order's amount when the dispute names
     * none). The buyer is made whole once: a chargeback takes the order out of the A-to-z Guarantee, so once
     * one is filed only open chargebacks count, and claims only on an order without one; of several open
     * disputes of one kind, the largest.
     */
    public static long unresolvedDisputes(OrderView v) {
        long chargebacks = 0;
        long claims = 0;
        boolean chargebackFiled = false;
        for (OrderView.Dispute d : v.disputes()) {
            chargebackFiled |= d.chargebackFiledAt != null;
            if (d.claimFiledAt != null && d.claimOutcome == null) {
                claims = Math.max(claims, d.claimAmountMinor != null ? d.claimAmountMinor : v.authorisedMinor());
            }
            if (d.chargebackFiledAt != null && d.chargebackOutcome == null) {
                chargebacks = Math.max(
                        chargebacks, d.chargebackAmountMinor != null ? d.chargebackAmountMinor : v.authorisedMinor());
            }
        }
        return chargebackFiled ? chargebacks : claims;
    }

    /** The figures of a case that is being forgotten: what it counted stays, its open disputes close. */
    public static OrderFigures forgotten(OrderFigures last) {
        return OrderFigures.newBuilder(last).setUnresolvedDisputeMinor(0).build();
    }

    /**
     * Whether two contributions count the same, field by field (Avro's own equals cannot compare the arrays
     * of a record read back from a store, and comparing texts would cost a JSON rendering per event).
     */
    public static boolean same(OrderFigures a, OrderFigures b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (!a.getCurrency().toString().equals(b.getCurrency().toString())
                || !a.getPlacedAt().equals(b.getPlacedAt())
                || a.getUnresolvedDisputeMinor() != b.getUnresolvedDisputeMinor()
                || a.getEntries().size() != b.getEntries().size()) {
            return false;
        }
        for (int i = 0; i < a.getEntries().size(); i++) {
            FigureEntry x = a.getEntries().get(i);
            FigureEntry y = b.getEntries().get(i);
            if (x.getMetric() != y.getMetric() || x.getDay() != y.getDay() || x.getAmount() != y.getAmount()) {
                return false;
            }
        }
        return true;
    }

    /** The UTC day {@code instant} falls on, as days since the epoch ({@code LocalDate.toEpochDay}). */
    public static int day(Instant instant) {
        return (int) Math.floorDiv(instant.getEpochSecond(), SECONDS_PER_DAY);
    }

    private static void add(List<FigureEntry> entries, PerformanceMetric metric, int day, long amount) {
        entries.add(new FigureEntry(metric, day, amount));
    }
}
