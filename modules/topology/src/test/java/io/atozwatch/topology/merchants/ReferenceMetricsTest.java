package io.atozwatch.topology.merchants;

import static io.atozwatch.topology.Ev.cancelled;
import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.order;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.returnEvent;
import static io.atozwatch.topology.Ev.returnRequested;
import static io.atozwatch.topology.Ev.shipped;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.ReferenceMetric;
import io.atozwatch.events.ReturnEventType;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.topology.PipelineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Seller Central reference metrics beyond ODR and on-time delivery, each over its window of whole days
 * (UTC) ending today and against its target: late shipment (10 days, under 4%), pre-fulfilment cancel (7 days,
 * under 2.5%), valid tracking (30 days, over 95%), return dissatisfaction (30 days, under 10%).
 */
class ReferenceMetricsTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private MerchantPerformance m1() {
        return p.merchant("m-1");
    }

    private ReferenceMetric metric(String name) {
        return m1().getReferenceMetrics().stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private void placedWithShipBy(String orderId, String at, String shipBy) {
        p.pipe(order(orderId, OrderEventType.PLACED, at, 1000)
                .setMaxDeliveryAt(t("2026-03-10T10:00:00Z"))
                .setShipBy(t(shipBy))
                .build());
    }

    private static ShipmentEvent untracked(String orderId, String shipmentId, String at) {
        ShipmentEvent s = shipped(orderId, shipmentId, at);
        s.setTrackingId(null);
        return s;
    }

    @Test
    void lateShipmentRateCountsShipmentsConfirmedAfterTheShipByInstantOfOrdersThatHaveOne() {
        for (int i = 0; i < 4; i++) {
            placedWithShipBy("o-" + i, "2026-03-01T10:00:00Z", "2026-03-02T10:00:00Z");
        }
        p.pipe(placed("o-none", "2026-03-01T10:00:00Z", 1000, null)); // no ship-by: not counted
        p.pipe(
                shipped("o-0", "s-0", "2026-03-02T10:00:00Z"), // on the instant: in time
                shipped("o-1", "s-1", "2026-03-02T10:00:01Z"), // late
                shipped("o-none", "s-n", "2026-03-05T10:00:00Z"));
        assertThat(m1().getLateShipmentRate()).isCloseTo(0.25, within(1e-9));
        ReferenceMetric late = metric("lateShipmentRate");
        assertThat(late.getNumerator()).isEqualTo(1);
        assertThat(late.getDenominator()).isEqualTo(4);
        assertThat(late.getWindowDays()).isEqualTo(10);
        assertThat(late.getTarget()).isEqualTo(0.04);
        assertThat(late.getMeetsTarget()).isFalse();
    }

    @Test
    void lateShipmentsCountByOrderDateForTenDays() {
        placedWithShipBy("o-1", "2026-03-01T10:00:00Z", "2026-03-02T10:00:00Z");
        p.pipe(shipped("o-1", "s-1", "2026-03-03T10:00:00Z"));
        p.streamTimeTo("2026-03-10T23:59:59Z"); // 1 March is day 10 of the window
        assertThat(metric("lateShipmentRate").getNumerator()).isEqualTo(1);
        p.streamTimeTo("2026-03-11T00:00:00Z");
        assertThat(metric("lateShipmentRate").getDenominator()).isZero();
        assertThat(m1().getLateShipmentRate()).isNull();
        assertThat(metric("lateShipmentRate").getMeetsTarget()).isNull();
    }

    @Test
    void preFulfilmentCancelRateCountsOrdersCancelledBeforeAnythingShipped() {
        for (int i = 0; i < 40; i++) {
            p.pipe(placed("o-" + i, "2026-03-01T10:00:00Z", 1000, null));
        }
        p.pipe(
                cancelled("o-0", "2026-03-01T12:00:00Z"), // before shipping: counts
                shipped("o-1", "s-1", "2026-03-01T11:00:00Z"),
                cancelled("o-1", "2026-03-01T12:00:00Z")); // after: not
        assertThat(metric("preFulfilmentCancelRate").getNumerator()).isEqualTo(1);
        assertThat(m1().getPreFulfilmentCancelRate()).isCloseTo(1 / 40.0, within(1e-9));
        assertThat(metric("preFulfilmentCancelRate").getMeetsTarget()).isFalse(); // 2.5% is not under 2.5%
        assertThat(m1().getMerchantCancelRate()).isCloseTo(2 / 40.0, within(1e-9)); // every cancellation
        p.pipe(placed("o-40", "2026-03-01T10:00:00Z", 1000, null));
        assertThat(metric("preFulfilmentCancelRate").getMeetsTarget()).isTrue(); // 1 of 41: 2.4%
        p.streamTimeTo("2026-03-08T00:00:00Z"); // 1 March was day 7 yesterday
        assertThat(metric("preFulfilmentCancelRate").getDenominator()).isZero();
    }

    @Test
    void validTrackingRateCountsShipmentsWithATrackingIdByShipDate() {
        for (int i = 0; i < 20; i++) {
            p.pipe(
                    placed("o-" + i, "2026-03-01T10:00:00Z", 1000, null),
                    shipped("o-" + i, "s-" + i, "2026-03-02T10:00:00Z"));
        }
        assertThat(metric("validTrackingRate").getValue()).isEqualTo(1.0);
        assertThat(metric("validTrackingRate").getMeetsTarget()).isTrue();
        p.pipe(placed("o-u", "2026-03-01T10:00:00Z", 1000, null), untracked("o-u", "s-u", "2026-03-02T11:00:00Z"));
        assertThat(metric("validTrackingRate").getDenominator()).isEqualTo(21);
        assertThat(m1().getValidTrackingRate()).isCloseTo(20 / 21.0, within(1e-9)); // 95.2%: over 95%
        assertThat(metric("validTrackingRate").getMeetsTarget()).isTrue();
        p.pipe(placed("o-v", "2026-03-01T10:00:00Z", 1000, null), untracked("o-v", "s-v", "2026-03-02T12:00:00Z"));
        assertThat(metric("validTrackingRate").getMeetsTarget()).isFalse(); // 20 of 22: 90.9%
        p.streamTimeTo("2026-03-31T23:59:59Z"); // 2 March is day 30
        assertThat(metric("validTrackingRate").getDenominator()).isEqualTo(22);
        p.streamTimeTo("2026-04-01T00:00:00Z");
        assertThat(metric("validTrackingRate").getDenominator()).isZero();
    }

    @Test
    void returnDissatisfactionCountsRequestsUnansweredWithin48HoursRefusedOrNotRefundedInTime() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 1000, "2026-03-05T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-04T10:00:00Z"),
                returnRequested("o-1", "r-1", "2026-03-06T10:00:00Z", ReturnReason.DEFECTIVE, 1000L),
                returnRequested("o-1", "r-2", "2026-03-06T10:00:00Z", ReturnReason.DEFECTIVE, 1000L),
                returnEvent("o-1", "r-2", ReturnEventType.AUTHORIZED, "2026-03-08T09:59:59Z")); // answered in time
        p.streamTimeTo("2026-03-08T09:59:59Z");
        assertThat(metric("returnDissatisfactionRate").getNumerator()).isZero();
        p.streamTimeTo("2026-03-08T10:00:00Z"); // r-1 unanswered for 48 hours
        assertThat(metric("returnDissatisfactionRate").getNumerator()).isEqualTo(1);
        assertThat(metric("returnDissatisfactionRate").getDenominator()).isEqualTo(2);
        assertThat(m1().getReturnDissatisfactionRate()).isCloseTo(0.5, within(1e-9));
        assertThat(metric("returnDissatisfactionRate").getMeetsTarget()).isFalse();
        // r-2 received on 9 March and never refunded: its refund deadline (14 days) passes on 23 March.
        p.pipe(returnEvent("o-1", "r-2", ReturnEventType.RECEIVED, "2026-03-09T10:00:00Z"));
        p.streamTimeTo("2026-03-23T10:00:00Z");
        assertThat(metric("returnDissatisfactionRate").getNumerator()).isEqualTo(2);
        p.streamTimeTo("2026-04-05T00:00:00Z"); // 6 March was day 30 on 4 April
        assertThat(metric("returnDissatisfactionRate").getDenominator()).isZero();
    }
}
