package io.atozwatch.topology.merchants;

import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.ReferenceMetric;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.PerformanceMetric;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The reference metrics (domain brief, section 3), each a rolling window of whole days over the
 * merchant's buckets: ODR by order date (60 days), on-time and late delivery (14), not received (30),
 * merchant cancels (7), return refusals (30), breaches and chargebacks (30), sales (7, 28, 30 days), late
 * shipments (10), pre-fulfilment cancels (7), valid tracking (30), dissatisfied returns (30), the reference
 * ones also against their targets; and
 * the figures the reserve is decided on. Each is read from the running sums ({@link WindowSums}), which
 * must have been brought to the day of {@code now} ({@link MerchantLedger#advance}).
 */
public final class MerchantMetrics {
    static final int SALES_7D = 7;
    static final int SALES_28D = 28;
    static final int SALES_30D = 30;

    private MerchantMetrics() {}

    /** The figures as of {@code now} (windows ending today); tier, reserve and reasons come from {@link ReservePolicy}. */
    public static MerchantPerformance.Builder compute(MerchantState s, PipelineConfig.Performance w, Instant now) {
        requireAligned(s, now);
        long odrOrders = sum(s, PerformanceMetric.ORDERS, w.odrDays());
        long odrDefects = sum(s, PerformanceMetric.DEFECTS, w.odrDays());
        long deliveries = sum(s, PerformanceMetric.DELIVERIES, w.onTimeDeliveryDays());
        long chargebacks = sum(s, PerformanceMetric.CHARGEBACKS, w.chargebackDays());
        PipelineConfig.Targets t = w.targets();
        ReferenceMetric late = metric(
                s,
                "lateShipmentRate",
                PerformanceMetric.LATE_SHIPMENTS,
                PerformanceMetric.SHIP_BY_ORDERS,
                w.lateShipmentDays(),
                t.lateShipment(),
                false);
        ReferenceMetric cancels = metric(
                s,
                "preFulfilmentCancelRate",
                PerformanceMetric.PRE_FULFILMENT_CANCELS,
                PerformanceMetric.ORDERS,
                w.preFulfilmentCancelDays(),
                t.preFulfilmentCancel(),
                false);
        ReferenceMetric tracking = metric(
                s,
                "validTrackingRate",
                PerformanceMetric.TRACKED_SHIPMENTS,
                PerformanceMetric.SHIPMENTS,
                w.validTrackingDays(),
                t.validTracking(),
                true);
        ReferenceMetric returns = metric(
                s,
                "returnDissatisfactionRate",
                PerformanceMetric.DISSATISFIED_RETURNS,
                PerformanceMetric.RETURN_REQUESTS,
                w.returnDissatisfactionDays(),
                t.returnDissatisfaction(),
                false);
        return MerchantPerformance.newBuilder()
                .setMerchantId(s.getMerchantId())
                .setAsOf(now)
                .setCurrency(s.getCurrency())
                .setFirstOrderAt(s.getFirstOrderAt())
                .setOrderCount(s.getOrderCount())
                .setOdr(rate(odrDefects, odrOrders))
                .setOdrOrders(odrOrders)
                .setOdrDefects(odrDefects)
                .setOnTimeDeliveryRate(
                        rate(sum(s, PerformanceMetric.ON_TIME_DELIVERIES, w.onTimeDeliveryDays()), deliveries))
                .setLateDeliveryRate(
                        rate(sum(s, PerformanceMetric.LATE_DELIVERIES, w.onTimeDeliveryDays()), deliveries))
                .setNotReceivedRate(rate(
                        sum(s, PerformanceMetric.NOT_RECEIVED, w.notReceivedDays()),
                        sum(s, PerformanceMetric.ORDERS, w.notReceivedDays())))
                .setMerchantCancelRate(rate(
                        sum(s, PerformanceMetric.MERCHANT_CANCELS, w.merchantCancelDays()),
                        sum(s, PerformanceMetric.ORDERS, w.merchantCancelDays())))
                .setReturnRefusalRate(rate(
                        sum(s, PerformanceMetric.RETURN_REFUSALS, w.returnRefusalDays()),
                        sum(s, PerformanceMetric.RETURN_REQUESTS, w.returnRefusalDays())))
                .setClaimResponseBreaches(sum(s, PerformanceMetric.CLAIM_RESPONSE_BREACHES, w.breachDays()))
                .setRefundAfterReturnBreaches(sum(s, PerformanceMetric.REFUND_BREACHES, w.breachDays()))
                .setChargebacks(chargebacks)
                .setChargebackRatio(rate(chargebacks, sum(s, PerformanceMetric.ORDERS, w.chargebackDays())))
                .setSales7dMinor(sum(s, PerformanceMetric.SALES, SALES_7D))
                .setSales28dMinor(sum(s, PerformanceMetric.SALES, SALES_28D))
                .setSales30dMinor(sum(s, PerformanceMetric.SALES, SALES_30D))
                .setUnresolvedDisputeMinor(Math.max(0, s.getUnresolvedDisputeMinor()))
                .setLateShipmentRate(late.getValue())
                .setPreFulfilmentCancelRate(cancels.getValue())
                .setValidTrackingRate(tracking.getValue())
                .setReturnDissatisfactionRate(returns.getValue())
                .setReferenceMetrics(List.of(
                        metric(
                                s,
                                "odr",
                                PerformanceMetric.DEFECTS,
                                PerformanceMetric.ORDERS,
                                w.odrDays(),
                                t.odr(),
                                false),
                        late,
                        cancels,
                        tracking,
                        metric(
                                s,
                                "onTimeDeliveryRate",
                                PerformanceMetric.ON_TIME_DELIVERIES,
                                PerformanceMetric.DELIVERIES,
                                w.onTimeDeliveryDays(),
                                t.onTimeDelivery(),
                                true),
                        returns));
    }

    /**
     * One reference metric against its target: met when the rate stays under a ceiling (or, for a rate to keep
     * high, reaches a floor); unknown when nothing was counted.
     */
    static ReferenceMetric metric(
            MerchantState s,
            String name,
            PerformanceMetric numerator,
            PerformanceMetric denominator,
            int days,
            double target,
            boolean higherIsBetter) {
        long num = sum(s, numerator, days);
        long den = sum(s, denominator, days);
        Double value = rate(num, den);
        Boolean meets = value == null ? null : higherIsBetter ? value >= target : value < target;
        return new ReferenceMetric(name, value, num, den, days, target, higherIsBetter, meets);
    }

    /**
     * What the reserve is decided on at {@code now}: the whole days (UTC) ending yesterday (sales over 7 and
     * 30 days, the ODR window, orders placed and the account's age in days) and the disputes open now.
     */
    public static ReserveBasis reserveBasis(MerchantState s, PipelineConfig.Performance w, Instant now) {
        requireAligned(s, now);
        int today = MerchantLedger.today(now);
        // Orders are counted for life; those placed today (or, late, after it) are taken off.
        long ordersFromToday = WindowSums.fromToday(s, PerformanceMetric.ORDERS);
        long age = s.getFirstOrderAt() == null ? 0 : Math.max(0, today - MerchantLedger.today(s.getFirstOrderAt()));
        return new ReserveBasis(
                s.getCurrency(),
                LocalDate.ofEpochDay(today - 1L),
                Math.max(0, s.getOrderCount() - ordersFromToday),
                age,
                w.odrDays(),
                WindowSums.endingYesterday(s, PerformanceMetric.ORDERS, w.odrDays()),
                WindowSums.endingYesterday(s, PerformanceMetric.DEFECTS, w.odrDays()),
                WindowSums.endingYesterday(s, PerformanceMetric.SALES, SALES_7D),
                WindowSums.endingYesterday(s, PerformanceMetric.SALES, SALES_30D),
                Math.max(0, s.getUnresolvedDisputeMinor()));
    }

    private static void requireAligned(MerchantState s, Instant now) {
        if (!WindowSums.alignedTo(s, MerchantLedger.today(now))) {
            throw new IllegalStateException(
                    "the figures of merchant " + s.getMerchantId() + " were not brought to " + now);
        }
    }

    private static long sum(MerchantState s, PerformanceMetric m, int days) {
        return WindowSums.endingToday(s, m, days);
    }

    /** A fraction, or null when nothing was counted. */
    static Double rate(long numerator, long denominator) {
        return denominator <= 0 ? null : (double) numerator / denominator;
    }
}
