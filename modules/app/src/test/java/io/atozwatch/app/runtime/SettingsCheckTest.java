package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsCheckTest {

    private static Properties props(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    @Test
    void unknownAreTheAppsAndPipelinesKeysNothingReadsNotClientProperties() {
        Properties p = props(
                "clock.grase",
                "PT1M",
                "topic.order",
                "o",
                "http.prot",
                "80",
                "demo.speed",
                "2",
                // known, or of a known pattern
                "clock.grace",
                "PT1M",
                "topic.orders",
                "o",
                "coverage.cap.JPY",
                "300000",
                "marketplace.IN.zone",
                "Asia/Kolkata",
                "merchant.m-1.currency",
                "EUR",
                "merchant.m-1.locale",
                "fr-FR",
                "marketplace.JP.locale",
                "ja-JP",
                "topics.input-retention",
                "-1",
                "health.stuck-after",
                "PT5M",
                "max.task.idle.ms",
                "500",
                // client properties, passed through
                "security.protocol",
                "SSL",
                "producer.linger.ms",
                "5",
                "application.id",
                "x",
                "bootstrap.servers",
                "k:9092");

        assertThat(SettingsCheck.unknown(p)).containsExactly("clock.grase", "demo.speed", "http.prot", "topic.order");
        assertThat(SettingsCheck.nearest("clock.grase")).isEqualTo("clock.grace");
        assertThat(SettingsCheck.nearest("http.prot")).isEqualTo("http.port");
        assertThat(SettingsCheck.nearest("demo.speed")).isNull();
    }

    @Test
    void anInvalidPipelineSettingIsNamedWithTheFormItTakes() {
        assertThatThrownBy(() -> SettingsCheck.pipelineConfig(
                        props("clock.grace", "PT1M", "coverage.cap.EUR", "lots"), "--config x"))
                .isInstanceOf(UserError.class)
                .hasMessage("--config x: coverage.cap.EUR=lots is not an amount in major units of the currency "
                        + "(e.g. 2500 or 2500.50)");
        assertThatThrownBy(() -> SettingsCheck.pipelineConfig(props("performance.window.odr", "P1.5D"), null))
                .hasMessage("performance.window.odr=P1.5D is not a non-negative ISO-8601 duration (e.g. P7D, PT48H)");
        assertThatThrownBy(() -> SettingsCheck.pipelineConfig(props("marketplace.GB.contact-wait", "two days"), null))
                .hasMessageStartingWith("marketplace.GB.contact-wait: not a wait: 'two days'");
        assertThatThrownBy(() -> SettingsCheck.pipelineConfig(props("policy.default.accepts-returns", "ja"), null))
                .hasMessage("policy.default.accepts-returns=ja is not true or false");
        assertThat(SettingsCheck.pipelineConfig(props("policy.default.accepts-returns", "FALSE"), null)
                        .defaultPolicy()
                        .acceptsReturns())
                .isFalse();
    }

    @Test
    void theAppsOwnSettingsAreCheckedToo() {
        assertThatThrownBy(() -> SettingsCheck.checkApp(Settings.of(Map.of("topics.partitions", "0"))))
                .isInstanceOf(UserError.class)
                .hasMessage("topics.partitions=0 is not a whole number of at least 1");
        assertThatThrownBy(() -> SettingsCheck.checkApp(Settings.of(Map.of("shutdown.timeout", "30s"))))
                .hasMessage("shutdown.timeout=30s is not an ISO-8601 duration (e.g. PT30S)");
        assertThatThrownBy(() -> SettingsCheck.checkApp(Settings.of(Map.of("http.port", "70000"))))
                .hasMessageStartingWith("http.port=70000 is not a port number");
        SettingsCheck.checkApp(
                Settings.of(Map.of("http.port", "0", "topics.output-retention", "-1", "health.stuck-after", "PT1M")));
    }
}
