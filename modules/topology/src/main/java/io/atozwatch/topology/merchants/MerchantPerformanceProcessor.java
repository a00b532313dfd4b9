package io.atozwatch.topology.merchants;

import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.events.ReserveTier;
import io.atozwatch.events.ReserveTrigger;
import io.atozwatch.state.DecisionEntry;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.OrderFigures;
import io.atozwatch.topology.PipelineRuntime;
import io.atozwatch.topology.cases.DueIndex;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.notices.Messages;
import io.atozwatch.topology.notices.Text;
import io.atozwatch.topology.stores.ObjectCachingStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each merchant's daily buckets from the facts its orders send, and re-evaluates the merchant at
 * every fact and at every day boundary (windows slide even when nothing happens): it keeps the current
 * figures queryable and publishes them to merchant-performance (throttled, but the day's first evaluation,
 * one that decided the reserve, and the last change held back always go out), decides the reserve on
 * whole days ending yesterday (once a day, and in between only when the tier changes or a dispute opens or
 * closes and changes the amount: {@link #decideReserve}), and notifies the merchant of tier changes and of
 * an ODR nearing its threshold. Reasons and notices are written in the merchant's language ({@link #messages}),
 * with the English alongside.
 *
 * <p>Its clock is the lowest of the order side's task watermarks ({@link SourceWatermarks}), never its
 * own input's stream time: one order partition racing ahead cannot move it. Facts wait in a buffer
 * until that clock passes the instant they are about, then are applied in event-time order (ties by
 * merchant, order and the order's own sequence), so the figures, snapshots and decisions are a function
 * of the merchant's orders' events, not of how the order side's tasks interleave.
 */
public final class MerchantPerformanceProcessor implements Processor<String, MerchantFacts, String, Object> {

    /**
     * How many of its latest reserve decisions a merchant's state keeps for its timeline (the query API's
     * {@code /merchants/{id}/history}); the reserve-decisions topic has them all.
     */
    public static final int KEPT_DECISIONS = 30;

    /** Store names. */
    public record Stores(String state, String view, String pending, String clock) {}

    /** Where each output goes. */
    public record Children(String performance, String decisions, String notifications) {}

    private final PipelineConfig config;
    private final Stores stores;
    private final Children children;
    private final PipelineRuntime runtime;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, MerchantState> states;
    private KeyValueStore<String, MerchantPerformance> views;
    private PendingFacts pending;
    private ReserveMemo reserves;
    private DueIndex dueIndex;
    private SourceWatermarks sources;
    /** While catching up: the wake-ups due within the batch being worked through, and its last instant. */
    private PriorityQueue<DueIndex.Due> dueQueue;

    private Instant dueLimit;
    /**
     * Nothing buffered or filed lies before this instant (it was handled); the first buffered fact and the
     * first merchant filed lie at or after {@code nextPending} and {@code nextDue} (null: none), so nothing
     * needs reading until the clock reaches them.
     */
    private Instant drainedUpTo = Instant.EPOCH;

    private Instant nextPending;
    private Instant nextDue;

    public MerchantPerformanceProcessor(
            PipelineConfig config, Stores stores, Children children, PipelineRuntime runtime) {
        this.config = config;
        this.stores = stores;
        this.children = children;
        this.runtime = runtime;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.states = context.getStateStore(stores.state());
        this.views = context.getStateStore(stores.view());
        this.reserves =
                new ReserveMemo(config.reserve(), config.objectCacheEntries().orElse(ReserveMemo.MERCHANTS));
        this.pending = new PendingFacts(context.getStateStore(stores.pending()));
        this.dueIndex = new DueIndex(); // in memory: each merchant's state says when it is next due
        try (KeyValueIterator<String, MerchantState> it = states.all()) {
            dueIndex.fileEach(it, MerchantState::getNextWakeAt);
        }
        this.sources = new SourceWatermarks(context.getStateStore(stores.clock()));
        this.nextPending = pending.earliest();
        this.nextDue = dueIndex.earliest();
        // Only for the lag gauge: this side's clock moves with what the order side says, not with the wall clock.
        context.schedule(
                config.punctuation().interval(),
                PunctuationType.WALL_CLOCK_TIME,
                wall -> runtime.listener()
                        .watermark(
                                context.taskId().toString(),
                                sources.now(),
                                Instant.ofEpochMilli(
                                        runtime.eventTimeAtWallClock().applyAsLong(wall))));
    }

    @Override
    public void process(Record<String, MerchantFacts> record) {
        MerchantFacts f = record.value();
        if (f.getMerchantId() != null) {
            Instant now = sources.now();
            if (now != null && !f.getAt().isAfter(now)) {
                apply(f, now); // late: the order side judged it after telling us it was done up to here
            } else {
                pending.put(f);
                if (nextPending == null || f.getAt().isBefore(nextPending)) {
                    nextPending = f.getAt();
                }
            }
        }
        if (sources.heard(f)) {
            catchUp(sources.now());
        }
    }

    /** Applies every buffered fact and evaluates every merchant due, in event-time order, up to {@code now}. */
    private void catchUp(Instant now) {
        int batch = config.punctuation().maxDuePerRun();
        while (isDue(nextPending, now) || isDue(nextDue, now)) {
            PendingFacts.Scan facts = pending.scan(drainedUpTo, now, batch);
            DueIndex.Scan dues = dueIndex.scan(drainedUpTo, now, batch);
            nextPending = facts.next();
            nextDue = dues.next(); // merchants evaluated below file themselves later, and lower it if earlier
            // Up to the earlier of the two batches' last instants, so that nothing beyond a batch jumps ahead.
            Instant limit = now;
            if (facts.facts().size() == batch) {
                limit = min(limit, facts.facts().get(batch - 1).value.getAt());
            }
            if (dues.due().size() == batch) {
                limit = min(limit, dues.due().get(batch - 1).at());
            }
            // Evaluating a merchant files it for its next day boundary, which may fall within this batch:
            // such wake-ups join the queue, so that they come before the facts that follow them.
            dueQueue =
                    new PriorityQueue<>(Comparator.comparing(DueIndex.Due::at).thenComparing(DueIndex.Due::orderId));
            dueQueue.addAll(dues.due());
            dueLimit = limit;
            int i = 0;
            List<KeyValue<String, MerchantFacts>> list = facts.facts();
            while (i < list.size() || !dueQueue.isEmpty()) {
                DueIndex.Due due = dueQueue.peek();
                boolean dueFirst = due != null
                        && (i >= list.size()
                                || !due.at().isAfter(list.get(i).value.getAt()));
                Instant at = dueFirst ? due.at() : list.get(i).value.getAt();
                if (at.isAfter(limit)) {
                    break;
                }
                if (dueFirst) {
                    wake(dueQueue.poll());
                } else {
                    KeyValue<String, MerchantFacts> f = list.get(i++);
                    pending.delete(f.key);
                    apply(f.value, f.value.getAt());
                }
            }
            if (i < list.size()) {
                nextPending = min(
                        nextPending == null ? limit : nextPending,
                        list.get(i).value.getAt());
            }
            if (!dueQueue.isEmpty()) {
                nextDue = min(nextDue == null ? limit : nextDue, dueQueue.peek().at());
            }
            dueQueue = null;
            dueLimit = null;
            drainedUpTo = limit;
        }
    }

    private static boolean isDue(Instant next, Instant now) {
        return next != null && !next.isAfter(now);
    }

    private static Instant min(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }

    private void apply(MerchantFacts f, Instant at) {
        MerchantState before = ObjectCachingStore.uncommittedCopy(states, f.getMerchantId(), MerchantLedger::snapshot);
        try {
            applyTo(f, at);
        } catch (RuntimeException e) {
            putBack(f.getMerchantId(), before);
            throw e;
        }
    }

    /**
     * Applying a fact or evaluating a merchant failed half-way (a bug, a record that cannot be written): its state
     * goes back to what it was before ({@code before}, or as stored), filed in the due index where it says.
     */
    private void putBack(String merchantId, MerchantState before) {
        MerchantState s = ObjectCachingStore.putBack(states, merchantId, before);
        Instant wake = s == null ? null : s.getNextWakeAt();
        dueIndex.refile(merchantId, wake);
        if (wake != null && (nextDue == null || wake.isBefore(nextDue))) {
            nextDue = wake;
        }
    }

    private void applyTo(MerchantFacts f, Instant at) {
        MerchantState s = states.get(f.getMerchantId());
        Instant previousWake = s == null ? null : s.getNextWakeAt();
        if (s == null) {
            s = MerchantLedger.newState(f.getMerchantId());
            s.setCurrency(config.merchantCurrency(f.getMerchantId()).orElse(null));
        }
        MerchantLedger.apply(s, f, MerchantLedger.today(at), config.performance());
        learnMarketplace(s, f);
        evaluate(s, previousWake, at, unresolved(f.getPrevious()) != unresolved(f.getCurrent()));
    }

    /**
     * Counts the merchant's orders by marketplace (a fact with nothing before it is a new order) and takes the one
     * with the most as its home marketplace, whose language it writes in; of two with as many, the one that got
     * there first stays. Merchants also sell abroad: the latest order's marketplace would switch its language
     * back and forth, the first order's would hang on one order placed abroad. Facts are applied in event-time
     * order, so this is a function of the merchant's orders' events.
     */
    private static void learnMarketplace(MerchantState s, MerchantFacts f) {
        if (f.getMarketplace() == null || f.getCurrent() == null || f.getPrevious() != null) {
            return;
        }
        String mp = f.getMarketplace();
        long orders = s.getMarketplaceOrders().merge(mp, 1L, Long::sum);
        String home = s.getMarketplace();
        if (home == null
                || !home.equals(mp) && orders > s.getMarketplaceOrders().getOrDefault(home, 0L)) {
            s.setMarketplace(mp);
        }
    }

    /**
     * The merchant's language: {@code merchant.<id>.locale} if set, otherwise that of its home marketplace, where it
     * has placed most orders ({@code marketplace.<CODE>.locale}), otherwise the default marketplace's.
     */
    private Messages messages(MerchantState s) {
        return Messages.of(config.merchantLocale(s.getMerchantId())
                .orElseGet(() -> config.marketplace(s.getMarketplace()).locale()));
    }

    private static long unresolved(OrderFigures f) {
        return f == null ? 0 : f.getUnresolvedDisputeMinor();
    }

    /** A day boundary, or the end of a publish interval that held a change back. */
    private void wake(DueIndex.Due due) {
        MerchantState s = states.get(due.orderId());
        if (s == null || !due.at().equals(s.getNextWakeAt())) {
            dueIndex.remove(due);
            return;
        }
        MerchantState before = ObjectCachingStore.uncommittedCopy(states, due.orderId(), MerchantLedger::snapshot);
        try {
            evaluate(s, due.at(), due.at(), false);
        } catch (RuntimeException e) {
            putBack(due.orderId(), before); // as for a fact, above
            throw e;
        }
    }

    /**
     * Recomputes the figures at {@code now} and decides the reserve; publishes the figures (at most once per
     * publish interval, except the day's first evaluation and one that decided the reserve, which always go
     * out), and files the merchant for the next day boundary or pending publish.
     *
     * @param disputesMoved whether what brought this evaluation opened or closed a dispute (changed the
     *                      unresolved amount)
     */
    private void evaluate(MerchantState s, Instant previousWake, Instant now, boolean disputesMoved) {
        int today = MerchantLedger.today(now);
        MerchantLedger.advance(s, today, config.performance());
        ReserveBasis basis = MerchantMetrics.reserveBasis(s, config.performance(), now);
        Messages local = messages(s);
        ReserveMemo.Worked worked = reserves.decide(s.getMerchantId(), basis, local);
        ReservePolicy.Decision reserve = worked.decision();
        List<String> english = worked.englishReasons();
        List<String> reasons = worked.reasons();
        MerchantPerformance p = MerchantMetrics.compute(s, config.performance(), now)
                .setTier(reserve.tier())
                .setReserveMinor(reserve.reserveMinor())
                .setReasons(reasons)
                .setLocale(local.locale().toLanguageTag())
                .setEnglishReasons(english)
                .build();
        views.put(s.getMerchantId(), p);
        // The day's decision: the first evaluation of a day, at its boundary (or at the merchant's first fact).
        boolean daily = s.getReserveDay() == null || today > s.getReserveDay();
        if (daily) {
            s.setReserveDay(today);
        }
        boolean decided = decideReserve(s, p, basis, reserve, local, now, daily, disputesMoved);
        warnOnOdr(s, p, local, now);
        Duration interval = config.performance().publishInterval();
        boolean mayPublish = daily
                || decided
                || s.getLastPublishedAt() == null
                || !now.isBefore(s.getLastPublishedAt().plus(interval));
        if (mayPublish) {
            context.forward(new Record<>(s.getMerchantId(), (Object) p, now.toEpochMilli()), children.performance());
            s.setLastPublishedAt(now);
            s.setDirty(false);
        } else {
            s.setDirty(true); // published when the interval is over: the merchant is filed for then
        }
        Instant nextDay = LocalDate.ofEpochDay(today + 1L).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant next = s.getDirty() && s.getLastPublishedAt().plus(interval).isBefore(nextDay)
                ? s.getLastPublishedAt().plus(interval)
                : nextDay;
        dueIndex.reschedule(s.getMerchantId(), previousWake, next);
        if (nextDue == null || next.isBefore(nextDue)) {
            nextDue = next;
        }
        if (dueQueue != null && !next.isAfter(dueLimit) && !next.equals(previousWake)) {
            dueQueue.add(new DueIndex.Due(next, s.getMerchantId()));
        }
        s.setNextWakeAt(next);
        states.put(s.getMerchantId(), s);
    }

    /**
     * Emits a reserve decision, if one is due: at the day's evaluation when the tier changed or the amount
     * moved by more than the step; between two of them, when the tier changed, or when a dispute opened or
     * closed and changed the amount. The merchant is notified of a tier change.
     *
     * @return whether a decision was emitted
     */
    private boolean decideReserve(
            MerchantState s,
            MerchantPerformance p,
            ReserveBasis basis,
            ReservePolicy.Decision reserve,
            Messages local,
            Instant now,
            boolean daily,
            boolean disputesMoved) {
        ReserveTier previousTier = s.getTier();
        Long previousAmount = s.getReserveMinor();
        long amount = reserve.reserveMinor();
        boolean tierChanged = previousTier != reserve.tier();
        boolean amountChanged = previousAmount == null || amount != previousAmount;
        boolean amountMoved = previousAmount == null
                || Math.abs(amount - previousAmount) > config.reserve().amountStep() * Math.max(previousAmount, 1L);
        ReserveTrigger trigger;
        if (daily && (tierChanged || amountMoved)) {
            trigger = ReserveTrigger.DAILY;
        } else if (tierChanged) {
            trigger = ReserveTrigger.TIER_CHANGE;
        } else if (disputesMoved && amountChanged) {
            trigger = ReserveTrigger.DISPUTES;
        } else {
            return false;
        }
        ReserveDecision d = ReserveDecision.newBuilder()
                .setDecisionId(s.getMerchantId() + "/decision/" + next(s))
                .setMerchantId(s.getMerchantId())
                .setDecidedAt(now)
                .setTier(reserve.tier())
                .setPreviousTier(previousTier)
                .setReserveMinor(amount)
                .setPreviousReserveMinor(previousAmount)
                .setCurrency(p.getCurrency())
                .setOdr(basis.odr())
                .setOrderCount(basis.orders())
                .setAccountAgeDays(basis.accountAgeDays())
                .setSales7dMinor(basis.sales7dMinor())
                .setSales30dMinor(basis.sales30dMinor())
                .setUnresolvedDisputeMinor(basis.unresolvedDisputeMinor())
                .setReasons(p.getReasons())
                .setLocale(p.getLocale())
                .setEnglishReasons(p.getEnglishReasons())
                .setTrigger(trigger)
                .setCoveredTo(basis.coveredTo().toString())
                .setSales7dFrom(basis.sales7dFrom().toString())
                .setSales30dFrom(basis.sales30dFrom().toString())
                .setOdrFrom(basis.odrFrom().toString())
                .setOdrOrders(basis.odrOrders())
                .setOdrDefects(basis.odrDefects())
                .build();
        context.forward(new Record<>(s.getMerchantId(), (Object) d, now.toEpochMilli()), children.decisions());
        keep(s, d);
        if (tierChanged && previousTier != null) {
            notifyMerchant(
                    s,
                    NotificationKind.TIER_CHANGED,
                    now,
                    local,
                    m -> Text.of(
                            "merchant.tier-changed",
                            Text.of("tier." + previousTier),
                            Text.of("tier." + reserve.tier()),
                            String.join(" ", reserve.reasons(m))));
        }
        s.setTier(reserve.tier());
        s.setReserveMinor(amount);
        return true;
    }

    /** Adds {@code d} to the merchant's latest decisions, forgetting the oldest beyond {@link #KEPT_DECISIONS}. */
    static void keep(MerchantState s, ReserveDecision d) {
        List<DecisionEntry> kept = s.getDecisions();
        // Arrays read back from a store do not support removal: a new list.
        List<DecisionEntry> decisions =
                new ArrayList<>(kept.subList(Math.max(0, kept.size() - KEPT_DECISIONS + 1), kept.size()));
        decisions.add(DecisionEntry.newBuilder()
                .setDecisionId(d.getDecisionId())
                .setDecidedAt(d.getDecidedAt())
                .setTier(d.getTier())
                .setPreviousTier(d.getPreviousTier())
                .setReserveMinor(d.getReserveMinor())
                .setPreviousReserveMinor(d.getPreviousReserveMinor())
                .setTrigger(d.getTrigger() == null ? null : d.getTrigger().name())
                .setOdr(d.getOdr())
                .setReasons(new ArrayList<>(d.getReasons()))
                .build());
        s.setDecisions(decisions);
    }

    /** Once when the ODR passes the warning share of its threshold; again only after it fell back below. */
    private void warnOnOdr(MerchantState s, MerchantPerformance p, Messages local, Instant now) {
        double warnAt = config.reserve().odrThreshold() * config.reserve().odrWarningShare();
        boolean above = p.getOdr() != null && p.getOdr() >= warnAt;
        if (above && !s.getOdrWarned()) {
            Text warning = Text.of(
                    "merchant.odr-warning",
                    new Text.Percent(p.getOdr()),
                    p.getOdrDefects(),
                    p.getOdrOrders(),
                    config.performance().odrDays(),
                    new Text.Percent(config.reserve().odrThreshold()));
            notifyMerchant(s, NotificationKind.ODR_WARNING, now, local, m -> warning);
        }
        s.setOdrWarned(above);
    }

    /** The next number of the merchant's sequence: ids stay unique even for two messages at one instant. */
    private static long next(MerchantState s) {
        s.setSequence(s.getSequence() + 1);
        return s.getSequence();
    }

    /**
     * A notice about the merchant as a whole, in its language ({@code local}) and in English alongside.
     *
     * @param message the text, as written in a language (a tier change repeats the reasons, each in that language)
     */
    private void notifyMerchant(
            MerchantState s,
            NotificationKind kind,
            Instant now,
            Messages local,
            java.util.function.Function<Messages, Text> message) {
        String english = Messages.ENGLISH.render(message.apply(Messages.ENGLISH));
        MerchantNotification n = MerchantNotification.newBuilder()
                .setNotificationId(s.getMerchantId() + "/" + kind + "/" + next(s))
                .setMerchantId(s.getMerchantId())
                .setOrderId(null)
                .setKind(kind)
                .setAt(now)
                .setMessage(local.english() ? english : local.render(message.apply(local)))
                .setEnglishMessage(english)
                .setLocale(local.locale().toLanguageTag())
                .build();
        context.forward(new Record<>(s.getMerchantId(), (Object) n, now.toEpochMilli()), children.notifications());
    }
}
