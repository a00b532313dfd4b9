package io.atozwatch.topology.merchants;

import static io.atozwatch.topology.Ev.charged;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.events.ReserveTier;
import io.atozwatch.events.ReserveTrigger;
import io.atozwatch.topology.PipelineFixture;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, defect 3: the reserve is decided once a day (UTC) on whole days ending yesterday, so that it
 * does not jump at midnight and climb back during the day; between two daily decisions, only a tier change
 * or a dispute that opens or closes and changes the amount is decided; each decision says which days it
 * covered.
 */
class DailyReserveTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    /** A steady merchant: ten orders of USD 100.00 a day, charged at once, one an hour from 10:00. */
    private void steadySales(String from, int days) {
        LocalDate first = LocalDate.parse(from);
        for (int d = 0; d < days; d++) {
            for (int h = 0; h < 10; h++) {
                String at = first.plusDays(d)
                        .atTime(10 + h, 0)
                        .toInstant(ZoneOffset.UTC)
                        .toString();
                String id = "o-" + d + "-" + h;
                p.pipe(placed(id, at, 10_000, null), charged(id, at, 10_000));
            }
        }
    }

    @Test
    void theReserveDoesNotJumpAtMidnight() {
        steadySales("2026-03-01", 14);
        assertThat(p.merchant("m-1").getReserveMinor()).isEqualTo(700_000); // 14 March: 7 to 13 March
        p.timePassesTo("2026-03-15T00:30:00Z");
        // With the current day in the window, "the past 7 days" held six days of sales at 00:30.
        assertThat(p.merchant("m-1").getReserveMinor()).isEqualTo(700_000); // 8 to 14 March
        assertThat(p.merchant("m-1").getSales7dMinor()).isEqualTo(600_000); // the metric: 9 to 15 March, as it stands
    }

    @Test
    void atMostOneDecisionADayForASteadyMerchantAndNoneOnceItsWeekIsFull() {
        steadySales("2026-03-01", 30);
        p.timePassesTo("2026-03-31T00:00:00Z");
        Map<LocalDate, Long> perDay = p.decisions().stream()
                .collect(Collectors.groupingBy(
                        d -> LocalDate.ofInstant(d.getDecidedAt(), ZoneOffset.UTC), Collectors.counting()));
        assertThat(perDay.values()).allMatch(n -> n == 1);
        // 1 March (nothing to hold yet), then USD 1,000 more each day until the week is full on 8 March.
        assertThat(p.decisions())
                .extracting(ReserveDecision::getReserveMinor)
                .containsExactly(0L, 100_000L, 200_000L, 300_000L, 400_000L, 500_000L, 600_000L, 700_000L);
        assertThat(p.decisions()).allMatch(d -> d.getTrigger() == ReserveTrigger.DAILY);
    }

    @Test
    void theStateKeepsTheLatestDecisionsForTheTimelineAndForgetsTheOldest() {
        steadySales("2026-03-01", 7);
        p.timePassesTo("2026-03-08T00:00:00Z");
        List<io.atozwatch.state.DecisionEntry> kept = p.merchantState("m-1").getDecisions();
        assertThat(kept)
                .extracting(io.atozwatch.state.DecisionEntry::getDecisionId)
                .containsExactlyElementsOf(p.decisions().stream()
                        .map(ReserveDecision::getDecisionId)
                        .toList());
        io.atozwatch.state.DecisionEntry last = kept.get(kept.size() - 1);
        ReserveDecision published = p.decisions().get(p.decisions().size() - 1);
        assertThat(last.getDecidedAt()).isEqualTo(published.getDecidedAt());
        assertThat(last.getTier()).isEqualTo(published.getTier());
        assertThat(last.getReserveMinor()).isEqualTo(published.getReserveMinor());
        assertThat(last.getPreviousReserveMinor()).isEqualTo(published.getPreviousReserveMinor());
        assertThat(last.getTrigger()).isEqualTo("DAILY");

        io.atozwatch.state.MerchantState s = p.merchantState("m-1");
        for (int i = 0; i < MerchantPerformanceProcessor.KEPT_DECISIONS + 5; i++) {
            MerchantPerformanceProcessor.keep(
                    s,
                    ReserveDecision.newBuilder(published)
                            .setDecisionId("d-" + i)
                            .build());
        }
        assertThat(s.getDecisions()).hasSize(MerchantPerformanceProcessor.KEPT_DECISIONS);
        assertThat(s.getDecisions().get(0).getDecisionId()).isEqualTo("d-5");
        assertThat(s.getDecisions()
                        .get(MerchantPerformanceProcessor.KEPT_DECISIONS - 1)
                        .getDecisionId())
                .isEqualTo("d-" + (MerchantPerformanceProcessor.KEPT_DECISIONS + 4));
    }

    @Test
    void aDecisionSaysWhichDaysItCovered() {
        steadySales("2026-03-01", 7);
        p.timePassesTo("2026-03-08T00:00:00Z");
        ReserveDecision d = p.decisions().get(p.decisions().size() - 1);
        assertThat(d.getDecidedAt()).isEqualTo(t("2026-03-08T00:00:00Z"));
        assertThat(d.getTrigger()).isEqualTo(ReserveTrigger.DAILY);
        assertThat(d.getCoveredTo()).isEqualTo("2026-03-07");
        assertThat(d.getSales7dFrom()).isEqualTo("2026-03-01");
        assertThat(d.getSales30dFrom()).isEqualTo("2026-02-06");
        assertThat(d.getOdrFrom()).isEqualTo("2026-01-07");
        assertThat(d.getSales7dMinor()).isEqualTo(700_000);
        assertThat(d.getOrderCount()).isEqualTo(70);
        assertThat(d.getAccountAgeDays()).isEqualTo(7);
        assertThat(d.getOdrOrders()).isEqualTo(70);
        assertThat(d.getOdrDefects()).isZero();
        assertThat(d.getReasons())
                .anyMatch(
                        r -> r.equals(
                                "Decided on the whole days (UTC) up to 2026-03-07: "
                                        + "payments since 2026-03-01, ODR of orders placed since 2026-01-07; and the disputes open now."));
    }

    @Test
    void aDisputeThatOpensOrClosesAndMovesTheAmountIsDecidedAtOnce() {
        steadySales("2026-03-01", 9); // from 8 March: USD 7,000.00 held
        int before = p.decisions().size();
        DisputeEvent small = dispute("o-8-0", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-03-09T20:00:00Z");
        small.setAmountMinor(5_000L);
        p.pipe(small);
        assertThat(p.decisions()).hasSize(before); // USD 50.00 open: still less than a week's payments
        // A USD 10,000.00 order, charged tonight: its payment counts from tomorrow, its chargeback at once.
        p.pipe(
                placed("big", "2026-03-09T20:30:00Z", 1_000_000, null),
                charged("big", "2026-03-09T20:30:00Z", 1_000_000),
                dispute("big", "cb-2", DisputeEventType.CHARGEBACK_FILED, "2026-03-09T21:00:00Z"),
                dispute("big", "cb-2", DisputeEventType.CHARGEBACK_WON, "2026-03-09T22:00:00Z"));
        List<ReserveDecision> after =
                p.decisions().subList(before, p.decisions().size());
        assertThat(after)
                .extracting(ReserveDecision::getTrigger)
                .containsExactly(ReserveTrigger.DISPUTES, ReserveTrigger.DISPUTES);
        assertThat(after).extracting(ReserveDecision::getReserveMinor).containsExactly(1_005_000L, 700_000L);
        assertThat(after)
                .extracting(ReserveDecision::getDecidedAt)
                .containsExactly(t("2026-03-09T21:00:00Z"), t("2026-03-09T22:00:00Z"));
        assertThat(after.get(0).getUnresolvedDisputeMinor()).isEqualTo(1_005_000L);
    }

    @Test
    void aTierChangeBetweenTwoDailyDecisionsIsDecidedAtOnce() {
        for (int i = 0; i < 120; i++) {
            p.pipe(placed("a-" + i, "2026-01-02T10:00:00Z", 10_000, null));
        }
        p.timePassesTo("2026-04-03T00:00:00Z"); // 91 days on, 120 orders, no ODR in its window: Tier II
        for (int i = 0; i < 50; i++) {
            p.pipe(placed("b-" + i, "2026-04-03T10:00:00Z", 10_000, null));
        }
        p.pipe(dispute("b-0", "c-1", DisputeEventType.CLAIM_FILED, "2026-04-04T09:00:00Z", "never arrived"));
        ReserveDecision d = p.decisions().get(p.decisions().size() - 1);
        assertThat(d.getPreviousTier()).isEqualTo(ReserveTier.TIER_II);
        assertThat(d.getTier()).isEqualTo(ReserveTier.TIER_I); // 1 defect of 50 orders placed on 3 April: 2%
        assertThat(d.getTrigger()).isEqualTo(ReserveTrigger.TIER_CHANGE);
        assertThat(d.getDecidedAt()).isEqualTo(Instant.parse("2026-04-04T09:00:00Z"));
    }
}
