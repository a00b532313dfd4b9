package io.atozwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.events.DeadlineKind;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.DeadlineOutcome;
import io.atozwatch.state.DeadlineState;
import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.cases.CaseReconciler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The open-deadlines view: the OPEN deadlines of a merchant's orders, soonest first. */
class OpenDeadlinesTest {
    private int ids;

    private OrderCase caseOf(String orderId, String merchantId, DeadlineState... deadlines) {
        OrderCase c = CaseReconciler.newCase(orderId);
        OrderEvent placed = OrderEvent.newBuilder()
                .setEventId("e-" + ++ids)
                .setOrderId(orderId)
                .setMerchantId(merchantId)
                .setBuyerId("b-1")
                .setMarketplace("US")
                .setType(OrderEventType.PLACED)
                .setOccurredAt(Instant.parse("2026-03-01T10:00:00Z"))
                .setCurrency("USD")
                .setAmountMinor(5000)
                .setMaxDeliveryAt(Instant.parse("2026-03-06T10:00:00Z"))
                .setDigital(false)
                .build();
        CaseReconciler.insert(
                c,
                CaseEvent.newBuilder().setSourceTopic("test").setEvent(placed).build());
        c.setDeadlines(new ArrayList<>(List.of(deadlines)));
        return c;
    }

    private static DeadlineState deadline(DeadlineKind kind, String ref, String dueAt, DeadlineOutcome outcome) {
        return DeadlineState.newBuilder()
                .setKind(kind)
                .setReferenceId(ref)
                .setStartedAt(Instant.parse("2026-03-01T10:00:00Z"))
                .setDueAt(Instant.parse(dueAt))
                .setOutcome(outcome)
                .build();
    }

    @Test
    void listsTheOpenDeadlinesOfTheMerchantsOrdersSoonestFirst() {
        List<OrderCase> cases = List.of(
                caseOf(
                        "o-1",
                        "m-1",
                        deadline(DeadlineKind.DELIVERY_PROMISE, "o-1", "2026-03-06T10:00:00Z", DeadlineOutcome.OPEN),
                        deadline(DeadlineKind.CLAIM_RESPONSE, "c-1", "2026-03-04T10:00:00Z", DeadlineOutcome.MET)),
                caseOf(
                        "o-2",
                        "m-1",
                        deadline(DeadlineKind.REFUND_AFTER_RETURN, "r-2", "2026-03-05T00:00:00Z", DeadlineOutcome.OPEN),
                        deadline(
                                DeadlineKind.CHARGEBACK_RESPONSE,
                                "cb-2",
                                "2026-03-09T00:00:00Z",
                                DeadlineOutcome.BREACHED)),
                caseOf(
                        "o-3",
                        "m-1",
                        deadline(
                                DeadlineKind.DELIVERY_PROMISE,
                                "o-3",
                                "2026-03-02T00:00:00Z",
                                DeadlineOutcome.CANCELLED)),
                caseOf(
                        "o-4",
                        "m-2",
                        deadline(DeadlineKind.DELIVERY_PROMISE, "o-4", "2026-03-01T12:00:00Z", DeadlineOutcome.OPEN)));

        List<ObjectNode> open = OpenDeadlines.of(cases, "m-1");

        assertThat(open)
                .extracting(n -> n.get("orderId").asText() + " " + n.get("kind").asText() + " "
                        + n.get("dueAt").asText())
                .containsExactly(
                        "o-2 REFUND_AFTER_RETURN 2026-03-05T00:00:00Z", "o-1 DELIVERY_PROMISE 2026-03-06T10:00:00Z");
        assertThat(open.get(0).get("referenceId").asText()).isEqualTo("r-2");
        assertThat(open.get(0).get("merchantId").asText()).isEqualTo("m-1");
        assertThat(open.get(0).get("startedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(OpenDeadlines.of(cases, "m-9")).isEmpty();
    }

    @Test
    void aMergedListIsInTheSameOrderWhereverItWasGathered() {
        List<ObjectNode> a = OpenDeadlines.of(
                List.of(caseOf(
                        "o-2",
                        "m-1",
                        deadline(DeadlineKind.DELIVERY_PROMISE, "o-2", "2026-03-06T10:00:00Z", DeadlineOutcome.OPEN))),
                "m-1");
        List<ObjectNode> b = OpenDeadlines.of(
                List.of(caseOf(
                        "o-1",
                        "m-1",
                        deadline(DeadlineKind.DELIVERY_PROMISE, "o-1", "2026-03-06T10:00:00Z", DeadlineOutcome.OPEN))),
                "m-1");
        List<ObjectNode> ab = new ArrayList<>(a);
        ab.addAll(b);
        List<ObjectNode> ba = new ArrayList<>(b);
        ba.addAll(a);

        assertThat(OpenDeadlines.sorted(ab)).isEqualTo(OpenDeadlines.sorted(ba));
        assertThat(OpenDeadlines.sorted(ab).get(0).get("orderId").asText()).isEqualTo("o-1");
    }
}
