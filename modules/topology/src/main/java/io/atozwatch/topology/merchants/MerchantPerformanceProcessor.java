package io.atozwatch.topology.merchants;

import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.events.ReserveTier;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.MerchantState;
import io.atozwatch.topology.cases.DueIndex;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.time.PipelineClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each merchant's daily buckets from the facts its orders send, and re-evaluates the merchant on
 * every change and at every day boundary (windows slide even when nothing happens): it publishes a
 * throttled snapshot to merchant-performance, keeps the current figures queryable, emits a reserve
 * decision when the tier changes or the amount moves by more than the step, and notifies the merchant
 * of tier changes and of an ODR nearing its threshold.
 */
public final class MerchantPerformanceProcessor implements Processor<String, MerchantFacts, String, Object> {

    /** Store names. */
    public record Stores(String state, String view, String dueIndex) {}

    /** Where each output goes. */
    public record Children(String performance, String decisions, String notifications) {}

    private final PipelineConfig config;
    private final Stores stores;
    private final Children children;
    private final LongUnaryOperator eventTimeAtWallClock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, MerchantState> states;
    private KeyValueStore<String, MerchantPerformance> views;
    private DueIndex dueIndex;
    private PipelineClock clock;

    public MerchantPerformanceProcessor(PipelineConfig config, Stores stores, Children children,
                                        LongUnaryOperator eventTimeAtWallClock) {
        this.config = config;
        this.stores = stores;
        this.children = children;
        this.eventTimeAtWallClock = eventTimeAtWallClock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.states = context.getStateStore(stores.state());
        this.views = context.getStateStore(stores.view());
        this.dueIndex = new DueIndex(context.getStateStore(stores.dueIndex()));
        this.clock = new PipelineClock(context, eventTimeAtWallClock, config.punctuation().wallClockGrace());
        clock.schedule(config.punctuation().interval(), this::fireDue);
    }

    @Override
    public void process(Record<String, MerchantFacts> record) {
        Instant now = clock.now();
        MerchantState s = states.get(record.key());
        Instant previousWake = s == null ? null : s.getNextWakeAt();
        if (s == null) {
            s = MerchantLedger.newState(record.key());
        }
        MerchantLedger.apply(s, record.value(), MerchantLedger.today(now), config.performance().retentionDays());
        evaluate(s, previousWake, now, true);
    }

    private void fireDue() {
        Instant now = clock.now();
        for (DueIndex.Due due : dueIndex.due(now, config.punctuation().maxDuePerRun())) {
            MerchantState s = states.get(due.orderId());
            if (s == null || !due.at().equals(s.getNextWakeAt())) {
                dueIndex.remove(due);
                continue;
            }
            // Judged as of the instant it was due (a day boundary, or the end of a publish interval), or of
            // the start of today if the check comes later than a day after: what goes out does not depend
            // on when in the day the check ran.
            Instant startOfToday = LocalDate.ofEpochDay(MerchantLedger.today(now)).atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant at = due.at().isBefore(startOfToday) ? startOfToday : due.at();
            evaluate(s, due.at(), at, false);
        }
    }

    /**
     * Recomputes the figures at {@code now}; publishes them if they changed (at most once per publish
     * interval), decides the reserve, and files the merchant for the next day boundary or pending publish.
     */
    private void evaluate(MerchantState s, Instant previousWake, Instant now, boolean changed) {
        MerchantLedger.prune(s, MerchantLedger.today(now), config.performance().retentionDays());
        MerchantPerformance p = ReservePolicy.decide(MerchantMetrics.compute(s, config.performance(), now), config.reserve());
        MerchantPerformance before = views.get(s.getMerchantId());
        views.put(s.getMerchantId(), p);
        decideReserve(s, p, now);
        warnOnOdr(s, p, now);
        boolean figuresMoved = changed || before == null || !sameFigures(before, p);
        Duration interval = config.performance().publishInterval();
        if (figuresMoved || s.getDirty()) {
            boolean mayPublish = s.getLastPublishedAt() == null || !now.isBefore(s.getLastPublishedAt().plus(interval));
            if (mayPublish) {
                context.forward(new Record<>(s.getMerchantId(), (Object) p, now.toEpochMilli()), children.performance());
                s.setLastPublishedAt(now);
                s.setDirty(false);
            } else {
                s.setDirty(true);
            }
        }
        Instant nextDay = LocalDate.ofEpochDay(MerchantLedger.today(now) + 1L).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant next = s.getDirty() && s.getLastPublishedAt().plus(interval).isBefore(nextDay)
                ? s.getLastPublishedAt().plus(interval) : nextDay;
        dueIndex.reschedule(s.getMerchantId(), previousWake, next);
        s.setNextWakeAt(next);
        states.put(s.getMerchantId(), s);
    }

    /** Everything but the instant and the reasons' wording. */
    private static boolean sameFigures(MerchantPerformance a, MerchantPerformance b) {
        MerchantPerformance x = MerchantPerformance.newBuilder(a).setAsOf(b.getAsOf()).build();
        return x.toString().equals(b.toString());
    }

    private void decideReserve(MerchantState s, MerchantPerformance p, Instant now) {
        ReserveTier previousTier = s.getTier();
        Long previousAmount = s.getReserveMinor();
        boolean tierChanged = previousTier != p.getTier();
        boolean amountMoved = previousAmount != null
                && Math.abs(p.getReserveMinor() - previousAmount) > config.reserve().amountStep() * Math.max(previousAmount, 1L);
        if (!tierChanged && !amountMoved) {
            return;
        }
        long ageDays = p.getFirstOrderAt() == null ? 0 : Duration.between(p.getFirstOrderAt(), now).toDays();
        ReserveDecision d = ReserveDecision.newBuilder()
                .setDecisionId(s.getMerchantId() + "/decision/" + next(s))
                .setMerchantId(s.getMerchantId())
                .setDecidedAt(now)
                .setTier(p.getTier())
                .setPreviousTier(previousTier)
                .setReserveMinor(p.getReserveMinor())
                .setPreviousReserveMinor(previousAmount)
                .setCurrency(p.getCurrency())
                .setOdr(p.getOdr())
                .setOrderCount(p.getOrderCount())
                .setAccountAgeDays(ageDays)
                .setSales7dMinor(p.getSales7dMinor())
                .setSales30dMinor(p.getSales30dMinor())
                .setUnresolvedDisputeMinor(p.getUnresolvedDisputeMinor())
                .setReasons(p.getReasons())
                .build();
        context.forward(new Record<>(s.getMerchantId(), (Object) d, now.toEpochMilli()), children.decisions());
        if (tierChanged && previousTier != null) {
            notifyMerchant(s, NotificationKind.TIER_CHANGED, now, "Your reserve moves from " + previousTier + " to "
                    + p.getTier() + ". " + String.join(" ", p.getReasons()));
        }
        s.setTier(p.getTier());
        s.setReserveMinor(p.getReserveMinor());
    }

    /** Once when the ODR passes the warning share of its threshold; again only after it fell back below. */
    private void warnOnOdr(MerchantState s, MerchantPerformance p, Instant now) {
        double warnAt = config.reserve().odrThreshold() * config.reserve().odrWarningShare();
        boolean above = p.getOdr() != null && p.getOdr() >= warnAt;
        if (above && !s.getOdrWarned()) {
            notifyMerchant(s, NotificationKind.ODR_WARNING, now, "Your Order Defect Rate is "
                    + ReservePolicy.percent(p.getOdr()) + " (" + p.getOdrDefects() + " of " + p.getOdrOrders()
                    + " orders over " + config.performance().odrDays() + " days); at "
                    + ReservePolicy.percent(config.reserve().odrThreshold()) + " your reserve moves to Tier I.");
        }
        s.setOdrWarned(above);
    }

    /** The next number of the merchant's sequence: ids stay unique even for two messages at one instant. */
    private static long next(MerchantState s) {
        s.setSequence(s.getSequence() + 1);
        return s.getSequence();
    }

    private void notifyMerchant(MerchantState s, NotificationKind kind, Instant now, String message) {
        MerchantNotification n = MerchantNotification.newBuilder()
                .setNotificationId(s.getMerchantId() + "/" + kind + "/" + next(s))
                .setMerchantId(s.getMerchantId())
                .setOrderId(null)
                .setKind(kind)
                .setAt(now)
                .setMessage(message)
                .build();
        context.forward(new Record<>(s.getMerchantId(), (Object) n, now.toEpochMilli()), children.notifications());
    }
}
