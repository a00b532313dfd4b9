package io.atozwatch.topology.cases;

import io.atozwatch.events.BreachStatus;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.DeadlineOutcome;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.OrderCase;
import io.atozwatch.state.OrderFigures;
import io.atozwatch.state.PolicySnapshot;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.deadlines.Deadlines;
import io.atozwatch.topology.merchants.OrderContribution;
import io.atozwatch.topology.rules.Coverage;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.rules.RuleContext;
import io.atozwatch.topology.stores.RecordCopy;
import io.atozwatch.topology.time.Durations;
import io.atozwatch.topology.warnings.Warnings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The case logic, free of Kafka: adds an event to an order's case, then judges the case up to an
 * instant (the pipeline's watermark) — verdicts, deadlines, notifications, what the order adds to its
 * merchant's figures, what to set aside, when to look again, and whether the case can be forgotten.
 *
 * <p>A case is judged at every instant that matters, in time order: each event's {@code occurredAt}
 * and each instant the rules asked to be woken at (a due date, a reminder, the end of the filing
 * window), each time with only what had occurred by then. So what it says is a function of the order's
 * own events, whenever and however often it is looked at, and whatever other orders' events were read
 * in between. An event that arrives after the case was judged past the instant it occurred at is late:
 * the case is judged again at once with it, which may void a verdict or retract a breach.
 */
public final class CaseReconciler {

    /** An event set aside, with why. */
    public record Rejected(CaseEvent event, String reason) {}

    /** A record to emit, with the event-time instant it is stamped with. */
    public record Stamped<T>(T value, Instant at) {}

    /** Everything one call produced. {@code delete}: the case can no longer change anything. */
    public record Result(
            List<Stamped<ClaimEligibility>> verdicts,
            List<Stamped<DeadlineBreach>> breaches,
            List<MerchantNotification> notifications,
            List<Rejected> rejected,
            List<MerchantFacts> merchantFacts,
            Instant nextWakeAt,
            boolean delete) {

        static Result empty(Instant nextWakeAt) {
            return new Result(List.of(), List.of(), List.of(), List.of(), List.of(), nextWakeAt, false);
        }
    }

    /** The merchants' return policies, as the policies store has them now. */
    public interface Policies {
        /** The merchant's policy: its published one, or the default. */
        PolicySnapshot current(String merchantId);

        /** The merchant's published policy if it was updated at or before {@code instant}; null if there is none. */
        PolicySnapshot publishedBy(String merchantId, Instant instant);
    }

    /** {@link #snapshot}: it shares the events and notices with the case instead of copying them. */
    private static final UnaryOperator<OrderCase> SNAPSHOT = RecordCopy.copier(
            OrderCase.class,
            Map.of(
                    "events",
                    events -> {
                        List<Object> copy = new ArrayList<>(((List<?>) events).size());
                        for (Object e : (List<?>) events) {
                            copy.add(((CaseEvent) e).getRaw() == null ? e : RecordCopy.of((CaseEvent) e));
                        }
                        return copy;
                    },
                    "notifications",
                    notices -> new ArrayList<>((List<?>) notices)));

    private final PipelineConfig config;
    private final Policies policies;

    public CaseReconciler(PipelineConfig config, Policies policies) {
        this.config = config;
        this.policies = policies;
    }

    public static OrderCase newCase(String orderId) {
        return OrderCase.newBuilder()
                .setOrderId(orderId)
                .setEvents(new ArrayList<>())
                .setWaitingSince(null)
                .setVerdicts(new ArrayList<>())
                .setDeadlines(new ArrayList<>())
                .setNotifications(new ArrayList<>())
                .build();
    }

    /**
     * Forgets the events' records as received. An event so changed is a new one in the list, never the same one
     * changed: a {@link #snapshot} shares the events with the case.
     */
    private static void dropKeptBytes(List<CaseEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            CaseEvent e = events.get(i);
            if (e.getRaw() != null) {
                events.set(
                        i,
                        new CaseEvent(
                                e.getSourceTopic(),
                                e.getSourcePartition(),
                                e.getSourceOffset(),
                                e.getEvent(),
                                null,
                                e.getPart()));
            }
        }
    }

    /**
     * A copy of {@code c} to put back if a step fails half-way. It shares the events and the notices sent, the
     * largest part of a case, which no step changes once they are in it (an event whose kept bytes are dropped is
     * replaced: {@link #dropKeptBytes}; a notice is only ever added), and copies the rest, and each event still
     * holding its bytes as received.
     */
    public static OrderCase snapshot(OrderCase c) {
        return SNAPSHOT.apply(c);
    }

    /**
     * Adds {@code event}, not in the case yet (see {@link #contains}), in event-time order (ties keep arrival
     * order), noting whether it is late (it occurred at or before an instant the case was already judged at).
     */
    public static void insert(OrderCase c, CaseEvent event) {
        List<CaseEvent> events = c.getEvents();
        Instant at = OrderView.occurredAt(event.getEvent());
        int i = events.size();
        while (i > 0 && OrderView.occurredAt(events.get(i - 1).getEvent()).isAfter(at)) {
            i--;
        }
        events.add(i, event);
        if (c.getJudgedUpTo() != null && !at.isAfter(c.getJudgedUpTo())) {
            c.setLateEvents(true);
        }
    }

    /** Whether the case already has an event with {@code event}'s eventId (a duplicate). */
    public static boolean contains(OrderCase c, CaseEvent event) {
        String id = OrderView.eventId(event.getEvent());
        for (CaseEvent e : c.getEvents()) {
            if (OrderView.eventId(e.getEvent()).equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** Judges the case at every instant that matters up to {@code now}. Mutates the case; the caller stores or deletes it. */
    public Result reconcile(OrderCase c, Instant now) {
        OrderView all = OrderView.of(c.getEvents());
        if (!all.isPlaced()) {
            return awaitPlaced(c, now);
        }
        Instant closeAt = closesAt(all);
        if (c.getPolicy() == null) {
            if (!now.isBefore(closeAt)) {
                return rejectAll(
                        c,
                        "order " + c.getOrderId() + " is past its filing window (closed at " + closeAt
                                + "): its events can no longer change anything");
            }
            c.setPolicy(policies.current(all.placed().getMerchantId()));
            c.setWaitingSince(null);
            dropKeptBytes(c.getEvents()); // the case can no longer set its events aside
        } else if (!c.getPolicy().getPublished()) {
            // The default was taken because the merchant's policy had not reached the policies store yet (it is
            // read apart from the orders, and published while they are read): the policy in force when the order
            // was placed applies, from the first judgement after it has arrived.
            PolicySnapshot late =
                    policies.publishedBy(all.placed().getMerchantId(), OrderView.occurredAt(all.placed()));
            if (late != null) {
                c.setPolicy(late);
            }
        }
        Output out = new Output();
        Instant judged = c.getJudgedUpTo();
        if (judged != null && c.getLateEvents()) {
            judgeAt(c, all, judged, closeAt, out); // corrections: what arrived late, as of the instant judged up to
        }
        c.setLateEvents(false);
        for (Instant next = nextInstant(c, judged); next != null && !next.isAfter(now); next = nextInstant(c, judged)) {
            judgeAt(c, all, next, closeAt, out);
            judged = next;
            c.setJudgedUpTo(next);
        }
        boolean allClosed = c.getDeadlines().stream().noneMatch(d -> d.getOutcome() == DeadlineOutcome.OPEN);
        // A case with an open dispute stays until its outcome arrives: it still counts in its merchant's reserve.
        boolean delete = allClosed
                && judged != null
                && !judged.isBefore(closeAt)
                && OrderContribution.unresolvedDisputes(all) == 0;
        if (delete) {
            forget(c, all, judged, out);
        }
        Instant next = delete ? null : nextInstant(c, judged);
        c.setNextWakeAt(next);
        return new Result(out.verdicts, out.breaches, out.notifications, List.of(), out.facts, next, delete);
    }

    /** The case at instant {@code t}, with what had occurred by then. */
    private void judgeAt(OrderCase c, OrderView all, Instant t, Instant closeAt, Output out) {
        OrderView view = all.asOf(t);
        if (!view.isPlaced()) {
            return; // events that occurred before the order was placed: nothing to judge yet
        }
        RuleContext ctx = new RuleContext(view, c.getPolicy(), config, t);
        Coverage.Outcome coverage = Coverage.assess(ctx, c.getVerdicts());
        Deadlines.Outcome deadlines = Deadlines.track(ctx, c.getDeadlines(), c.getNotifications());
        Warnings.Outcome warnings = Warnings.track(ctx, c.getNotifications());
        for (ClaimEligibility v : coverage.verdicts()) {
            out.verdicts.add(new Stamped<>(v, v.getStatus() == EligibilityStatus.ELIGIBLE ? v.getDetectedAt() : t));
        }
        for (DeadlineBreach b : deadlines.breaches()) {
            out.breaches.add(new Stamped<>(b, b.getStatus() == BreachStatus.BREACHED ? b.getDueAt() : t));
        }
        out.notifications.addAll(deadlines.notifications());
        out.notifications.addAll(warnings.notifications());
        Instant wake = earliest(earliest(coverage.nextWakeAt(), deadlines.nextWakeAt()), warnings.nextWakeAt());
        c.setRuleWakeAt(earliest(wake, t.isBefore(closeAt) ? closeAt : null));
        OrderFigures figures =
                OrderContribution.of(view, c, t, config.warnings().returnDefectAfter());
        if (c.getFigures() == null || !OrderContribution.same(c.getFigures(), figures)) {
            out.facts.add(fact(c, view, t, figures));
        }
    }

    /** The case is forgotten: what it counted stays in its merchant's figures, its open disputes close. */
    private void forget(OrderCase c, OrderView all, Instant t, Output out) {
        if (c.getFigures() != null) {
            out.facts.add(fact(c, all, t, OrderContribution.forgotten(c.getFigures())));
        }
    }

    private static MerchantFacts fact(OrderCase c, OrderView view, Instant t, OrderFigures now) {
        MerchantFacts f = MerchantFacts.newBuilder()
                .setMerchantId(view.placed().getMerchantId())
                .setOrderId(c.getOrderId())
                .setAt(t)
                .setSequence(c.getFactSequence() + 1)
                .setPrevious(c.getFigures())
                .setCurrent(now)
                .setMarketplace(view.placed().getMarketplace())
                .build();
        c.setFactSequence(c.getFactSequence() + 1);
        c.setFigures(now);
        return f;
    }

    /** The next instant after {@code judged} at which the case must be judged: a wake-up, or an event not yet judged. */
    private static Instant nextInstant(OrderCase c, Instant judged) {
        Instant wake = c.getRuleWakeAt();
        if (wake != null && judged != null && !wake.isAfter(judged)) {
            wake = null;
        }
        return earliest(wake, firstEventAfter(c.getEvents(), judged));
    }

    /** The earliest occurredAt after {@code instant} (any, if null); the events are sorted. */
    private static Instant firstEventAfter(List<CaseEvent> events, Instant instant) {
        for (CaseEvent e : events) {
            Instant at = OrderView.occurredAt(e.getEvent());
            if (instant == null || at.isAfter(instant)) {
                return at;
            }
        }
        return null;
    }

    /** When nothing can change the case any more: the filing window after the promised delivery. */
    Instant closesAt(OrderView view) {
        Instant base = view.maxDeliveryAt() != null ? view.maxDeliveryAt() : view.placedAt();
        return base.plus(config.coverage().filingWindow());
    }

    /** No PLACED yet: the events wait for it until the orphan horizon, counted from the earliest of them. */
    private Result awaitPlaced(OrderCase c, Instant now) {
        Instant since = OrderView.occurredAt(c.getEvents().get(0).getEvent());
        c.setWaitingSince(since);
        Instant horizon = since.plus(config.orphanHorizon());
        if (!now.isBefore(horizon)) {
            return rejectAll(
                    c,
                    "no PLACED event for order " + c.getOrderId() + " arrived within "
                            + Durations.inWords(config.orphanHorizon()) + " of event time after its earliest event ("
                            + since + ")");
        }
        c.setNextWakeAt(horizon);
        return Result.empty(horizon);
    }

    private static Result rejectAll(OrderCase c, String reason) {
        List<Rejected> rejected =
                c.getEvents().stream().map(e -> new Rejected(e, reason)).toList();
        c.setNextWakeAt(null);
        return new Result(List.of(), List.of(), List.of(), rejected, List.of(), null, true);
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /** What the judgements of one call add up to. */
    private static final class Output {
        final List<Stamped<ClaimEligibility>> verdicts = new ArrayList<>();
        final List<Stamped<DeadlineBreach>> breaches = new ArrayList<>();
        final List<MerchantNotification> notifications = new ArrayList<>();
        final List<MerchantFacts> facts = new ArrayList<>();
    }
}
