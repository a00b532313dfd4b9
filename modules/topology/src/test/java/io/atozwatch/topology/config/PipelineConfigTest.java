package io.atozwatch.topology.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.topology.time.Wait;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every number is configuration, with the defaults of the domain brief. */
class PipelineConfigTest {

    @Test
    void defaultsAreTheDomainBriefsFigures() {
        PipelineConfig c = PipelineConfig.defaults();
        assertThat(c.coverage().notReceivedAfterMaxDelivery()).isEqualTo(Duration.ofDays(3));
        assertThat(c.coverage().notReceivedAfterOrder()).isEqualTo(Duration.ofDays(30));
        assertThat(c.coverage().capMajorUnits()).isEqualByComparingTo(new BigDecimal("2500"));
        assertThat(c.coverage().filingWindow()).isEqualTo(Duration.ofDays(90));
        assertThat(c.coverage().notAsDescribedReasons())
                .containsExactlyInAnyOrder("DEFECTIVE", "DAMAGED", "INCOMPLETE", "NOT_AS_DESCRIBED");
        assertThat(c.defaultPolicy()).isEqualTo(new PipelineConfig.PolicyDefaults(true, 30, 14));
        assertThat(c.deadlines().chargebackResponse()).isEqualTo(Duration.ofDays(11));
        assertThat(c.deadlines().reminderBefore()).isEqualTo(Duration.ofHours(48));
        assertThat(c.orphanHorizon()).isEqualTo(Duration.ofDays(7));
        assertThat(c.marketplace("US").contactWait()).isEqualTo(Wait.parse("P1D"));
        assertThat(c.marketplace("GB").contactWait()).isEqualTo(Wait.parse("2BD"));
        assertThat(c.marketplace("IN").contactWait()).isEqualTo(Wait.parse("2BD"));
        assertThat(c.marketplace("FR").contactWait()).isEqualTo(Wait.parse("P1D"));
        assertThat(c.marketplace("GB").claimResponse()).isEqualTo(Wait.parse("P7D"));
        assertThat(c.topics().orders()).isEqualTo("orders");
        assertThat(c.topics().deadLetters()).isEqualTo("dead-letters");
    }

    @Test
    void overridesLayOverTheDefaults() {
        PipelineConfig c = PipelineConfig.from(Map.of(
                "marketplace.GB.claim-response",
                "7BD",
                "marketplace.GB.zone",
                "Europe/London",
                "topic.orders",
                "shop.orders",
                "coverage.cap",
                "1000.50"));
        assertThat(c.marketplace("gb").claimResponse()).isEqualTo(Wait.businessDays(7));
        assertThat(c.marketplace("GB").zone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(c.marketplace("GB").contactWait()).isEqualTo(Wait.parse("2BD"));
        assertThat(c.marketplace("US").zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(c.topics().orders()).isEqualTo("shop.orders");
        assertThat(c.coverage().capMajorUnits()).isEqualByComparingTo("1000.50");
    }

    @Test
    void badValuesFailAtStartUpNamingTheKey() {
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("deadline.chargeback-response", "11 days")))
                .hasMessageContaining("deadline.chargeback-response");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("policy.default.refund-within-days", "-1")))
                .hasMessageContaining("policy.default.refund-within-days");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("marketplace.GB.contact-wait", "soon")))
                .hasMessageContaining("marketplace.GB.contact-wait");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("punctuation.interval", "PT0S")))
                .hasMessageContaining("punctuation.interval");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("clock.grace", "-PT1M")))
                .hasMessageContaining("clock.grace");
    }

    @Test
    void theClockHasSourcedDefaultsAndAQuietPeriodLongerThanATasksWait() {
        PipelineConfig c = PipelineConfig.defaults();
        assertThat(c.clock().grace()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(c.clock().quietPeriod()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(c.clock().futureTolerance()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(c.clock().inputSkew()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(c.maxTaskIdleMs()).isEqualTo("0");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("max.task.idle.ms", "20000")))
                .hasMessageContaining("clock.quiet-period")
                .hasMessageContaining("max.task.idle.ms");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("clock.input-skew", "PT10S")))
                .hasMessageContaining("clock.quiet-period")
                .hasMessageContaining("clock.input-skew");
        assertThat(PipelineConfig.from(Map.of("max.task.idle.ms", "-1")).maxTaskIdleMs())
                .isEqualTo("-1");
    }

    @Test
    void eachCurrencyHasACapWorthUsd2500AndItCanBeSetOrAdded() {
        PipelineConfig c = PipelineConfig.defaults();
        assertThat(c.coverage().capFor("USD")).isEqualByComparingTo("2500");
        assertThat(c.coverage().capFor("EUR")).isEqualByComparingTo("2401");
        assertThat(c.coverage().capFor("GBP")).isEqualByComparingTo("1984");
        assertThat(c.coverage().capFor("JPY")).isEqualByComparingTo("376909");
        assertThat(c.coverage().capFor("INR")).isEqualByComparingTo("218449");
        assertThat(c.coverage().capFor("CAD")).isEqualByComparingTo("3607");
        assertThat(c.coverage().capFor("CLP")).isEqualByComparingTo("2500"); // not in the table: coverage.cap
        PipelineConfig set = PipelineConfig.from(Map.of("coverage.cap.JPY", "375000", "coverage.cap.clp", "2300000"));
        assertThat(set.coverage().capFor("JPY")).isEqualByComparingTo("375000");
        assertThat(set.coverage().capFor("CLP")).isEqualByComparingTo("2300000");
        assertThat(set.coverage().capFor("EUR")).isEqualByComparingTo("2401");
    }

    @Test
    void aCurrencysCapMustBeAnAmountOfThatCurrency() {
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("coverage.cap.EUR", "-1")))
                .hasMessageContaining("coverage.cap.EUR")
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("coverage.cap.JPY", "375000.5")))
                .hasMessageContaining("coverage.cap.JPY")
                .hasMessageContaining("decimals");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("coverage.cap.EUR", "lots")))
                .hasMessageContaining("coverage.cap.EUR");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("coverage.cap.EURO", "2000")))
                .hasMessageContaining("coverage.cap.EURO")
                .hasMessageContaining("currency code");
    }

    @Test
    void theDaysKeptReachADayBeyondTheReservesWindowsWhichEndYesterday() {
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("performance.retention", "P60D")))
                .hasMessageContaining("performance.retention")
                .hasMessageContaining("61 days");
        assertThat(PipelineConfig.from(Map.of("performance.retention", "P61D"))
                        .performance()
                        .retentionDays())
                .isEqualTo(61);
    }

    @Test
    void theDecodedCachesTakeAShareOfTheHeapUnlessANumberIsSet() {
        PipelineConfig auto = PipelineConfig.defaults();
        assertThat(auto.objectCacheEntries()).isEmpty();
        assertThat(auto.objectCacheHeapShare()).isEqualTo(0.3);

        PipelineConfig fixed = PipelineConfig.from(Map.of("state.object-cache.max-entries", "10000"));
        assertThat(fixed.objectCacheEntries()).hasValue(10_000);

        assertThatThrownBy(() -> PipelineConfig.from(Map.of("state.object-cache.max-entries", "0")))
                .hasMessageContaining("state.object-cache.max-entries");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("state.object-cache.heap-share", "0")))
                .hasMessageContaining("state.object-cache.heap-share");
        assertThatThrownBy(() -> PipelineConfig.from(Map.of("state.object-cache.heap-share", "2")))
                .hasMessageContaining("state.object-cache.heap-share");
    }

    @Test
    void aMerchantsCurrencyIsConfiguration() {
        PipelineConfig c = PipelineConfig.from(Map.of("merchant.m-7.currency", "eur"));
        assertThat(c.merchantCurrency("m-7")).contains("EUR");
        assertThat(c.merchantCurrency("m-8")).isEmpty();
    }

    @Test
    void asMapListsEverySettingInForceWithOverrides() {
        Map<String, String> all =
                PipelineConfig.from(Map.of("coverage.cap", "10")).asMap();
        assertThat(all).containsEntry("coverage.cap", "10").containsEntry("deadline.chargeback-response", "P11D");
        assertThat(java.util.List.copyOf(all.keySet())).isSorted();
    }
}
