package io.atozwatch.topology.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.Ev;
import io.atozwatch.topology.PipelineFixture;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Equal strings the cases hold many of are held once, and read as they did. */
class SharedStringsTest {

    @Test
    void anEventHoldsItsCasesOwnOrderIdAndTheKeptFewValuedFields() {
        OrderEvent first = Ev.placed(copy("o-1"), "2026-03-01T10:00:00Z", 5_000, null);
        OrderEvent second = Ev.placed(copy("o-2"), "2026-03-01T11:00:00Z", 7_000, null);
        first.setMerchantId(copy("m-1"));
        second.setMerchantId(copy("m-1"));
        first.setCurrency(copy("EUR"));
        second.setCurrency(copy("EUR"));
        OrderEvent firstAsItWas = OrderEvent.newBuilder(first).build();
        String orderId = copy("o-1");

        SharedStrings.share(caseEvent(first, copy("orders")), orderId);
        CaseEvent other = caseEvent(second, copy("orders"));
        SharedStrings.share(other, copy("o-2"));

        assertThat(first.getOrderId()).isSameAs(orderId);
        assertThat(first.getMerchantId()).isSameAs(second.getMerchantId());
        assertThat(first.getCurrency()).isSameAs(second.getCurrency());
        assertThat(first.getMarketplace()).isSameAs(second.getMarketplace());
        assertThat(first).isEqualTo(firstAsItWas);
        assertThat(other.getSourceTopic()).isSameAs(SharedStrings.kept(copy("orders")));
    }

    @Test
    void anOrderIdOfAnotherOrderIsLeftAsItIs() {
        ShipmentEvent shipped = Ev.shipped("o-9", "s-1", "2026-03-02T10:00:00Z");
        String own = shipped.getOrderId();

        SharedStrings.share(caseEvent(shipped, "shipments"), "o-1");

        assertThat(shipped.getOrderId()).isSameAs(own);
    }

    @Test
    void nullStaysNull() {
        ShipmentEvent shipped = Ev.shipped("o-1", "s-1", "2026-03-02T10:00:00Z");
        shipped.setCarrier(null);

        SharedStrings.share(caseEvent(shipped, "shipments"), "o-1");

        assertThat(shipped.getCarrier()).isNull();
        assertThat(SharedStrings.kept(null)).isNull();
    }

    @Test
    void manyMoreValuesThanAFewCostNoMemoryAndStayCorrect() {
        for (int i = 0; i < 3 * SharedStrings.MAX_VALUES; i++) {
            String value = "value-" + i;
            assertThat(SharedStrings.kept(copy(value))).isEqualTo(value);
            assertThat(SharedStrings.size()).isLessThanOrEqualTo(SharedStrings.MAX_VALUES + 1);
        }
    }

    @Test
    void theCasesThePipelineHoldsShareThem() {
        try (PipelineFixture p = new PipelineFixture(Map.of())) {
            p.pipe(Ev.placed("o-1", "2026-03-01T10:00:00Z", 5_000, "2026-03-06T10:00:00Z"));
            p.pipe(Ev.placed("o-2", "2026-03-01T11:00:00Z", 5_000, "2026-03-06T10:00:00Z"));
            p.pipe(Ev.shipped("o-1", "s-1", "2026-03-02T10:00:00Z"));

            OrderCase first = p.caseOf("o-1");
            OrderEvent placed = (OrderEvent) first.getEvents().get(0).getEvent();
            OrderEvent otherPlaced =
                    (OrderEvent) p.caseOf("o-2").getEvents().get(0).getEvent();
            assertThat(placed.getOrderId()).isSameAs(first.getOrderId());
            assertThat(((ShipmentEvent) first.getEvents().get(1).getEvent()).getOrderId())
                    .isSameAs(first.getOrderId());
            assertThat(placed.getMerchantId())
                    .isEqualTo(otherPlaced.getMerchantId())
                    .isSameAs(otherPlaced.getMerchantId());
        }
    }

    private static CaseEvent caseEvent(SpecificRecord event, String topic) {
        return CaseEvent.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(0)
                .setSourceOffset(0L)
                .setEvent(event)
                .build();
    }

    /** An equal string that is not the same object, as a decoder makes. */
    private static String copy(String s) {
        return new String(s.toCharArray());
    }
}
