package io.atozwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --quick} end to end on an embedded broker, as a user runs it: every section of the report is
 * there with positive figures. No figure is compared with a target: speeds belong in the report, not here.
 */
class BenchCommandTest {

    @Test
    void quickRunReportsEverySectionWithPositiveFigures(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "bench",
                "--quick",
                "--latency-seconds",
                "5",
                "--rate",
                "500",
                "--out",
                json.toString());

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(report)
                .contains("Machine:", "Workload:", "## Throughput", "## End-to-end latency", "## Bytes", "## Replay");
        JsonNode r = new ObjectMapper().readTree(Files.readString(json));
        assertThat(r.at("/workload/events").asLong()).isPositive();
        assertThat(r.at("/workload/inputBytesPerEvent").asDouble()).isPositive();
        assertThat(r.at("/throughput")).hasSize(2);
        for (JsonNode t : r.at("/throughput")) {
            assertThat(t.at("/passThroughEventsPerSecond").asDouble()).isPositive();
            assertThat(t.at("/pipelineEventsPerSecond").asDouble()).isPositive();
            assertThat(t.at("/ratio").asDouble()).isPositive();
            assertThat(t.at("/runs")).hasSize(2);
        }
        assertThat(r.at("/latency/sent").asLong()).isPositive();
        assertThat(r.at("/latency/commitMs/count").asLong()).isPositive();
        assertThat(r.at("/latency/commitMs/max").asLong()).isPositive();
        assertThat(r.at("/storage")).hasSize(2);
        for (JsonNode s : r.at("/storage")) {
            assertThat(s.at("/changelogBytesPerEvent").asDouble()).isPositive();
            assertThat(s.at("/factsBytesPerEvent").asDouble()).isPositive();
            assertThat(s.at("/stateBytesPerCase").asDouble()).isPositive();
        }
        assertThat(r.at("/replay/eventsPerSecond").asDouble()).isPositive();
    }
}
