package io.atozwatch.topology.cases;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.OrderFigures;
import io.atozwatch.state.DeadlineOutcome;
import io.atozwatch.state.OrderCase;
import io.atozwatch.state.PolicySnapshot;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.deadlines.Deadlines;
import io.atozwatch.topology.merchants.OrderContribution;
import io.atozwatch.topology.rules.Coverage;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.rules.RuleContext;
import io.atozwatch.topology.time.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The case logic, free of Kafka: adds an event to an order's case, then brings the case up to date
 * at a given instant — verdicts, deadlines, notifications, what to set aside, when to look again,
 * and whether the case can be forgotten. The processor around it only loads, stores and forwards.
 */
public final class CaseReconciler {

    /** An event set aside, with why. */
    public record Rejected(CaseEvent event, String reason) {}

    /** Everything one step produced. {@code delete}: the case can no longer change anything. */
    public record Result(List<ClaimEligibility> verdicts, List<DeadlineBreach> breaches,
                         List<MerchantNotification> notifications, List<Rejected> rejected,
                         MerchantFacts merchantFacts, Instant nextWakeAt, boolean delete) {}

    private final PipelineConfig config;
    private final Function<String, PolicySnapshot> policies;

    /** @param policies the merchant's current policy (published, or the default), by merchant id */
    public CaseReconciler(PipelineConfig config, Function<String, PolicySnapshot> policies) {
        this.config = config;
        this.policies = policies;
    }

    public static OrderCase newCase(String orderId, Instant now) {
        return OrderCase.newBuilder().setOrderId(orderId).setEvents(new ArrayList<>()).setWaitingSince(now)
                .setVerdicts(new ArrayList<>()).setDeadlines(new ArrayList<>()).setNotifications(new ArrayList<>())
                .build();
    }

    /**
     * Adds {@code event} to the case in event-time order (ties keep arrival order).
     *
     * @return false if an event with the same eventId is already in the case (a duplicate)
     */
    public static boolean add(OrderCase c, CaseEvent event) {
        String id = OrderView.eventId(event.getEvent());
        List<CaseEvent> events = c.getEvents();
        if (events.stream().anyMatch(e -> OrderView.eventId(e.getEvent()).equals(id))) {
            return false;
        }
        Instant at = OrderView.occurredAt(event.getEvent());
        int i = events.size();
        while (i > 0 && OrderView.occurredAt(events.get(i - 1).getEvent()).isAfter(at)) {
            i--;
        }
        events.add(i, event);
        return true;
    }

    /** Brings the case up to date at {@code now}. Mutates the case; the caller stores or deletes it. */
    public Result reconcile(OrderCase c, Instant now) {
        OrderView view = OrderView.of(c.getEvents());
        if (!view.isPlaced()) {
            return awaitPlaced(c, now);
        }
        Instant closeAt = closesAt(view);
        if (c.getPolicy() == null) {
            if (!now.isBefore(closeAt)) {
                return rejectAll(c, "order " + c.getOrderId() + " is past its filing window (closed at " + closeAt
                        + "): its events can no longer change anything");
            }
            c.setPolicy(policies.apply(view.placed().getMerchantId()));
            c.setWaitingSince(null);
        }
        RuleContext ctx = new RuleContext(view, c.getPolicy(), config, now);
        Coverage.Outcome coverage = Coverage.assess(ctx, c.getVerdicts());
        Deadlines.Outcome deadlines = Deadlines.track(ctx, c.getDeadlines(), c.getNotifications());
        boolean allClosed = c.getDeadlines().stream().noneMatch(d -> d.getOutcome() == DeadlineOutcome.OPEN);
        boolean delete = allClosed && !now.isBefore(closeAt);
        Instant next = delete ? null : earliest(earliest(coverage.nextWakeAt(), deadlines.nextWakeAt()),
                now.isBefore(closeAt) ? closeAt : null);
        c.setNextWakeAt(next);
        return new Result(coverage.verdicts(), deadlines.breaches(), deadlines.notifications(), List.of(),
                merchantFacts(c, view, delete), next, delete);
    }

    /** What changed in the order's contribution to its merchant's figures, if anything. */
    private static MerchantFacts merchantFacts(OrderCase c, OrderView view, boolean forget) {
        OrderFigures now = OrderContribution.of(view, c);
        if (forget) {
            now = OrderContribution.forgotten(now);
        }
        OrderFigures before = c.getFigures();
        // Compared as text: Avro's equals cannot compare arrays read back from a store holding logical types.
        if (before != null && before.toString().equals(now.toString())) {
            return null;
        }
        c.setFigures(now);
        return new MerchantFacts(view.placed().getMerchantId(), c.getOrderId(), before, now);
    }

    /** When nothing can change the case any more: the filing window after the promised delivery. */
    Instant closesAt(OrderView view) {
        Instant base = view.maxDeliveryAt() != null ? view.maxDeliveryAt() : view.placedAt();
        return base.plus(config.coverage().filingWindow());
    }

    private Result awaitPlaced(OrderCase c, Instant now) {
        if (c.getWaitingSince() == null) {
            c.setWaitingSince(now);
        }
        Instant horizon = c.getWaitingSince().plus(config.orphanHorizon());
        if (!now.isBefore(horizon)) {
            return rejectAll(c, "no PLACED event for order " + c.getOrderId() + " arrived within "
                    + Durations.inWords(config.orphanHorizon()) + " of event time (waiting since " + c.getWaitingSince() + ")");
        }
        c.setNextWakeAt(horizon);
        return new Result(List.of(), List.of(), List.of(), List.of(), null, horizon, false);
    }

    private static Result rejectAll(OrderCase c, String reason) {
        List<Rejected> rejected = c.getEvents().stream().map(e -> new Rejected(e, reason)).toList();
        c.setNextWakeAt(null);
        return new Result(List.of(), List.of(), List.of(), rejected, null, null, true);
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
