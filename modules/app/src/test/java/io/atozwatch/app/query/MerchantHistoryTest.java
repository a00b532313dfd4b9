package io.atozwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.events.ReserveTier;
import io.atozwatch.state.DayBucket;
import io.atozwatch.state.DecisionEntry;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.PerformanceMetric;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.merchants.MerchantLedger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A merchant's history: its last 90 days, every day listed, each day's rolling ODR, and its kept decisions. */
class MerchantHistoryTest {
    private static final PipelineConfig.Performance W =
            PipelineConfig.defaults().performance();
    private static final int TODAY = (int) LocalDate.parse("2026-06-30").toEpochDay();

    private static DayBucket bucket(int day, long orders, long defects, long sales) {
        List<Long> counts = new ArrayList<>(Collections.nCopies(PerformanceMetric.values().length, 0L));
        counts.set(PerformanceMetric.ORDERS.ordinal(), orders);
        counts.set(PerformanceMetric.DEFECTS.ordinal(), defects);
        counts.set(PerformanceMetric.SALES.ordinal(), sales);
        return new DayBucket(day, counts);
    }

    private static MerchantState state(List<DayBucket> days) {
        MerchantState s = MerchantLedger.newState("m-1");
        s.setCurrency("USD");
        s.setDays(new ArrayList<>(days));
        s.setSumsDay(TODAY);
        return s;
    }

    @Test
    void listsEveryOneOfTheLast90DaysWithEveryMetricAndZerosWhereNothingWasCounted() {
        MerchantState s = state(List.of(
                bucket(TODAY - 100, 7, 7, 700),
                bucket(TODAY - 89, 2, 0, 5000),
                bucket(TODAY - 3, 4, 1, 12_000),
                bucket(TODAY, 1, 0, 999)));

        ObjectNode h = MerchantHistory.toJson(s, W);

        assertThat(h.get("merchantId").asText()).isEqualTo("m-1");
        assertThat(h.get("currency").asText()).isEqualTo("USD");
        assertThat(h.get("from").asText()).isEqualTo("2026-04-02");
        assertThat(h.get("to").asText()).isEqualTo("2026-06-30");
        JsonNode days = h.get("days");
        assertThat(days).hasSize(MerchantHistory.DAYS);
        assertThat(days.get(0).get("date").asText()).isEqualTo("2026-04-02");
        assertThat(days.get(0).get("orders").asLong()).isEqualTo(2);
        assertThat(days.get(0).get("sales").asLong()).isEqualTo(5000);
        assertThat(days.get(1).get("orders").asLong()).isZero();
        assertThat(days.get(86).get("defects").asLong()).isEqualTo(1);
        assertThat(days.get(89).get("date").asText()).isEqualTo("2026-06-30");
        assertThat(days.get(89).get("sales").asLong()).isEqualTo(999);
        for (PerformanceMetric m : PerformanceMetric.values()) {
            assertThat(days.get(5).has(MerchantHistory.field(m))).as(m.name()).isTrue();
        }
        assertThat(MerchantHistory.field(PerformanceMetric.LATE_DELIVERIES)).isEqualTo("lateDeliveries");
        assertThat(MerchantHistory.field(PerformanceMetric.SALES)).isEqualTo("sales");
    }

    @Test
    void eachDaysOdrLooksBackOverTheOdrWindowEndingThatDay() {
        int window = W.odrDays();
        // 7 defects in 7 orders 100 days ago: in the ODR window of the first days listed, not of later ones.
        MerchantState s =
                state(List.of(bucket(TODAY - 100, 7, 7, 0), bucket(TODAY - 89, 3, 0, 0), bucket(TODAY - 3, 4, 1, 0)));

        JsonNode days = MerchantHistory.toJson(s, W).get("days");

        assertThat(days.get(0).get("odr").asDouble()).isEqualTo(7.0 / 10); // 2026-04-02: 100 and 89 days ago
        int lastWith100 =
                window - 12; // the last day listed whose window reaches back 100 days ago (89 + window - 1 - 100)
        assertThat(days.get(lastWith100).get("odr").asDouble()).isEqualTo(7.0 / 10);
        assertThat(days.get(lastWith100 + 1).get("odr").asDouble()).isEqualTo(0.0); // 3 orders, no defect
        assertThat(days.get(89).get("odr").asDouble()).isEqualTo(1.0 / 4); // 89 days ago is out of the window
        assertThat(days.get(window).get("odr").isNull())
                .isTrue(); // a window with no order at all: after 89, before 3 days ago
    }

    @Test
    void theTimelineIsTheKeptDecisionsOldestFirstAndAStateWithoutDaysListsNone() {
        MerchantState s = MerchantLedger.newState("m-2");
        s.setTier(ReserveTier.TIER_I);
        s.setReserveMinor(50_000L);
        s.setDecisions(List.of(
                DecisionEntry.newBuilder()
                        .setDecisionId("m-2/decision/1")
                        .setDecidedAt(Instant.parse("2026-03-01T00:00:00Z"))
                        .setTier(ReserveTier.TIER_II)
                        .setReserveMinor(0)
                        .setTrigger("DAILY")
                        .setOdr(0.0)
                        .build(),
                DecisionEntry.newBuilder()
                        .setDecisionId("m-2/decision/2")
                        .setDecidedAt(Instant.parse("2026-03-05T10:00:00Z"))
                        .setTier(ReserveTier.TIER_I)
                        .setPreviousTier(ReserveTier.TIER_II)
                        .setReserveMinor(50_000)
                        .setPreviousReserveMinor(0L)
                        .setTrigger("TIER_CHANGE")
                        .setOdr(0.02)
                        .setReasons(List.of("ODR 2.00% is over 1.00%"))
                        .build()));

        ObjectNode h = MerchantHistory.toJson(s, W);

        assertThat(h.get("days")).isEmpty();
        assertThat(h.get("from").isNull()).isTrue();
        assertThat(h.get("tier").asText()).isEqualTo("TIER_I");
        assertThat(h.get("reserveMinor").asLong()).isEqualTo(50_000);
        JsonNode d = h.get("decisions");
        assertThat(d).hasSize(2);
        assertThat(d.get(1).get("decidedAt").asText()).isEqualTo("2026-03-05T10:00:00Z");
        assertThat(d.get(1).get("previousTier").asText()).isEqualTo("TIER_II");
        assertThat(d.get(1).get("tier").asText()).isEqualTo("TIER_I");
        assertThat(d.get(1).get("reasons").get(0).asText()).contains("ODR");
        assertThat(d.get(0).get("previousTier").isNull()).isTrue();
    }
}
