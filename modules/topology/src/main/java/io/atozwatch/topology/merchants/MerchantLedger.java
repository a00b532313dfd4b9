package io.atozwatch.topology.merchants;

import io.atozwatch.state.DayBucket;
import io.atozwatch.state.FigureEntry;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.OrderFigures;
import io.atozwatch.state.PerformanceMetric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A merchant's daily buckets: one count per metric per day, kept for the longest window. Applying an
 * order's facts subtracts what it added before and adds what it adds now, so the work per event is
 * bounded by the order's entries, whatever the number of orders.
 */
public final class MerchantLedger {
    private static final int METRICS = PerformanceMetric.values().length;

    private MerchantLedger() {}

    public static MerchantState newState(String merchantId) {
        return MerchantState.newBuilder().setMerchantId(merchantId).setDays(new ArrayList<>()).build();
    }

    /** Applies one order's change; entries older than the kept days are dropped. */
    public static void apply(MerchantState s, MerchantFacts facts, int today, int retentionDays) {
        OrderFigures current = facts.getCurrent();
        if (current != null && s.getCurrency() == null) {
            s.setCurrency(current.getCurrency());
        }
        if (current != null && (s.getFirstOrderAt() == null || current.getPlacedAt().isBefore(s.getFirstOrderAt()))) {
            s.setFirstOrderAt(current.getPlacedAt());
        }
        int oldest = today - retentionDays + 1;
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
            List<Long> counts = bucket(s, e.getDay()).getCounts();
            int i = e.getMetric().ordinal();
            counts.set(i, counts.get(i) + sign * e.getAmount());
        }
    }

    /** Forgets the days that no window reaches any more. */
    public static void prune(MerchantState s, int today, int retentionDays) {
        int oldest = today - retentionDays + 1;
        if (s.getDays().stream().anyMatch(b -> b.getDay() < oldest)) {
            // Arrays read back from a store do not support removal: replace the list.
            s.setDays(new ArrayList<>(s.getDays().stream().filter(b -> b.getDay() >= oldest).toList()));
        }
    }

    /** The sum of a metric over the {@code days} whole days ending on {@code today} (later days too). */
    public static long sum(MerchantState s, PerformanceMetric metric, int today, int days) {
        long total = 0;
        for (DayBucket b : s.getDays()) {
            if (b.getDay() > today - days) {
                total += b.getCounts().get(metric.ordinal());
            }
        }
        return total;
    }

    /** The sum of a metric over the days {@code from} to {@code to} (epoch days, both included). */
    public static long sumBetween(MerchantState s, PerformanceMetric metric, int from, int to) {
        long total = 0;
        for (DayBucket b : s.getDays()) {
            if (b.getDay() >= from && b.getDay() <= to) {
                total += b.getCounts().get(metric.ordinal());
            }
        }
        return total;
    }

    private static DayBucket bucket(MerchantState s, int day) {
        List<DayBucket> days = s.getDays();
        int i = Collections.binarySearch(days.stream().map(DayBucket::getDay).toList(), day);
        if (i >= 0) {
            return days.get(i);
        }
        List<Long> zeros = new ArrayList<>(Collections.nCopies(METRICS, 0L));
        DayBucket b = new DayBucket(day, zeros);
        days.add(-i - 1, b);
        return b;
    }

    public static int today(Instant now) {
        return OrderContribution.day(now);
    }
}
