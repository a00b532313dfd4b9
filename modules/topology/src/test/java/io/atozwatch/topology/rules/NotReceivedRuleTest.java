package io.atozwatch.topology.rules;

import static io.atozwatch.topology.Ev.cancelled;
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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Item not received: no delivery by min(max delivery + 3 days, order date + 30 days). */
class NotReceivedRuleTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private List<ClaimEligibility> notReceived(String orderId) {
        return p.verdictsFor(orderId).stream()
                .filter(v -> v.getCondition() == CoverageCondition.NOT_RECEIVED)
                .toList();
    }

    @Test
    void holdsAtMaxDeliveryPlusThreeDaysWhenNothingWasDelivered() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                shipped("o-1", "s-1", "2026-03-02T10:00:00Z"));
        p.streamTimeTo("2026-03-09T09:59:59Z");
        assertThat(notReceived("o-1")).isEmpty();

        p.streamTimeTo("2026-03-09T10:00:00Z");
        assertThat(notReceived("o-1")).singleElement().satisfies(v -> {
            assertThat(v.getStatus()).isEqualTo(EligibilityStatus.ELIGIBLE);
            assertThat(v.getDetectedAt()).isEqualTo(t("2026-03-09T10:00:00Z"));
            assertThat(v.getCoveredAmountMinor()).isEqualTo(5000);
            assertThat(v.getCurrency()).isEqualTo("USD");
            assertThat(v.getMerchantId()).isEqualTo("m-1");
            assertThat(v.getBuyerId()).isEqualTo("b-1");
            assertThat(v.getEvidence())
                    .contains("No delivery confirmed by 2026-03-09T10:00:00Z")
                    .contains("shipment s-1 shipped 2026-03-02T10:00:00Z not delivered");
            assertThat(v.getFilingOpensAt()).isNull();
        });
    }

    @Test
    void orderDatePlusThirtyDaysWinsWhenEarlier() {
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-04-15T10:00:00Z"));
        p.streamTimeTo("2026-03-31T09:59:59Z");
        assertThat(notReceived("o-1")).isEmpty();
        p.streamTimeTo("2026-03-31T10:00:00Z");
        assertThat(notReceived("o-1"))
                .extracting(ClaimEligibility::getDetectedAt)
                .containsExactly(t("2026-03-31T10:00:00Z"));
    }

    @Test
    void withoutPromiseTheOrderDateRuleApplies() {
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, null));
        p.streamTimeTo("2026-03-31T10:00:00Z");
        assertThat(notReceived("o-1"))
                .extracting(ClaimEligibility::getDetectedAt)
                .containsExactly(t("2026-03-31T10:00:00Z"));
    }

    @Test
    void doesNotHoldWhenDeliveredExactlyAtTheDueInstant() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                shipped("o-1", "s-1", "2026-03-02T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-09T10:00:00Z"));
        p.streamTimeTo("2026-04-01T00:00:00Z");
        assertThat(notReceived("o-1")).isEmpty();
    }

    @Test
    void everyShippedShipmentMustBeDelivered() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                shipped("o-1", "s-1", "2026-03-02T10:00:00Z"),
                shipped("o-1", "s-2", "2026-03-02T11:00:00Z"),
                delivered("o-1", "s-1", "2026-03-04T10:00:00Z"));
        p.streamTimeTo("2026-03-09T10:00:00Z");
        assertThat(notReceived("o-1")).hasSize(1);
    }

    @Test
    void aParcelShippedAfterTheDueInstantMeansTheOrderWasNotAllReceived() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                shipped("o-1", "s-1", "2026-03-02T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-04T10:00:00Z"));
        p.streamTimeTo("2026-03-09T09:00:00Z");
        p.pipe(shipped("o-1", "s-2", "2026-03-10T10:00:00Z"), delivered("o-1", "s-2", "2026-03-12T10:00:00Z"));
        p.streamTimeTo("2026-03-13T00:00:00Z");
        assertThat(notReceived("o-1"))
                .extracting(ClaimEligibility::getDetectedAt)
                .containsExactly(t("2026-03-09T10:00:00Z"));
    }

    @Test
    void aDeliveredForAnUnseenShipmentCountsAsDelivered() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                delivered("o-1", "s-9", "2026-03-05T10:00:00Z"));
        p.streamTimeTo("2026-03-10T00:00:00Z");
        assertThat(notReceived("o-1")).isEmpty();
    }

    @Test
    void cancelledOrdersAreExcluded() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                cancelled("o-1", "2026-03-01T12:00:00Z"));
        p.streamTimeTo("2026-03-10T00:00:00Z");
        assertThat(notReceived("o-1")).isEmpty();
    }

    @Test
    void aLateArrivingDeliveryThatOccurredBeforeTheDueInstantVoidsTheVerdict() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                shipped("o-1", "s-1", "2026-03-02T10:00:00Z"));
        p.streamTimeTo("2026-03-10T00:00:00Z");
        assertThat(notReceived("o-1")).hasSize(1);

        p.pipe(delivered("o-1", "s-1", "2026-03-05T10:00:00Z")); // occurred before due, arrives after
        assertThat(notReceived("o-1"))
                .extracting(ClaimEligibility::getStatus)
                .containsExactly(EligibilityStatus.ELIGIBLE, EligibilityStatus.VOIDED);
        assertThat(notReceived("o-1").get(1).getVoidReason()).contains("delivered at 2026-03-05T10:00:00Z");
    }

    @Test
    void aDeliveryAfterTheDueInstantDoesNotVoidIt() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                shipped("o-1", "s-1", "2026-03-02T10:00:00Z"));
        p.streamTimeTo("2026-03-10T00:00:00Z");
        p.pipe(delivered("o-1", "s-1", "2026-03-10T01:00:00Z"));
        assertThat(notReceived("o-1"))
                .extracting(ClaimEligibility::getStatus)
                .containsExactly(EligibilityStatus.ELIGIBLE);
    }

    @Test
    void gracePeriodsAreConfiguration() {
        try (PipelineFixture q = new PipelineFixture(Map.of("coverage.not-received.after-max-delivery", "P1D"))) {
            q.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            q.streamTimeTo("2026-03-07T10:00:00Z");
            assertThat(q.verdictsFor("o-1"))
                    .extracting(ClaimEligibility::getDetectedAt)
                    .containsExactly(t("2026-03-07T10:00:00Z"));
        }
    }
}
