package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.http.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** An instance's /metrics has the counters alerts watch, at zero, before Kafka Streams has even started. */
class MetricsAtStartTest {

    @Test
    void deadLettersVerdictsAndBreachesAreServedAtZeroBeforeAnythingHappens() throws Exception {
        Path stateDir = Files.createTempDirectory(Path.of("target"), "metrics-at-start");
        Settings settings = Settings.of(Map.of(
                Settings.BOOTSTRAP_SERVERS,
                "127.0.0.1:9", // never contacted: not started
                Settings.SCHEMA_REGISTRY_URL,
                "mock://metrics-at-start",
                Settings.HTTP_PORT,
                "0",
                "state.dir",
                stateDir.toString(),
                "topic.orders",
                "orders-v2"));
        try (PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), routes -> {})) {
            RawHttp.Response r = RawHttp.send(app.httpPort(), "GET", "/metrics");

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body())
                    .contains(
                            "atoz_dead_letters_total{source_topic=\"orders-v2\"} 0.0",
                            "atoz_dead_letters_total{source_topic=\"merchant-policies\"} 0.0",
                            "atoz_dead_letters_total{source_topic=\"merchant-facts\"} 0.0",
                            "atoz_verdicts_total{condition=\"LATE_DELIVERY\",status=\"ELIGIBLE\"} 0.0",
                            "atoz_breaches_total{deadline=\"REFUND_AFTER_RETURN\",status=\"BREACHED\"} 0.0",
                            "atoz_records_processed_total{topic=\"disputes\"} 0.0");
        } finally {
            PipelineApp.deleteTree(stateDir);
        }
    }
}
