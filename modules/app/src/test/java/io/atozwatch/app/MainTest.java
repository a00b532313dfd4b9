package io.atozwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    record Run(int exitCode, String stdout, String stderr) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheReplayCommand() {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout())
                .startsWith("Usage: atoz-watch")
                .contains("Commands:")
                .containsPattern("(?m)^\\s+replay\\s+\\S");
    }

    @Test
    void replayHelpDocumentsItsOptions() {
        Run run = run("replay", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout())
                .startsWith("Usage: atoz-watch replay")
                .contains("--input=FILE", "'-' reads stdin")
                .contains("--until=INSTANT", "epoch", "ISO-8601")
                .contains("--config=FILE", ".properties")
                .contains("Exit codes:");
        assertThat(run("help", "replay").stdout()).isEqualTo(run.stdout());
    }

    @Test
    void versionIsPrinted() {
        Run run = run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("atoz-watch ");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Run run = run("replay", "--input", "x.jsonl", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("Unknown option: '--bogus'").contains("Usage: atoz-watch replay");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void replayWithoutInputIsAUsageError() {
        Run run = run("replay");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("Missing required option: '--input=FILE'");
    }

    @Test
    void aSubcommandIsRequired() {
        Run none = run();
        Run unknown = run("frobnicate");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("Missing required subcommand").contains("Usage: atoz-watch");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("frobnicate");
    }
}
