package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.BreachStatus;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineKind;
import io.atozwatch.events.EligibilityStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How far behind the pipeline is, and how late its facts go out, on the pipeline's own time line. */
class PipelineMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** The event time the wall clock stands for: in the demo, compressed time far ahead of the real clock. */
    private final AtomicLong eventTimeNow =
            new AtomicLong(Instant.parse("2030-01-10T00:00:00Z").toEpochMilli());

    private final PipelineMetrics metrics = new PipelineMetrics(registry, eventTimeNow::get);

    @Test
    void theLagInEventTimeIsThatOfTheTaskFurthestBehind() {
        Instant wall = Instant.parse("2030-01-10T00:00:00Z");
        metrics.watermark("1_0", wall.minusSeconds(300), wall);
        metrics.watermark("1_1", wall.minusSeconds(3600), wall);
        metrics.watermark("2_0", null, wall); // has read nothing: not counted
        assertThat(metrics.secondsBehind()).isEqualTo(3600.0);
        assertThat(metrics.watermarks()).containsKeys("1_0", "1_1", "2_0");
        metrics.recordsBehindFrom(() -> 42);
        assertThat(registry.scrape()).contains("atoz_input_lag_seconds 3600.0").contains("atoz_input_lag_records 42.0");
    }

    @Test
    void theEmissionDelayIsMeasuredOnThePipelinesTimeLine() {
        ClaimEligibility v = ClaimEligibility.newBuilder()
                .setVerdictId("o-1/NOT_RECEIVED/ELIGIBLE")
                .setOrderId("o-1")
                .setMerchantId("m-1")
                .setBuyerId("b-1")
                .setMarketplace("US")
                .setCondition(CoverageCondition.NOT_RECEIVED)
                .setStatus(EligibilityStatus.ELIGIBLE)
                .setDetectedAt(Instant.parse("2030-01-09T23:00:00Z"))
                .setCoveredAmountMinor(100)
                .setUncappedAmountMinor(100)
                .setCurrency("USD")
                .setEvidence("e")
                .build();
        metrics.verdictEmitted(v, Instant.parse("2030-01-09T23:00:00Z"));
        // An hour after the instant it is about, by the (compressed) clock, whatever the real clock says.
        assertThat(registry.scrape()).contains("atoz_emission_delay_seconds_max{output=\"claim-eligibility\"} 3600.0");
    }

    @Test
    void theCountersAlertsWatchExistAtZeroFromTheStartForEveryTagValue() {
        String before = registry.scrape();
        assertThat(before).doesNotContain("atoz_dead_letters_total", "atoz_verdicts_total", "atoz_breaches_total");

        metrics.startAtZero(List.of("orders", "shipments"), List.of("orders", "shipments", "merchant-facts"));

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains(
                        "atoz_dead_letters_total{source_topic=\"orders\"} 0.0",
                        "atoz_dead_letters_total{source_topic=\"merchant-facts\"} 0.0",
                        "atoz_verdicts_total{condition=\"NOT_RECEIVED\",status=\"ELIGIBLE\"} 0.0",
                        "atoz_verdicts_total{condition=\"OVERCHARGED\",status=\"VOIDED\"} 0.0",
                        "atoz_breaches_total{deadline=\"CHARGEBACK_RESPONSE\",status=\"RETRACTED\"} 0.0",
                        "atoz_notifications_total{kind=\"BREACH\"} 0.0",
                        "atoz_records_processed_total{topic=\"shipments\"} 0.0");
        assertThat(series(scrape, "atoz_verdicts_total{"))
                .hasSize(CoverageCondition.values().length * EligibilityStatus.values().length);
        assertThat(series(scrape, "atoz_breaches_total{"))
                .hasSize(DeadlineKind.values().length * BreachStatus.values().length);
        assertThat(series(scrape, "atoz_dead_letters_total{")).hasSize(3);

        // The same series count on: no second series for the same tags.
        metrics.deadLettered(DeadLetter.newBuilder()
                .setReason("r")
                .setSourceTopic("orders")
                .setSourcePartition(0)
                .setSourceOffset(1L)
                .setKey("o-1")
                .setPayload(null)
                .setDeadAt(Instant.EPOCH)
                .build());
        assertThat(registry.scrape()).contains("atoz_dead_letters_total{source_topic=\"orders\"} 1.0");
        assertThat(series(registry.scrape(), "atoz_dead_letters_total{")).hasSize(3);
    }

    private static List<String> series(String scrape, String prefix) {
        return scrape.lines().filter(l -> l.startsWith(prefix)).toList();
    }
}
