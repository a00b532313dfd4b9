package io.atozwatch.topology.merchants;

import io.atozwatch.state.DayBucket;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.PerformanceMetric;
import io.atozwatch.state.WindowSum;
import io.atozwatch.topology.config.PipelineConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Running sums of a merchant's daily buckets over the windows its figures need, kept in its state, so that
 * an evaluation reads each figure at once instead of re-summing up to 90 buckets, and an order's entry costs
 * one addition per window. Each sum is a suffix: the counts of the days from {@code today - k + 1} on (later
 * days too), for the lengths k the figures need: 1 (today and after), each metric's window (windows ending
 * today) and each reserve window plus one day (whole days ending yesterday are {@code suffix(k + 1) -
 * suffix(1)}). When the day moves on, the days leaving each suffix are taken off it: work per day passed,
 * not per event. Sums kept for other windows (the configuration changed), or not kept yet (a state written
 * before they were), are rebuilt from the buckets once.
 */
final class WindowSums {
    private static final int METRICS = PerformanceMetric.values().length;
    private static final Map<PipelineConfig.Performance, List<Integer>> LENGTHS = new ConcurrentHashMap<>();

    private WindowSums() {}

    /** The suffix lengths the figures of {@code w} need, in increasing order. */
    static List<Integer> lengths(PipelineConfig.Performance w) {
        return LENGTHS.computeIfAbsent(
                w,
                p -> List.copyOf(new TreeSet<>(List.of(
                        1,
                        p.odrDays(),
                        p.onTimeDeliveryDays(),
                        p.notReceivedDays(),
                        p.merchantCancelDays(),
                        p.returnRefusalDays(),
                        p.breachDays(),
                        p.chargebackDays(),
                        p.lateShipmentDays(),
                        p.preFulfilmentCancelDays(),
                        p.validTrackingDays(),
                        p.returnDissatisfactionDays(),
                        MerchantMetrics.SALES_7D,
                        MerchantMetrics.SALES_28D,
                        MerchantMetrics.SALES_30D,
                        p.odrDays() + 1,
                        MerchantMetrics.SALES_7D + 1,
                        MerchantMetrics.SALES_30D + 1))));
    }

    /** The longest suffix: the buckets must be kept at least this many days. */
    static int longest(PipelineConfig.Performance w) {
        List<Integer> l = lengths(w);
        return l.get(l.size() - 1);
    }

    /** Brings the sums to {@code today}: takes off the days that left them, or rebuilds them from the buckets. */
    static void align(MerchantState s, int today, PipelineConfig.Performance w) {
        List<Integer> lengths = lengths(w);
        if (s.getSumsDay() == null || today < s.getSumsDay() || !keptFor(s, lengths)) {
            rebuild(s, today, lengths);
            return;
        }
        int before = s.getSumsDay();
        if (today == before) {
            return;
        }
        for (WindowSum sum : s.getSums()) {
            int k = sum.getDays();
            subtract(s.getDays(), sum.getCounts(), before - k + 1, today - k); // the days that left the suffix
        }
        s.setSumsDay(today);
    }

    /** Adds {@code amount} of {@code metric} on {@code day} to every sum that reaches that day. */
    static void add(MerchantState s, PerformanceMetric metric, int day, long amount) {
        int today = s.getSumsDay();
        int i = metric.ordinal();
        for (WindowSum sum : s.getSums()) {
            if (day >= today - sum.getDays() + 1) {
                List<Long> counts = sum.getCounts();
                counts.set(i, counts.get(i) + amount);
            }
        }
    }

    /** The sum of a metric over the {@code days} whole days ending today (later days too). */
    static long endingToday(MerchantState s, PerformanceMetric metric, int days) {
        return suffix(s, days).get(metric.ordinal());
    }

    /** The sum of a metric over the {@code days} whole days ending yesterday. */
    static long endingYesterday(MerchantState s, PerformanceMetric metric, int days) {
        return suffix(s, days + 1).get(metric.ordinal()) - suffix(s, 1).get(metric.ordinal());
    }

    /** The sum of a metric over today and later days. */
    static long fromToday(MerchantState s, PerformanceMetric metric) {
        return suffix(s, 1).get(metric.ordinal());
    }

    /** The sums are for the day of {@code today}. */
    static boolean alignedTo(MerchantState s, int today) {
        return s.getSumsDay() != null && s.getSumsDay() == today;
    }

    private static List<Long> suffix(MerchantState s, int k) {
        for (WindowSum sum : s.getSums()) {
            if (sum.getDays() == k) {
                return sum.getCounts();
            }
        }
        throw new IllegalStateException("no running sum over " + k + " days for merchant " + s.getMerchantId());
    }

    private static boolean keptFor(MerchantState s, List<Integer> lengths) {
        List<WindowSum> sums = s.getSums();
        if (sums.size() != lengths.size()) {
            return false;
        }
        for (int i = 0; i < sums.size(); i++) {
            if (sums.get(i).getDays() != lengths.get(i)
                    || sums.get(i).getCounts().size() != METRICS) {
                return false;
            }
        }
        return true;
    }

    private static void rebuild(MerchantState s, int today, List<Integer> lengths) {
        List<WindowSum> sums = new ArrayList<>(lengths.size());
        for (int k : lengths) {
            List<Long> counts = new ArrayList<>(Collections.nCopies(METRICS, 0L));
            for (DayBucket b : s.getDays()) {
                if (b.getDay() >= today - k + 1) {
                    for (int i = 0; i < METRICS; i++) {
                        counts.set(i, counts.get(i) + b.getCounts().get(i));
                    }
                }
            }
            sums.add(new WindowSum(k, counts));
        }
        s.setSums(sums);
        s.setSumsDay(today);
    }

    /** Takes the buckets of the days {@code from} to {@code to} (both included) off {@code counts}. */
    private static void subtract(List<DayBucket> days, List<Long> counts, int from, int to) {
        for (int j = MerchantLedger.firstAtOrAfter(days, from);
                j < days.size() && days.get(j).getDay() <= to;
                j++) {
            List<Long> c = days.get(j).getCounts();
            for (int i = 0; i < METRICS; i++) {
                counts.set(i, counts.get(i) - c.get(i));
            }
        }
    }
}
