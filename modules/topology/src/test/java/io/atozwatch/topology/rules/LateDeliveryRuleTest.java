package io.atozwatch.topology.rules;

import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.shipped;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.topology.PipelineFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Late delivery: delivered after the maximum estimated delivery date, detected at the delivery. */
class LateDeliveryRuleTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private List<ClaimEligibility> late(String orderId) {
        return p.verdictsFor(orderId).stream()
                .filter(v -> v.getCondition() == CoverageCondition.LATE_DELIVERY)
                .toList();
    }

    @Test
    void holdsWhenDeliveredAfterThePromise() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                shipped("o-1", "s-1", "2026-03-02T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-07T09:00:00Z"));
        assertThat(late("o-1")).singleElement().satisfies(v -> {
            assertThat(v.getStatus()).isEqualTo(EligibilityStatus.ELIGIBLE);
            assertThat(v.getDetectedAt()).isEqualTo(t("2026-03-07T09:00:00Z"));
            assertThat(v.getEvidence()).contains("after the maximum estimated delivery date 2026-03-06T10:00:00Z");
        });
    }

    @Test
    void deliveryExactlyAtThePromiseIsOnTime() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-06T10:00:00Z"));
        assertThat(late("o-1")).isEmpty();
    }

    @Test
    void theLastShipmentDecidesTheDeliveryTime() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                shipped("o-1", "s-1", "2026-03-02T10:00:00Z"),
                shipped("o-1", "s-2", "2026-03-02T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-04T10:00:00Z"));
        assertThat(late("o-1")).isEmpty();
        p.pipe(delivered("o-1", "s-2", "2026-03-08T10:00:00Z"));
        assertThat(late("o-1")).extracting(ClaimEligibility::getDetectedAt).containsExactly(t("2026-03-08T10:00:00Z"));
    }

    @Test
    void noPromiseNoLateDelivery() {
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, null), delivered("o-1", "s-1", "2026-03-20T10:00:00Z"));
        assertThat(late("o-1")).isEmpty();
    }

    @Test
    void deliveryBeforePlacedArrivesIsJudgedOncePlacedIsKnown() {
        p.pipe(delivered("o-1", "s-1", "2026-03-08T10:00:00Z"));
        assertThat(late("o-1")).isEmpty();
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
        assertThat(late("o-1")).extracting(ClaimEligibility::getDetectedAt).containsExactly(t("2026-03-08T10:00:00Z"));
    }
}
