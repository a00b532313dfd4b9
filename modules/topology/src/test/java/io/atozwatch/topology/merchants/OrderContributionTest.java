package io.atozwatch.topology.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.state.FigureEntry;
import io.atozwatch.state.OrderFigures;
import io.atozwatch.state.PerformanceMetric;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderContributionTest {
    private static OrderFigures figures(long unresolved, FigureEntry... entries) {
        return OrderFigures.newBuilder()
                .setCurrency("USD")
                .setPlacedAt(Instant.parse("2026-03-01T10:00:00Z"))
                .setUnresolvedDisputeMinor(unresolved)
                .setEntries(new ArrayList<>(List.of(entries)))
                .build();
    }

    private static FigureEntry entry(PerformanceMetric m, int day, long amount) {
        return FigureEntry.newBuilder()
                .setMetric(m)
                .setDay(day)
                .setAmount(amount)
                .build();
    }

    @Test
    void twoContributionsAreTheSameWhenEveryFieldAndEntryIs() {
        OrderFigures a =
                figures(0, entry(PerformanceMetric.ORDERS, 20513, 1), entry(PerformanceMetric.SALES, 20513, 5000));
        assertThat(OrderContribution.same(
                        a,
                        figures(
                                0,
                                entry(PerformanceMetric.ORDERS, 20513, 1),
                                entry(PerformanceMetric.SALES, 20513, 5000))))
                .isTrue();
        assertThat(OrderContribution.same(
                        a,
                        figures(
                                0,
                                entry(PerformanceMetric.ORDERS, 20513, 1),
                                entry(PerformanceMetric.SALES, 20513, 4000))))
                .isFalse();
        assertThat(OrderContribution.same(a, figures(0, entry(PerformanceMetric.ORDERS, 20513, 1))))
                .isFalse();
        assertThat(OrderContribution.same(
                        a,
                        figures(
                                100,
                                entry(PerformanceMetric.ORDERS, 20513, 1),
                                entry(PerformanceMetric.SALES, 20513, 5000))))
                .isFalse();
        assertThat(OrderContribution.same(a, null)).isFalse();
        assertThat(OrderContribution.same(null, null)).isTrue();
    }

    @Test
    void anInstantsDayIsItsUtcDateCountedFromTheEpoch() {
        for (String at : List.of(
                "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z",
                "1960-02-29T12:00:00Z",
                "2026-03-01T00:00:00Z",
                "2026-02-28T23:59:59.999Z",
                "2026-11-29T18:00:00Z")) {
            Instant instant = Instant.parse(at);
            assertThat(OrderContribution.day(instant))
                    .as(at)
                    .isEqualTo(instant.atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay());
        }
    }
}
