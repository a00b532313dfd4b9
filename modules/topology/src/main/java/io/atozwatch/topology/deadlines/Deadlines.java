package io.atozwatch.topology.deadlines;

import io.atozwatch.events.BreachStatus;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.state.DeadlineOutcome;
import io.atozwatch.state.DeadlineState;
import io.atozwatch.state.SentNotification;
import io.atozwatch.topology.notices.Messages;
import io.atozwatch.topology.notices.Text;
import io.atozwatch.topology.rules.RuleContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the merchant's deadline clocks over a case. Each deadline is met, or breached exactly once at
 * its due instant (the breach carries the due instant, whenever the check ran). The merchant is told
 * when each clock starts (a delivery promise, a refund after a return, a claim or chargeback response),
 * reminded before it is due while still open, and told of every breach.
 */
public final class Deadlines {

    public static final List<DeadlineRule> RULES = List.of(
            new DeliveryPromiseDeadline(), new RefundAfterReturnDeadline(),
            new ClaimResponseDeadline(), new ChargebackResponseDeadline());

    public record Outcome(
            List<DeadlineBreach> breaches, List<MerchantNotification> notifications, Instant nextWakeAt) {}

    private Deadlines() {}

    /**
     * @param states the deadlines known so far; updated in place
     * @param sent   the notifications already sent; appended to
     */
    public static Outcome track(RuleContext ctx, List<DeadlineState> states, List<SentNotification> sent) {
        List<DeadlineBreach> breaches = new ArrayList<>();
        List<MerchantNotification> notes = new ArrayList<>();
        Instant nextWake = null;
        for (DeadlineRule rule : RULES) {
            for (DeadlineClock clock : rule.clocks(ctx)) {
                DeadlineState s = find(states, clock);
                if (s == null) {
                    s = DeadlineState.newBuilder()
                            .setKind(clock.kind())
                            .setReferenceId(clock.referenceId())
                            .setStartedAt(clock.startedAt())
                            .setDueAt(clock.dueAt())
                            .setOutcome(DeadlineOutcome.OPEN)
                            .setBreachEmitted(false)
                            .build();
                    states.add(s);
                }
                Instant wake = advance(ctx, clock, s, breaches, notes, sent);
                if (wake != null && (nextWake == null || wake.isBefore(nextWake))) {
                    nextWake = wake;
                }
            }
        }
        return new Outcome(breaches, notes, nextWake);
    }

    /**
     * Moves one deadline on to what the events and the time say; returns when to look again. The
     * notifications depend only on the events and the instants they name, not on when the check ran:
     * a clock first seen after its reminder instant still gets its reminder, stamped with that instant.
     */
    private static Instant advance(
            RuleContext ctx,
            DeadlineClock clock,
            DeadlineState s,
            List<DeadlineBreach> breaches,
            List<MerchantNotification> notes,
            List<SentNotification> sent) {
        s.setStartedAt(clock.startedAt());
        s.setDueAt(clock.dueAt());
        Instant remindAt = clock.dueAt().minus(ctx.config().deadlines().reminderBefore());
        notify(
                ctx,
                clock,
                NotificationKind.RESPONSE_DUE,
                clock.startedAt(),
                Text.of("deadline.due", clock.what(), clock.dueAt()),
                notes,
                sent);
        boolean openAtReminder = clock.metAt() == null || clock.metAt().isAfter(remindAt);
        if (openAtReminder && ctx.hasPassed(remindAt) && remindAt.isAfter(clock.startedAt())) {
            notify(
                    ctx,
                    clock,
                    NotificationKind.REMINDER,
                    remindAt,
                    Text.of("deadline.reminder", clock.what(), clock.dueAt()),
                    notes,
                    sent);
        }
        Instant settledAt = clock.cancelledAt() != null ? clock.cancelledAt() : clock.metAt();
        if (settledAt != null) {
            s.setOutcome(clock.cancelledAt() != null ? DeadlineOutcome.CANCELLED : DeadlineOutcome.MET);
            s.setOutcomeAt(settledAt);
            if (s.getBreachEmitted()) {
                // A late event that occurred by the due instant shows the breach was wrong.
                s.setBreachEmitted(false);
                breaches.add(breach(
                        ctx,
                        clock,
                        BreachStatus.RETRACTED,
                        "Retracted: " + inEnglish(clock.what())
                                + " was " + (clock.cancelledAt() != null ? "cancelled" : "done") + " at " + settledAt
                                + ", before the due instant " + clock.dueAt() + "."));
            }
            return null;
        }
        if (ctx.hasPassed(clock.dueAt())) {
            s.setOutcome(DeadlineOutcome.BREACHED);
            s.setOutcomeAt(clock.dueAt());
            if (!s.getBreachEmitted()) {
                s.setBreachEmitted(true);
                breaches.add(breach(
                        ctx,
                        clock,
                        BreachStatus.BREACHED,
                        "Deadline to " + inEnglish(clock.what()) + " passed unmet at " + clock.dueAt()
                                + " (clock started " + clock.startedAt() + ")."));
                notify(
                        ctx,
                        clock,
                        NotificationKind.BREACH,
                        clock.dueAt(),
                        Text.of("deadline.missed", clock.what(), clock.dueAt()),
                        notes,
                        sent);
            }
            return null;
        }
        s.setOutcome(DeadlineOutcome.OPEN);
        s.setOutcomeAt(null);
        return !ctx.hasPassed(remindAt) ? remindAt : clock.dueAt();
    }

    private static DeadlineState find(List<DeadlineState> states, DeadlineClock clock) {
        for (DeadlineState s : states) {
            if (s.getKind() == clock.kind() && s.getReferenceId().equals(clock.referenceId())) {
                return s;
            }
        }
        return null;
    }

    private static DeadlineBreach breach(
            RuleContext ctx, DeadlineClock clock, BreachStatus status, String description) {
        String orderId = ctx.view().placed().getOrderId();
        return DeadlineBreach.newBuilder()
                .setBreachId(orderId + "/" + clock.key())
                .setOrderId(orderId)
                .setMerchantId(ctx.view().placed().getMerchantId())
                .setDeadline(clock.kind())
                .setReferenceId(clock.referenceId())
                .setStartedAt(clock.startedAt())
                .setDueAt(clock.dueAt())
                .setStatus(status)
                .setDescription(description)
                .build();
    }

    /** Breach descriptions are for the record and support agents: English. */
    private static String inEnglish(Text text) {
        return Messages.ENGLISH.render(text);
    }

    private static void notify(
            RuleContext ctx,
            DeadlineClock clock,
            NotificationKind kind,
            Instant at,
            Text message,
            List<MerchantNotification> notes,
            List<SentNotification> sent) {
        OrderNotices.send(
                ctx,
                new OrderNotices.Subject(clock.key(), clock.kind(), null, clock.referenceId(), clock.dueAt()),
                kind,
                at,
                message,
                notes,
                sent);
    }
}
