package io.atozwatch.topology.merchants;

import static io.atozwatch.topology.Ev.charged;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.placed;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.events.ReserveTier;
import io.atozwatch.topology.PipelineFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reserve tiers, their transitions both ways, the amount step, and the ODR early warning. */
class ReservePolicyTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    /** {@code n} orders of USD 100.00 each, placed and charged at {@code at}. */
    private static void orders(PipelineFixture f, String prefix, int n, String at) {
        for (int i = 0; i < n; i++) {
            f.pipe(placed(prefix + i, at, 10_000, null), charged(prefix + i, at, 10_000));
        }
    }

    private List<ReserveDecision> decisions() {
        return p.decisions();
    }

    @Test
    void aNewMerchantIsTierIHoldingTheLargerOfSevenDaysPaymentsAndDisputes() {
        orders(p, "o-", 3, "2026-03-01T10:00:00Z");
        // Decided on whole days ending yesterday: on its first day a new merchant has no payments to hold yet.
        assertThat(decisions()).singleElement().satisfies(d -> {
            assertThat(d.getTier()).isEqualTo(ReserveTier.TIER_I);
            assertThat(d.getReserveMinor()).isZero();
        });
        p.timePassesTo("2026-03-02T00:00:00Z");
        ReserveDecision d = decisions().get(decisions().size() - 1);
        assertThat(d.getTier()).isEqualTo(ReserveTier.TIER_I);
        assertThat(d.getReserveMinor()).isEqualTo(30_000);
        assertThat(d.getReasons())
                .anyMatch(r -> r.contains("younger than 90 days"))
                .anyMatch(r -> r.contains("3 orders, 100 or fewer"))
                .anyMatch(r -> r.contains("past 7 days' payments (USD 300.00)"));
    }

    @Test
    void tierTransitionsBothWaysWithANotificationEachTime() {
        orders(p, "a-", 60, "2026-01-02T10:00:00Z");
        orders(p, "b-", 60, "2026-04-05T10:00:00Z"); // past 90 days of age, 120 orders, no defect
        p.timePassesTo("2026-04-06T00:00:00Z"); // decided on whole days: the orders of 5 April count from 6 April
        ReserveDecision tierTwo = decisions().get(decisions().size() - 1);
        assertThat(tierTwo.getTier()).isEqualTo(ReserveTier.TIER_II);
        assertThat(tierTwo.getPreviousTier()).isEqualTo(ReserveTier.TIER_I);
        assertThat(tierTwo.getReserveMinor()).isZero(); // ODR 0 x sales, no disputes
        assertThat(tierTwo.getReasons()).anyMatch(r -> r.startsWith("Tier II: account"));

        p.pipe(dispute("b-0", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-04-06T10:00:00Z"));
        ReserveDecision backToOne = decisions().get(decisions().size() - 1);
        assertThat(backToOne.getTier()).isEqualTo(ReserveTier.TIER_I);
        assertThat(backToOne.getReasons()).anyMatch(r -> r.contains("ODR 1.67%, at or above 1.00%"));
        assertThat(p.notifications())
                .filteredOn(n -> n.getKind() == NotificationKind.TIER_CHANGED)
                .extracting(MerchantNotification::getMessage)
                .anySatisfy(m -> assertThat(m).contains("from TIER_I to TIER_II"))
                .anySatisfy(m -> assertThat(m).contains("from TIER_II to TIER_I"));
    }

    @Test
    void tierTwoHoldsOdrTimesThirtyDaysSales() {
        try (PipelineFixture q = new PipelineFixture(Map.of("reserve.odr-threshold", "0.05"))) {
            orders(q, "a-", 60, "2026-01-02T10:00:00Z");
            orders(q, "b-", 60, "2026-04-05T10:00:00Z");
            q.pipe(
                    dispute("b-0", "c-1", DisputeEventType.CLAIM_FILED, "2026-04-06T10:00:00Z", "late"),
                    dispute("b-0", "c-1", DisputeEventType.CLAIM_GRANTED, "2026-04-06T11:00:00Z"));
            // ODR 1/60 over 60 days, sales of the past 30 days USD 6,000.00: 1/60 x 600000 = 10000
            ReserveDecision d = q.decisions().get(q.decisions().size() - 1);
            assertThat(d.getTier()).isEqualTo(ReserveTier.TIER_II);
            assertThat(d.getReserveMinor()).isEqualTo(10_000);
        }
    }

    @Test
    void tierTwoPlusIsAnOption() {
        try (PipelineFixture q = new PipelineFixture(Map.of("reserve.tier-ii-plus.enabled", "true"))) {
            orders(q, "a-", 60, "2026-01-02T10:00:00Z");
            orders(q, "b-", 60, "2026-04-05T10:00:00Z");
            q.timePassesTo("2026-04-06T00:00:00Z");
            assertThat(q.decisions().get(q.decisions().size() - 1).getTier()).isEqualTo(ReserveTier.TIER_II_PLUS);
        }
    }

    @Test
    void smallMovesOfTheAmountAreNotDecisions() {
        orders(p, "o-", 20, "2026-03-01T10:00:00Z");
        p.timePassesTo("2026-03-02T00:00:00Z"); // Tier I, USD 2,000.00
        int before = decisions().size();
        p.pipe(placed("x", "2026-03-02T11:00:00Z", 10_000, null), charged("x", "2026-03-02T11:00:00Z", 15_000));
        p.timePassesTo("2026-03-03T00:00:00Z");
        assertThat(decisions()).hasSize(before); // +7.5%: under the 10% step
        p.pipe(placed("y", "2026-03-03T12:00:00Z", 10_000, null), charged("y", "2026-03-03T12:00:00Z", 10_000));
        p.timePassesTo("2026-03-04T00:00:00Z");
        assertThat(decisions()).hasSize(before + 1); // +12.5% since the last decision
        assertThat(decisions().get(before).getPreviousReserveMinor()).isEqualTo(200_000);
        assertThat(decisions().get(before).getReserveMinor()).isEqualTo(225_000);
    }

    @Test
    void theReserveIsReEvaluatedDailyWithNoNewEvents() {
        orders(p, "o-", 5, "2026-03-01T10:00:00Z");
        p.timePassesTo("2026-03-02T00:00:00Z");
        assertThat(p.merchant("m-1").getReserveMinor()).isEqualTo(50_000);
        // The payments of 1 March count in the 7 whole days up to 2..8 March; on 9 March they have left.
        p.timePassesTo("2026-03-08T23:59:59Z");
        assertThat(p.merchant("m-1").getReserveMinor()).isEqualTo(50_000);
        p.timePassesTo("2026-03-09T00:00:01Z");
        ReserveDecision d = decisions().get(decisions().size() - 1);
        assertThat(d.getReserveMinor()).isZero();
        assertThat(d.getDecidedAt()).isEqualTo(Instant.parse("2026-03-09T00:00:00Z"));
    }

    @Test
    void theMerchantIsWarnedWhenOdrNearsTheThreshold() {
        orders(p, "o-", 200, "2026-03-01T10:00:00Z");
        p.pipe(dispute("o-0", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-02T10:00:00Z", "late"));
        assertThat(p.notifications()).noneMatch(n -> n.getKind() == NotificationKind.ODR_WARNING); // 0.50% < 0.75%
        p.pipe(dispute("o-1", "c-2", DisputeEventType.CLAIM_FILED, "2026-03-02T11:00:00Z", "late"));
        assertThat(p.notifications())
                .filteredOn(n -> n.getKind() == NotificationKind.ODR_WARNING)
                .singleElement()
                .satisfies(n -> assertThat(n.getMessage()).contains("1.00%").contains("2 of 200 orders"));
    }
    /** Issue 10, defect 6: with no orders in the ODR window there is no ODR, and the reasons say so. */
    @Test
    void aMerchantWithNoOrderInTheOdrWindowIsExplainedAsHavingNoOdr() {
        orders(p, "a-", 120, "2026-01-20T10:00:00Z");
        p.timePassesTo("2026-04-21T00:00:00Z"); // 91 days on: old enough, and nothing in the 60-day window
        ReserveDecision d = decisions().get(decisions().size() - 1);
        assertThat(d.getTier()).isEqualTo(ReserveTier.TIER_II);
        assertThat(p.merchant("m-1").getOdr()).isNull();
        assertThat(d.getReasons())
                .anyMatch(r -> r.endsWith("120 orders, no ODR yet: no orders placed in its window"))
                .noneMatch(r -> r.contains("0.00%"));
    }
}
