package io.atozwatch.topology.merchants;

import static io.atozwatch.topology.Ev.charged;
import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.placed;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.events.ReserveTier;
import io.atozwatch.events.ReserveTrigger;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.topology.PipelineFixture;
import io.atozwatch.topology.rules.OrderView;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: three merchants over 110 days (1 January to 20 April 2026), with the default rules (Tier I for
 * 90 days, 100 orders or fewer, or an ODR of 1% or more; a 10% step), every order delivered two days after
 * it is placed:
 *
 * <ul>
 *   <li>{@code m-grow}: 2 orders of USD 50.00 a day; one claim (granted) on an order of 15 March; grows
 *       into Tier II on 1 April;</li>
 *   <li>{@code m-slip}: 3 orders of USD 100.00 a day; Tier II on 1 April; two claims on 10 April raise its
 *       ODR to 1.11%: back to Tier I at once;</li>
 *   <li>{@code m-cb}: 2 orders of USD 200.00 a day and one of USD 1,500.00 on 2 January, whose chargeback
 *       (filed 10 January, answered) stays open past the purge of its case (7 April) until it is lost on
 *       15 April.</li>
 * </ul>
 *
 * The reserve is decided once a day on whole days ending yesterday: each merchant's week fills up over its
 * first 8 days (a decision a day while its amount grows by more than 10%), then nothing moves until a tier
 * changes or a dispute changes the amount.
 */
class ReserveScenarioTest {
    private static final LocalDate START = LocalDate.parse("2026-01-01");
    private static final int DAYS = 110;

    private final PipelineFixture p = new PipelineFixture();
    private final List<SpecificRecord> events = new ArrayList<>();
    private int next;

    @AfterEach
    void close() {
        p.close();
    }

    private static String at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC).toString();
    }

    /** An order placed and charged at {@code at}, promised within 5 days, delivered 2 days later. */
    private void order(String merchant, String id, String at, long amountMinor) {
        Instant placedAt = Instant.parse(at);
        OrderEvent placed =
                placed(id, at, amountMinor, placedAt.plusSeconds(5 * 86_400).toString());
        OrderEvent charged = charged(id, at, amountMinor);
        placed.setMerchantId(merchant);
        charged.setMerchantId(merchant);
        ShipmentEvent delivered =
                delivered(id, "s-1", placedAt.plusSeconds(2 * 86_400).toString());
        events.add(placed);
        events.add(charged);
        events.add(delivered);
    }

    private void scenario() {
        for (int d = 0; d < DAYS; d++) {
            LocalDate day = START.plusDays(d);
            for (int h : new int[] {10, 14}) {
                order("m-grow", "g-" + d + "-" + h, at(day, h), 5_000);
            }
            for (int h : new int[] {10, 12, 14}) {
                order("m-slip", "s-" + d + "-" + h, at(day, h), 10_000);
            }
            for (int h : new int[] {11, 15}) {
                order("m-cb", "c-" + d + "-" + h, at(day, h), 20_000);
            }
        }
        order("m-cb", "cb-big", "2026-01-02T12:00:00Z", 150_000);
        events.add(dispute("cb-big", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-01-10T09:00:00Z"));
        events.add(dispute("cb-big", "cb-1", DisputeEventType.CHARGEBACK_RESPONDED, "2026-01-12T09:00:00Z"));
        events.add(dispute("cb-big", "cb-1", DisputeEventType.CHARGEBACK_LOST, "2026-04-15T09:00:00Z"));
        events.add(dispute("g-73-10", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-16T09:00:00Z", "never arrived"));
        events.add(dispute("g-73-10", "c-1", DisputeEventType.CLAIM_GRANTED, "2026-03-18T09:00:00Z"));
        for (String order : List.of("s-98-10", "s-98-12")) { // placed on 9 April
            String claim = "c-" + order;
            events.add(dispute(
                    order,
                    claim,
                    DisputeEventType.CLAIM_FILED,
                    order.endsWith("10") ? "2026-04-10T10:00:00Z" : "2026-04-10T12:00:00Z",
                    "never arrived"));
            events.add(dispute(order, claim, DisputeEventType.CLAIM_GRANTED, "2026-04-15T10:00:00Z"));
        }
        events.sort(Comparator.comparing(OrderView::occurredAt)); // stable: each order's events keep their order
    }

    /** Pipes every event that occurred before {@code instant}; then time passes to it. */
    private void until(String instant) {
        Instant to = Instant.parse(instant);
        while (next < events.size() && OrderView.occurredAt(events.get(next)).isBefore(to)) {
            p.pipe(events.get(next++));
        }
        p.timePassesTo(instant);
    }

    private List<ReserveDecision> decisionsOf(String merchant) {
        return p.decisions().stream()
                .filter(d -> d.getMerchantId().equals(merchant))
                .toList();
    }

    private MerchantPerformance m(String merchant) {
        return p.merchant(merchant);
    }

    @Test
    void threeMerchantsOverAHundredAndTenDays() {
        scenario();

        until("2026-03-31T23:00:00Z"); // under 90 days: all in Tier I, each holding its week of payments
        assertThat(m("m-grow").getTier()).isEqualTo(ReserveTier.TIER_I);
        assertThat(m("m-grow").getReserveMinor()).isEqualTo(70_000);
        assertThat(m("m-slip").getReserveMinor()).isEqualTo(210_000);
        assertThat(m("m-cb").getReserveMinor()).isEqualTo(280_000); // more than its USD 1,500.00 open chargeback
        assertThat(m("m-cb").getUnresolvedDisputeMinor()).isEqualTo(150_000);

        until("2026-04-01T01:00:00Z"); // 90 days old, more than 100 orders, ODR under 1%: Tier II
        assertThat(m("m-grow").getTier()).isEqualTo(ReserveTier.TIER_II);
        // 1 defect in the 120 orders placed 31 January to 31 March x USD 3,000.00 of sales 2 to 31 March
        assertThat(m("m-grow").getReserveMinor()).isEqualTo(2_500);
        assertThat(m("m-slip").getTier()).isEqualTo(ReserveTier.TIER_II);
        assertThat(m("m-slip").getReserveMinor()).isZero();
        assertThat(m("m-cb").getTier()).isEqualTo(ReserveTier.TIER_II);
        assertThat(m("m-cb").getReserveMinor()).isEqualTo(150_000); // the open chargeback

        until("2026-04-08T12:00:00Z"); // past the end of cb-big's filing window: kept, its chargeback still open
        assertThat(p.caseOf("cb-big")).isNotNull();
        assertThat(p.caseOf("c-0-11")).isNull(); // an order of 1 January, long purged: its figures stay
        assertThat(m("m-cb").getUnresolvedDisputeMinor()).isEqualTo(150_000);
        assertThat(m("m-cb").getReserveMinor()).isEqualTo(150_000);

        until("2026-04-10T13:00:00Z"); // two claims on orders of 9 April: 2 defects in 180 orders, 1.11%
        assertThat(m("m-slip").getTier()).isEqualTo(ReserveTier.TIER_I);
        assertThat(m("m-slip").getReserveMinor()).isEqualTo(210_000);

        until("2026-04-16T00:00:00Z"); // the chargeback lost, the claims granted
        assertThat(m("m-cb").getReserveMinor()).isZero();
        assertThat(m("m-slip").getTier()).isEqualTo(ReserveTier.TIER_I); // granted claims are still defects

        until("2026-04-21T00:00:00Z");
        assertThat(p.caseOf("cb-big")).isNull(); // resolved: purged
        assertThat(m("m-cb").getOrderCount()).isEqualTo(2 * DAYS + 1);

        // m-grow: its first day (nothing to hold yet), its week filling up (2 to 8 January), Tier II.
        assertThat(decisionsOf("m-grow"))
                .extracting(ReserveDecision::getReserveMinor)
                .containsExactly(0L, 10_000L, 20_000L, 30_000L, 40_000L, 50_000L, 60_000L, 70_000L, 2_500L);
        assertThat(decisionsOf("m-grow"))
                .extracting(ReserveDecision::getTrigger)
                .containsOnly(ReserveTrigger.DAILY);
        assertThat(decisionsOf("m-grow").get(8).getDecidedAt()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));

        // m-slip: the same growth, Tier II, a claim (its amount held), a second claim: Tier I.
        assertThat(decisionsOf("m-slip"))
                .extracting(ReserveDecision::getReserveMinor)
                .containsExactly(
                        0L, 30_000L, 60_000L, 90_000L, 120_000L, 150_000L, 180_000L, 210_000L, 0L, 10_000L, 210_000L);
        assertThat(decisionsOf("m-slip"))
                .extracting(ReserveDecision::getTier)
                .endsWith(ReserveTier.TIER_I, ReserveTier.TIER_II, ReserveTier.TIER_II, ReserveTier.TIER_I);
        assertThat(decisionsOf("m-slip"))
                .extracting(ReserveDecision::getTrigger)
                .endsWith(ReserveTrigger.DAILY, ReserveTrigger.DISPUTES, ReserveTrigger.TIER_CHANGE);

        // m-cb: its week filling up (the big order's day too), the big order leaving it on 10 January, Tier II
        // holding the open chargeback, then nothing once it is lost.
        assertThat(decisionsOf("m-cb"))
                .extracting(ReserveDecision::getReserveMinor)
                .containsExactly(
                        0L, 40_000L, 230_000L, 270_000L, 310_000L, 350_000L, 390_000L, 430_000L, 280_000L, 150_000L,
                        0L);
        assertThat(decisionsOf("m-cb").get(10).getTrigger()).isEqualTo(ReserveTrigger.DISPUTES);
        assertThat(decisionsOf("m-cb").get(10).getDecidedAt()).isEqualTo(Instant.parse("2026-04-15T09:00:00Z"));

        // At most one daily decision a merchant a day.
        Map<String, Long> daily = p.decisions().stream()
                .filter(d -> d.getTrigger() == ReserveTrigger.DAILY)
                .collect(Collectors.groupingBy(
                        d -> d.getMerchantId() + "/" + LocalDate.ofInstant(d.getDecidedAt(), ZoneOffset.UTC),
                        Collectors.counting()));
        assertThat(daily.values()).allMatch(n -> n == 1);
    }
}
