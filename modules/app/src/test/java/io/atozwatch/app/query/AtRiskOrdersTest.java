package io.atozwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ReturnEventType;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.events.ShipmentEventType;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.OrderCase;
import io.atozwatch.state.PolicySnapshot;
import io.atozwatch.topology.cases.CaseReconciler;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The at-risk view: a merchant's orders whose risk of a claim is open at the clock, soonest claim first. */
class AtRiskOrdersTest {
    private static final PipelineConfig CONFIG = PipelineConfig.defaults();
    private int ids;

    private OrderEvent placed(String orderId, String merchantId, String at, String maxDelivery) {
        return OrderEvent.newBuilder()
                .setEventId("e-" + ++ids)
                .setOrderId(orderId)
                .setMerchantId(merchantId)
                .setBuyerId("b-1")
                .setMarketplace("US")
                .setType(OrderEventType.PLACED)
                .setOccurredAt(Instant.parse(at))
                .setCurrency("USD")
                .setAmountMinor(5000)
                .setMaxDeliveryAt(Instant.parse(maxDelivery))
                .setDigital(false)
                .build();
    }

    private ShipmentEvent delivered(String orderId, String at) {
        return ShipmentEvent.newBuilder()
                .setEventId("e-" + ++ids)
                .setOrderId(orderId)
                .setShipmentId("s-" + orderId)
                .setType(ShipmentEventType.DELIVERED)
                .setOccurredAt(Instant.parse(at))
                .build();
    }

    private ReturnEvent returnRequested(String orderId, String at) {
        return ReturnEvent.newBuilder()
                .setEventId("e-" + ++ids)
                .setOrderId(orderId)
                .setReturnId("r-" + orderId)
                .setType(ReturnEventType.REQUESTED)
                .setOccurredAt(Instant.parse(at))
                .setReason(ReturnReason.DEFECTIVE)
                .setAmountMinor(5000L)
                .build();
    }

    private static OrderCase caseOf(String orderId, String judgedUpTo, SpecificRecord... events) {
        OrderCase c = CaseReconciler.newCase(orderId);
        for (SpecificRecord e : events) {
            CaseReconciler.insert(
                    c, CaseEvent.newBuilder().setSourceTopic("test").setEvent(e).build());
        }
        c.setPolicy(PolicySnapshot.newBuilder()
                .setAcceptsReturns(true)
                .setReturnWindowDays(30)
                .setRefundWithinDays(14)
                .setPublished(false)
                .build());
        c.setJudgedUpTo(Instant.parse(judgedUpTo));
        return c;
    }

    @Test
    void listsTheMerchantsOpenRisksSoonestClaimFirst() {
        List<OrderCase> cases = List.of(
                // undelivered, max delivery 6 March: warned 7 March, claimable 9 March
                caseOf(
                        "o-1",
                        "2026-03-08T00:00:00Z",
                        placed("o-1", "m-1", "2026-03-01T10:00:00Z", "2026-03-06T10:00:00Z")),
                // a return requested 7 March 12:00, unanswered: warned 8 March 12:00, a defect from 9 March 12:00
                caseOf(
                        "o-2",
                        "2026-03-08T12:00:00Z",
                        placed("o-2", "m-1", "2026-03-01T10:00:00Z", "2026-03-05T10:00:00Z"),
                        delivered("o-2", "2026-03-04T10:00:00Z"),
                        returnRequested("o-2", "2026-03-07T12:00:00Z")),
                // delivered in time: nothing at risk
                caseOf(
                        "o-3",
                        "2026-03-08T00:00:00Z",
                        placed("o-3", "m-1", "2026-03-01T10:00:00Z", "2026-03-06T10:00:00Z"),
                        delivered("o-3", "2026-03-05T10:00:00Z")),
                // another merchant's
                caseOf(
                        "o-4",
                        "2026-03-08T00:00:00Z",
                        placed("o-4", "m-2", "2026-03-01T10:00:00Z", "2026-03-06T10:00:00Z")));
        Instant clock = AtRiskOrders.clock(cases);
        assertThat(clock).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));

        List<ObjectNode> open = AtRiskOrders.of(cases, "m-1", CONFIG, clock);

        assertThat(open)
                .extracting(n -> n.get("orderId").asText() + " " + n.get("risk").asText() + " "
                        + n.get("dueAt").asText())
                .containsExactly("o-1 NOT_RECEIVED 2026-03-09T10:00:00Z", "o-2 RETURN_UNANSWERED 2026-03-09T12:00:00Z");
        assertThat(open.get(0).get("warnedAt").asText()).isEqualTo("2026-03-07T10:00:00Z");
        assertThat(open.get(0).get("advice").asText()).contains("Check the parcel's tracking");
        assertThat(open.get(1).get("referenceId").asText()).isEqualTo("r-o-2");
    }

    @Test
    void aRiskIsNotListedBeforeItsWarningNorOnceItTurnedIntoAClaim() {
        List<OrderCase> cases = List.of(caseOf(
                "o-1", "2026-03-01T10:00:00Z", placed("o-1", "m-1", "2026-03-01T10:00:00Z", "2026-03-06T10:00:00Z")));

        assertThat(AtRiskOrders.of(cases, "m-1", CONFIG, Instant.parse("2026-03-07T09:59:59Z")))
                .isEmpty();
        assertThat(AtRiskOrders.of(cases, "m-1", CONFIG, Instant.parse("2026-03-07T10:00:00Z")))
                .hasSize(1);
        assertThat(AtRiskOrders.of(cases, "m-1", CONFIG, Instant.parse("2026-03-09T10:00:00Z")))
                .isEmpty(); // claimable now
        assertThat(AtRiskOrders.of(cases, "m-1", CONFIG, null)).isEmpty(); // no clock yet
    }
}
