package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code log.format=json}: every log event is one JSON object on one line of stderr; text is the default. */
class LoggingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void backToText() {
        Logging.use("text");
    }

    /** What the loggers print to stderr while {@code action} runs. */
    private static String stderrOf(Runnable action) {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(stderr);
        }
        return logs.toString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> objects(String logs) throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : logs.split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line); // a line that is not one whole JSON object fails here
                assertThat(node.isObject()).as(line).isTrue();
                objects.add(node);
            }
        }
        return objects;
    }

    @Test
    void aCommandRunWithLogFormatJsonInItsSettingsFileLogsOneObjectPerLine() throws Exception {
        Path settings = Files.createTempFile(Path.of("target"), "json-logs", ".properties");
        Files.writeString(settings, "log.format=json\n");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // no broker there: the admin client warns about each attempt for 10 s, then the command gives up
        String logs = stderrOf(() -> Main.run(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "topics",
                "--check",
                "--bootstrap-servers",
                "127.0.0.1:" + closedPort,
                "--config",
                settings.toString()));
        Files.delete(settings);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach the Kafka cluster");
        List<JsonNode> events = objects(logs);
        assertThat(events).isNotEmpty();
        assertThat(events)
                .allSatisfy(e -> assertThat(e.has("timestamp")
                                && e.has("level")
                                && e.has("loggerName")
                                && e.has("threadName")
                                && e.has("formattedMessage"))
                        .as(e.toString())
                        .isTrue());
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("loggerName").asText()).startsWith("org.apache.kafka");
            assertThat(e.get("level").asText()).isEqualTo("WARN");
        });
    }

    @Test
    void messagesWithQuotesNewlinesAndExceptionsStayOneObjectPerLine() throws Exception {
        Logging.use("json");
        Logger log = LoggerFactory.getLogger(PipelineApp.class);
        String logs = stderrOf(() -> {
            log.info("event=started application.id={} note={}", "atoz \"prod\"", "two\nlines");
            log.error(
                    "event=stream-thread-died; replacing the thread", new IllegalStateException("boom\n\tat nowhere"));
        });

        List<JsonNode> events = objects(logs);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("level").asText()).isEqualTo("INFO");
        assertThat(events.get(0).get("loggerName").asText()).isEqualTo(PipelineApp.class.getName());
        assertThat(events.get(0).get("formattedMessage").asText())
                .isEqualTo("event=started application.id=atoz \"prod\" note=two\nlines");
        assertThat(events.get(1).get("throwable").toString()).contains("IllegalStateException", "boom");
    }

    @Test
    void textIsTheDefaultAndOtherFormatsAreRefusedNamingTheForm() {
        String logs = stderrOf(() -> LoggerFactory.getLogger(PipelineApp.class).info("event=started x={}", 1));
        assertThat(logs).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ \\[main\\] INFO PipelineApp - event=started x=1\\R");

        assertThatThrownBy(() -> SettingsCheck.checkApp(Settings.of(Map.of(Logging.FORMAT, "xml"))))
                .isInstanceOf(UserError.class)
                .hasMessage("log.format=xml is not text or json");
        assertThat(Settings.of(Map.of(Logging.FORMAT, "json")).kafkaClientSettings())
                .doesNotContainKey(Logging.FORMAT);
    }
}
