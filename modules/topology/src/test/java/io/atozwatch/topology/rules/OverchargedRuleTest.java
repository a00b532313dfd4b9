package io.atozwatch.topology.rules;

import static io.atozwatch.topology.Ev.charged;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.topology.PipelineFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Overcharged: captured charges above the authorised amount, detected at the crossing charge. */
class OverchargedRuleTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private List<ClaimEligibility> overcharged(String orderId) {
        return p.verdictsFor(orderId).stream()
                .filter(v -> v.getCondition() == CoverageCondition.OVERCHARGED)
                .toList();
    }

    @Test
    void holdsAtTheChargeThatCrossesTheAuthorisation() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                charged("o-1", "2026-03-01T11:00:00Z", 3000));
        assertThat(overcharged("o-1")).isEmpty();
        p.pipe(charged("o-1", "2026-03-02T11:00:00Z", 2500));
        assertThat(overcharged("o-1")).singleElement().satisfies(v -> {
            assertThat(v.getDetectedAt()).isEqualTo(t("2026-03-02T11:00:00Z"));
            assertThat(v.getCoveredAmountMinor()).isEqualTo(500);
            assertThat(v.getEvidence()).contains("USD 55.00").contains("USD 50.00 authorised");
        });
    }

    @Test
    void chargingExactlyTheAuthorisedAmountIsFine() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                charged("o-1", "2026-03-01T11:00:00Z", 2500),
                charged("o-1", "2026-03-01T12:00:00Z", 2500));
        assertThat(overcharged("o-1")).isEmpty();
    }

    @Test
    void chargesArrivingOutOfOrderAreSummedInEventTime() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                charged("o-1", "2026-03-03T11:00:00Z", 1000));
        p.pipe(charged("o-1", "2026-03-02T11:00:00Z", 4500)); // earlier charge, arriving later
        assertThat(overcharged("o-1"))
                .extracting(ClaimEligibility::getDetectedAt)
                .containsExactly(t("2026-03-03T11:00:00Z"));
    }

    @Test
    void chargesBeforePlacedWaitForIt() {
        p.pipe(charged("o-1", "2026-03-01T11:00:00Z", 6000));
        assertThat(overcharged("o-1")).isEmpty();
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
        assertThat(overcharged("o-1"))
                .extracting(ClaimEligibility::getCoveredAmountMinor)
                .containsExactly(1000L);
    }
}
