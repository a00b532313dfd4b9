package io.atozwatch.topology.cases;

import static io.atozwatch.topology.Ev.charged;
import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.shipped;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.topology.PipelineFixture;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** A case holds a bounded number of events and bytes; what is past a limit is set aside and the case goes on. */
class CaseLimitsTest {

    @Test
    void anEventPastTheEventLimitIsSetAsideWithItsBytesAndTheCaseGoesOnWithoutIt() {
        try (PipelineFixture p = new PipelineFixture(Map.of("case.max-events", "2"))) {
            p.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    charged("o-1", "2026-03-01T11:00:00Z", 5000),
                    shipped("o-1", "s-1", "2026-03-02T10:00:00Z"));
            ShipmentEvent delivery = delivered("o-1", "s-1", "2026-03-05T10:00:00Z");
            byte[] bytes = p.topics.shipments.valueSerde().serializer().serialize("shipments", delivery);
            p.pipeBytes("shipments", "o-1", bytes, t("2026-03-05T10:00:00Z"));

            List<DeadLetter> letters =
                    p.deadLetters().stream().map(TestRecord::value).toList();
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).getReason())
                    .isEqualTo(
                            "order o-1 already has 2 events besides its PLACED, the limit (case.max-events); its case goes on without this one");
            assertThat(letters.get(0).getPayload().array()).isEqualTo(bytes);
            assertThat(letters.get(0).getSourceTopic()).isEqualTo("shipments");
            assertThat(p.caseOf("o-1").getEvents()).hasSize(3);

            // Without its delivery, the order is judged not received once that is due.
            p.timePassesTo("2026-03-10T00:00:00Z");
            assertThat(p.verdictsFor("o-1"))
                    .extracting(ClaimEligibility::getCondition)
                    .containsExactly(CoverageCondition.NOT_RECEIVED);
        }
    }

    @Test
    void aDuplicateOfAnEventOfAFullCaseIsIgnoredNotSetAside() {
        try (PipelineFixture p = new PipelineFixture(Map.of("case.max-events", "1"))) {
            var placed = placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z");
            var charge = charged("o-1", "2026-03-01T11:00:00Z", 5000);
            p.pipe(placed, charge, placed, charge);
            assertThat(p.deadLetters()).isEmpty();
        }
    }

    @Test
    void aPlacedReadAfterTheCaseIsFullIsStillTaken() {
        try (PipelineFixture p = new PipelineFixture(Map.of("case.max-events", "2"))) {
            p.pipe(
                    shipped("o-1", "s-1", "2026-03-02T10:00:00Z"),
                    shipped("o-1", "s-2", "2026-03-02T11:00:00Z"),
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            assertThat(p.deadLetters()).isEmpty();
            assertThat(p.caseOf("o-1").getPolicy()).isNotNull();
        }
    }

    @Test
    void anEventThatWouldTakeTheCasePastItsByteLimitIsSetAside() {
        var placed = placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z");
        var charge = charged("o-1", "2026-03-01T11:00:00Z", 5000);
        try (PipelineFixture sizes = new PipelineFixture()) {
            int placedBytes = sizes.topics.orders.valueSerde().serializer().serialize("orders", placed).length;
            try (PipelineFixture p = new PipelineFixture(Map.of("case.max-bytes", String.valueOf(placedBytes + 10)))) {
                p.pipe(placed, charge);
                assertThat(p.deadLetters())
                        .extracting(r -> r.value().getReason())
                        .singleElement()
                        .asString()
                        .startsWith("order o-1 would hold ")
                        .contains("more than the limit of " + (placedBytes + 10));
                assertThat(p.caseOf("o-1").getEvents()).hasSize(1);
                assertThat(p.caseOf("o-1").getInputBytes()).isEqualTo(placedBytes);
            }
        }
    }

    @Test
    void aJudgedCaseKeepsNoCopyOfItsRecordsAndAnOrphanKeepsThemUntilSetAside() {
        try (PipelineFixture p = new PipelineFixture()) {
            p.pipe(shipped("o-2", "s-1", "2026-03-01T09:00:00Z"));
            assertThat(p.caseOf("o-2").getEvents())
                    .allSatisfy(e -> assertThat(e.getRaw()).isNotNull());
            p.pipe(
                    placed("o-2", "2026-03-01T08:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    charged("o-2", "2026-03-01T11:00:00Z", 5000));
            assertThat(p.caseOf("o-2").getEvents())
                    .hasSize(3)
                    .allSatisfy(e -> assertThat(e.getRaw()).isNull());
        }
    }
}
