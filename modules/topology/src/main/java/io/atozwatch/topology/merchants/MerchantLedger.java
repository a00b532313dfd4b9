package io.atozwatch.topology.merchants;

import io.atozwatch.state.DayBucket;
import io.atozwatch.state.FigureEntry;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.OrderFigures;
import io.atozwatch.state.PerformanceMetric;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.stores.RecordCopy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A merchant's daily buckets: one count per metric per day, kept for the longest window, and their running
 * sums over the windows ({@link WindowSums}). Applying an order's facts subtracts what it added before and
 * adds what it adds now, so the work per event is bounded by the order's entries, whatever the number of
 * orders or of days kept.
 */
public final class MerchantLedger {
    private static final int METRICS = PerformanceMetric.values().length;
    /** What {@link #snapshot} shares with the state instead of copying it, and how. */
    private static final UnaryOperator<MerchantState> SNAPSHOT = RecordCopy.copier(
            MerchantState.class,
            Map.of("days", days -> new ArrayList<>((List<?>) days), "decisions", decisions -> decisions));

    private MerchantLedger() {}

    public static MerchantState newState(String merchantId) {
        return MerchantState.newBuilder()
                .setMerchantId(merchantId)
                .setDays(new ArrayList<>())
                .build();
    }

    /**
     * Applies one order's change on {@code today}: its entries go to their days' buckets and to the running
     * sums ({@link WindowSums}); entries older than the kept days are dropped.
     */
    public static void apply(MerchantState s, MerchantFacts facts, int today, PipelineConfig.Performance w) {
        advance(s, today, w);
        OrderFigures current = facts.getCurrent();
        if (current != null && s.getCurrency() == null) {
            s.setCurrency(current.getCurrency());
        }
        if (current != null
                && (s.getFirstOrderAt() == null || current.getPlacedAt().isBefore(s.getFirstOrderAt()))) {
            s.setFirstOrderAt(current.getPlacedAt());
        }
        int oldest = today - w.retentionDays() + 1;
        apply(s, facts.getPrevious(), -1, oldest);
        apply(s, current, +1, oldest);
    }

    private static void apply(MerchantState s, OrderFigures f, int sign, int oldestDay) {
        if (f == null) {
            return;
        }
        s.setUnresolvedDisputeMinor(s.getUnresolvedDisputeMinor() + sign * f.getUnresolvedDisputeMinor());
        // Sales in another currency than the merchant's cannot be added up with them; they are left out.
        boolean sameCurrency = f.getCurrency().equals(s.getCurrency());
        for (FigureEntry e : f.getEntries()) {
            if (e.getMetric() == PerformanceMetric.ORDERS) {
                s.setOrderCount(s.getOrderCount() + sign * e.getAmount()); // lifetime, not windowed
            }
            if (e.getDay() < oldestDay || (e.getMetric() == PerformanceMetric.SALES && !sameCurrency)) {
                continue;
            }
            List<Long> counts = changeableBucket(s, e.getDay()).getCounts();
            int i = e.getMetric().ordinal();
            counts.set(i, counts.get(i) + sign * e.getAmount());
            WindowSums.add(s, e.getMetric(), e.getDay(), sign * e.getAmount());
        }
    }

    /** Moves the merchant's figures on to {@code today}: the running sums slide, the days no window reaches are forgotten. */
    public static void advance(MerchantState s, int today, PipelineConfig.Performance w) {
        widen(s);
        WindowSums.align(s, today, w);
        prune(s, today, w.retentionDays());
    }

    /**
     * Gives the day buckets of state written before a metric was added a zero count of it (buckets are all of
     * one width: only the first is looked at, so that this costs nothing once done).
     */
    static void widen(MerchantState s) {
        List<DayBucket> days = s.getDays();
        if (days.isEmpty() || days.get(0).getCounts().size() == METRICS) {
            return;
        }
        for (int j = 0; j < days.size(); j++) {
            List<Long> counts = new ArrayList<>(days.get(j).getCounts());
            while (counts.size() < METRICS) {
                counts.add(0L);
            }
            days.set(j, new DayBucket(days.get(j).getDay(), counts)); // a new bucket: see snapshot
        }
    }

    /** Forgets the days that no window reaches any more. */
    static void prune(MerchantState s, int today, int retentionDays) {
        int oldest = today - retentionDays + 1;
        List<DayBucket> days = s.getDays();
        if (!days.isEmpty() && days.get(0).getDay() < oldest) { // the days are in order: the first is the oldest
            // Arrays read back from a store do not support removal: replace the list.
            s.setDays(new ArrayList<>(days.subList(firstAtOrAfter(days, oldest), days.size())));
        }
    }

    /** The index of the first bucket of {@code day} or later ({@code days.size()} if none). */
    static int firstAtOrAfter(List<DayBucket> days, int day) {
        int lo = 0;
        int hi = days.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (days.get(mid).getDay() < day) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The bucket of {@code day}, to change: a new one, in place of the one the state held, which a
     * {@link #snapshot} may share (or a new one of zero counts).
     */
    private static DayBucket changeableBucket(MerchantState s, int day) {
        List<DayBucket> days = s.getDays();
        int i = firstAtOrAfter(days, day);
        if (i < days.size() && days.get(i).getDay() == day) {
            DayBucket b = new DayBucket(day, new ArrayList<>(days.get(i).getCounts()));
            days.set(i, b);
            return b;
        }
        DayBucket b = new DayBucket(day, new ArrayList<>(Collections.nCopies(METRICS, 0L)));
        days.add(i, b);
        return b;
    }

    /**
     * A copy of {@code s} to put back if a step fails half-way. It shares the day buckets, the largest part of
     * the state, which no step changes in place (a changed day is a new bucket: {@link #changeableBucket},
     * {@link #widen}), and the decisions, whose list is replaced, not changed ({@code keep}); everything else is
     * copied. So it costs what the running sums and a list of the days cost, not every day's counts.
     */
    public static MerchantState snapshot(MerchantState s) {
        return SNAPSHOT.apply(s);
    }

    public static int today(Instant now) {
        return OrderContribution.day(now);
    }
}
