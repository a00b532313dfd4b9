package io.atozwatch.topology.cases;

import static io.atozwatch.topology.Ev.charged;
import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.shipped;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.topology.PipelineFixture;
import io.atozwatch.topology.input.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A case from its first event to its purge: duplicates, arrival order, orphans, bounded state. */
class CaseLifecycleTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    @Test
    void aRepeatedEventIdIsIgnored() {
        OrderEvent placed = placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z");
        OrderEvent charge = charged("o-1", "2026-03-01T11:00:00Z", 6000);
        p.pipe(placed, charge, charge, placed);
        assertThat(p.verdictsFor("o-1"))
                .extracting(ClaimEligibility::getCondition)
                .containsExactly(CoverageCondition.OVERCHARGED);
        assertThat(p.caseOf("o-1").getEvents()).hasSize(2);
    }

    @Test
    void aDuplicateWithTheSameEventIdButOtherContentIsStillADuplicate() {
        OrderEvent charge = charged("o-1", "2026-03-01T11:00:00Z", 3000);
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"), charge);
        charge.setAmountMinor(9000);
        p.pipe(charge);
        assertThat(p.verdictsFor("o-1")).isEmpty();
    }

    @Test
    void verdictsDependOnEventTimeNotArrivalOrder() {
        PipelineFixture reversed = new PipelineFixture();
        try (reversed) {
            var events = new org.apache.avro.specific.SpecificRecord[] {
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                shipped("o-1", "s-1", "2026-03-02T10:00:00Z"),
                shipped("o-1", "s-2", "2026-03-02T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                delivered("o-1", "s-2", "2026-03-08T10:00:00Z"),
                charged("o-1", "2026-03-01T11:00:00Z", 5200)
            };
            p.pipe(events);
            for (int i = events.length - 1; i >= 0; i--) {
                reversed.pipe(events[i]);
            }
            p.streamTimeTo("2026-06-01T00:00:00Z");
            reversed.streamTimeTo("2026-06-01T00:00:00Z");
            assertThat(reversed.verdictsFor("o-1"))
                    .usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyInAnyOrderElementsOf(p.verdictsFor("o-1"));
            assertThat(p.verdictsFor("o-1"))
                    .extracting(ClaimEligibility::getCondition)
                    .containsExactlyInAnyOrder(CoverageCondition.LATE_DELIVERY, CoverageCondition.OVERCHARGED);
        }
    }

    @Test
    void eventsBeforePlacedWaitInTheCase() {
        p.pipe(shipped("o-1", "s-1", "2026-03-02T10:00:00Z"), delivered("o-1", "s-1", "2026-03-08T09:00:00Z"));
        assertThat(p.caseOf("o-1").getEvents()).hasSize(2);
        p.streamTimeTo("2026-03-08T10:00:00Z"); // six days of waiting: still inside the horizon
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
        assertThat(p.verdictsFor("o-1"))
                .extracting(ClaimEligibility::getCondition)
                .containsExactly(CoverageCondition.LATE_DELIVERY);
        assertThat(p.deadLetters()).isEmpty();
    }

    @Test
    void eventsWhosePlacedNeverComesAreDeadLetteredAfterTheHorizonAndDropped() {
        p.pipe(shipped("o-9", "s-1", "2026-03-02T10:00:00Z"), delivered("o-9", "s-1", "2026-03-03T10:00:00Z"));
        p.streamTimeTo("2026-03-09T09:59:59Z");
        assertThat(p.deadLetters()).isEmpty();
        p.streamTimeTo("2026-03-09T10:00:00Z");
        assertThat(p.deadLetters()).hasSize(2).allSatisfy(r -> {
            DeadLetter d = r.value();
            assertThat(d.getReason()).contains("no PLACED event for order o-9 arrived within 7 days");
            assertThat(d.getSourceTopic()).isEqualTo("shipments");
            assertThat(d.getSourcePartition()).isEqualTo(0);
            assertThat(d.getSourceOffset()).isNotNull();
            assertThat(d.getKey()).isEqualTo("o-9");
            assertThat(d.getPayload()).isNotNull(); // the event, as it was on its topic
            assertThat(new String(
                            r.getHeaders().lastHeader(DeadLetters.HEADER_TOPIC).value(), StandardCharsets.UTF_8))
                    .isEqualTo("shipments");
        });
        assertThat(p.caseOf("o-9")).isNull();
    }

    @Test
    void theOrphanHorizonCountsFromWhenTheEventsOccurredNotFromWhenTheyWereRead() {
        p.streamTimeTo("2026-03-05T00:00:00Z");
        // Read three days after it occurred: still four days to wait for its PLACED.
        p.pipe(shipped("o-9", "s-1", "2026-03-02T10:00:00Z"));
        p.streamTimeTo("2026-03-09T09:59:59Z");
        assertThat(p.deadLetters()).isEmpty();
        p.streamTimeTo("2026-03-09T10:00:00Z");
        assertThat(p.deadLetters())
                .singleElement()
                .satisfies(r ->
                        assertThat(r.value().getReason()).contains("after its earliest event (2026-03-02T10:00:00Z)"));
    }

    @Test
    void theOrphanHorizonIsConfiguration() {
        try (PipelineFixture q = new PipelineFixture(Map.of("case.orphan-horizon", "P1D"))) {
            q.pipe(shipped("o-9", "s-1", "2026-03-02T10:00:00Z"));
            q.streamTimeTo("2026-03-03T10:00:00Z");
            assertThat(q.deadLetters()).hasSize(1);
        }
    }

    @Test
    void aCaseIsPurgedOnceTheFilingWindowIsOverAndEveryDeadlineClosed() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-05T10:00:00Z"));
        p.streamTimeTo("2026-06-04T09:59:59Z"); // max delivery + 90 days, less a second
        assertThat(p.caseOf("o-1")).isNotNull();
        p.streamTimeTo("2026-06-04T10:00:00Z");
        assertThat(p.caseOf("o-1")).isNull();
        assertThat(p.dueIndexKeys()).noneMatch(k -> k.endsWith("|o-1"));
    }

    @Test
    void anOpenDeadlineOrDisputeKeepsTheCaseBeyondTheFilingWindow() {
        try (PipelineFixture q = new PipelineFixture(Map.of("coverage.filing-window", "P5D"))) {
            q.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                    dispute("o-1", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-10T10:00:00Z", "defective"));
            q.streamTimeTo("2026-03-12T00:00:00Z");
            assertThat(q.caseOf("o-1")).isNotNull(); // filing window over, claim response still open
            q.streamTimeTo("2026-03-17T10:00:00Z");
            assertThat(q.breaches()).hasSize(1);
            assertThat(q.caseOf("o-1")).isNotNull(); // the response is late, and the claim still open
            q.pipe(dispute("o-1", "c-1", DisputeEventType.CLAIM_DENIED, "2026-03-18T10:00:00Z"));
            assertThat(q.caseOf("o-1")).isNull();
        }
    }

    @Test
    void eventsForAnOrderPastItsFilingWindowAreDeadLetteredNotJudged() {
        p.streamTimeTo("2026-09-01T00:00:00Z");
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                charged("o-1", "2026-03-01T11:00:00Z", 9000));
        assertThat(p.verdictsFor("o-1")).isEmpty();
        // The charge came after the case was dropped: an orphan whose horizon (7 days after it occurred)
        // is long past by the pipeline's clock, so it is set aside at once.
        assertThat(p.deadLetters())
                .extracting(TestRecord::value)
                .extracting(DeadLetter::getReason)
                .satisfiesExactly(
                        r -> assertThat(r).contains("past its filing window"),
                        r -> assertThat(r).contains("no PLACED event for order o-1"));
        assertThat(p.caseOf("o-1")).isNull();
    }

    @Test
    void timeChecksReadOnlyWhatIsDue() {
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
        // One entry per case, filed under its next instant of interest (here the reminder of the delivery
        // promise, 48 hours before it).
        assertThat(p.dueIndexKeys())
                .filteredOn(k -> k.endsWith("|o-1"))
                .singleElement()
                .isEqualTo(String.format("%019d|o-1", t("2026-03-04T10:00:00Z").toEpochMilli()));
    }

    @Test
    void stateSurvivesARestartWithoutRepeatingAVerdict() {
        // The test driver keeps stores in one run; what must hold is that the case records what was
        // emitted, so that re-reading the same events (a replay after a crash) emits nothing new.
        OrderEvent placed = placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z");
        OrderEvent charge = charged("o-1", "2026-03-01T11:00:00Z", 6000);
        p.pipe(placed, charge);
        p.streamTimeTo("2026-03-20T00:00:00Z");
        int before = p.verdictsFor("o-1").size();
        p.pipe(placed, charge);
        p.streamTimeTo("2026-03-21T00:00:00Z");
        assertThat(p.verdictsFor("o-1")).hasSize(before);
        assertThat(p.caseOf("o-1").getVerdicts()).hasSize(before);
    }
}
