package io.atozwatch.topology.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.state.DayBucket;
import io.atozwatch.state.FigureEntry;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.OrderFigures;
import io.atozwatch.state.PerformanceMetric;
import io.atozwatch.topology.config.PipelineConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: a merchant's figures are read from running sums kept with its days, not by re-summing up to 90
 * daily buckets several times per fact. Whatever the facts (new orders, changed and withdrawn contributions,
 * entries on past days, on days no longer kept, in another currency), however time moves (minutes, days,
 * months at once) and across store round trips, the figures are those of re-summing the days.
 */
class RunningSumsTest {
    private static final PipelineConfig.Performance W =
            PipelineConfig.defaults().performance();
    private static final PerformanceMetric[] METRICS = PerformanceMetric.values();

    @Test
    void theFiguresAreThoseOfReSummingTheDays() {
        Random random = new Random(20261128);
        for (int run = 0; run < 10; run++) {
            MerchantState s = usdMerchant();
            Map<String, OrderFigures> orders = new HashMap<>();
            Instant now = Instant.parse("2026-01-01T08:00:00Z");
            for (int step = 0; step < 300; step++) {
                now = now.plus(pace(random));
                int today = MerchantLedger.today(now);
                if (random.nextInt(4) == 0) {
                    MerchantLedger.advance(s, today, W); // a wake: no fact, the day moves on
                } else {
                    String order = "o-" + random.nextInt(40);
                    OrderFigures previous = orders.get(order);
                    OrderFigures current = random.nextInt(8) == 0 ? null : figures(random, now);
                    orders.put(order, current);
                    MerchantLedger.apply(
                            s,
                            new MerchantFacts("m-1", order, now, 0L, 0, 1, null, false, previous, current, "US"),
                            today,
                            W);
                }
                if (random.nextInt(10) == 0) {
                    s = roundTrip(s); // as read back from the store: Avro arrays
                }
                assertSameAsReSumming(s, now);
            }
        }
    }

    @Test
    void sumsNotKeptYetOrKeptForOtherWindowsAreRebuiltFromTheDays() {
        Random random = new Random(7);
        MerchantState s = usdMerchant();
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        for (int i = 0; i < 50; i++) {
            MerchantLedger.apply(
                    s,
                    new MerchantFacts("m-1", "o-" + i, now, 0L, 0, 1, null, false, null, figures(random, now), "US"),
                    MerchantLedger.today(now),
                    W);
        }
        s.setSums(new ArrayList<>());
        s.setSumsDay(null); // a state written before the running sums
        MerchantLedger.advance(s, MerchantLedger.today(now), W);
        assertSameAsReSumming(s, now);

        PipelineConfig.Performance shorter =
                PipelineConfig.from(Map.of("performance.window.odr", "P30D")).performance();
        MerchantLedger.advance(s, MerchantLedger.today(now), shorter);
        assertThat(MerchantMetrics.compute(s, shorter, now).getOdrOrders())
                .isEqualTo(reSum(s, PerformanceMetric.ORDERS, MerchantLedger.today(now) - 29, Integer.MAX_VALUE));
    }

    /**
     * The copy a failed step puts back shares the day buckets with the state: whatever the steps after it do (new
     * days, changed days, days forgotten, sums slid or rebuilt, older state widened), it stays what it was.
     */
    @Test
    void aSnapshotIsNotChangedByTheStepsAfterIt() {
        Random random = new Random(29);
        MerchantState s = usdMerchant();
        Instant now = Instant.parse("2026-01-01T08:00:00Z");
        for (int step = 0; step < 400; step++) {
            now = now.plus(pace(random));
            if (random.nextInt(15) == 0) {
                s = roundTrip(s);
                for (DayBucket b : s.getDays()) { // as written before the last metrics were added
                    b.setCounts(new ArrayList<>(b.getCounts().subList(0, METRICS.length - 2)));
                }
                s.setSums(new ArrayList<>());
                s.setSumsDay(null);
            }
            MerchantState snapshot = MerchantLedger.snapshot(s);
            assertThat(snapshot).isEqualTo(s);
            MerchantState before = roundTrip(s);
            String order = "o-" + random.nextInt(40);
            MerchantLedger.apply(
                    s,
                    new MerchantFacts("m-1", order, now, 0L, 0, 1, null, false, null, figures(random, now), "US"),
                    MerchantLedger.today(now),
                    W);
            s.getMarketplaceOrders().merge("US", 1L, Long::sum);
            assertThat(snapshot).as("step %d", step).isEqualTo(before);
        }
    }

    private static MerchantState usdMerchant() {
        MerchantState s = MerchantLedger.newState("m-1");
        s.setCurrency("USD");
        return s;
    }

    /** Mostly minutes to hours, sometimes days, now and then a month or more with no fact at all. */
    private static Duration pace(Random random) {
        int pick = random.nextInt(100);
        if (pick < 70) {
            return Duration.ofMinutes(1 + random.nextInt(600));
        } else if (pick < 97) {
            return Duration.ofDays(1 + random.nextInt(5)).plusMinutes(random.nextInt(1440));
        }
        return Duration.ofDays(30 + random.nextInt(100));
    }

    /** An order's contribution: a few entries on days from 100 days ago to today, some in another currency. */
    private static OrderFigures figures(Random random, Instant now) {
        int today = MerchantLedger.today(now);
        List<FigureEntry> entries = new ArrayList<>();
        for (int i = random.nextInt(6); i >= 0; i--) {
            PerformanceMetric m = METRICS[random.nextInt(METRICS.length)];
            int day = today - (random.nextInt(3) == 0 ? random.nextInt(100) : random.nextInt(8));
            entries.add(new FigureEntry(m, day, m == PerformanceMetric.SALES ? 1L + random.nextInt(100_000) : 1L));
        }
        return new OrderFigures(
                random.nextInt(10) == 0 ? "EUR" : "USD",
                now.minus(Duration.ofDays(random.nextInt(20))),
                (long) random.nextInt(3) * 5_000,
                entries);
    }

    private static void assertSameAsReSumming(MerchantState s, Instant now) {
        assertThat(MerchantMetrics.compute(s, W, now)
                        .setTier(io.atozwatch.events.ReserveTier.TIER_I)
                        .setReserveMinor(0)
                        .setReasons(List.of())
                        .build()
                        .toString())
                .isEqualTo(reference(s, now).toString());
        assertThat(MerchantMetrics.reserveBasis(s, W, now)).isEqualTo(referenceBasis(s, now));
    }

    /** The figures as MerchantMetrics computed them before the running sums: each a sum over the days. */
    private static MerchantPerformance reference(MerchantState s, Instant now) {
        int today = MerchantLedger.today(now);
        long odrOrders = last(s, PerformanceMetric.ORDERS, today, W.odrDays());
        long odrDefects = last(s, PerformanceMetric.DEFECTS, today, W.odrDays());
        long deliveries = last(s, PerformanceMetric.DELIVERIES, today, W.onTimeDeliveryDays());
        long chargebacks = last(s, PerformanceMetric.CHARGEBACKS, today, W.chargebackDays());
        return MerchantPerformance.newBuilder()
                .setMerchantId(s.getMerchantId())
                .setAsOf(now)
                .setCurrency(s.getCurrency())
                .setFirstOrderAt(s.getFirstOrderAt())
                .setOrderCount(s.getOrderCount())
                .setOdr(MerchantMetrics.rate(odrDefects, odrOrders))
                .setOdrOrders(odrOrders)
                .setOdrDefects(odrDefects)
                .setOnTimeDeliveryRate(MerchantMetrics.rate(
                        last(s, PerformanceMetric.ON_TIME_DELIVERIES, today, W.onTimeDeliveryDays()), deliveries))
                .setLateDeliveryRate(MerchantMetrics.rate(
                        last(s, PerformanceMetric.LATE_DELIVERIES, today, W.onTimeDeliveryDays()), deliveries))
                .setNotReceivedRate(MerchantMetrics.rate(
                        last(s, PerformanceMetric.NOT_RECEIVED, today, W.notReceivedDays()),
                        last(s, PerformanceMetric.ORDERS, today, W.notReceivedDays())))
                .setMerchantCancelRate(MerchantMetrics.rate(
                        last(s, PerformanceMetric.MERCHANT_CANCELS, today, W.merchantCancelDays()),
                        last(s, PerformanceMetric.ORDERS, today, W.merchantCancelDays())))
                .setReturnRefusalRate(MerchantMetrics.rate(
                        last(s, PerformanceMetric.RETURN_REFUSALS, today, W.returnRefusalDays()),
                        last(s, PerformanceMetric.RETURN_REQUESTS, today, W.returnRefusalDays())))
                .setClaimResponseBreaches(last(s, PerformanceMetric.CLAIM_RESPONSE_BREACHES, today, W.breachDays()))
                .setRefundAfterReturnBreaches(last(s, PerformanceMetric.REFUND_BREACHES, today, W.breachDays()))
                .setChargebacks(chargebacks)
                .setChargebackRatio(
                        MerchantMetrics.rate(chargebacks, last(s, PerformanceMetric.ORDERS, today, W.chargebackDays())))
                .setSales7dMinor(last(s, PerformanceMetric.SALES, today, 7))
                .setSales28dMinor(last(s, PerformanceMetric.SALES, today, 28))
                .setSales30dMinor(last(s, PerformanceMetric.SALES, today, 30))
                .setUnresolvedDisputeMinor(Math.max(0, s.getUnresolvedDisputeMinor()))
                .setTier(io.atozwatch.events.ReserveTier.TIER_I)
                .setReserveMinor(0)
                .setReasons(List.of())
                .setLateShipmentRate(MerchantMetrics.rate(
                        last(s, PerformanceMetric.LATE_SHIPMENTS, today, W.lateShipmentDays()),
                        last(s, PerformanceMetric.SHIP_BY_ORDERS, today, W.lateShipmentDays())))
                .setPreFulfilmentCancelRate(MerchantMetrics.rate(
                        last(s, PerformanceMetric.PRE_FULFILMENT_CANCELS, today, W.preFulfilmentCancelDays()),
                        last(s, PerformanceMetric.ORDERS, today, W.preFulfilmentCancelDays())))
                .setValidTrackingRate(MerchantMetrics.rate(
                        last(s, PerformanceMetric.TRACKED_SHIPMENTS, today, W.validTrackingDays()),
                        last(s, PerformanceMetric.SHIPMENTS, today, W.validTrackingDays())))
                .setReturnDissatisfactionRate(MerchantMetrics.rate(
                        last(s, PerformanceMetric.DISSATISFIED_RETURNS, today, W.returnDissatisfactionDays()),
                        last(s, PerformanceMetric.RETURN_REQUESTS, today, W.returnDissatisfactionDays())))
                .setReferenceMetrics(List.of(
                        referenceMetric(
                                s,
                                today,
                                "odr",
                                PerformanceMetric.DEFECTS,
                                PerformanceMetric.ORDERS,
                                W.odrDays(),
                                0.01,
                                false),
                        referenceMetric(
                                s,
                                today,
                                "lateShipmentRate",
                                PerformanceMetric.LATE_SHIPMENTS,
                                PerformanceMetric.SHIP_BY_ORDERS,
                                W.lateShipmentDays(),
                                0.04,
                                false),
                        referenceMetric(
                                s,
                                today,
                                "preFulfilmentCancelRate",
                                PerformanceMetric.PRE_FULFILMENT_CANCELS,
                                PerformanceMetric.ORDERS,
                                W.preFulfilmentCancelDays(),
                                0.025,
                                false),
                        referenceMetric(
                                s,
                                today,
                                "validTrackingRate",
                                PerformanceMetric.TRACKED_SHIPMENTS,
                                PerformanceMetric.SHIPMENTS,
                                W.validTrackingDays(),
                                0.95,
                                true),
                        referenceMetric(
                                s,
                                today,
                                "onTimeDeliveryRate",
                                PerformanceMetric.ON_TIME_DELIVERIES,
                                PerformanceMetric.DELIVERIES,
                                W.onTimeDeliveryDays(),
                                0.97,
                                true),
                        referenceMetric(
                                s,
                                today,
                                "returnDissatisfactionRate",
                                PerformanceMetric.DISSATISFIED_RETURNS,
                                PerformanceMetric.RETURN_REQUESTS,
                                W.returnDissatisfactionDays(),
                                0.10,
                                false)))
                .build();
    }

    private static io.atozwatch.events.ReferenceMetric referenceMetric(
            MerchantState s,
            int today,
            String name,
            PerformanceMetric numerator,
            PerformanceMetric denominator,
            int days,
            double target,
            boolean higherIsBetter) {
        long num = last(s, numerator, today, days);
        long den = last(s, denominator, today, days);
        Double value = den == 0 ? null : (double) num / den;
        return new io.atozwatch.events.ReferenceMetric(
                name,
                value,
                num,
                den,
                days,
                target,
                higherIsBetter,
                value == null ? null : higherIsBetter ? value >= target : value < target);
    }

    private static ReserveBasis referenceBasis(MerchantState s, Instant now) {
        int today = MerchantLedger.today(now);
        int y = today - 1;
        long age = s.getFirstOrderAt() == null ? 0 : Math.max(0, today - MerchantLedger.today(s.getFirstOrderAt()));
        return new ReserveBasis(
                s.getCurrency(),
                LocalDate.ofEpochDay(y),
                Math.max(0, s.getOrderCount() - reSum(s, PerformanceMetric.ORDERS, today, Integer.MAX_VALUE)),
                age,
                W.odrDays(),
                reSum(s, PerformanceMetric.ORDERS, y - W.odrDays() + 1, y),
                reSum(s, PerformanceMetric.DEFECTS, y - W.odrDays() + 1, y),
                reSum(s, PerformanceMetric.SALES, y - 6, y),
                reSum(s, PerformanceMetric.SALES, y - 29, y),
                Math.max(0, s.getUnresolvedDisputeMinor()));
    }

    /** The {@code days} days ending {@code today}, later days too. */
    private static long last(MerchantState s, PerformanceMetric m, int today, int days) {
        return reSum(s, m, today - days + 1, Integer.MAX_VALUE);
    }

    private static long reSum(MerchantState s, PerformanceMetric m, int from, int to) {
        long total = 0;
        for (DayBucket b : s.getDays()) {
            if (b.getDay() >= from && b.getDay() <= to) {
                total += b.getCounts().get(m.ordinal());
            }
        }
        return total;
    }

    private static MerchantState roundTrip(MerchantState s) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(MerchantState.class).write(s, encoder);
            encoder.flush();
            return new SpecificDatumReader<>(MerchantState.class)
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
