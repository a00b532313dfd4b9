package io.atozwatch.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessPipelineTest {
    private final InProcessPipeline pipeline = new InProcessPipeline(PipelineConfig.defaults());

    @AfterEach
    void close() {
        pipeline.close();
    }

    private static OrderEvent placed(String orderId, String at, String maxDelivery) {
        return OrderEvent.newBuilder()
                .setEventId(orderId + "-placed")
                .setOrderId(orderId)
                .setMerchantId("m-1")
                .setBuyerId("b-1")
                .setMarketplace("US")
                .setType(OrderEventType.PLACED)
                .setOccurredAt(Instant.parse(at))
                .setCurrency("USD")
                .setAmountMinor(1000)
                .setMaxDeliveryAt(Instant.parse(maxDelivery))
                .build();
    }

    /**
     * The test driver keeps what the topology writes until it is read: the stores' changelogs, and the merchant facts,
     * which the topology reads back itself. A long replay must not.
     */
    @Test
    void theTestDriverDoesNotKeepWhatNothingReadsInMemory() {
        try (InProcessPipeline reference =
                new InProcessPipeline(PipelineConfig.defaults(), InProcessPipeline.Engine.TEST_DRIVER)) {
            int events = 5_050; // the last 50 since the last discard
            TrafficGenerator generator =
                    new TrafficGenerator(GeneratorOptions.defaults(11, Instant.parse("2026-03-02T00:00:00Z"))
                            .withOrdersPerHour(200));
            for (int i = 0; i < events; i++) {
                GeneratedEvent e = generator.next();
                reference.pipe(e.topic(reference.topics()).name(), e.key(), e.value(), e.timestamp());
                reference.drain();
            }

            assertThat(reference.unreadRecordsHeld())
                    .as("what the last 50 events wrote (changelogs: 865 after 3,050 events), not what every event"
                            + " wrote (merchant facts kept: 3,776 after 3,050)")
                    .isPositive()
                    .isLessThan(events / 3);
        }
    }

    /** The order-level outputs; the merchant's figures (snapshots, reserve decisions, tier notices) are tested elsewhere. */
    private static List<OutputRecord> aboutOrders(List<OutputRecord> out) {
        return out.stream()
                .filter(r ->
                        !r.topic().equals("merchant-performance") && !r.topic().equals("reserve-decisions"))
                .filter(r ->
                        !(r.value() instanceof io.atozwatch.events.MerchantNotification n) || n.getOrderId() != null)
                .toList();
    }

    @Test
    void theClockMovesWithTheEventsReadLessTheGrace() {
        OrderEvent order = placed("o-1", "2026-03-01T10:00:00Z", "2026-03-06T10:00:00Z");
        pipeline.pipe("orders", "o-1", order, order.getOccurredAt());

        assertThat(pipeline.readUpTo()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(pipeline.clock())
                .isEqualTo(Instant.parse("2026-03-01T09:55:00Z")); // the default grace: five minutes
        assertThat(aboutOrders(pipeline.drain())).isEmpty(); // nothing is due at the order's own time
    }

    @Test
    void advancingTheClockFiresWhatIsDueAndOnlyMovesForwards() {
        OrderEvent order = placed("o-1", "2026-03-01T10:00:00Z", "2026-03-06T10:00:00Z");
        pipeline.pipe("orders", "o-1", order, order.getOccurredAt());

        pipeline.advanceClockTo(Instant.parse("2026-03-09T09:59:59Z"));
        assertThat(pipeline.clock()).isEqualTo(Instant.parse("2026-03-09T09:59:59Z"));
        List<OutputRecord> beforeDue = aboutOrders(pipeline.drain());
        pipeline.advanceClockTo(Instant.parse("2026-03-01T00:00:00Z")); // backwards: ignored
        assertThat(pipeline.clock()).isEqualTo(Instant.parse("2026-03-09T09:59:59Z"));
        pipeline.advanceClockTo(Instant.parse("2026-03-09T10:00:00Z"));
        List<OutputRecord> atDue = aboutOrders(pipeline.drain());

        // the promise told at the order and reminded 48 h before; its breach and the notice of it; at risk of a claim
        assertThat(beforeDue)
                .extracting(r -> r.topic() + " " + r.timestamp())
                .containsExactly(
                        "merchant-notifications 2026-03-01T10:00:00Z",
                        "merchant-notifications 2026-03-04T10:00:00Z",
                        "deadline-breaches 2026-03-06T10:00:00Z",
                        "merchant-notifications 2026-03-06T10:00:00Z",
                        "merchant-notifications 2026-03-07T10:00:00Z");
        assertThat(atDue).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo("claim-eligibility");
            assertThat(r.key()).isEqualTo("o-1");
            assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-03-09T10:00:00Z"));
            assertThat(((ClaimEligibility) r.value()).getDetectedAt()).isEqualTo(r.timestamp());
            assertThat(r.headers()).isEmpty();
        });
        assertThat(aboutOrders(pipeline.drain())).isEmpty(); // drained once
    }

    @Test
    void outputsComeInTimeOrderAndDeadLettersCarryTheirHeadersAsText() {
        OrderEvent order = placed("o-1", "2026-03-01T10:00:00Z", "2026-03-06T10:00:00Z");
        pipeline.pipe("orders", "o-1", order, order.getOccurredAt());
        RefundEvent refund = RefundEvent.newBuilder()
                .setEventId("e-2")
                .setOrderId("o-1")
                .setRefundId("rf-1")
                .setOccurredAt(Instant.parse("2026-03-10T00:00:00Z"))
                .setAmountMinor(-5)
                .setCurrency("USD")
                .build();
        pipeline.pipe("refunds", "o-1", refund, refund.getOccurredAt()); // invalid: set aside, and moves no clock
        OrderEvent later = placed("o-2", "2026-03-10T00:05:00Z", "2026-03-20T10:00:00Z");
        pipeline.pipe("orders", "o-2", later, later.getOccurredAt()); // moves the clock past the promise

        List<OutputRecord> out = aboutOrders(pipeline.drain());

        // the promise's notices (03-01, 03-04), its breach and the notice of it (03-06), at risk (03-07),
        // NOT_RECEIVED at +3 days, the dead letter at 03-10
        assertThat(out)
                .extracting(OutputRecord::topic)
                .containsExactly(
                        "merchant-notifications",
                        "merchant-notifications",
                        "deadline-breaches",
                        "merchant-notifications",
                        "merchant-notifications",
                        "claim-eligibility",
                        "dead-letters");
        OutputRecord dead = out.get(6);
        assertThat(((DeadLetter) dead.value()).getReason()).contains("negative amountMinor -5");
        assertThat(dead.headers())
                .containsEntry("__streams.errors.topic", "refunds")
                .containsEntry("__streams.errors.partition", "0")
                .containsEntry("__streams.errors.offset", "0");
        assertThat(dead.toJsonLine())
                .startsWith("{\"topic\":\"dead-letters\",\"key\":\"o-1\","
                        + "\"timestamp\":\"2026-03-10T00:00:00Z\",\"headers\":{\"__streams.errors.message\":");
    }
}
