package io.atozwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer sees: the jar's {@code demo} starts a broker and the pipeline, turns ready, verdicts
 * appear on the output topic for an independent client, and SIGTERM stops it all cleanly.
 */
class DemoEndToEndTest {

    @Test
    void demoStartsTurnsReadyEmitsVerdictsAndStopsCleanlyOnSigterm() throws Exception {
        int http = JarProcess.freePort();
        int kafka = JarProcess.freePort();
        try (JarProcess demo = JarProcess.start(
                "demo",
                "demo",
                "--http-port",
                String.valueOf(http),
                "--kafka-port",
                String.valueOf(kafka),
                "--progress-every",
                "PT2S")) {
            demo.await(
                    "/health/ready to turn ready",
                    Duration.ofSeconds(120),
                    () -> JarProcess.get("http://localhost:" + http + "/health/ready")
                                    .statusCode()
                            == 200);
            demo.await(
                    "verdicts on the claim-eligibility topic",
                    Duration.ofSeconds(120),
                    () -> !readVerdictKeys("127.0.0.1:" + kafka).isEmpty());

            List<String> keys = readVerdictKeys("127.0.0.1:" + kafka);
            assertThat(keys).allMatch(k -> k.matches("o-\\d+"));
            HttpResponse<String> atRisk = JarProcess.get("http://localhost:" + http + "/merchants?sort=odr&limit=5");
            assertThat(atRisk.statusCode()).isEqualTo(200);
            assertThat(atRisk.body())
                    .contains("\"merchants\":[{\"merchantId\":\"m-")
                    .contains("\"tier\":\"TIER_");
            String order = keys.get(0);
            HttpResponse<String> orderCase = JarProcess.get("http://localhost:" + http + "/orders/" + order);
            assertThat(orderCase.statusCode()).isEqualTo(200);
            assertThat(orderCase.body())
                    .contains("\"orderId\":\"" + order + "\"")
                    .contains("\"conditions\":[{");
            HttpResponse<String> metrics = JarProcess.get("http://localhost:" + http + "/metrics");
            assertThat(metrics.body())
                    .contains("atoz_verdicts_total{")
                    .contains("kafka_stream_")
                    .containsPattern("atoz_input_lag_records -?[0-9.E]+")
                    .containsPattern("atoz_input_lag_seconds [0-9.E]+");
            // Each status line says how far behind the pipeline's clock is, and merchants get at-risk warnings.
            assertThat(demo.output()).containsPattern("\\| behind [0-9,?]+ records, [0-9hm ]+ past the grace \\|");
            demo.await(
                    "at-risk warnings in the status lines",
                    Duration.ofSeconds(120),
                    () -> Pattern.compile("\\| at-risk warnings [1-9][0-9,]* \\|")
                            .matcher(demo.output())
                            .find());
            assertThat(JarProcess.get("http://localhost:" + http + "/metrics").body())
                    .containsPattern("atoz_notifications_total\\{kind=\"AT_RISK\",?\\} [1-9]");
            // How the cases' reads went: the caches of decoded cases count them (Kafka Streams metrics, per task).
            demo.await(
                    "the cases' cache of decoded values counting its reads on /metrics",
                    Duration.ofSeconds(60),
                    () -> Pattern.compile(
                                    "kafka_stream_object_cache_hit_total\\{[^}]*object_cache_id=\"order-cases\"[^}]*\\} [1-9]")
                            .matcher(JarProcess.get("http://localhost:" + http + "/metrics")
                                    .body())
                            .find());

            Matcher dir = Pattern.compile("Working directory (\\S+)").matcher(demo.output());
            assertThat(dir.find()).as("the demo names its working directory").isTrue();
            Path workDir = Path.of(dir.group(1));
            assertThat(workDir).exists();

            demo.process.destroy(); // SIGTERM
            assertThat(demo.process.waitFor(60, TimeUnit.SECONDS))
                    .as("stops within a minute of SIGTERM")
                    .isTrue();
            assertThat(demo.output()).contains("Stopping...").contains("Stopped; temporary files removed.");
            assertThat(demo.process.exitValue()).isIn(0, 143); // 143: terminated by SIGTERM after the hooks ran
            assertThat(workDir).doesNotExist();
        }
    }

    /**
     * Keys of the verdicts, read by a client independent of the app: Debian's kcat where installed
     * (librdkafka reads committed records only, by default), else a plain Kafka consumer.
     */
    static List<String> readVerdictKeys(String bootstrap) throws Exception {
        if (kcatAvailable()) {
            Process p = new ProcessBuilder(
                            "kcat",
                            "-b",
                            bootstrap,
                            "-C",
                            "-t",
                            "claim-eligibility",
                            "-o",
                            "beginning",
                            "-e",
                            "-q",
                            "-f",
                            "%k %S\\n")
                    .redirectErrorStream(false)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            List<String> keys = new ArrayList<>();
            for (String line : out.split("\n")) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2 && Integer.parseInt(parts[1]) > 5) { // magic byte, schema id, Avro body
                    keys.add(parts[0]);
                }
            }
            return keys;
        }
        Map<String, Object> c = CommittedReader.fromStart(bootstrap);
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("claim-eligibility"));
            for (int i = 0; i < 10; i++) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && r.value().length > 5 && r.value()[0] == 0) {
                        keys.add(r.key());
                    }
                }
            }
        }
        return keys;
    }

    static boolean kcatAvailable() {
        try {
            return new ProcessBuilder("kcat", "-V").start().waitFor(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        JarProcess.Result top = JarProcess.run("--help");
        assertThat(top.exitCode()).isZero();
        for (String command : List.of("demo", "run", "generate", "topics", "replay")) {
            assertThat(top.output()).contains(command);
            JarProcess.Result help = JarProcess.run(command, "--help");
            assertThat(help.exitCode()).as(command + " --help").isZero();
            assertThat(help.output()).contains("Usage: atoz-watch " + command);
        }
    }

    @Test
    void theReadmesReplayExampleRuns() throws Exception {
        Path root = Path.of(System.getProperty("atoz.root", "../.."));
        JarProcess.Result r = JarProcess.run(
                "replay",
                "--input",
                root.resolve("examples/mixed-day.jsonl").toString(),
                "--until",
                "2026-04-30T00:00:00Z");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains("\"topic\":\"claim-eligibility\"").contains("\"status\":\"VOIDED\"");
        assertThat(Files.exists(root.resolve("README.md"))).isTrue();
    }
}
