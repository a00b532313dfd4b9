package io.atozwatch.topology.time;

import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.shipped;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.topology.PipelineFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's one clock, end to end: what moves it, what does not, and that what the pipeline says
 * does not depend on when it looked or on how other orders' events were interleaved.
 */
class PipelineClockTest {

    @Test
    void aTaskBehindItsInputDoesNotLetTheWallClockJudge() {
        try (PipelineFixture lagging = new PipelineFixture(Map.of(), partitions -> false)) {
            lagging.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            lagging.wallClockTo("2026-04-01T00:00:00Z");
            assertThat(lagging.watermark()).isEqualTo(t("2026-03-01T10:00:00Z"));
            assertThat(lagging.breaches()).isEmpty();
            assertThat(lagging.verdicts()).isEmpty();
            // What it reads still moves it.
            lagging.streamTimeTo("2026-03-10T00:00:00Z");
            assertThat(lagging.breaches())
                    .extracting(DeadlineBreach::getOrderId)
                    .containsExactly("o-1");
        }
    }

    /**
     * A deployment's consumer fetches each input apart: the orders' batch of a history written fast can be read
     * before the shipments' batch, weeks of event time ahead of it.
     */
    private static void ordersReadAheadOfShipments(PipelineFixture p) {
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
        p.pipe(shipped("o-1", "s-1", "2026-03-02T10:00:00Z"));
        p.pipe(placed("o-2", "2026-03-20T00:00:00Z", 5000, "2026-03-25T00:00:00Z"));
        p.pipe(delivered("o-1", "s-1", "2026-03-05T10:00:00Z")); // delivered before its promise, read after o-2
    }

    @Test
    void anInputReadAheadOfAnotherWaitsForItForTheInputSkew() {
        try (PipelineFixture p = new PipelineFixture(Map.of(), partitions -> false)) {
            ordersReadAheadOfShipments(p);
            // Held by what the shipments' input has read (the fixture has no grace); the reading went on.
            assertThat(p.watermark()).isEqualTo(t("2026-03-05T10:00:00Z"));
            assertThat(p.caseOf("o-2")).isNotNull();
            p.wallClockPasses(Duration.ofMillis(999));
            assertThat(p.watermark()).isEqualTo(t("2026-03-05T10:00:00Z"));
            // A second with nothing from the shipments' input: it holds nothing back any more.
            p.wallClockPasses(Duration.ofMillis(1));
            assertThat(p.watermark()).isEqualTo(t("2026-03-20T00:00:00Z"));
            assertThat(p.breaches()).isEmpty();
            assertThat(p.verdicts()).isEmpty();
        }
    }

    @Test
    void anInputQuietForTheSkewWithoutAPollSinceStillHoldsTheClock() {
        long[] lastPoll = {Long.MIN_VALUE}; // the consumer is working through its last poll's records
        InputProgress busy = new InputProgress() {
            @Override
            public boolean caughtUp(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                return false;
            }

            @Override
            public boolean polledSince(long wallMs) {
                return lastPoll[0] >= wallMs;
            }
        };
        try (PipelineFixture p = new PipelineFixture(Map.of(), busy)) {
            p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            p.pipe(shipped("o-1", "s-1", "2026-03-02T10:00:00Z"));
            p.wallClockPasses(Duration.ofSeconds(5)); // slow: five seconds on the next records
            p.pipe(placed("o-2", "2026-03-20T00:00:00Z", 5000, "2026-03-25T00:00:00Z"));
            assertThat(p.watermark()).isEqualTo(t("2026-03-02T10:00:00Z"));
            // The shipments' next record, which the next poll brings: o-1 was delivered before its promise.
            p.pipe(delivered("o-1", "s-1", "2026-03-05T10:00:00Z"));
            assertThat(p.breaches()).isEmpty();
            // A poll after the skew, and nothing more from the shipments: the clock goes on.
            lastPoll[0] = Long.MAX_VALUE;
            p.wallClockPasses(Duration.ofSeconds(1));
            assertThat(p.watermark()).isEqualTo(t("2026-03-20T00:00:00Z"));
        }
    }

    @Test
    void withoutTheInputSkewAnInputReadBehindAnotherIsJudgedLate() {
        try (PipelineFixture p = new PipelineFixture(Map.of("clock.input-skew", "PT0S"), partitions -> false)) {
            ordersReadAheadOfShipments(p);
            // o-1's delivery promise was judged broken before its delivery was read, then taken back.
            assertThat(p.breaches()).extracting(DeadlineBreach::getOrderId).contains("o-1");
        }
    }

    @Test
    void aTaskCaughtUpLetsTheWallClockJudgeLessTheGrace() {
        try (PipelineFixture p = new PipelineFixture(Map.of("clock.grace", "PT5M"))) {
            p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            assertThat(p.watermark()).isEqualTo(t("2026-03-01T09:55:00Z"));
            p.wallClockTo("2026-03-06T10:04:59Z");
            assertThat(p.breaches()).isEmpty();
            p.wallClockTo("2026-03-06T10:05:00Z");
            assertThat(p.breaches()).extracting(DeadlineBreach::getDueAt).containsExactly(t("2026-03-06T10:00:00Z"));
        }
    }

    @Test
    void anEventFarAheadOfTheWallClockIsSetAsideAndMovesNoClock() {
        try (PipelineFixture p = new PipelineFixture()) {
            p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            OrderEvent future =
                    placed("o-2", Instant.now().plusSeconds(50L * 365 * 86_400).toString(), 5000, null);
            p.pipe(future);
            assertThat(p.deadLetters()).singleElement().satisfies(r -> {
                DeadLetter d = r.value();
                assertThat(d.getReason()).contains("ahead of the wall clock");
                assertThat(d.getKey()).isEqualTo("o-2");
                // Stamped no later than the wall clock, which brokers accept.
                assertThat(r.getRecordTime()).isBefore(Instant.now().plusSeconds(60));
            });
            assertThat(p.watermark()).isEqualTo(t("2026-03-01T10:00:00Z"));
            assertThat(p.caseOf("o-2")).isNull();
            assertThat(p.breaches()).isEmpty();
        }
    }

    @Test
    void anEventLessThanAnHourAheadIsTaken() {
        try (PipelineFixture p = new PipelineFixture()) {
            p.pipe(placed("o-1", Instant.now().plusSeconds(50 * 60).toString(), 5000, null));
            assertThat(p.deadLetters()).isEmpty();
            assertThat(p.caseOf("o-1")).isNotNull();
        }
    }

    @Test
    void anEventWithinTheGraceOfLaterOnesStillCountsAsOnTime() {
        try (PipelineFixture p = new PipelineFixture(Map.of("clock.grace", "PT1H"))) {
            p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            // Another order's event at 10:30 past the promise is read before o-1's delivery at 09:50.
            p.streamTimeTo("2026-03-06T10:30:00Z");
            p.pipe(delivered("o-1", "s-1", "2026-03-06T09:50:00Z"));
            p.streamTimeTo("2026-03-20T00:00:00Z");
            assertThat(p.breaches())
                    .filteredOn(b -> b.getOrderId().equals("o-1"))
                    .isEmpty();
            assertThat(p.verdictsFor("o-1")).isEmpty();
        }
    }

    @Test
    void anEventLaterThanTheGraceCorrectsWhatWasSaid() {
        try (PipelineFixture p = new PipelineFixture(Map.of("clock.grace", "PT1H"))) {
            p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            p.streamTimeTo("2026-03-06T11:00:00Z");
            p.pipe(delivered("o-1", "s-1", "2026-03-06T09:50:00Z"));
            assertThat(p.breaches())
                    .filteredOn(b -> b.getOrderId().equals("o-1"))
                    .extracting(b -> b.getStatus().name())
                    .containsExactly("BREACHED", "RETRACTED");
        }
    }

    /**
     * A charge read after a later buyer contact, past the grace (a late event, judged as a correction), gives
     * the verdict it gives when read in time: the contact came after the overcharge, so it is not part of it.
     */
    @Test
    void aLateEventsVerdictIsTheOneItGivesReadInTime() {
        List<ClaimEligibility> inTime = overchargeWithContact(false);
        assertThat(inTime).singleElement().satisfies(v -> {
            assertThat(v.getCondition()).isEqualTo(CoverageCondition.OVERCHARGED);
            assertThat(v.getFilingOpensAt()).isNull();
        });
        assertThat(overchargeWithContact(true)).isEqualTo(inTime);
    }

    private static final OrderEvent PLACED = placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-20T10:00:00Z");
    private static final OrderEvent CHARGE = io.atozwatch.topology.Ev.charged("o-1", "2026-03-02T10:00:00Z", 6000);
    private static final DisputeEvent CONTACT =
            dispute("o-1", "c-1", DisputeEventType.BUYER_CONTACTED_MERCHANT, "2026-03-04T10:00:00Z");

    private static List<ClaimEligibility> overchargeWithContact(boolean chargeReadLate) {
        try (PipelineFixture p = new PipelineFixture()) {
            p.pipe(PLACED);
            OrderEvent charge = OrderEvent.newBuilder(CHARGE).build();
            DisputeEvent contact = DisputeEvent.newBuilder(CONTACT).build();
            if (chargeReadLate) {
                p.pipe(contact, charge);
            } else {
                p.pipe(charge, contact);
            }
            return p.verdictsFor("o-1");
        }
    }

    /**
     * Whether another order's later event is read before or after this order's buyer contact does not
     * change the verdict: it is judged at its due instant with what had occurred by then.
     */
    @Test
    void aVerdictDoesNotDependOnHowOtherOrdersEventsInterleave() {
        // The contact came before the due instant: it opens the filing window, however the events interleave.
        List<ClaimEligibility> a = notReceived("2026-03-08T12:00:00Z", "2026-03-09T18:03:00Z", false);
        assertThat(a).singleElement().satisfies(v -> {
            assertThat(v.getCondition()).isEqualTo(CoverageCondition.NOT_RECEIVED);
            assertThat(v.getFilingOpensAt()).isEqualTo(t("2026-03-09T18:00:00Z"));
        });
        assertThat(notReceived("2026-03-08T12:00:00Z", "2026-03-09T18:03:00Z", true))
                .isEqualTo(a);
        // The contact came after it: not part of the verdict, whether read before the other order's event or after.
        List<ClaimEligibility> c = notReceived("2026-03-09T20:00:00Z", "2026-03-09T21:00:00Z", false);
        assertThat(c)
                .singleElement()
                .satisfies(v -> assertThat(v.getFilingOpensAt()).isNull());
        assertThat(notReceived("2026-03-09T20:00:00Z", "2026-03-09T21:00:00Z", true))
                .isEqualTo(c);
    }

    private static List<ClaimEligibility> notReceived(String contactAt, String otherAt, boolean otherOrderFirst) {
        try (PipelineFixture p = new PipelineFixture(Map.of("clock.grace", "PT5M"))) {
            p.pipe(
                    placed("o-1", "2026-03-02T09:15:00Z", 8999, "2026-03-06T18:00:00Z"),
                    shipped("o-1", "s-1", "2026-03-03T14:30:00Z"));
            OrderEvent other = placed("o-2", otherAt, 100, null);
            if (otherOrderFirst) {
                p.pipe(other);
            }
            p.pipe(dispute("o-1", "d-1", DisputeEventType.BUYER_CONTACTED_MERCHANT, contactAt));
            if (!otherOrderFirst) {
                p.pipe(other);
            }
            p.timePassesTo("2026-03-31T00:00:00Z");
            return p.verdictsFor("o-1");
        }
    }

    @Test
    void theOrderSideHasNoClockUntilItReadsAnEvent() {
        try (PipelineFixture p = new PipelineFixture()) {
            p.wallClockTo("2026-03-06T10:00:00Z");
            assertThat(p.watermark()).isNull();
            List<TestRecord<String, DeadLetter>> none = p.deadLetters();
            assertThat(none).isEmpty();
        }
    }
}
