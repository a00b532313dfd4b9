package io.atozwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's mistake is one clear sentence on stderr and an exit code, never a stack trace: each command run
 * in-process as the jar runs it ({@link Main#run}), its stderr and exit code captured.
 */
class CliErrorsTest {

    record Run(int exitCode, String stdout, String stderr, Duration took) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int code = Main.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new Run(
                code,
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** A port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void assertNoStackTrace(Run r) {
        assertThat(r.stderr()).doesNotContain("\tat ", "Exception:", "Caused by");
    }

    private static Path example(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("examples").resolve(name))) {
                return dir.resolve("examples").resolve(name);
            }
        }
        throw new AssertionError("examples/" + name + " not found");
    }

    // --------------------------------------------------------------------------------------------------- run

    @Test
    void runWithoutSettingsNamesEveryMissingOneAndHowToGiveIt() {
        Run r = run("run");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr())
                .startsWith("atoz-watch run: missing settings bootstrap.servers (--bootstrap-servers, "
                        + "bootstrap.servers in --config, or ATOZ_BOOTSTRAP_SERVERS) and schema.registry.url "
                        + "(--schema-registry-url, schema.registry.url in --config, or ATOZ_SCHEMA_REGISTRY_URL)");
        assertNoStackTrace(r);
    }

    @Test
    void runWithAnInvalidSettingNamesItAndItsFormBeforeConnecting(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "clock.grace=5 minutes\n");
        Path badPort = dir.resolve("port.properties");
        Files.writeString(badPort, "http.port=eighty\n");
        String[] cluster = {"--bootstrap-servers", "127.0.0.1:" + closedPort(), "--schema-registry-url", "mock://cli"};

        Run grace = run(concat(new String[] {"run", "--config", bad.toString()}, cluster));
        Run port = run(concat(new String[] {"run", "--config", badPort.toString()}, cluster));
        Run noFile = run(concat(
                new String[] {"run", "--config", dir.resolve("none.properties").toString()}, cluster));

        assertThat(grace.exitCode()).isEqualTo(2);
        assertThat(grace.stderr())
                .isEqualTo("atoz-watch run: clock.grace=5 minutes is not a non-negative ISO-8601 duration "
                        + "(e.g. P7D, PT48H)\n");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.stderr())
                .isEqualTo("atoz-watch run: http.port=eighty is not a port number (0 to 65535; 0 for any free port)\n");
        assertThat(noFile.exitCode()).isEqualTo(2);
        assertThat(noFile.stderr()).contains("cannot read the settings file", "none.properties: no such file");
        assertThat(grace.took()).isLessThan(Duration.ofSeconds(5)); // no Kafka client was waited on
    }

    @Test
    void runOnABusyHttpPortSaysSoBeforeConnectingToKafka() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            Run r = run(
                    "run",
                    "--bootstrap-servers",
                    "127.0.0.1:" + closedPort(),
                    "--schema-registry-url",
                    "mock://cli",
                    "--http-port",
                    String.valueOf(taken.getLocalPort()));

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stderr())
                    .startsWith("atoz-watch run: port " + taken.getLocalPort() + " (HTTP) is already in use")
                    .contains("choose another with --http-port (http.port)");
            assertThat(r.took()).isLessThan(Duration.ofSeconds(5));
            assertNoStackTrace(r);
        }
    }

    // ------------------------------------------------------------------------------------------------ topics

    @Test
    void topicsCheckOnAnUnreachableClusterSaysSoWithinSeconds() throws IOException {
        int port = closedPort();

        Run r = run("topics", "--check", "--bootstrap-servers", "127.0.0.1:" + port);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr())
                .contains("atoz-watch topics: cannot reach the Kafka cluster at 127.0.0.1:" + port
                        + ": no broker answered within 10 s; check bootstrap.servers (--bootstrap-servers)");
        assertThat(r.took()).isLessThan(Duration.ofSeconds(20));
        assertNoStackTrace(r);
    }

    @Test
    void topicsWithoutBootstrapServersSaysWhichSettingIsMissing() {
        Run r = run("topics", "--check");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("atoz-watch topics: missing setting bootstrap.servers (--bootstrap-servers");
        assertNoStackTrace(r);
    }

    // -------------------------------------------------------------------------------------------------- demo

    @Test
    void demoOnABusyPortSaysSoBeforeTheBrokerStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            Run r = run("demo", "--http-port", String.valueOf(taken.getLocalPort()));

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stderr())
                    .startsWith("atoz-watch demo: port " + taken.getLocalPort() + " (HTTP: dashboard, API, "
                            + "health and metrics) is already in use")
                    .contains("choose another with --http-port");
            assertThat(r.stdout()).doesNotContain("broker"); // nothing was started
            assertNoStackTrace(r);
        }
        try (ServerSocket taken = new ServerSocket(0)) {
            Run r = run(
                    "demo",
                    "--http-port",
                    String.valueOf(closedPort()),
                    "--kafka-port",
                    String.valueOf(taken.getLocalPort()));

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stderr()).contains("(the embedded Kafka broker) is already in use", "--kafka-port");
            assertThat(r.stdout()).doesNotContain("broker");
        }
    }

    // ------------------------------------------------------------------------------------------------ replay

    @Test
    void replayOnADirectorySaysSo(@TempDir Path dir) {
        Run input = run("replay", "--input", dir.toString());
        Run config = run("replay", "--input", example("not-received.jsonl").toString(), "--config", dir.toString());

        assertThat(input.exitCode()).isEqualTo(2);
        assertThat(input.stderr())
                .isEqualTo("atoz-watch replay: --input " + dir + " is a directory; give a file of JSON lines, "
                        + "or - for stdin\n");
        assertThat(config.exitCode()).isEqualTo(2);
        assertThat(config.stderr())
                .isEqualTo("atoz-watch replay: --config " + dir + " is a directory; give a .properties file\n");
        assertThat(input.stdout()).isEmpty();
    }

    @Test
    void replayReportsALineThatIsNotUtf8AndReplaysTheOthers(@TempDir Path dir) throws IOException {
        Path clean = example("not-received.jsonl");
        List<byte[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(clean)) {
            lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
        int bad = 7; // a comment line in the header: its number is reported, the rest is replayed as before
        String latin1 = "{\"topic\": \"orders\", \"key\": \"o-9\", \"value\": {\"note\": \"caf\u00e9\"}}";
        lines.add(bad - 1, latin1.getBytes(StandardCharsets.ISO_8859_1)); // é as one Latin-1 byte: not UTF-8
        Path withBadByte = dir.resolve("bad-byte.jsonl");
        try (var out = Files.newOutputStream(withBadByte)) {
            for (byte[] line : lines) {
                out.write(line);
                out.write('\n');
            }
        }

        Run expected = run("replay", "--input", clean.toString(), "--until", "2026-03-31T00:00:00Z");
        Run r = run("replay", "--input", withBadByte.toString(), "--until", "2026-03-31T00:00:00Z");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr())
                .isEqualTo("line " + bad + ": not UTF-8 text: byte 0xE9 at byte " + (latin1.indexOf('\u00e9') + 1)
                        + " of the line cannot be decoded\n");
        assertThat(r.stdout()).isNotEmpty().isEqualTo(expected.stdout());
    }

    @Test
    void replayWithAnInvalidSettingNamesItAndTheFormItTakes(@TempDir Path dir) throws IOException {
        String input = example("not-received.jsonl").toString();
        for (String[] c : new String[][] {
            {"coverage.cap.USD=abc", "coverage.cap.USD=abc is not an amount in major units of the currency"},
            {
                "marketplace.GB.zone=Mars/Olympus",
                "marketplace.GB.zone=Mars/Olympus: Unknown time-zone ID: Mars/Olympus; "
                        + "expected a time zone (e.g. UTC, Europe/London)"
            },
            {"reserve.tier-ii-plus.enabled=yes", "reserve.tier-ii-plus.enabled=yes is not true or false"},
            {"case.max-events=many", "case.max-events=many is not a non-negative integer"},
            {"clock.quiet-period=PT0.5S", "clock.quiet-period (PT0.5S) must be longer than clock.input-skew (PT1S)"}
        }) {
            Path config = dir.resolve("bad.properties");
            Files.writeString(config, c[0] + "\n");

            Run r = run("replay", "--input", input, "--config", config.toString());

            assertThat(r.exitCode()).as(c[0]).isEqualTo(2);
            assertThat(r.stderr())
                    .as(c[0])
                    .startsWith("atoz-watch replay: --config " + config + ": " + c[1])
                    .doesNotContain("Usage:");
            assertThat(r.stdout()).as(c[0]).isEmpty();
            assertNoStackTrace(r);
        }
    }

    @Test
    void unknownSettingsAreWarnedAboutByNameAndClientPropertiesAreNot(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("typo.properties");
        Files.writeString(
                config,
                "clock.grase=PT10M\ncoverage.caps=100\nsecurity.protocol=SSL\ncoverage.cap.JPY=300000\n"
                        + "marketplace.GB.claim-response=7BD\nmerchant.m-1.currency=EUR\ntopics.partitions=3\n");

        Run r = run("replay", "--input", example("not-received.jsonl").toString(), "--config", config.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr())
                .isEqualTo("warning: unknown setting clock.grase in --config " + config
                        + " is ignored; did you mean clock.grace?\n"
                        + "warning: unknown setting coverage.caps in --config " + config
                        + " is ignored; did you mean coverage.cap?\n");
        assertThat(new ObjectMapper()
                        .readTree(r.stdout().lines().findFirst().orElseThrow())
                        .has("topic"))
                .isTrue();

        Run running = run("run", "--config", config.toString());
        assertThat(running.stderr())
                .contains(
                        "warning: unknown setting clock.grase is ignored; did you mean clock.grace?",
                        "atoz-watch run: missing settings")
                .doesNotContain("security.protocol");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
