package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.topology.config.PipelineConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings the pipeline runs with: its defaults, and the settings given over them. */
class StreamsPropertiesTest {

    private static Properties streams(Map<String, String> given) {
        Map<String, String> s = new HashMap<>(given);
        s.put("bootstrap.servers", "localhost:9092");
        s.put("schema.registry.url", "http://localhost:8081");
        return PipelineApp.streamsProperties(Settings.of(s), PipelineConfig.defaults());
    }

    @Test
    void exactlyOnceProducerLingersUntilTheCommitWithLargeBatches() {
        Properties p = streams(Map.of());

        assertThat(p.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(p.getProperty("producer.linger.ms")).isEqualTo("100");
        assertThat(p.getProperty("producer.batch.size")).isEqualTo("262144");
        assertThat(p.getProperty("producer.compression.type")).isEqualTo("zstd");
    }

    @Test
    void theProducerLingersAsLongAsTheCommitIntervalGiven() {
        Properties p = streams(Map.of("commit.interval.ms", "500"));

        assertThat(p.getProperty("producer.linger.ms")).isEqualTo("500");
    }

    @Test
    void producerSettingsGivenWin() {
        assertThat(streams(Map.of("producer.linger.ms", "7", "producer.batch.size", "32768")))
                .containsEntry("producer.linger.ms", "7")
                .containsEntry("producer.batch.size", "32768");
        assertThat(streams(Map.of("linger.ms", "3", "batch.size", "65536")))
                .containsEntry("producer.linger.ms", "3")
                .containsEntry("producer.batch.size", "65536");
    }

    @Test
    void restoringAndGlobalConsumersDoNotWaitLongForDataThatIsNotThere() {
        Properties p = streams(Map.of());

        assertThat(p)
                .containsEntry("restore.consumer.fetch.max.wait.ms", "50")
                .containsEntry("global.consumer.fetch.max.wait.ms", "50")
                .doesNotContainKeys("fetch.max.wait.ms", "main.consumer.fetch.max.wait.ms");
    }

    @Test
    void howLongConsumersWaitGivenWins() {
        for (String given : new String[] {"fetch.max.wait.ms", "consumer.fetch.max.wait.ms"}) {
            assertThat(streams(Map.of(given, "200")))
                    .containsEntry(given, "200")
                    .doesNotContainKeys("restore.consumer.fetch.max.wait.ms", "global.consumer.fetch.max.wait.ms");
        }
        assertThat(streams(Map.of("restore.consumer.fetch.max.wait.ms", "300")))
                .containsEntry("restore.consumer.fetch.max.wait.ms", "300")
                .containsEntry("global.consumer.fetch.max.wait.ms", "50");
    }

    @Test
    void atLeastOnceKeepsKafkasBatching() {
        Properties p = streams(Map.of("processing.guarantee", "at_least_once"));

        assertThat(p).doesNotContainKeys("producer.linger.ms", "producer.batch.size");
    }
}
