package io.atozwatch.app.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.app.json.JsonAvroCodec;
import io.atozwatch.state.DayBucket;
import io.atozwatch.state.DecisionEntry;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.PerformanceMetric;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.merchants.MerchantPerformanceProcessor;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A merchant's history ({@code GET /merchants/{id}/history}), read from its internal state: the daily buckets
 * of the last {@link #DAYS} days up to the day it was last evaluated (every day listed, days without a bucket
 * as zeros), each day's ODR over the ODR window ending that day (of the days the state still holds), and its
 * latest reserve decisions (tier changes among them) for a timeline.
 */
public final class MerchantHistory {
    /** The days listed: the longest window a figure looks at. */
    public static final int DAYS = 90;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PerformanceMetric[] METRICS = PerformanceMetric.values();

    private MerchantHistory() {}

    /** A metric's field in a day: its name in camel case (LATE_DELIVERIES is lateDeliveries). */
    public static String field(PerformanceMetric metric) {
        StringBuilder b = new StringBuilder();
        for (String part : metric.name().toLowerCase(Locale.ROOT).split("_")) {
            b.append(b.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return b.toString();
    }

    public static ObjectNode toJson(MerchantState s, PipelineConfig.Performance w) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("merchantId", s.getMerchantId());
        doc.put("currency", s.getCurrency());
        doc.put("tier", s.getTier() == null ? null : s.getTier().name());
        if (s.getReserveMinor() == null) {
            doc.putNull("reserveMinor");
        } else {
            doc.put("reserveMinor", s.getReserveMinor());
        }
        doc.put("odrWindowDays", w.odrDays());
        List<DayBucket> buckets = s.getDays();
        Integer today = s.getSumsDay() != null
                ? s.getSumsDay()
                : buckets.isEmpty() ? null : buckets.get(buckets.size() - 1).getDay();
        ArrayNode days = JSON.createArrayNode();
        if (today == null) {
            doc.putNull("from");
            doc.putNull("to");
        } else {
            int from = today - DAYS + 1;
            doc.put("from", LocalDate.ofEpochDay(from).toString());
            doc.put("to", LocalDate.ofEpochDay(today).toString());
            long[][] counts = dense(buckets, from - w.odrDays() + 1, today);
            int offset = w.odrDays() - 1; // counts[offset] is the first day listed
            long orders = 0;
            long defects = 0;
            for (int i = 0; i < counts.length; i++) {
                orders += counts[i][PerformanceMetric.ORDERS.ordinal()];
                defects += counts[i][PerformanceMetric.DEFECTS.ordinal()];
                if (i >= w.odrDays()) {
                    orders -= counts[i - w.odrDays()][PerformanceMetric.ORDERS.ordinal()];
                    defects -= counts[i - w.odrDays()][PerformanceMetric.DEFECTS.ordinal()];
                }
                if (i < offset) {
                    continue;
                }
                ObjectNode day = days.addObject();
                day.put("date", LocalDate.ofEpochDay(from + i - offset).toString());
                for (PerformanceMetric m : METRICS) {
                    day.put(field(m), counts[i][m.ordinal()]);
                }
                if (orders > 0) {
                    day.put("odr", (double) defects / orders);
                } else {
                    day.putNull("odr");
                }
            }
        }
        doc.set("days", days);
        ArrayNode decisions = JSON.createArrayNode();
        for (DecisionEntry d : s.getDecisions()) {
            decisions.add(JsonAvroCodec.toJson(d));
        }
        doc.set("decisions", decisions);
        doc.put("decisionsKept", MerchantPerformanceProcessor.KEPT_DECISIONS);
        return doc;
    }

    /** Counts per metric for every day from {@code first} to {@code last} (both included); zeros where no bucket is. */
    private static long[][] dense(List<DayBucket> buckets, int first, int last) {
        long[][] counts = new long[last - first + 1][METRICS.length];
        for (DayBucket b : new ArrayList<>(buckets)) {
            if (b.getDay() < first || b.getDay() > last) {
                continue;
            }
            List<Long> c = b.getCounts();
            for (int m = 0; m < Math.min(c.size(), METRICS.length); m++) {
                counts[b.getDay() - first][m] = c.get(m);
            }
        }
        return counts;
    }
}
