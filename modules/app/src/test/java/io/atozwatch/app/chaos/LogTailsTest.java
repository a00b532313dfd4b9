package io.atozwatch.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailsTest {

    @Test
    void aFailedRunPrintsEachLogsWarningsAndLastLines(@TempDir Path workDir) throws Exception {
        Files.createDirectories(workDir.resolve("logs"));
        List<String> instance = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            instance.add(
                    i % 10 == 0 ? "2026-11-28T18:00:00Z WARN TaskManager - warning " + i : "2026-11-28 INFO line " + i);
        }
        Files.write(workDir.resolve("logs/instance-1.log"), instance);
        Files.write(workDir.resolve("logs/broker.log"), List.of("broker started"));

        StringWriter text = new StringWriter();
        LogTails.print(workDir, new PrintWriter(text));

        String out = text.toString();
        assertThat(out.indexOf("---- broker.log: 1 lines"))
                .isGreaterThanOrEqualTo(0)
                .isLessThan(out.indexOf("---- instance-1.log: 100 lines"));
        assertThat(out)
                .contains("broker started", "warning 10", "warning 100", "INFO line 86", "INFO line 99")
                .doesNotContain("INFO line 85\n");
    }

    @Test
    void aRunWithoutAWorkingDirectoryOrLogsPrintsWhatItCan(@TempDir Path workDir) {
        StringWriter text = new StringWriter();
        LogTails.print(null, new PrintWriter(text));
        assertThat(text.toString()).isEmpty();
        LogTails.print(workDir, new PrintWriter(text));
        assertThat(text.toString()).startsWith("(the processes' logs could not be read");
    }

    @Test
    void keepsTheLastWarningsOnly() {
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(i);
        }
        assertThat(LogTails.tail(many, LogTails.WARNINGS))
                .hasSize(25)
                .startsWith(15)
                .endsWith(39);
        assertThat(LogTails.tail(List.of(1, 2), 5)).containsExactly(1, 2);
        assertThat(LogTails.isWarning("Caused by: java.io.IOException")).isTrue();
        assertThat(LogTails.isWarning("2026 INFO all fine")).isFalse();
    }
}
