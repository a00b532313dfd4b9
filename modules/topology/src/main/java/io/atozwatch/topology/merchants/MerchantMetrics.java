package io.atozwatch.topology.merchants;

import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.PerformanceMetric;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The reference metrics (domain brief, section 3), each a rolling window of whole days over the
 * merchant's buckets: ODR by order date (60 days), on-time and late delivery (14), not received (30),
 * merchant cancels (7), return refusals (30), breaches and chargebacks (30), sales (7, 28, 30 days).
 */
public final class MerchantMetrics {
    private MerchantMetrics() {}

    /** The figures as of {@code now} (windows ending today); tier, reserve and reasons come from {@link ReservePolicy}. */
    public static MerchantPerformance.Builder compute(MerchantState s, PipelineConfig.Performance w, Instant now) {
        int today = MerchantLedger.today(now);
        long odrOrders = sum(s, PerformanceMetric.ORDERS, today, w.odrDays());
        long odrDefects = sum(s, PerformanceMetric.DEFECTS, today, w.odrDays());
        long deliveries = sum(s, PerformanceMetric.DELIVERIES, today, w.onTimeDeliveryDays());
        long chargebacks = sum(s, PerformanceMetric.CHARGEBACKS, today, w.chargebackDays());
        return MerchantPerformance.newBuilder()
                .setMerchantId(s.getMerchantId())
                .setAsOf(now)
                .setCurrency(s.getCurrency())
                .setFirstOrderAt(s.getFirstOrderAt())
                .setOrderCount(s.getOrderCount())
                .setOdr(rate(odrDefects, odrOrders))
                .setOdrOrders(odrOrders)
                .setOdrDefects(odrDefects)
                .setOnTimeDeliveryRate(rate(sum(s, PerformanceMetric.ON_TIME_DELIVERIES, today, w.onTimeDeliveryDays()), deliveries))
                .setLateDeliveryRate(rate(sum(s, PerformanceMetric.LATE_DELIVERIES, today, w.onTimeDeliveryDays()), deliveries))
                .setNotReceivedRate(rate(sum(s, PerformanceMetric.NOT_RECEIVED, today, w.notReceivedDays()),
                        sum(s, PerformanceMetric.ORDERS, today, w.notReceivedDays())))
                .setMerchantCancelRate(rate(sum(s, PerformanceMetric.MERCHANT_CANCELS, today, w.merchantCancelDays()),
                        sum(s, PerformanceMetric.ORDERS, today, w.merchantCancelDays())))
                .setReturnRefusalRate(rate(sum(s, PerformanceMetric.RETURN_REFUSALS, today, w.returnRefusalDays()),
                        sum(s, PerformanceMetric.RETURN_REQUESTS, today, w.returnRefusalDays())))
                .setClaimResponseBreaches(sum(s, PerformanceMetric.CLAIM_RESPONSE_BREACHES, today, w.breachDays()))
                .setRefundAfterReturnBreaches(sum(s, PerformanceMetric.REFUND_BREACHES, today, w.breachDays()))
                .setChargebacks(chargebacks)
                .setChargebackRatio(rate(chargebacks, sum(s, PerformanceMetric.ORDERS, today, w.chargebackDays())))
                .setSales7dMinor(sum(s, PerformanceMetric.SALES, today, 7))
                .setSales28dMinor(sum(s, PerformanceMetric.SALES, today, 28))
                .setSales30dMinor(sum(s, PerformanceMetric.SALES, today, 30))
                .setUnresolvedDisputeMinor(Math.max(0, s.getUnresolvedDisputeMinor()));
    }

    /**
     * What the reserve is decided on at {@code now}: the whole days (UTC) ending yesterday (sales over 7 and
     * 30 days, the ODR window, orders placed and the account's age in days) and the disputes open now.
     */
    public static ReserveBasis reserveBasis(MerchantState s, PipelineConfig.Performance w, Instant now) {
        int today = MerchantLedger.today(now);
        int last = today - 1;
        // Orders are counted for life; those placed today (or, late, after it) are taken off.
        long ordersToday = MerchantLedger.sumBetween(s, PerformanceMetric.ORDERS, today, Integer.MAX_VALUE);
        long age = s.getFirstOrderAt() == null ? 0 : Math.max(0, today - MerchantLedger.today(s.getFirstOrderAt()));
        return new ReserveBasis(s.getCurrency(), LocalDate.ofEpochDay(last), Math.max(0, s.getOrderCount() - ordersToday), age,
                w.odrDays(),
                MerchantLedger.sumBetween(s, PerformanceMetric.ORDERS, last - w.odrDays() + 1, last),
                MerchantLedger.sumBetween(s, PerformanceMetric.DEFECTS, last - w.odrDays() + 1, last),
                MerchantLedger.sumBetween(s, PerformanceMetric.SALES, last - 6, last),
                MerchantLedger.sumBetween(s, PerformanceMetric.SALES, last - 29, last),
                Math.max(0, s.getUnresolvedDisputeMinor()));
    }

    private static long sum(MerchantState s, PerformanceMetric m, int today, int days) {
        return MerchantLedger.sum(s, m, today, days);
    }

    /** A fraction, or null when nothing was counted. */
    static Double rate(long numerator, long denominator) {
        return denominator <= 0 ? null : (double) numerator / denominator;
    }
}
