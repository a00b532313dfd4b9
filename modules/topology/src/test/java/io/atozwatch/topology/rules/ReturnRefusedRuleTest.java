package io.atozwatch.topology.rules;

import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.policy;
import static io.atozwatch.topology.Ev.returnEvent;
import static io.atozwatch.topology.Ev.returnRequested;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.ReturnEventType;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.topology.PipelineFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Return refused against the merchant's own policy (default: accepts returns within 30 days). */
class ReturnRefusedRuleTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private List<ClaimEligibility> refused(String orderId) {
        return p.verdictsFor(orderId).stream()
                .filter(v -> v.getCondition() == CoverageCondition.RETURN_REFUSED)
                .toList();
    }

    private void deliveredOrderWithReturnRequestedAt(String requestedAt) {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                returnRequested("o-1", "r-1", requestedAt, ReturnReason.NO_LONGER_NEEDED, 5000L));
    }

    @Test
    void holdsWhenRejectedInsideTheWindowUnderTheDefaultPolicy() {
        deliveredOrderWithReturnRequestedAt("2026-03-20T10:00:00Z");
        p.pipe(returnEvent("o-1", "r-1", ReturnEventType.REJECTED, "2026-03-21T10:00:00Z"));
        assertThat(refused("o-1")).singleElement().satisfies(v -> {
            assertThat(v.getDetectedAt()).isEqualTo(t("2026-03-21T10:00:00Z"));
            assertThat(v.getEvidence()).contains("within 30 days of delivery (2026-03-05T10:00:00Z)");
        });
    }

    @Test
    void dayThirtyAfterDeliveryIsStillInsideTheWindow() {
        deliveredOrderWithReturnRequestedAt("2026-04-04T10:00:00Z"); // delivery + exactly 30 days
        p.pipe(returnEvent("o-1", "r-1", ReturnEventType.REJECTED, "2026-04-05T10:00:00Z"));
        assertThat(refused("o-1")).hasSize(1);
    }

    @Test
    void theWholeThirtiethDayCounts() {
        deliveredOrderWithReturnRequestedAt("2026-04-04T23:59:59Z"); // later in the day than the delivery
        p.pipe(returnEvent("o-1", "r-1", ReturnEventType.REJECTED, "2026-04-05T10:00:00Z"));
        assertThat(refused("o-1")).hasSize(1);
    }

    @Test
    void aRequestAfterTheWindowMayBeRefused() {
        deliveredOrderWithReturnRequestedAt("2026-04-05T00:00:00Z");
        p.pipe(returnEvent("o-1", "r-1", ReturnEventType.REJECTED, "2026-04-05T10:00:00Z"));
        assertThat(refused("o-1")).isEmpty();
    }

    @Test
    void withoutDeliveryTheWindowRunsFromTheMaxDeliveryDate() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                returnRequested("o-1", "r-1", "2026-04-05T10:00:00Z", ReturnReason.OTHER, null),
                returnEvent("o-1", "r-1", ReturnEventType.REJECTED, "2026-04-05T11:00:00Z"));
        assertThat(refused("o-1"))
                .singleElement()
                .satisfies(v -> assertThat(v.getEvidence()).contains("the maximum estimated delivery date"));
    }

    @Test
    void aMerchantThatDoesNotAcceptReturnsMayRefuse() {
        p.policy(policy("m-1", false, 0, 14, "2026-02-01T00:00:00Z"));
        deliveredOrderWithReturnRequestedAt("2026-03-10T10:00:00Z");
        p.pipe(returnEvent("o-1", "r-1", ReturnEventType.REJECTED, "2026-03-11T10:00:00Z"));
        assertThat(refused("o-1")).isEmpty();
    }

    @Test
    void thePublishedWindowReplacesTheDefault() {
        p.policy(policy("m-1", true, 10, 14, "2026-02-01T00:00:00Z"));
        deliveredOrderWithReturnRequestedAt("2026-03-16T10:00:00Z"); // 11 days after delivery
        p.pipe(returnEvent("o-1", "r-1", ReturnEventType.REJECTED, "2026-03-17T10:00:00Z"));
        assertThat(refused("o-1")).isEmpty();
    }

    @Test
    void thePolicyInForceWhenTheOrderWasPlacedGovernsIt() {
        p.policy(policy("m-1", true, 30, 14, "2026-02-01T00:00:00Z"));
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
        p.policy(policy("m-1", false, 0, 14, "2026-03-02T00:00:00Z")); // tightened after the order
        p.pipe(placed("o-2", "2026-03-03T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
        for (String order : new String[] {"o-1", "o-2"}) {
            p.pipe(
                    returnRequested(order, "r-" + order, "2026-03-10T10:00:00Z", ReturnReason.OTHER, null),
                    returnEvent(order, "r-" + order, ReturnEventType.REJECTED, "2026-03-11T10:00:00Z"));
        }
        assertThat(refused("o-1")).hasSize(1);
        assertThat(refused("o-2")).isEmpty();
    }
}
