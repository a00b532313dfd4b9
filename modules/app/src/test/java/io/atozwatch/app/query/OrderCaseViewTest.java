package io.atozwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DeadlineKind;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.events.ShipmentEventType;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.DeadlineOutcome;
import io.atozwatch.state.DeadlineState;
import io.atozwatch.state.OrderCase;
import io.atozwatch.state.PolicySnapshot;
import io.atozwatch.state.SentNotification;
import io.atozwatch.state.VerdictState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderCaseViewTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:15:00Z");

    private static OrderEvent order(String eventId, OrderEventType type, Instant at, long amount) {
        return OrderEvent.newBuilder()
                .setEventId(eventId)
                .setOrderId("o-1")
                .setMerchantId("m-acme")
                .setBuyerId("b-7")
                .setMarketplace("US")
                .setType(type)
                .setOccurredAt(at)
                .setCurrency("USD")
                .setAmountMinor(amount)
                .setMaxDeliveryAt(type == OrderEventType.PLACED ? T0.plusSeconds(4 * 86400) : null)
                .build();
    }

    private static ShipmentEvent shipped(Instant at) {
        return ShipmentEvent.newBuilder()
                .setEventId("e-ship")
                .setOrderId("o-1")
                .setShipmentId("sh-1")
                .setType(ShipmentEventType.SHIPPED)
                .setOccurredAt(at)
                .setCarrier("UPS")
                .setTrackingId(null)
                .build();
    }

    private static RefundEvent refund(Instant at) {
        return RefundEvent.newBuilder()
                .setEventId("e-refund")
                .setOrderId("o-1")
                .setRefundId("r-1")
                .setOccurredAt(at)
                .setAmountMinor(500)
                .setCurrency("USD")
                .build();
    }

    private static CaseEvent caseEvent(String topic, Object event, long offset) {
        return CaseEvent.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(2)
                .setSourceOffset(offset)
                .setEvent(event)
                .build();
    }

    private static OrderCase fullCase() {
        // Arrival order differs from time order: the view lists events by occurredAt.
        List<CaseEvent> events = new ArrayList<>(List.of(
                caseEvent("refunds", refund(T0.plusSeconds(7200)), 9),
                caseEvent("orders", order("e-placed", OrderEventType.PLACED, T0, 8999), 3),
                caseEvent("shipments", shipped(T0.plusSeconds(3600)), 4),
                caseEvent("orders", order("e-charged", OrderEventType.CHARGED, T0.plusSeconds(60), 9999), 5)));
        return OrderCase.newBuilder()
                .setOrderId("o-1")
                .setEvents(events)
                .setWaitingSince(null)
                .setPolicy(PolicySnapshot.newBuilder()
                        .setAcceptsReturns(true)
                        .setReturnWindowDays(30)
                        .setRefundWithinDays(2)
                        .setPublished(true)
                        .build())
                .setVerdicts(List.of(VerdictState.newBuilder()
                        .setCondition(CoverageCondition.OVERCHARGED)
                        .setStatus(EligibilityStatus.ELIGIBLE)
                        .setDetectedAt(T0.plusSeconds(60))
                        .setCoveredAmountMinor(1000)
                        .setUncappedAmountMinor(1000)
                        .setEvidence("charged 99.99 USD, authorised 89.99 USD")
                        .setFilingOpensAt(T0.plusSeconds(60))
                        .build()))
                .setDeadlines(List.of(
                        DeadlineState.newBuilder()
                                .setKind(DeadlineKind.CLAIM_RESPONSE)
                                .setReferenceId("c-1")
                                .setStartedAt(T0.plusSeconds(86400))
                                .setDueAt(T0.plusSeconds(4 * 86400))
                                .setOutcome(DeadlineOutcome.OPEN)
                                .setOutcomeAt(null)
                                .build(),
                        DeadlineState.newBuilder()
                                .setKind(DeadlineKind.DELIVERY_PROMISE)
                                .setReferenceId("o-1")
                                .setStartedAt(T0)
                                .setDueAt(T0.plusSeconds(3 * 86400))
                                .setOutcome(DeadlineOutcome.MET)
                                .setOutcomeAt(T0.plusSeconds(2 * 86400))
                                .build()))
                .setNotifications(List.of(SentNotification.newBuilder()
                        .setNotificationId("n-1")
                        .setKind(NotificationKind.RESPONSE_DUE)
                        .setAt(T0.plusSeconds(86400))
                        .setMessage("respond to claim c-1")
                        .build()))
                .setNextWakeAt(T0.plusSeconds(4 * 86400))
                .build();
    }

    @Test
    void anOpenCaseReadsAsTheOrderItsEventsInTimeOrderAndWhatThePipelineFound() throws Exception {
        ObjectNode doc = OrderCaseView.toJson(fullCase());

        assertThat(doc.get("orderId").asText()).isEqualTo("o-1");
        assertThat(doc.get("status").asText()).isEqualTo("OPEN");
        assertThat(doc.get("waitingSince").isNull()).isTrue();
        assertThat(doc.get("merchantId").asText()).isEqualTo("m-acme");
        assertThat(doc.get("buyerId").asText()).isEqualTo("b-7");
        assertThat(doc.get("marketplace").asText()).isEqualTo("US");
        assertThat(doc.get("currency").asText()).isEqualTo("USD");
        assertThat(doc.get("amountMinor").asLong()).isEqualTo(8999); // PLACED's authorised amount, not CHARGED's
        assertThat(doc.get("amount").asText()).isEqualTo("89.99 USD");
        assertThat(doc.get("placedAt").asText()).isEqualTo("2026-03-02T09:15:00Z");
        assertThat(doc.get("maxDeliveryAt").asText()).isEqualTo("2026-03-06T09:15:00Z");
        assertThat(doc.get("digital").asBoolean()).isFalse();

        JsonNode events = doc.get("events");
        assertThat(events)
                .extracting(e -> e.get("eventId").asText())
                .containsExactly("e-placed", "e-charged", "e-ship", "e-refund");
        assertThat(events)
                .extracting(e -> e.get("type").asText())
                .containsExactly("PLACED", "CHARGED", "SHIPPED", "REFUND");
        assertThat(events)
                .extracting(e -> e.get("topic").asText())
                .containsExactly("orders", "orders", "shipments", "refunds");
        JsonNode ship = events.get(2);
        assertThat(ship.get("occurredAt").asText()).isEqualTo("2026-03-02T10:15:00Z");
        assertThat(ship.get("partition").asInt()).isEqualTo(2);
        assertThat(ship.get("offset").asLong()).isEqualTo(4);
        assertThat(ship.get("fields").get("carrier").asText()).isEqualTo("UPS");
        assertThat(ship.get("fields").get("trackingId").isNull()).isTrue();
        assertThat(ship.get("fields").get("shipmentId").asText()).isEqualTo("sh-1");

        JsonNode condition = doc.get("conditions").get(0);
        assertThat(condition.get("condition").asText()).isEqualTo("OVERCHARGED");
        assertThat(condition.get("status").asText()).isEqualTo("ELIGIBLE");
        assertThat(condition.get("detectedAt").asText()).isEqualTo("2026-03-02T09:16:00Z");
        assertThat(condition.get("coveredAmountMinor").asLong()).isEqualTo(1000);
        assertThat(condition.get("coveredAmount").asText())
                .isEqualTo("10.00 USD"); // the currency wherever money is shown
        assertThat(condition.get("evidence").asText()).contains("authorised 89.99 USD");
        assertThat(condition.get("filingOpensAt").asText()).isEqualTo("2026-03-02T09:16:00Z");

        // Deadlines by due date, each with its state.
        assertThat(doc.get("deadlines"))
                .extracting(d -> d.get("kind").asText())
                .containsExactly("DELIVERY_PROMISE", "CLAIM_RESPONSE");
        JsonNode delivery = doc.get("deadlines").get(0);
        assertThat(delivery.get("outcome").asText()).isEqualTo("MET");
        assertThat(delivery.get("outcomeAt").asText()).isEqualTo("2026-03-04T09:15:00Z");
        assertThat(delivery.get("referenceId").asText()).isEqualTo("o-1");
        assertThat(delivery.get("startedAt").asText()).isEqualTo("2026-03-02T09:15:00Z");
        assertThat(doc.get("deadlines").get(1).get("outcomeAt").isNull()).isTrue();

        JsonNode note = doc.get("notifications").get(0);
        assertThat(note.get("notificationId").asText()).isEqualTo("n-1");
        assertThat(note.get("kind").asText()).isEqualTo("RESPONSE_DUE");
        assertThat(note.get("at").asText()).isEqualTo("2026-03-03T09:15:00Z");
        assertThat(note.get("message").asText()).isEqualTo("respond to claim c-1");

        assertThat(doc.get("policy").get("returnWindowDays").asInt()).isEqualTo(30);
        assertThat(doc.get("policy").get("published").asBoolean()).isTrue();
        assertThat(doc.get("nextWakeAt").asText()).isEqualTo("2026-03-06T09:15:00Z");
        // Internal bookkeeping stays out.
        assertThat(doc.has("figures")).isFalse();
        // And it is plain JSON that round-trips.
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(json.writeValueAsString(doc))).isEqualTo(doc);
    }

    @Test
    void aCaseWhosePlacedHasNotComeSaysItIsWaitingAndHasNoOrderFacts() {
        Instant waiting = T0.plusSeconds(30);
        OrderCase c = OrderCase.newBuilder()
                .setOrderId("o-2")
                .setEvents(new ArrayList<>(List.of(caseEvent("shipments", shipped(T0), 1))))
                .setWaitingSince(waiting)
                .setPolicy(null)
                .setNextWakeAt(null)
                .build();

        ObjectNode doc = OrderCaseView.toJson(c);

        assertThat(doc.get("status").asText()).isEqualTo("WAITING_FOR_PLACED");
        assertThat(doc.get("waitingSince").asText()).isEqualTo("2026-03-02T09:15:30Z");
        for (String field : List.of(
                "merchantId",
                "buyerId",
                "marketplace",
                "currency",
                "amountMinor",
                "amount",
                "placedAt",
                "maxDeliveryAt",
                "digital",
                "policy",
                "nextWakeAt")) {
            assertThat(doc.has(field)).as(field).isTrue();
            assertThat(doc.get(field).isNull()).as(field).isTrue();
        }
        assertThat(doc.get("events")).hasSize(1);
        assertThat(doc.get("conditions")).isEmpty();
        assertThat(doc.get("deadlines")).isEmpty();
        assertThat(doc.get("notifications")).isEmpty();
    }

    @Test
    void amountsUseTheCurrencysOwnDecimals() {
        assertThat(OrderCaseView.amount(8999, "USD")).isEqualTo("89.99 USD");
        assertThat(OrderCaseView.amount(1500, "JPY")).isEqualTo("1500 JPY");
        assertThat(OrderCaseView.amount(5, "GBP")).isEqualTo("0.05 GBP");
        assertThat(OrderCaseView.amount(1234, "XYZ")).isEqualTo("12.34 XYZ");
    }
}
