package io.atozwatch.topology.rules;

import static io.atozwatch.topology.Ev.charged;
import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.order;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.topology.PipelineFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What applies to every condition: the cap, digital goods, chargebacks, the contact-first wait. */
class CoverageLimitsTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    @Test
    void theCoveredAmountIsCappedAt2500InTheOrdersCurrency() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 400_000, "2026-03-06T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-08T10:00:00Z"));
        assertThat(p.verdictsFor("o-1")).singleElement().satisfies(v -> {
            assertThat(v.getCondition()).isEqualTo(CoverageCondition.LATE_DELIVERY);
            assertThat(v.getCoveredAmountMinor()).isEqualTo(250_000);
            assertThat(v.getUncappedAmountMinor()).isEqualTo(400_000);
            assertThat(v.getEvidence()).contains("capped at USD 2500.00");
        });
    }

    @Test
    void anAmountAtTheCapIsNotCut() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 250_000, "2026-03-06T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-08T10:00:00Z"));
        assertThat(p.verdictsFor("o-1")).singleElement().satisfies(v -> {
            assertThat(v.getCoveredAmountMinor()).isEqualTo(250_000);
            assertThat(v.getEvidence()).doesNotContain("capped");
        });
    }

    /**
     * Issue 10, defect 5: a cap of 2,500 in every currency made the JPY cap worth about USD 17. By default
     * each currency's cap is the same money as USD 2,500 (ECB reference rates of 28 February 2025), in major
     * units of the currency: JPY has no minor unit, INR, EUR and GBP have two decimals.
     */
    @Test
    void eachCurrencysCapIsTheSameMoneyAsUsd2500() {
        Map<String, Long> orderMinor = Map.of("JPY", 500_000L, "INR", 30_000_000L, "EUR", 300_000L, "GBP", 300_000L);
        orderMinor.forEach((currency, amount) -> p.pipe(
                order("o-" + currency, OrderEventType.PLACED, "2026-03-01T10:00:00Z", amount)
                        .setCurrency(currency)
                        .setMaxDeliveryAt(t("2026-03-06T10:00:00Z"))
                        .build(),
                delivered("o-" + currency, "s-1", "2026-03-08T10:00:00Z")));
        assertThat(p.verdictsFor("o-JPY")).singleElement().satisfies(v -> {
            assertThat(v.getCoveredAmountMinor()).isEqualTo(376_909L);
            assertThat(v.getEvidence()).contains("capped at JPY 376909");
        });
        assertThat(p.verdictsFor("o-INR"))
                .extracting(ClaimEligibility::getCoveredAmountMinor)
                .containsExactly(21_844_900L);
        assertThat(p.verdictsFor("o-EUR"))
                .extracting(ClaimEligibility::getCoveredAmountMinor)
                .containsExactly(240_100L);
        assertThat(p.verdictsFor("o-GBP"))
                .extracting(ClaimEligibility::getCoveredAmountMinor)
                .containsExactly(198_400L);
    }

    @Test
    void aCurrencyWithoutItsOwnCapHasTheDefaultCapInItsOwnUnits() {
        // The Chilean peso is not in the table: 2,500 pesos (no minor unit).
        p.pipe(
                order("o-1", OrderEventType.PLACED, "2026-03-01T10:00:00Z", 10_000)
                        .setCurrency("CLP")
                        .setMaxDeliveryAt(t("2026-03-06T10:00:00Z"))
                        .build(),
                delivered("o-1", "s-1", "2026-03-08T10:00:00Z"));
        assertThat(p.verdictsFor("o-1"))
                .extracting(ClaimEligibility::getCoveredAmountMinor)
                .containsExactly(2500L);
    }

    @Test
    void theCapIsConfiguration() {
        try (PipelineFixture q = new PipelineFixture(Map.of("coverage.cap", "100"))) {
            q.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 50_000, "2026-03-06T10:00:00Z"),
                    delivered("o-1", "s-1", "2026-03-08T10:00:00Z"));
            assertThat(q.verdictsFor("o-1"))
                    .extracting(ClaimEligibility::getCoveredAmountMinor)
                    .containsExactly(10_000L);
        }
    }

    @Test
    void aCurrencyCanHaveItsOwnCap() {
        try (PipelineFixture q = new PipelineFixture(Map.of("coverage.cap.JPY", "375000"))) {
            q.pipe(
                    order("o-1", OrderEventType.PLACED, "2026-03-01T10:00:00Z", 400_000)
                            .setCurrency("JPY")
                            .setMaxDeliveryAt(t("2026-03-06T10:00:00Z"))
                            .build(),
                    delivered("o-1", "s-1", "2026-03-08T10:00:00Z"),
                    placed("o-2", "2026-03-01T10:00:00Z", 400_000, "2026-03-06T10:00:00Z"),
                    delivered("o-2", "s-1", "2026-03-08T10:00:00Z"));
            assertThat(q.verdictsFor("o-1"))
                    .extracting(ClaimEligibility::getCoveredAmountMinor)
                    .containsExactly(375_000L);
            assertThat(q.verdictsFor("o-2"))
                    .extracting(ClaimEligibility::getCoveredAmountMinor)
                    .containsExactly(250_000L);
        }
    }

    @Test
    void digitalOrdersAreNeverEligible() {
        p.pipe(
                order("o-1", OrderEventType.PLACED, "2026-03-01T10:00:00Z", 5000)
                        .setDigital(true)
                        .build(),
                charged("o-1", "2026-03-01T11:00:00Z", 9000));
        p.streamTimeTo("2026-05-01T00:00:00Z");
        assertThat(p.verdictsFor("o-1")).isEmpty();
    }

    @Test
    void aChargebackVoidsEveryEligibleVerdictAndNoNewOneFollows() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                charged("o-1", "2026-03-01T11:00:00Z", 6000),
                delivered("o-1", "s-1", "2026-03-08T10:00:00Z"));
        assertThat(p.verdictsFor("o-1"))
                .extracting(ClaimEligibility::getCondition)
                .containsExactlyInAnyOrder(CoverageCondition.LATE_DELIVERY, CoverageCondition.OVERCHARGED);

        p.pipe(dispute("o-1", "cb-1", DisputeEventType.CHARGEBACK_FILED, "2026-03-10T10:00:00Z"));
        assertThat(p.verdictsFor("o-1"))
                .filteredOn(v -> v.getStatus() == EligibilityStatus.VOIDED)
                .hasSize(2)
                .allSatisfy(v -> {
                    assertThat(v.getVoidReason()).contains("Chargeback cb-1");
                    assertThat(v.getVerdictId()).endsWith("/VOIDED");
                });
        // The case keeps why, for the query API (/orders/{id}).
        assertThat(p.caseOf("o-1").getVerdicts())
                .hasSize(2)
                .allSatisfy(v -> assertThat(v.getVoidReason()).contains("Chargeback cb-1"));

        p.pipe(dispute("o-1", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-11T10:00:00Z", "defective"));
        p.streamTimeTo("2026-06-01T00:00:00Z");
        assertThat(p.verdictsFor("o-1")).hasSize(4);
    }

    @Test
    void filingOpensAfterContactPlusOneCalendarDayInTheUs() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                dispute("o-1", "d-1", DisputeEventType.BUYER_CONTACTED_MERCHANT, "2026-03-07T08:00:00Z"),
                delivered("o-1", "s-1", "2026-03-07T09:00:00Z"));
        assertThat(p.verdictsFor("o-1"))
                .singleElement()
                .satisfies(v -> assertThat(v.getFilingOpensAt()).isEqualTo(t("2026-03-08T08:00:00Z")));
    }

    @Test
    void filingOpensAtDetectionWhenTheWaitIsAlreadyOver() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                dispute("o-1", "d-1", DisputeEventType.BUYER_CONTACTED_MERCHANT, "2026-03-02T12:00:00Z"),
                delivered("o-1", "s-1", "2026-03-07T09:00:00Z"));
        assertThat(p.verdictsFor("o-1"))
                .singleElement()
                .satisfies(v -> assertThat(v.getFilingOpensAt()).isEqualTo(t("2026-03-07T09:00:00Z")));
    }

    @Test
    void inGreatBritainTheWaitIsTwoBusinessDays() {
        // Contact on Friday 2026-03-06 12:00 UTC: two business days later is Tuesday 2026-03-10 12:00.
        p.pipe(
                order("o-1", OrderEventType.PLACED, "2026-03-01T10:00:00Z", 5000)
                        .setMarketplace("GB")
                        .setCurrency("GBP")
                        .setMaxDeliveryAt(t("2026-03-05T10:00:00Z"))
                        .build(),
                dispute("o-1", "d-1", DisputeEventType.BUYER_CONTACTED_MERCHANT, "2026-03-06T12:00:00Z"),
                delivered("o-1", "s-1", "2026-03-06T13:00:00Z"));
        assertThat(p.verdictsFor("o-1"))
                .singleElement()
                .satisfies(v -> assertThat(v.getFilingOpensAt()).isEqualTo(t("2026-03-10T12:00:00Z")));
    }
}
