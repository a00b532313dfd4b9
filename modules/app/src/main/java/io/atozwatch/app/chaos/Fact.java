package io.atozwatch.app.chaos;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.MerchantNotification;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * One order-level output as the verifier compares it: its kind, its own id (verdictId, breachId,
 * notificationId), a short label that names the order for a report, and its whole content as text.
 *
 * <p>Only what an order's own events decide is compared: verdicts, breaches, and merchant notifications
 * about an order. Merchant-level outputs (snapshots, reserve decisions, notifications without an order) also
 * depend on when the merchant side's clock saw a quiet moment, which a kill legitimately changes.
 */
record Fact(String kind, String id, String label, String text) {
    static final String VERDICTS = "verdicts";
    static final String BREACHES = "breaches";
    static final String NOTIFICATIONS = "order notifications";

    /** The fact an output record is, or empty if it is not compared. */
    static Optional<Fact> of(SpecificRecord record) {
        if (record instanceof ClaimEligibility v) {
            return Optional.of(new Fact(
                    VERDICTS,
                    v.getVerdictId(),
                    v.getOrderId() + " " + v.getCondition() + " " + v.getStatus(),
                    v.toString()));
        }
        if (record instanceof DeadlineBreach b) {
            return Optional.of(new Fact(
                    BREACHES,
                    b.getBreachId(),
                    b.getOrderId() + " " + b.getDeadline() + " " + b.getStatus(),
                    b.toString()));
        }
        if (record instanceof MerchantNotification n && n.getOrderId() != null) {
            return Optional.of(new Fact(
                    NOTIFICATIONS,
                    n.getNotificationId(),
                    n.getOrderId() + " " + n.getKind() + (n.getDeadline() == null ? "" : " " + n.getDeadline()),
                    n.toString()));
        }
        return Optional.empty();
    }
}
