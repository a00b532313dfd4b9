package io.atozwatch.topology.merchants;

import static io.atozwatch.topology.Ev.cancelled;
import static io.atozwatch.topology.Ev.charged;
import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.returnEvent;
import static io.atozwatch.topology.Ev.returnRequested;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.ReturnEventType;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.topology.PipelineFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each metric is a rolling window of whole days (UTC) ending on the current day. */
class MerchantPerformanceTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private MerchantPerformance m1() {
        return p.merchant("m-1");
    }

    /** Ten orders on 1 March, one of them with an A-to-z claim. */
    private void tenOrdersOneClaimed() {
        for (int i = 0; i < 10; i++) {
            p.pipe(placed("o-" + i, "2026-03-01T10:00:00Z", 1000, null));
        }
        p.pipe(dispute("o-0", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-02T10:00:00Z", "never arrived"));
    }

    @Test
    void odrCountsOrdersWithADefectByOrderDate() {
        tenOrdersOneClaimed();
        assertThat(m1().getOdr()).isCloseTo(0.1, within(1e-9));
        assertThat(m1().getOdrOrders()).isEqualTo(10);
        assertThat(m1().getOdrDefects()).isEqualTo(1);
    }

    @Test
    void aDefectOnTheSixtiethDayCountsAndOnTheSixtyFirstItDoesNot() {
        tenOrdersOneClaimed();
        p.pipe(dispute("o-0", "c-1", DisputeEventType.CLAIM_RESPONDED, "2026-03-03T10:00:00Z"));
        // 1 March is day 1 of the window on 1 March, day 60 on 29 April, day 61 on 30 April.
        p.streamTimeTo("2026-04-29T23:59:59Z");
        assertThat(m1().getOdrDefects()).isEqualTo(1);
        p.streamTimeTo("2026-04-30T00:00:00Z");
        assertThat(m1().getOdrDefects()).isZero();
        assertThat(m1().getOdrOrders()).isZero();
        assertThat(m1().getOdr()).isNull();
    }

    @Test
    void aDeniedOrWithdrawnClaimStopsCounting() {
        tenOrdersOneClaimed();
        p.pipe(dispute("o-0", "c-1", DisputeEventType.CLAIM_DENIED, "2026-03-05T10:00:00Z"));
        assertThat(m1().getOdrDefects()).isZero();
        assertThat(m1().getOdr()).isZero();
    }

    @Test
    void oneDefectPerOrderWhateverItsCount() {
        tenOrdersOneClaimed();
        p.pipe(
                dispute("o-0", "c-2", DisputeEventType.CLAIM_FILED, "2026-03-03T10:00:00Z", "damaged"),
                dispute("o-0", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-03-04T10:00:00Z"));
        assertThat(m1().getOdrDefects()).isEqualTo(1);
        assertThat(m1().getChargebacks()).isEqualTo(1);
        assertThat(m1().getChargebackRatio()).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void dayBoundariesAreUtcMidnight() {
        p.pipe(charged("o-1", "2026-03-01T23:59:59Z", 500), placed("o-1", "2026-03-01T10:00:00Z", 1000, null));
        p.pipe(placed("o-2", "2026-03-02T00:00:00Z", 1000, null), charged("o-2", "2026-03-02T00:00:00Z", 700));
        // On 8 March the 7-day sales window holds 2-8 March: the charge at 23:59:59 on 1 March is out.
        p.streamTimeTo("2026-03-08T12:00:00Z");
        assertThat(m1().getSales7dMinor()).isEqualTo(700);
        assertThat(m1().getSales30dMinor()).isEqualTo(1200);
    }

    @Test
    void deliveriesCancelsReturnsAndBreachesHaveTheirOwnWindows() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 1000, "2026-03-05T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-04T10:00:00Z"),
                placed("o-2", "2026-03-01T10:00:00Z", 1000, "2026-03-05T10:00:00Z"),
                placed("o-3", "2026-03-01T10:00:00Z", 1000, "2026-03-05T10:00:00Z"),
                cancelled("o-3", "2026-03-01T12:00:00Z"),
                returnRequested("o-1", "r-1", "2026-03-05T10:00:00Z", ReturnReason.OTHER, 1000L),
                returnEvent("o-1", "r-1", ReturnEventType.REJECTED, "2026-03-05T12:00:00Z"),
                delivered("o-2", "s-1", "2026-03-06T10:00:00Z"));
        assertThat(m1().getOnTimeDeliveryRate()).isCloseTo(0.5, within(1e-9));
        assertThat(m1().getLateDeliveryRate()).isCloseTo(0.5, within(1e-9));
        assertThat(m1().getMerchantCancelRate()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(m1().getReturnRefusalRate()).isCloseTo(1.0, within(1e-9));
        // The cancel rate looks back 7 days (by order date), deliveries 14: on 8 March the cancel has left its window.
        p.streamTimeTo("2026-03-07T23:59:59Z");
        assertThat(m1().getMerchantCancelRate()).isNotNull();
        p.streamTimeTo("2026-03-08T00:00:00Z");
        assertThat(m1().getMerchantCancelRate()).isNull();
        assertThat(m1().getOnTimeDeliveryRate()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void unresolvedDisputesAreOpenClaimsAndChargebacks() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 1000, null),
                dispute("o-1", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-02T10:00:00Z", "never arrived"));
        assertThat(m1().getUnresolvedDisputeMinor()).isEqualTo(1000);
        p.pipe(dispute("o-1", "c-1", DisputeEventType.CLAIM_GRANTED, "2026-03-03T10:00:00Z"));
        assertThat(m1().getUnresolvedDisputeMinor()).isZero();
    }

    /** Issue 10, defect 1: the buyer is made whole once, by the bank once a chargeback is filed. */
    @Test
    void aClaimAndAChargebackOnOneOrderAreCountedOnce() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 6000, null),
                dispute("o-1", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-02T10:00:00Z", "never arrived"),
                dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-03-03T10:00:00Z"));
        assertThat(m1().getUnresolvedDisputeMinor()).isEqualTo(6000);
        p.pipe(dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_LOST, "2026-03-20T10:00:00Z"));
        assertThat(m1().getUnresolvedDisputeMinor()).isZero(); // the claim no longer counts: the bank decided
    }

    /**
     * Issue 10, defect 2: a case with an open chargeback is kept past its filing window, still counts in the
     * merchant's unresolved disputes, and the chargeback's outcome, however late, reaches the figures.
     */
    @Test
    void anOpenDisputeKeepsItsCaseUntilItIsResolved() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 150000, "2026-03-06T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-03-10T10:00:00Z"),
                dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_RESPONDED, "2026-03-12T10:00:00Z"));
        p.timePassesTo("2026-07-01T00:00:00Z"); // past max delivery + 90 days
        assertThat(p.caseOf("o-1")).isNotNull();
        assertThat(m1().getUnresolvedDisputeMinor()).isEqualTo(150000);

        p.pipe(dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_LOST, "2026-07-02T10:00:00Z"));
        assertThat(p.deadLetters()).isEmpty();
        assertThat(m1().getUnresolvedDisputeMinor()).isZero();
        p.timePassesTo("2026-07-03T00:00:00Z");
        assertThat(p.caseOf("o-1")).isNull(); // resolved and past its window: purged
    }

    @Test
    void snapshotsAreThrottledAndTheLastChangeStillGoesOut() {
        try (PipelineFixture q = new PipelineFixture(Map.of("performance.publish-interval", "PT1H"))) {
            q.pipe(placed("o-1", "2026-03-01T10:00:00Z", 1000, null));
            q.pipe(placed("o-2", "2026-03-01T10:10:00Z", 1000, null));
            q.pipe(placed("o-3", "2026-03-01T10:20:00Z", 1000, null));
            assertThat(q.snapshots()).hasSize(1);
            q.streamTimeTo("2026-03-01T11:00:00Z");
            var m1 = q.snapshots().stream().filter(r -> r.key().equals("m-1")).toList();
            assertThat(m1).hasSize(2);
            assertThat(m1.get(1).value().getOrderCount()).isEqualTo(3);
            assertThat(m1.get(1).getRecordTime()).isEqualTo(t("2026-03-01T11:00:00Z"));
            assertThat(lastSnapshot(q, "m-1")).isEqualTo(q.merchant("m-1").toString());
        }
    }

    /** Issue 10, defect 4: the day's evaluation always goes out, so the topic holds what the store holds. */
    @Test
    void afterTheDailyEvaluationTheTopicHoldsWhatTheStoreHolds() {
        try (PipelineFixture q = new PipelineFixture(Map.of("performance.publish-interval", "PT1H"))) {
            q.pipe(placed("o-1", "2026-03-01T23:30:00Z", 1000, null));
            q.pipe(placed("o-2", "2026-03-01T23:45:00Z", 1000, null)); // held back: the last snapshot went out at 23:30
            q.timePassesTo("2026-03-02T00:10:00Z");
            assertThat(q.merchant("m-1").getOrderCount()).isEqualTo(2);
            assertThat(lastSnapshot(q, "m-1")).isEqualTo(q.merchant("m-1").toString());
        }
    }

    /** Issue 10, defect 4: a snapshot goes out with each reserve decision, whatever the throttle, and agrees with it. */
    @Test
    void aReserveDecisionGoesOutWithItsSnapshot() {
        try (PipelineFixture q = new PipelineFixture(Map.of("performance.publish-interval", "PT1H"))) {
            q.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 150_000, null),
                    dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-03-01T10:10:00Z"));
            var decision = q.decisions().get(q.decisions().size() - 1);
            assertThat(decision.getReserveMinor()).isEqualTo(150_000);
            var snapshots =
                    q.snapshots().stream().filter(r -> r.key().equals("m-1")).toList();
            var last = snapshots.get(snapshots.size() - 1);
            assertThat(last.getRecordTime()).isEqualTo(t("2026-03-01T10:10:00Z"));
            assertThat(last.value().getReserveMinor()).isEqualTo(150_000);
            assertThat(lastSnapshot(q, "m-1")).isEqualTo(q.merchant("m-1").toString());
        }
    }

    /** The last snapshot of a merchant on merchant-performance, as text (Avro's equals cannot compare records read back from a store). */
    private static String lastSnapshot(PipelineFixture q, String merchantId) {
        var snapshots =
                q.snapshots().stream().filter(r -> r.key().equals(merchantId)).toList();
        return snapshots.get(snapshots.size() - 1).value().toString();
    }

    @Test
    void notReceivedRateAndBreachCountsLookBackThirtyDays() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 1000, "2026-03-03T10:00:00Z"),
                placed("o-2", "2026-03-01T10:00:00Z", 1000, "2026-03-03T10:00:00Z"),
                delivered("o-2", "s-1", "2026-03-02T10:00:00Z"),
                dispute("o-2", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-02T12:00:00Z", "wrong size"));
        p.pipe(
                returnRequested("o-2", "r-1", "2026-03-03T10:00:00Z", ReturnReason.OTHER, 1000L),
                returnEvent("o-2", "r-1", ReturnEventType.RECEIVED, "2026-03-04T10:00:00Z"));
        p.streamTimeTo("2026-03-20T00:00:00Z");
        // o-1 not received by 03-06; the claim unanswered by 03-09; the return unrefunded by 03-18.
        assertThat(m1().getNotReceivedRate()).isCloseTo(0.5, within(1e-9));
        assertThat(m1().getClaimResponseBreaches()).isEqualTo(1);
        assertThat(m1().getRefundAfterReturnBreaches()).isEqualTo(1);
        // 30 days after the claim breach (day 1 = 9 March), it leaves the window on 8 April.
        p.streamTimeTo("2026-04-07T23:59:59Z");
        assertThat(m1().getClaimResponseBreaches()).isEqualTo(1);
        p.streamTimeTo("2026-04-08T00:00:00Z");
        assertThat(m1().getClaimResponseBreaches()).isZero();
        assertThat(m1().getRefundAfterReturnBreaches()).isEqualTo(1);
    }

    @Test
    void salesAreCapturedAmountsOverSevenTwentyEightAndThirtyDays() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, null),
                charged("o-1", "2026-03-01T10:00:00Z", 5000),
                placed("o-2", "2026-03-20T10:00:00Z", 3000, null),
                charged("o-2", "2026-03-20T10:00:00Z", 3000),
                placed("o-3", "2026-03-27T10:00:00Z", 2000, null),
                charged("o-3", "2026-03-27T10:00:00Z", 2000));
        p.streamTimeTo("2026-03-30T12:00:00Z");
        assertThat(m1().getSales7dMinor()).isEqualTo(2000); // 24-30 March
        assertThat(m1().getSales28dMinor()).isEqualTo(5000); // 3-30 March
        assertThat(m1().getSales30dMinor()).isEqualTo(10000); // 1-30 March
        assertThat(m1().getOrderCount()).isEqualTo(3);
        assertThat(m1().getFirstOrderAt()).isEqualTo(t("2026-03-01T10:00:00Z"));
    }

    @Test
    void aMerchantsFiguresAreInTheCurrencyOfItsFirstOrderWhicheverArrivesFirst() {
        try (PipelineFixture q = new PipelineFixture(Map.of("clock.grace", "PT1H"))) {
            // The EUR order occurred first but is read second, within the grace.
            io.atozwatch.events.OrderEvent gbp = placed("o-2", "2026-03-01T10:30:00Z", 3000, null);
            gbp.setCurrency("GBP");
            io.atozwatch.events.OrderEvent eur = placed("o-1", "2026-03-01T10:00:00Z", 2000, null);
            eur.setCurrency("EUR");
            q.pipe(gbp, eur);
            q.timePassesTo("2026-03-02T00:00:00Z");
            assertThat(q.merchant("m-1").getCurrency()).isEqualTo("EUR");
        }
    }

    @Test
    void aMerchantsCurrencyCanBeConfigured() {
        try (PipelineFixture q = new PipelineFixture(Map.of("merchant.m-1.currency", "GBP"))) {
            io.atozwatch.events.OrderEvent eur = placed("o-1", "2026-03-01T10:00:00Z", 2000, null);
            eur.setCurrency("EUR");
            q.pipe(eur, charged("o-1", "2026-03-01T11:00:00Z", 2000));
            assertThat(q.merchant("m-1").getCurrency()).isEqualTo("GBP");
            assertThat(q.merchant("m-1").getSales7dMinor()).isZero(); // EUR sales are not added to GBP ones
        }
    }
}
