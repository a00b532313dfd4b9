package io.atozwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppScalingBenchmarkTest {

    @Test
    void theInputIsTheTimedSlicesAndOneMoreAndCountsTheOrdersPlacedByTheEndOfEach() {
        AppScalingBenchmark.PlacedCounter input =
                new AppScalingBenchmark.PlacedCounter(CaseScalingBenchmark.traffic(), 1_000, 3, 1_000);
        List<GeneratedEvent> written = new ArrayList<>();
        input.forEachRemaining(written::add);

        List<GeneratedEvent> orderEvents =
                written.stream().filter(e -> e.eventId() != null).toList();
        assertThat(orderEvents).hasSize(4_000);
        assertThat(input.orderEvents).isEqualTo(4_000);
        assertThat(input.policies).isEqualTo(written.size() - 4_000L).isPositive();
        long[] expected = new long[3];
        for (int slice = 0; slice < 3; slice++) {
            expected[slice] = orderEvents.subList(0, (slice + 1) * 1_000).stream()
                    .filter(e -> e.value() instanceof OrderEvent o && o.getType() == OrderEventType.PLACED)
                    .count();
        }
        assertThat(input.placedBySlice).containsExactly(expected);
        assertThat(expected[0]).isPositive().isLessThan(expected[1]);
    }
}
